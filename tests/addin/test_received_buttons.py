"""The ribbon's "Next stage (received)" and "Complete lines" (issue 17): on the selected rows, the services of
`comptoir purchases stage` and of the article lines; a refusal goes to the Problems sheet and nothing else changes.

By hand: the order of PLQ 3 × 12.35 = 37.05 + 3.00 (IPM) and LIV 2 × 45.50 = 91.00 + 2.37 (IPMRED) is 133.42;
a line typed in Excel, VIS 10 at 4.20 = 42.00 + 8.1 % 3.40 = 45.40, brings it to 133.42 + 45.40 = 178.82.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from addin import ribbon
from engine.services import purchases
from engine.store.book import Book
from tests.addin.fake_excel import FakeBook
from tests.addin.test_ribbon_actions import select
from tests.purchases.test_received_articles import lines_of, saved_book


def _book(tmp_path):
    book = saved_book(tmp_path)
    path = book.path
    purchases.new_received_invoice(book, creditor_id=1, date=date(2026, 3, 2), stage="C", lines=[
        {"article_id": "PLQ", "quantity": 3}, {"article_id": "LIV", "quantity": 2, "unit_price": "45.50"}])
    purchases.new_received_invoice(book, creditor_id=1, date=date(2026, 3, 2), lines=[
        {"account": "6570", "vat_code": "IPI", "amount": "54.05"}])
    book.save()
    return path


def _typed(path, **fields):
    """A third line of R-2026-0001 typed on ReceivedLines as a user would, then selected: (the Excel book, its row)."""
    book = Book.open(path)
    book.put("ReceivedLines", [*book.records("ReceivedLines"), book.new(
        "ReceivedLines", invoice_number="R-2026-0001", position=3, **fields)])
    book.save()
    typed = Book.open(path).records("ReceivedLines")[-1]
    xl = FakeBook.from_file(path)
    select(xl, "ReceivedLines", typed.row)
    return xl, typed


def test_next_stage_moves_the_selected_order_and_refuses_an_invoice_on_the_problems_sheet(tmp_path):
    path = _book(tmp_path)
    order, invoice = Book.open(path).records("ReceivedInvoices")
    xl = FakeBook.from_file(path)
    select(xl, "ReceivedInvoices", order.row)
    assert "R-2026-0001 C → L" in ribbon.received_next_stage(xl)
    xl.save()
    assert purchases.invoice(Book.open(path), "R-2026-0001").stage == "L"
    xl = FakeBook.from_file(path)
    select(xl, "ReceivedInvoices", order.row, count=2)  # the receipt and the invoice
    text = ribbon.received_next_stage(xl)
    assert "1 problem(s)" in text and "an invoice has no next stage" in text
    xl.save()
    after = Book.open(path)
    assert [p.message for p in after.records("Problems")] == ["an invoice has no next stage"]
    assert after.records("Problems")[0].cell_row == invoice.row
    assert purchases.invoice(after, "R-2026-0001").stage == "L"  # the receipt did not move either


def test_complete_lines_fills_a_line_typed_with_article_and_quantity(tmp_path):
    path = _book(tmp_path)
    xl = _typed(path, article_id="VIS", quantity=D("10"), unit_price=D("4.20"))[0]
    assert "R-2026-0001 178.82" in ribbon.complete_received_lines(xl)
    xl.save()
    book = Book.open(path)
    assert lines_of(book, "R-2026-0001")[2] == ("VIS", D("10"), D("4.20"), "4200", "IPM", D("42.00"), "net",
                                                D("3.40"))
    assert purchases.invoice(book, "R-2026-0001").amount == D("178.82")
    # the typed line, below R-2026-0002's, joined its document's; the rows below moved down in the workbook
    assert [(r.row, r.invoice_number) for r in book.records("ReceivedLines")] == [
        (2, "R-2026-0001"), (3, "R-2026-0001"), (4, "R-2026-0001"), (5, "R-2026-0002")]


def test_a_line_typed_with_an_unknown_article_is_named_on_the_problems_sheet(tmp_path):
    path = _book(tmp_path)
    xl, typed = _typed(path, article_id="VSI", quantity=D("10"))
    assert "1 problem(s)" in ribbon.complete_received_lines(xl)
    xl.save()
    problem = Book.open(path).records("Problems")[0]
    assert (problem.sheet, problem.cell_row, problem.cell_column) == ("ReceivedLines", typed.row, "C")
    assert problem.message == 'R-2026-0001 line 3: there is no article "VSI"'
    assert purchases.invoice(Book.open(path), "R-2026-0001").amount == D("133.42")  # unchanged


def test_a_line_typed_with_article_and_amount_keeps_the_amount_and_takes_the_articles_account_and_code(tmp_path):
    # LIV typed with its gross amount 50.00 (no quantity to price): 6500 and IPMRED from the article,
    # VAT 50.00 × 2.6 / 102.6 = 1.267 → 1.27; total 133.42 + 50.00 = 183.42
    path = _book(tmp_path)
    xl = _typed(path, article_id="LIV", amount=D("50.00"))[0]
    assert "R-2026-0001 183.42" in ribbon.complete_received_lines(xl)
    xl.save()
    assert lines_of(Book.open(path), "R-2026-0001")[2] == ("LIV", None, None, "6500", "IPMRED", D("50.00"), "gross",
                                                           D("1.27"))


def test_a_line_typed_in_full_with_quantity_price_and_their_product_is_priced_without_vat(tmp_path):
    # VIS 10 × 4.20 with Amount 42.00 typed and no AmountType: 42.00 is quantity × price, so net; VAT 3.40; 178.82
    path = _book(tmp_path)
    xl = _typed(path, article_id="VIS", quantity=D("10"), unit_price=D("4.20"), amount=D("42.00"))[0]
    assert "R-2026-0001 178.82" in ribbon.complete_received_lines(xl)
