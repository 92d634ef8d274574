"""Hostile XML for every XML reader besides camt (whose corpus lives in tests/formats/test_camt_hostile.py and is
reused here): the pain.001 reader and the xlsx parts the store parses with lxml (engine/store/xlsx_zip.py), and
the workbook as a whole (Book.open). Refused with a clear ComptoirError, in bounded time, never expanded."""
from __future__ import annotations

import io
import shutil
import time
import zipfile

import pytest

from engine.errors import BookError, ComptoirError, InvalidFormat
from engine.formats import pain001
from engine.store.book import Book
from engine.store.xlsx_zip import check_package, parse_part
from tests.conftest import ROOT, TEST_DATA
from tests.formats.test_camt_hostile import CASES as CAMT_CASES

PAIN = (TEST_DATA / "pain001" / "moov_musterfile_pain.001_Nov2020.xml").read_bytes()  # Apache-2.0, moov-io
PAIN_NS = b"urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"


def _pain_case(data: bytes) -> bytes:
    return data.replace(b"camt.053.001.08", b"pain.001.001.03").replace(b"BkToCstmrStmt", b"CstmrCdtTrfInitn")


# The camt corpus, retargeted at pain.001: the same attacks, a different door.
PAIN_CASES = {name: _pain_case(data) for name, (data, _) in CAMT_CASES.items()
              if name not in ("entry without direction", "entry amount not a number", "no statement")}
PAIN_CASES.update({
    "huge text node": PAIN.replace(b"<MsgId>", b"<MsgId>" + b"A" * 20_000_000, 1),
    "truncated pain": PAIN[: len(PAIN) // 2],
    "wrong root": PAIN.replace(b"CstmrCdtTrfInitn", b"FIToFICstmrCdtTrf"),
    "latin-1 bytes": PAIN.replace(b"<Nm>", "<Nm>Zürich ".encode("latin-1"), 1),
})


@pytest.mark.parametrize("case", PAIN_CASES, ids=list(PAIN_CASES))
def test_pain001_refuses_hostile_xml_clearly_and_fast(case):
    start = time.perf_counter()
    try:
        order = pain001.parse(PAIN_CASES[case], file="order.xml")
    except InvalidFormat as error:
        assert str(error).startswith("order.xml") and error.hint
    else:  # what reads must not have expanded or fetched anything
        texts = [order.message_id, order.initiating_party, *(t.creditor_name for t in order.transfers)]
        assert not any("lol" in t or "root:" in t for t in texts), texts
    assert time.perf_counter() - start < 3


def test_pain001_never_expands_entities():
    laughs = CAMT_CASES["billion laughs"][0].replace(b"camt.053.001.08", b"pain.001.001.03")
    with pytest.raises(InvalidFormat, match="DOCTYPE|DTD|entit"):
        pain001.parse(laughs, file="order.xml")


def test_pain001_refuses_external_entities():
    xxe = CAMT_CASES["external entity"][0].replace(b"camt.053.001.08", b"pain.001.001.03")
    with pytest.raises(InvalidFormat, match="DOCTYPE|DTD|entit"):
        pain001.parse(xxe, file="order.xml")


PART_CASES = {
    "billion laughs": CAMT_CASES["billion laughs"][0],
    "external entity": CAMT_CASES["external entity"][0],
    "external DTD": CAMT_CASES["external DTD"][0],
    "deep nesting": CAMT_CASES["deep nesting"][0],
    "truncated": b'<?xml version="1.0"?><Relationships xmlns="x"><Relationship Id="rId1" ',
    "not UTF-8": '<?xml version="1.0" encoding="UTF-8"?><a>Zürich</a>'.encode("latin-1"),
    "huge text node": b"<a>" + b"A" * 20_000_000 + b"</a>",
}


@pytest.mark.parametrize("case", PART_CASES, ids=list(PART_CASES))
def test_xlsx_part_parser_refuses_with_a_book_error(case):
    start = time.perf_counter()
    with pytest.raises(BookError) as refused:
        parse_part(PART_CASES[case], "xl/_rels/workbook.xml.rels")
    assert "xl/_rels/workbook.xml.rels" in str(refused.value) and refused.value.hint
    assert time.perf_counter() - start < 3


def _template_with(tmp_path, part: str, data: bytes):
    source = ROOT / "workbook_templates" / "invoicing.xlsx"
    with zipfile.ZipFile(source) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    parts[part] = data
    path = tmp_path / "book.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, body in parts.items():
            out.writestr(name, body)
    return path


@pytest.mark.parametrize("case", ["billion laughs", "external entity", "truncated", "deep nesting"])
def test_a_book_with_a_hostile_part_is_refused_on_open_or_save(tmp_path, case):
    path = _template_with(tmp_path, "xl/_rels/workbook.xml.rels", PART_CASES[case])
    before = path.read_bytes()
    start = time.perf_counter()
    with pytest.raises(ComptoirError):
        book = Book.open(path)
        book.put("Clients", [*book.records("Clients"), book.new("Clients", client_id=1, company="X")])
        book.save()
    assert time.perf_counter() - start < 5
    assert path.read_bytes() == before  # refused whole: nothing written


def test_a_zip_bomb_part_is_refused_by_book_open_without_inflating_it(tmp_path):
    path = _template_with(tmp_path, "xl/sharedStrings.xml", b"<sst>" + b" " * (200 * 2**20) + b"</sst>")
    start = time.perf_counter()
    with pytest.raises(BookError, match="zip bomb"):
        Book.open(path)
    assert time.perf_counter() - start < 2


def test_a_package_inflating_past_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr("engine.store.xlsx_zip.MAX_PACKAGE_BYTES", 1000)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.xml", b"x" * 2000)
    with pytest.raises(BookError, match="inflate"):
        check_package(zipfile.ZipFile(buffer), "big.xlsx")


@pytest.mark.parametrize("cut", [0.1, 0.5, 0.99])
def test_a_truncated_workbook_is_refused_clearly(tmp_path, cut):
    data = (ROOT / "workbook_templates" / "invoicing.xlsx").read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(data[: int(len(data) * cut)])
    with pytest.raises(BookError, match="cut.xlsx"):
        Book.open(path).check()


def test_the_template_itself_opens(tmp_path):
    path = tmp_path / "ok.xlsx"
    shutil.copy(ROOT / "workbook_templates" / "invoicing.xlsx", path)
    assert Book.open(path).kind == "invoicing"
