"""Property-based fuzzing of the workbook loader (issue 10): ``load_table`` with random cell values of every shape
calamine and xlwings hand, and ``Book.open`` + check + save on mutated xlsx packages (truncated zips, random bytes
in parts, missing parts, huge shared strings). A ComptoirError or a Problem is fine; any other exception is a bug."""
from __future__ import annotations

import io
import zipfile

from hypothesis import given
from hypothesis import strategies as st

from engine.store.loader import load_table
from tests.robustness.conftest import fuzz_settings
from tests.robustness.regressions.targets import SHEETS, run, seeds
from tests.robustness.test_fuzz_parsers import TOKENS

CELLS = st.one_of(
    st.none(), st.just(""), st.text(max_size=30), st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-10**20, 10**20), st.booleans(), st.dates(), st.datetimes(),
    st.sampled_from(["=SUM(A1)", "@x", "1'234.50", "12,50", "31.02.2024", "2024-13-01", "x", "TRUE", "CHF", " "]))


@st.composite
def sheet_rows(draw):
    """A header (the schema's columns, shuffled, some dropped or renamed) above rows of random cells."""
    kind, sheet = draw(st.sampled_from(SHEETS))
    headers = [c.header for c in sheet.columns]
    headers = draw(st.permutations(headers))[: draw(st.integers(1, len(headers)))] + draw(st.lists(CELLS, max_size=3))
    width = len(headers)
    body = draw(st.lists(st.lists(CELLS, min_size=width, max_size=width), max_size=12))
    above = draw(st.lists(st.lists(CELLS, min_size=width, max_size=width), max_size=2))
    return sheet, above + [headers] + body


@fuzz_settings(600)
@given(sheet_rows())
def test_loader_names_every_bad_cell_and_never_crashes(case):
    sheet, rows = case
    table, problems = load_table(rows, sheet, "fuzz.xlsx")
    assert all(str(p) and p.source.sheet == sheet.name for p in problems)
    assert len(table.records) <= len(rows)


@fuzz_settings(400)
@given(st.sampled_from(seeds("loader")), st.binary(max_size=200))
def test_loader_on_decoded_bytes(seed, tail):
    run("loader", seed + tail)


TEMPLATES = seeds("xlsx")


def _parts(package: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@st.composite
def mutated_package(draw):
    """A template package with parts edited (bytes, tokens, cuts), removed, or swollen, or the zip itself cut."""
    package = draw(st.sampled_from(TEMPLATES))
    if draw(st.integers(0, 9)) == 0:  # the zip itself truncated or scribbled over
        at = draw(st.integers(0, len(package) - 1))
        return package[:at] if draw(st.booleans()) else package[:at] + draw(st.binary(min_size=1, max_size=64)) \
            + package[at + 64:]
    parts = _parts(package)
    names = sorted(parts)
    for _ in range(draw(st.integers(1, 4))):
        name = draw(st.sampled_from(names))
        op = draw(st.sampled_from(["remove", "flip", "token", "cut", "swell"]))
        data = bytearray(parts.get(name, b""))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if op == "remove":
            parts.pop(name, None)
            continue
        if op == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif op == "token":
            data[at:at + draw(st.integers(0, 8))] = draw(st.sampled_from(TOKENS + [b'r="A0"', b'r="XFE1"', b't="s"',
                                                                                  b"<v>99999</v>", b'ref="A1:A0"']))
        elif op == "cut":
            del data[at:]
        else:  # a huge shared string / cell text: 1 MB in one text node
            data[at:at] = b"<si><t>" + b"W" * 2**20 + b"</t></si>"
        parts[name] = bytes(data)
    return _zip(parts)


@fuzz_settings(250)
@given(mutated_package())
def test_book_open_check_and_save_on_mutated_packages(package):
    run("xlsx", package)
