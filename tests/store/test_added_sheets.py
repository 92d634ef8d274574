"""Sheets added to the schema after books were in use (Contacts, StockMoves: ``optional``): a book made before them
reads them as empty with no problem, and the save that first writes into them adds them as the template draws them
— header, Excel table with its own id, drop-downs — in the same one-step replacement as every save, so a refused
save adds nothing. LibreOffice, an independent reader, opens the result and reads the same records."""
from __future__ import annotations

import re
import zipfile
from datetime import date
from decimal import Decimal as D

import openpyxl
import pytest

from engine import templates
from engine.errors import ProblemsFound
from engine.store.book import Book
from tests.store.office import convert, needs_soffice

ADDED = ("Contacts", "StockMoves")


@pytest.fixture
def old(tmp_path):
    """A blank invoicing book as made before the two sheets, with a client and a stocked article."""
    workbook = templates.build("invoicing")
    for name in ADDED:
        del workbook[name]
    path = tmp_path / "old.xlsx"
    workbook.save(path)
    book = Book.open(path)
    book.put("Clients", [book.new("Clients", client_id=1, company="Muster AG", language="DE")])
    book.put("Articles", [book.new("Articles", article_id="HUILE", designation="Huile", stocked=True)])
    book.save()
    return path


def _both(book):
    book.put("Contacts", [book.new("Contacts", client_id=1, name="Herr Urs Muster", default=True)])
    book.put("StockMoves", [book.new("StockMoves", move_id=1, date=date(2026, 1, 5), article_id="HUILE",
                                     quantity=D(12), reason="correction", comment="inventaire")])


def test_both_sheets_are_added_by_one_save(old):
    book = Book.open(old)
    assert book.check() == [] and book.records("Contacts") == ()
    _both(book)
    book.save()
    with zipfile.ZipFile(old) as package:
        ids = [re.search(rb'<table\b[^>]*?\bid="(\d+)"', package.read(n))[1] for n in package.namelist()
               if n.startswith("xl/tables/")]
    assert len(ids) == len(set(ids))  # every table keeps an id of its own
    workbook = openpyxl.load_workbook(old)
    assert workbook.sheetnames[-2:] == list(ADDED)
    assert workbook["StockMoves"].tables["tblStockMoves"].ref == "A1:G2"
    rules = {str(v.sqref).split(":")[0]: v.formula1 for v in workbook["StockMoves"].data_validations.dataValidation}
    # the Reason drop-down, as in a new book
    assert rules["E2"] == '"delivery,invoice,return,received,sent_back,correction"'
    again = Book.open(old)
    assert again.check() == []
    assert [(m.article_id, m.quantity) for m in again.records("StockMoves")] == [("HUILE", D(12))]
    assert [c.name for c in again.records("Contacts")] == ["Herr Urs Muster"]


def test_a_refused_save_adds_no_sheet(old):
    before = old.read_bytes()
    book = Book.open(old)
    _both(book)
    book.put("Clients", [*book.records("Clients"), book.new("Clients", client_id=1, company="Twice")])
    book.put("Documents", [book.new("Documents", number="F-1", stage="F", client_id=1, date=date(2026, 1, 5),
                                    origin="x" * 10)])
    # a value for a column the sheet has lost cannot be saved: the whole save is refused
    book.table("Documents").positions.pop("origin")
    with pytest.raises(ProblemsFound):
        book.save()
    assert old.read_bytes() == before


@needs_soffice
def test_libreoffice_reads_the_added_sheets(old, tmp_path):
    book = Book.open(old)
    _both(book)
    book.save()
    theirs = Book.open(convert(old, tmp_path / "out"))
    for sheet in ADDED:
        assert [r.__class__.__name__ and tuple(getattr(r, f) for f in r.__sheet__.fields) for r in theirs.records(sheet)] \
            == [tuple(getattr(r, f) for f in r.__sheet__.fields) for r in Book.open(old).records(sheet)]
