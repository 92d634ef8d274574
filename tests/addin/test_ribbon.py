"""Ribbon commands on a book that answers in xlwings' shapes, in memory and over a real saved workbook."""
from __future__ import annotations

import shutil
from dataclasses import replace

import pytest

from addin import ribbon
from addin.excel_source import ExcelSource
from engine.store.book import Book
from tests.addin.fake_excel import FakeBook
from tests.conftest import ROOT

PROBLEMS_HEADER = ["When", "File", "Sheet", "Row", "Column", "Message", "Hint"]


def small_book():
    return FakeBook({
        "Clients": [["ClientId", "Company", "Town", "Discount"], [1.0, "Muster AG", "Bern", None],
                    [2.0, "Beta SA", None, "abc"], [3.0, "Gamma", "Sion", 5.0]],
        "Problems": [PROBLEMS_HEADER],
    }, name="acme.xlsx", fullname="/data/acme.xlsx")


def test_check_book_lists_every_problem_on_the_problems_sheet_and_says_so():
    xl = small_book()
    text = ribbon.check_book(xl)
    rows = xl.rows("Problems")
    assert rows[0] == PROBLEMS_HEADER
    messages = [r[5] for r in rows[1:]]
    assert '"abc" is not a number where a number is expected' in messages
    bad = rows[1 + messages.index('"abc" is not a number where a number is expected')]
    assert bad[1:5] == ["acme.xlsx", "Clients", 3.0, "D"]  # the cell: Clients!D3
    assert "error(s)" in text and "Problems sheet" in text
    assert xl.app.alerts == [("Comptoir", text)]
    # progress went to the status bar, and the status bar was handed back to Excel at the end
    assert any("checking Clients" in str(s) for s in xl.app.status_history)
    assert xl.app.status_history[-1] is False
    # the whole problem list went in one range write; the Clients sheet was not written
    assert len(xl.sheets["Problems"].writes) == 1 and xl.sheets["Clients"].writes == []


def test_a_second_check_replaces_the_problems_and_clears_the_leftover_rows():
    xl = small_book()
    ribbon.check_book(xl)
    first = len(xl.rows("Problems"))
    xl.sheets["Clients"].set(3, 4, 2.5)  # the user fixes D3
    ribbon.check_book(xl)
    rows = xl.rows("Problems")
    assert len(rows) == first - 1
    assert all("abc" not in str(r[5]) for r in rows)


def test_every_button_answers_with_a_message_never_an_error(tmp_path):
    # No selection, a book with two sheets: every command either does its (empty) job or explains what it needs,
    # in a message box; no exception reaches Excel.
    for command in ribbon.COMMANDS:
        xl = small_book()
        xl.fullname = str(tmp_path / "acme.xlsx")
        text = getattr(ribbon, command.function)(xl)
        assert isinstance(text, str) and text, command.function
        assert xl.app.alerts == [("Comptoir", text)], command.function


def test_mandate_status_of_an_unsaved_book_says_what_to_do():
    xl = small_book()
    xl.fullname = "Book1"
    text = ribbon.mandate_status(xl)
    assert "never been saved" in text


def test_excel_source_writes_only_the_changed_row_and_neutralises_formulas():
    xl = small_book()
    book = Book(ExcelSource(xl), kind="invoicing")
    clients = list(book.records("Clients"))
    clients[1] = replace(clients[1], town="=HYPERLINK(\"http://x\")", discount=None)
    book.put("Clients", clients)
    book.save()
    writes = xl.sheets["Clients"].writes
    assert len(writes) == 1 and writes[0][0] == writes[0][2] == 3 and writes[0][1] <= 3 <= writes[0][3]  # row 3 only
    assert xl.sheets["Clients"].get(3, 3) == "'=HYPERLINK(\"http://x\")"
    assert xl.sheets["Clients"].get(2, 2) == "Muster AG"


def test_excel_source_moves_rows_up_after_a_deletion_and_clears_the_last():
    xl = small_book()
    book = Book(ExcelSource(xl), kind="invoicing")
    first, _, third = book.records("Clients")
    book.put("Clients", [first, third])
    book.save()
    assert xl.rows("Clients")[:3] == [["ClientId", "Company", "Town", "Discount"], [1.0, "Muster AG", "Bern", None],
                                      [3.0, "Gamma", "Sion", 5.0]]
    assert xl.sheets["Clients"].range((4, 1), (4, 4)).value == [None] * 4
    assert (2, 1, 2, 4) not in xl.sheets["Clients"].writes  # the first row did not move: not written


def test_excel_source_reads_one_cell_sheets_as_rows():
    xl = FakeBook({"Clients": [["ClientId"]]})
    assert ExcelSource(xl).read("Clients") == [["ClientId"]]


@pytest.fixture
def saved_book(tmp_path):
    path = tmp_path / "invoicing.xlsx"
    shutil.copy(ROOT / "workbook_templates" / "invoicing.xlsx", path)
    return path


def test_check_book_on_the_real_template_then_saved_and_reread(saved_book):
    xl = FakeBook.from_file(saved_book)
    ws = xl.workbook["Clients"]
    ws.cell(2, 1).value, ws.cell(2, 2).value, ws.cell(2, 15).value = 1, "Muster AG", "lots"
    assert ws.cell(1, 15).value == "Discount"
    text = ribbon.check_book(xl)
    assert "1 error(s)" in text
    xl.save()
    book = Book.open(saved_book)  # the engine reads the file written through the add-in path
    problems = book.records("Problems")
    errors = [p for p in problems if not p.message.startswith("warning")]
    assert [(p.sheet, p.cell_row, p.cell_column) for p in errors] == [("Clients", 2, "O")]
    assert not [p for p in book.check() if p.severity == "error" and p.source.sheet == "Problems"]


def test_importing_the_ribbon_module_is_cheap():
    """Every click imports addin.ribbon (RunPython); the store and services (pandas, lxml, fpdf: ~0.9 s before) are
    imported by the button that needs them, after its first status-bar message (bench/addin.py: 2.7 ms import)."""
    import subprocess
    import sys
    code = ("import sys, addin.ribbon; heavy = sorted(m for m in ('pandas', 'lxml', 'fpdf', 'openpyxl', "
            "'engine.store.book', 'addin.ribbon_actions') if m in sys.modules); print(heavy)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert done.stdout.strip() == "[]"


def test_a_click_imports_only_the_services_its_button_needs():
    """Issue 16's review: the first action imported every service (0.8 s; each click on macOS, which has no UDF
    server). The actions module now names them and imports each when a button first uses it: loading it brings
    neither the PDF library (fpdf), nor the mandate's database (sqlalchemy), nor the payment services."""
    import subprocess
    import sys
    code = ("import sys, addin.ribbon_actions; print(sorted(m for m in ('fpdf', 'sqlalchemy', 'engine.mandate', "
            "'engine.services.payments', 'engine.services.documents_print') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert done.stdout.strip() == "[]"
