"""Hostile, broken and foreign files are refused whole, with a message naming the file and the reason, fast."""
from __future__ import annotations

import io
import time
import zipfile

import pytest

from engine.errors import InvalidFormat
from engine.formats import camt
from engine.formats.bank_files import MAX_RATIO, bank_files, bank_files_in_zip, read_bank_files
from tests.formats.camt_support import LOCAL

NS = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"
GOOD = (LOCAL / "camtparser_053_valid_example_v8.xml").read_bytes()
LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
<Document xmlns="%s"><BkToCstmrStmt><GrpHdr><MsgId>&lol9;</MsgId></GrpHdr></BkToCstmrStmt></Document>""" % NS.encode()
XXE = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
       b'<Document xmlns="%s"><BkToCstmrStmt><Stmt><Id>&x;</Id></Stmt></BkToCstmrStmt></Document>' % NS.encode())
PARAMETER_XXE = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>'
                 b'<Document xmlns="' + NS.encode() + b'"/>')
EXTERNAL_DTD = b'<?xml version="1.0"?><!DOCTYPE Document SYSTEM "http://example.com/camt.dtd"><Document xmlns="%s"/>' % NS.encode()
DEEP = b'<Document xmlns="%s"><BkToCstmrStmt><Stmt>' % NS.encode() + b"<a>" * 100_000 + b"</a>" * 100_000 + b"</Stmt></BkToCstmrStmt></Document>"

CASES = {
    "billion laughs": (LAUGHS, "DOCTYPE or entities"),
    "external entity": (XXE, "DOCTYPE or entities"),
    "parameter entity": (PARAMETER_XXE, "DOCTYPE or entities"),
    "external DTD": (EXTERNAL_DTD, "DOCTYPE or entities"),
    "deep nesting": (DEEP, "nested deeper"),
    "truncated": (GOOD[: len(GOOD) // 2], "cut off"),
    "declared latin-1": (GOOD.replace(b'encoding="UTF-8"', b'encoding="ISO-8859-1"'), "UTF-8"),
    "invalid UTF-8 bytes": (GOOD.replace("Zürich".encode(), "Zürich".encode("latin-1")), "UTF-8"),
    "UTF-16": (GOOD.decode().replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16"), "UTF-16"),
    "wrong namespace": (GOOD.replace(b"camt.053.001.08", b"pain.001.001.09"), "not a camt"),
    "no namespace": (GOOD.replace(b'xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"', b""), "not a camt"),
    "html": (b"<html><body>Login expired</body></html>", "not a camt"),
    "empty": (b"", "empty"),
    "blank": (b"  \n\n ", "empty"),
    "not xml": (b"%PDF-1.7 binary", "not a camt"),
    "no statement": (b'<Document xmlns="%s"><BkToCstmrStmt><GrpHdr/></BkToCstmrStmt></Document>' % NS.encode(), "holds no"),
    "entry without direction": (GOOD.replace(b"<CdtDbtInd>DBIT</CdtDbtInd>", b"", 1), "CdtDbtInd"),
    "entry amount not a number": (GOOD.replace(b'<Amt Ccy="CHF">474.4</Amt>', b'<Amt Ccy="CHF">lots</Amt>', 1), "not an amount"),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_refused_with_a_clear_message_in_bounded_time(case):
    data, reason = CASES[case]
    start = time.perf_counter()
    with pytest.raises(InvalidFormat) as refused:
        camt.parse(data, source="bank.xml")
    assert time.perf_counter() - start < 2
    message = str(refused.value)
    assert message.startswith("bank.xml") and reason in message and refused.value.hint


def test_a_truncated_file_names_its_line():
    with pytest.raises(InvalidFormat, match=r"bank\.xml: line \d+: .*cut off"):
        camt.parse(GOOD[: len(GOOD) // 2], source="bank.xml")


def test_the_good_file_itself_reads():
    assert len(camt.parse(GOOD).statements[0].entries) == 3


def test_prefixed_namespace_reads_like_the_default_one():
    prefixed = GOOD.replace(b'xmlns="', b'xmlns:c="').replace(b"<", b"<c:").replace(b"<c:/", b"</c:") \
        .replace(b"<c:?xml", b"<?xml")
    assert camt.parse(prefixed).statements == camt.parse(GOOD).statements


def _zip(members: dict[str, bytes], method=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize("name", ["../up.xml", "/etc/abs.xml", "C:/windows/x.xml", "a/../../b.xml", "a\\..\\..\\b.xml"])
def test_zip_with_path_traversal_is_refused(name):
    with pytest.raises(InvalidFormat, match="path traversal"):
        list(bank_files_in_zip(_zip({"ok.xml": GOOD, name: GOOD}), "bank.zip"))


def test_zip_bomb_is_refused_without_inflating_it_all():
    bomb = _zip({"bomb.xml": b"\0" * (64 * 2**20)})  # 64 MiB of zeros deflate to ~64 KiB
    assert len(bomb) * MAX_RATIO < 64 * 2**20
    start = time.perf_counter()
    with pytest.raises(InvalidFormat, match="zip bomb"):
        list(bank_files_in_zip(bomb, "bank.zip"))
    assert time.perf_counter() - start < 2


def test_zip_with_too_many_members_is_refused(monkeypatch):
    monkeypatch.setattr("engine.formats.bank_files.MAX_MEMBERS", 3)
    with pytest.raises(InvalidFormat, match="members"):
        list(bank_files_in_zip(_zip({f"{n}.xml": GOOD for n in range(4)}), "bank.zip"))


def test_folder_and_zip_expand_to_their_camt_files(tmp_path):
    (tmp_path / "a.xml").write_bytes(GOOD)
    (tmp_path / "notes.txt").write_text("ignored")
    (tmp_path / "b.zip").write_bytes(_zip({"2024/jan.xml": GOOD, "readme.pdf": b"%PDF"}))
    (tmp_path / "broken.xml").write_bytes(GOOD[:500])
    names = [f.name for f in bank_files([tmp_path])]
    assert names == [str(tmp_path / "a.xml"), f"{tmp_path / 'b.zip'}!2024/jan.xml", str(tmp_path / "broken.xml")]
    documents, problems = read_bank_files([tmp_path])
    assert len(documents) == 2 and len(problems) == 1 and "broken.xml" in str(problems[0])
