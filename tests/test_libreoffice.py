"""LibreOffice as an independent reader: the books we write open there, and what LibreOffice saves back reads as
the same records (numbers, dates, text — nothing misread, nothing turned into a formula)."""
from __future__ import annotations

import pytest

from engine.cli import main
from engine.store.book import Book
from tests.conftest import ROOT
from tests.store.office import convert, needs_soffice

pytestmark = needs_soffice


def _same_records(ours: Book, theirs: Book, sheets) -> None:
    for sheet in sheets:
        mine = [tuple(getattr(r, f) for f in r.__sheet__.fields) for r in ours.records(sheet)]
        seen = [tuple(getattr(r, f) for f in r.__sheet__.fields) for r in theirs.records(sheet)]
        assert seen == mine, sheet


@pytest.mark.parametrize("kind", ["invoicing", "ledger"])
def test_templates_open_in_libreoffice(kind, tmp_path):
    template = ROOT / "workbook_templates" / f"{kind}.xlsx"
    converted = convert(template, tmp_path / "out")
    ours, theirs = Book.open(template), Book.open(converted)
    assert theirs.check() == []
    _same_records(ours, theirs, [s.name for s in ours.schema.sheets])


def test_demo_books_round_trip_through_libreoffice(tmp_path):
    assert main(["demo", str(tmp_path / "acme")]) == 0
    for name, sheets in (("invoicing.xlsx", ("Clients", "Documents", "DocumentLines", "Payments", "Movements",
                                             "ReceivedInvoices", "PaymentOrders")),
                         ("ledger.xlsx", ("Journal", "Accounts", "VatCodes"))):
        source = tmp_path / "acme" / name
        converted = convert(source, tmp_path / "out")
        _same_records(Book.open(source), Book.open(converted), sheets)
