"""Reports and the dashboard follow the book's own language (issue 18, audit: a German book whose company invoices
in French got French reports, because they followed DefaultLanguage — the clients' documents' language): labels in
Settings Language, sheets named in the book's words (R_Debitoren Altersstruktur, Cockpit), and a translation
renames the sheets Comptoir wrote."""
from __future__ import annotations

import re
import shutil
import zipfile

import openpyxl
import pytest
from lxml import etree

from engine.services import reports
from engine.store.book import Book
from engine.store.translate import translate
from tests.reports.books import UNTIL, invoicing_file
from tests.reports.test_language import SUMMARY_HEADERS

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"


@pytest.fixture(scope="module")
def german(tmp_path_factory):
    """The reports' company in a German book; its clients' documents stay French (DefaultLanguage FR)."""
    folder = tmp_path_factory.mktemp("german")
    english = invoicing_file(folder)
    path = shutil.copy2(english.path, folder / "rechnungen.xlsx")
    translate(path, "de")
    book = Book.open(path)
    assert book.settings["DefaultLanguage"] == "FR" and book.settings["Language"] == "DE"
    return book


def test_report_sheet_named_and_headed_in_the_books_language(german):
    sheet = reports.write_report_sheet(german, "debtors-summary", until=UNTIL)
    assert sheet == "R_Debitoren Altersstruktur"
    ws = openpyxl.load_workbook(german.path)[sheet]
    assert [c.value for c in ws[4]] == SUMMARY_HEADERS["de"]
    assert ws["A1"].value.startswith("Debitoren — Altersstruktur")
    assert list(ws.tables) == ["tblReportR_Debitoren_Altersstruktur"]


def test_dashboard_named_in_the_books_language_its_charts_follow(german):
    reports.refresh_dashboard(german, until=UNTIL)
    with zipfile.ZipFile(german.path) as package:
        assert 'name="Cockpit"' in package.read("xl/workbook.xml").decode()
        charts = [n for n in package.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]
        assert charts
        for name in charts:
            root = etree.fromstring(package.read(name))
            assert root.find(f".//{C}ser/{C}val/{C}numRef/{C}f").text.startswith("'Cockpit'!")
    assert "Dashboard" not in openpyxl.load_workbook(german.path).sheetnames


def test_an_explicit_language_still_wins(german):
    r = reports.report(german, "debtors-summary", until=UNTIL, language="IT")
    assert [c.label for c in r.columns] == SUMMARY_HEADERS["it"]


def test_translating_renames_the_report_sheets_written_before(tmp_path):
    book = invoicing_file(tmp_path)
    reports.write_report_sheet(book, "debtors", until=UNTIL)
    reports.refresh_dashboard(book, until=UNTIL)
    done = translate(book.path, "fr")
    assert {"R_Debtors": "R_Débiteurs", "Dashboard": "Tableau de bord"}.items() <= done["renamed"].items()
    book = Book.open(book.path)
    reports.write_report_sheet(book, "debtors", until=UNTIL)
    names = openpyxl.load_workbook(book.path).sheetnames
    assert names.count("R_Débiteurs") == 1 and "R_Debtors" not in names and "Dashboard" not in names
    assert openpyxl.load_workbook(book.path)["R_Débiteurs"]["A1"].value.startswith("Débiteurs — factures ouvertes")


def test_report_sheet_names_fit_excel_and_never_name_a_sheet_of_records():
    from engine.schema import BOOKS, terms
    records = {terms.norm_sheet(terms.sheet_name(s.name, lang)) for book in BOOKS.values() for s in book.sheets
               for lang in terms.LANGUAGES}
    rows = [key[7:] for key in terms._table() if key.startswith("report:")]
    assert len(rows) == 15
    seen = {}
    for english in rows:
        for lang in terms.LANGUAGES:
            title = terms.report_sheet(english, lang)
            assert len(title) <= 31 and not set(title) & set("[]:*?/\\"), title
            assert terms.norm_sheet(title) not in records, title
            assert seen.setdefault(terms.norm_sheet(title), english) == english, title
            assert terms.english_report_sheet(title) == english


def test_a_report_sheet_whose_new_name_is_taken_is_left_as_it_is(tmp_path):
    """An English book holding R_Debtors and, written by hand or an older run, R_Débiteurs: translated to French,
    the first is not renamed onto the second (two sheets of one name would break the workbook)."""
    book = invoicing_file(tmp_path)
    reports.write_report_sheet(book, "debtors", until=UNTIL)
    from engine.formats import report_xlsx
    from engine.store.xlsx_add_sheet import put_sheet
    result = reports.report(book, "debtors", until=UNTIL, language="FR")
    put_sheet(book.path, "R_Débiteurs", report_xlsx.build(result, "R_Débiteurs"))
    done = translate(book.path, "fr")
    assert "R_Debtors" not in done["renamed"]
    names = openpyxl.load_workbook(book.path).sheetnames
    assert names.count("R_Débiteurs") == 1 and "R_Debtors" in names


def test_a_sheet_of_ones_own_bearing_a_report_name_is_not_renamed(tmp_path):
    book = invoicing_file(tmp_path)
    workbook = openpyxl.load_workbook(book.path)
    workbook.create_sheet("R_Debtors")["A1"] = "my own list"
    workbook.save(book.path)
    done = translate(book.path, "de")
    assert "R_Debtors" not in done["renamed"]
    assert openpyxl.load_workbook(book.path)["R_Debtors"]["A1"].value == "my own list"


def test_a_report_is_not_renamed_onto_a_sheet_of_ones_own(tmp_path):
    """An own sheet named R_Debitoren (no report table) beside the R_Debtors Comptoir wrote: into German, R_Debtors
    keeps its name rather than making two sheets R_Debitoren."""
    book = invoicing_file(tmp_path)
    reports.write_report_sheet(book, "debtors", until=UNTIL)
    workbook = openpyxl.load_workbook(book.path)
    workbook.create_sheet("R_Debitoren")["A1"] = "meine Liste"
    workbook.save(book.path)
    done = translate(book.path, "de")
    assert "R_Debtors" not in done["renamed"]
    names = openpyxl.load_workbook(book.path).sheetnames
    assert names.count("R_Debitoren") == 1 and "R_Debtors" in names
