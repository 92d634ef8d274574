"""Ribbon buttons on the demo company's real books, opened as a live workbook in xlwings' shapes."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest

from addin import ribbon
from engine import mandate
from engine.demo import purchases, run, sales
from engine.store.book import Book
from tests.addin.fake_excel import FakeBook


@dataclass
class _Sheet:
    name: str


@dataclass
class _Rows:
    count: int


@dataclass
class Selection:
    """What xlwings' App.selection answers: the sheet, the first row and the number of rows (and a value)."""
    sheet: _Sheet
    row: int
    rows: _Rows
    value: object = None


def select(xl, sheet: str, row: int, count: int = 1, value=None):
    xl.app.selection = Selection(_Sheet(sheet), row, _Rows(count), value)


@pytest.fixture
def company(tmp_path):
    ctx = run.DemoContext(folder=tmp_path)
    run.step_books(ctx)
    run.step_mandate(ctx)
    sales.step(ctx)
    purchases.step(ctx)
    return ctx


def _open_invoice(path):
    return next(d for d in Book.open(path).records("Documents") if d.stage == "F" and d.balance and d.balance > 0)


def test_record_payment_on_the_selected_invoice_settles_it(company):
    invoice = _open_invoice(company.invoicing)
    xl = FakeBook.from_file(company.invoicing)
    select(xl, "Documents", invoice.row)
    text = ribbon.record_payment(xl)
    assert invoice.number in text
    xl.save()
    book = Book.open(company.invoicing)
    after = next(d for d in book.records("Documents") if d.number == invoice.number)
    paid = [p for p in book.records("Payments") if p.document_number == invoice.number and p.kind == "payment"]
    assert after.balance == Decimal("0.00")
    assert paid[-1].amount == invoice.balance


def test_print_writes_the_pdf_beside_the_book(company):
    invoice = _open_invoice(company.invoicing)
    xl = FakeBook.from_file(company.invoicing)
    select(xl, "Documents", invoice.row)
    ribbon.print_document(xl)
    pdf = company.folder / "documents" / f"{invoice.number}.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")


def test_a_button_without_the_right_selection_says_what_to_select(company):
    xl = FakeBook.from_file(company.invoicing)
    select(xl, "Clients", 2)
    text = ribbon.next_stage(xl)
    assert "select one or more rows of the Documents sheet" in text
    assert xl.app.alerts == [("Comptoir", text)]


def test_post_then_import_entries_in_the_ledger(company):
    xl = FakeBook.from_file(company.invoicing)
    text = ribbon.post(xl)
    assert "published to the mandate" in text
    xl.save()
    with mandate.open_book(company.invoicing) as m:
        waiting = mandate.waiting_batches(m)
    assert waiting
    ledger = FakeBook.from_file(company.ledger)
    text = ribbon.import_entries(ledger)
    ledger.save()
    journal = [e for e in Book.open(company.ledger).records("Journal") if e.batch]  # the opening entry has none
    assert len(journal) == sum(len(b.entries) for b in waiting)
    assert f"({len(journal)} entries)" in text


def test_new_received_invoice_asks_the_amount_through_excel(company):
    class Api:
        def InputBox(self, prompt, title, Type):  # noqa: N802 - Excel's name
            assert Type == 1
            return 1081.0  # Excel answers numbers as floats
    xl = FakeBook.from_file(company.invoicing)
    creditor = Book.open(company.invoicing).records("Creditors")[0]
    select(xl, "Creditors", creditor.row)
    xl.app.api = Api()
    text = ribbon.new_received_invoice(xl)
    xl.save()
    number = text.split()[2]
    received = next(r for r in Book.open(company.invoicing).records("ReceivedInvoices") if r.number == number)
    assert received.amount == Decimal("1081.00") and received.creditor_id == creditor.creditor_id


def test_mandate_status_leaves_the_waiting_count_in_the_status_bar(company):
    xl = FakeBook.from_file(company.invoicing)
    ribbon.post(xl)
    xl.save()
    text = ribbon.mandate_status(xl)
    assert "waiting" in text
    assert xl.app.status_bar == f"Comptoir: {text.splitlines()[0]}"
