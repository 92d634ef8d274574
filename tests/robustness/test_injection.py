"""Formula injection (issue 10): payer names and remarks from a bank file or a QR-bill never become formulas in
any sheet, TSV or CSV we write. End to end: camt file → ``services.bank.import_statements`` → ``Book.save`` →
the saved xlsx read back with openpyxl (no cell of data_type "f") and by LibreOffice headless (the text shows as
typed, not evaluated); a QR-bill's debtor → Clients; the TSV report writer neutralises leading ``= + - @``."""
from __future__ import annotations

import csv
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from engine.domain.reports.model import Column, arrange
from engine.formats import qr_payload, report_tsv
from engine.services import bank
from engine.store.book import Book
from tests.conftest import ROOT, TEST_DATA

HOSTILE = ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(1)", "=1+1", "\t=2+2", "\r=3+3"]
SAMPLE = TEST_DATA / "camt" / "camtparser_053_valid_example_v8.xml"  # MIT, viafintech/camt_parser


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;").replace("\t", "&#9;")


def _hostile_camt(folder: Path) -> Path:
    data = SAMPLE.read_text(encoding="utf-8")
    names = iter(HOSTILE * 3)
    for plain in ("Jon Doe", "Finanz AG", "DHL Express (Schweiz) AG", "INVOICE R77561"):
        data = data.replace(f">{plain}<", f">{_xml_text(next(names))}<")
    path = folder / "hostile.xml"
    path.write_text(data, encoding="utf-8")
    return path


@pytest.fixture
def saved_book(tmp_path):
    path = tmp_path / "book.xlsx"
    shutil.copy(ROOT / "workbook_templates" / "invoicing.xlsx", path)
    book = Book.open(path)
    result = bank.import_statements(book, [_hostile_camt(tmp_path)])
    book.put("Clients", [*book.records("Clients"), *(book.new("Clients", client_id=90 + i, company=text, town=text)
                                                    for i, text in enumerate(HOSTILE))])
    book.save()
    return path, result


def _texts(path: Path) -> list[str]:
    workbook = openpyxl.load_workbook(path)
    texts = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} became a formula: {cell.value!r}"
                if isinstance(cell.value, str):
                    texts.append(cell.value)
    return texts


def test_bank_names_and_remarks_stay_text_in_the_saved_book(saved_book):
    path, result = saved_book
    assert result.files == 1
    texts = _texts(path)
    movements = Book.open(path).records("Movements")
    # stored exactly as the bank wrote it (inline strings are never evaluated): no quote prefix added
    imported = {m.counterparty for m in movements} | {m.remittance for m in movements}
    assert {"=HYPERLINK(\"http://x\",\"y\")", "+cmd|' /C calc'!A0", "-2+3"} <= imported, imported
    for text in ('=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(1)"):
        assert text in texts


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_shows_the_text_not_a_result(saved_book, tmp_path):
    path, _ = saved_book
    out = tmp_path / "csv"
    profile = f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}"
    subprocess.run(["soffice", profile, "--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
                    "--outdir", str(out), str(path)], check=True, capture_output=True, timeout=120)
    cells = [cell for file in out.glob("*.csv") for row in csv.reader(file.open(encoding="utf-8")) for cell in row]
    for text in ('=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(1)"):
        assert text in cells, f"{text!r} was evaluated or lost by LibreOffice"


def test_a_qr_bill_debtor_name_stays_text_in_clients(tmp_path):
    path = tmp_path / "book.xlsx"
    shutil.copy(ROOT / "workbook_templates" / "invoicing.xlsx", path)
    payload = (TEST_DATA / "qrbill" / "swissqrbill-java_sample1_lf.txt").read_text(encoding="utf-8").split("\n")
    payload[21] = '=HYPERLINK("http://x","y")'  # UltmtDbtr Nm
    bill = qr_payload.parse("\n".join(payload))
    book = Book.open(path)
    book.put("Clients", [*book.records("Clients"), book.new("Clients", client_id=7, company=bill.debtor.name)])
    book.save()
    assert '=HYPERLINK("http://x","y")' in _texts(path)


def test_tsv_report_neutralises_every_trigger():
    report = arrange("T", (Column("name", "Name"), Column("amount", "Amount", "money")),
                     [{"name": text, "amount": Decimal("-5")} for text in HOSTILE])
    lines = report_tsv.build(report).decode().splitlines()[1:1 + len(HOSTILE)]
    for line in lines:
        name, amount = line.split("\t")
        assert name[0] not in "=+-@\t\r" and amount == "-5.00", line


def test_no_other_csv_or_tsv_writer_in_the_engine():
    """Every text export must go through neutralise_formula: list the writers so a new one is noticed here."""
    writers = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "engine").rglob("*.py")
                     if "csv.writer" in (text := p.read_text(encoding="utf-8")) or "DictWriter" in text
                     or ("\\t\".join" in text and "neutralise_formula" not in text))
    assert writers == [], writers
