"""Property-based fuzzing of the readers of outside text (issue 10): camt, pain.001, the QR-bill payload and the
identifier functions. Inputs are the real samples (tests/data, ../shared/data) mutated byte- and token-wise,
plus raw random text; a reader may return or raise a ComptoirError, and nothing else."""
from __future__ import annotations

import struct

from hypothesis import given
from hypothesis import strategies as st

from engine.formats import qr_payload
from tests.robustness.conftest import fuzz_settings
from tests.robustness.regressions.targets import run, seeds

# Values that broke parsers elsewhere: non-numbers, extremes, markup, encodings, separators.
TOKENS = [b"", b"NaN", b"Infinity", b"-0", b"1e999999", b"9" * 40, b"1'234,5", b"0.001", b"2024-02-30",
          b"9999-99-99T99:99", b"&amp;", b"&#0;", b"&#xFFFF;", b"&undefined;", b"<![CDATA[x]]>", b"<!-- -->",
          b"<a:b:c>", b"</", b"<", b">", b'"', b"\x00", b"\xff\xfe", b"\xc3", b"\r", b"\r\n", b"\n\n", b"\t",
          "Zürich €".encode(), "\u202e".encode(), b"=HYPERLINK(\"http://x\",\"y\")", b"CRDT", b"DBIT", b"QRR",
          b"SCOR", b"NON", b"CH4431999123000889012", b"RF18539007547034", b"210000000003139471430009017"]


@st.composite
def mutated(draw, corpus: list[bytes], tokens: list[bytes] = TOKENS):
    """A sample with 1–6 edits: bytes flipped, cut, duplicated or replaced by a token, or the file truncated."""
    data = bytearray(draw(st.sampled_from(corpus)))
    for _ in range(draw(st.integers(1, 6))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        size = draw(st.integers(1, 64))
        op = draw(st.sampled_from(["flip", "cut", "dup", "token", "truncate", "insert"]))
        if op == "flip":
            data[at] = draw(st.integers(0, 255))
        elif op == "cut":
            del data[at:at + size]
        elif op == "dup":
            data[at:at] = data[at:at + size] * draw(st.integers(1, 50))
        elif op == "token":
            data[at:at + draw(st.integers(0, 12))] = draw(st.sampled_from(tokens))
        elif op == "truncate":
            del data[at:]
        else:
            data[at:at] = draw(st.binary(min_size=1, max_size=size))
    return bytes(data)


CAMT, PAIN, QR, IDS = seeds("camt"), seeds("pain001"), seeds("qr_payload"), seeds("ids")


def test_the_fuzzers_start_from_real_samples(shared_data):  # skips without ../shared/data
    assert len(CAMT) >= 30 and len(PAIN) >= 4 and len(QR) >= 7 and len(IDS) >= 200


@fuzz_settings(1500)
@given(mutated(CAMT))
def test_camt_parse(data):
    run("camt", data)


@fuzz_settings(1000)
@given(mutated(PAIN))
def test_pain001_parse(data):
    run("pain001", data)


LINE_VALUES = ["SPC", "0200", "1", "S", "K", "CH", "CHF", "EUR", "QRR", "SCOR", "NON", "EPD", "", "X" * 71,
                         "1949.7", "0.00", "999999999.99", "1e5", "-1", "CH4431999123000889012", "//S1/10/1",
                         "210000000003139471430009017", "RF18539007547034", "Zoë\u202e", "2501", "Biel"]
LINES = st.sampled_from(LINE_VALUES)


@fuzz_settings(1500)
@given(st.one_of(mutated(QR), st.lists(LINES, min_size=28, max_size=36).map(lambda x: "\n".join(x).encode()),
                 st.text(max_size=400).map(str.encode)))
def test_qr_payload_parse(data):
    run("qr_payload", data)


@fuzz_settings(500)
@given(st.sampled_from(QR), st.integers(0, 34), LINES)
def test_qr_payload_one_line_changed_reads_or_is_refused_naming_a_line(sample, line, value):
    lines = sample.decode().splitlines()
    lines[min(line, len(lines) - 1)] = value
    try:
        qr_payload.parse("\n".join(lines))
    except qr_payload.PayloadError as error:
        assert error.element and error.message


@fuzz_settings(1500)
@given(st.one_of(mutated(IDS, TOKENS + [b" ", b"-", b".", "\u00a0".encode()]),
                 st.text(max_size=60).map(str.encode),
                 st.floats(allow_nan=True).map(lambda f: b"\x01" + struct.pack("<d", f))))
def test_identifier_functions(data):
    run("ids", data)
