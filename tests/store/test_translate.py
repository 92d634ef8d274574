"""`comptoir book translate` on a user's rich book (issue 18): sheets renamed wherever a formula, a defined name, a
chart or a pivot names them; the user's own columns, comments, images, VBA and ribbon untouched; back again, the same
cells and formulas; refused while Excel has the book open; a no-op when the book is already in that language."""
from __future__ import annotations

import re
import zipfile

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from engine import templates
from engine.cli import main
from engine.errors import BookLocked
from engine.store.book import Book
from engine.store.translate import _attribute, _rename_refs, translate
from tests.store import rich_book
from tests.store.office import convert, needs_soffice


@pytest.fixture
def rich(tmp_path):
    path, _ = rich_book.build(tmp_path, with_pivot=False)
    return path


def _formulas(path) -> dict:
    workbook = openpyxl.load_workbook(path)
    return {(ws.title, cell.coordinate): cell.value for ws in workbook for row in ws.iter_rows() for cell in row
            if isinstance(cell.value, str) and cell.value.startswith("=")}


def _chart_refs(path) -> list[str]:
    with zipfile.ZipFile(path) as package:
        return [ref for name in package.namelist() if name.startswith("xl/charts/chart")
                for ref in re.findall(r"<c:f>([^<]*)</c:f>", package.read(name).decode())]


def test_a_rich_book_translated_names_its_sheets_everywhere_and_keeps_the_rest(rich):
    with zipfile.ZipFile(rich) as package:
        before = {name: package.read(name) for name in package.namelist()}
    done = translate(rich, "fr")
    assert done["renamed"] == {"Clients": "Débiteurs"}
    workbook = openpyxl.load_workbook(rich)
    assert workbook.sheetnames[:2] == ["Débiteurs", "Report"]
    clients = workbook["Débiteurs"]
    assert [c.value for c in clients[1]][:3] == ["N° client", "Société", "Titre"]
    assert [col.name for col in clients.tables["tblClients"].tableColumns][:3] == ["N° client", "Société", "Titre"]
    # the formula, the chart's series and the defined name follow the sheet (quoted: the name is not plain ASCII)
    assert workbook["Report"]["B1"].value.startswith("=SUM('Débiteurs'!")
    assert all(ref.startswith("'Débiteurs'!") for ref in _chart_refs(rich))
    assert workbook.defined_names["ClientIds"].attr_text.startswith("'Débiteurs'!$A$2")
    assert clients["B1"].comment is not None and "QR-bill" in clients["B1"].comment.text
    with zipfile.ZipFile(rich) as package:
        after = {name: package.read(name) for name in package.namelist()}
    assert list(after) == [n for n in before if n != "xl/calcChain.xml"]  # dropped by every save: Excel rebuilds it
    kept = [n for n in before if n.startswith(("xl/media/", "xl/vbaProject", "customUI/", "xl/comments",
                                               "xl/styles", "xl/drawings/"))]
    assert kept and all(after[n] == before[n] for n in kept)
    assert [c.company for c in Book.open(rich).records("Clients")] == [r[1] for r in rich_book.client_rows()]


def test_and_back_to_english_every_cell_formula_and_chart_reference_is_as_it_was(rich):
    cells_before = {n: CalamineWorkbook.from_path(str(rich)).get_sheet_by_name(n).to_python()
                    for n in CalamineWorkbook.from_path(str(rich)).sheet_names}
    formulas, charts = _formulas(rich), _chart_refs(rich)
    translate(rich, "de")
    assert CalamineWorkbook.from_path(str(rich)).sheet_names[0] == "Debitoren"
    translate(rich, "en")
    workbook = CalamineWorkbook.from_path(str(rich))
    assert {n: workbook.get_sheet_by_name(n).to_python() for n in workbook.sheet_names} == cells_before
    assert _formulas(rich) == formulas and _chart_refs(rich) == charts


def test_a_users_own_column_and_sheet_keep_their_words(tmp_path):
    path = templates.write("invoicing", tmp_path / "b.xlsx", "fr")
    workbook = openpyxl.load_workbook(path)
    clients = workbook["Débiteurs"]
    clients.cell(1, len(clients[1]) + 1, "Remarques internes")
    notes = workbook.create_sheet("Notes")
    notes["A1"] = "=COUNTA(Débiteurs!A:A)"  # Excel reads a name like this one without quotes
    notes["A2"] = "=COUNTA(Documents!A:A)+COUNTA('Lignes de documents'!A:A)"
    workbook.save(path)
    assert main(["book", "translate", str(path), "--to", "it"]) == 0
    workbook = openpyxl.load_workbook(path)
    header = [c.value for c in workbook["Debitori"][1]]
    assert header[0] == "N. cliente" and header[-1] == "Remarques internes"
    assert workbook["Notes"]["A1"].value == "=COUNTA(Debitori!A:A)"
    assert workbook["Notes"]["A2"].value == "=COUNTA('Documenti di vendita'!A:A)+COUNTA('Righe dei documenti'!A:A)"


def test_renaming_leaves_a_sheet_whose_name_ends_the_same_and_renames_a_pivot_source():
    renames = {"Lines": "Zeilen", "Plan comptable": "Kontenplan"}
    assert _rename_refs("=SUM(DocumentLines!A1,Lines!B2,'Plan comptable'!C3)", renames) == \
        "=SUM(DocumentLines!A1,Zeilen!B2,Kontenplan!C3)"
    xml = '<pivotCacheDefinition><cacheSource type="worksheet"><worksheetSource ref="A1:C9" sheet="Plan comptable"/>'
    assert 'sheet="Kontenplan"' in _attribute(xml, "worksheetSource", "sheet", renames)


def test_a_book_open_in_excel_is_not_translated_and_one_already_in_the_language_is_left_as_it_is(tmp_path, capsys):
    path = templates.write("invoicing", tmp_path / "b.xlsx", "de")
    data = path.read_bytes()
    assert main(["book", "translate", str(path), "--to", "de"]) == 0
    # said in the language the book is in now (German), as the command says what it did to it
    assert capsys.readouterr().out == "b.xlsx: bereits auf Deutsch, nichts geändert\n"  # not "jetzt auf de; 0 …"
    assert path.read_bytes() == data
    (tmp_path / "~$b.xlsx").write_text("owner")
    with pytest.raises(BookLocked):
        translate(path, "fr")
    assert path.read_bytes() == data
    with pytest.raises(SystemExit):  # argparse: not one of the four
        main(["book", "translate", str(path), "--to", "es"])


@needs_soffice
def test_libreoffice_reads_the_translated_book_and_its_formula_still_adds_up(rich, tmp_path):
    translate(rich, "fr")
    output = convert(rich, tmp_path / "lo")
    workbook = openpyxl.load_workbook(output, data_only=True)
    rows = rich_book.client_rows()
    assert [r[:2] for r in workbook["Débiteurs"].iter_rows(min_row=2, max_row=len(rows) + 1, max_col=2,
                                                             values_only=True)] == [tuple(r[:2]) for r in rows]
    # =SUM('Débiteurs'!O2:O…) recalculated by LibreOffice: the discounts of the fixture's clients, added by hand
    assert workbook["Report"]["B1"].value == pytest.approx(sum(r[14] for r in rows))
    with zipfile.ZipFile(output) as package:
        assert any(n.startswith("xl/charts/") for n in package.namelist()), "LibreOffice lost the chart"


def test_a_formula_naming_a_tables_column_follows_its_new_header(tmp_path):
    path = templates.write("invoicing", tmp_path / "b.xlsx", "en")
    workbook = openpyxl.load_workbook(path)
    notes = workbook.create_sheet("Notes")
    notes["A1"] = "=SUM(tblArticles[UnitPrice])"
    notes["A2"] = "=COUNTIF(tblMovements[[#All],[Direction]],\"credit\")+COUNTA(Clients!A:A)"
    workbook.save(path)
    translate(path, "fr")
    notes = openpyxl.load_workbook(path)["Notes"]
    assert notes["A1"].value == "=SUM(tblArticles[Prix unitaire])"
    # the column and the sheet follow; a text in quotes is the user's and stays
    assert notes["A2"].value == "=COUNTIF(tblMovements[[#All],[Sens]],\"credit\")+COUNTA('Débiteurs'!A:A)"
    translate(path, "en")
    notes = openpyxl.load_workbook(path)["Notes"]
    assert notes["A1"].value == "=SUM(tblArticles[UnitPrice])"
    assert notes["A2"].value == "=COUNTIF(tblMovements[[#All],[Direction]],\"credit\")+COUNTA(Clients!A:A)"
