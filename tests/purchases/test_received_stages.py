"""Received documents' stages (manual §3.8): order C → receipt L → invoice F, from the service and `comptoir
purchases new --stage order` / `purchases stage`. The document keeps its number and its lines; only the invoice is
payable and posted; the invoice's total ("Saisir le total facturé") may add costs the lines do not have.

By hand (articles of tests/purchases/test_received_articles.py): PLQ 3 × 12.35 = 37.05 + 3.00 (IPM 8.1 %) = 40.05,
LIV 2 × 45.50 = 91.00 + 2.37 (IPMRED 2.6 %) = 93.37; the order totals 133.42. The supplier invoices 140.00:
    a Balance line of 140.00 - 133.42 = 6.58 on the creditor's 4200 / IPM, VAT 6.58 × 8.1 / 108.1 = 0.493 → 0.49;
    posted: 4200 / 2000 37.05 (IPM 3.00), 6500 / 2000 91.00 (IPMRED 2.37), 4200 / 2000 6.09 (IPM 0.49) and the
    1170 / 2000 tax entries: 37.05 + 3.00 + 91.00 + 2.37 + 6.09 + 0.49 = 140.00.
    spread instead (--spread-extra-costs), 658 cents pro rata 40.05 : 93.37 → 197.52 and 460.48, rounded down to
    197 + 460 = 657, the cent left to the larger remainder (0.52): 1.98 and 4.60 → 42.03 gross (VAT 42.03 × 8.1 /
    108.1 = 3.149 → 3.15) and 97.97 gross (VAT 97.97 × 2.6 / 102.6 = 2.483 → 2.48).
"""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D

import pytest

from engine.cli import main
from engine.errors import BusinessRuleError
from engine.services import posting, purchases
from engine.services.purchases_lines import received_articles
from engine.services.purchases_stages import advance, complete_lines
from engine.store.book import Book
from tests.posting.books import books, journal
from tests.purchases.test_received_articles import lines_of, saved_book, with_articles

LINES = [{"article_id": "PLQ", "quantity": "3"}, {"article_id": "LIV", "quantity": 2, "unit_price": "45.50"}]
ORDERED = [("PLQ", D("3"), D("12.35"), "4200", "IPM", D("37.05"), "net", D("3.00")),
           ("LIV", D("2"), D("45.50"), "6500", "IPMRED", D("91.00"), "net", D("2.37"))]


def order(book):
    return purchases.new_received_invoice(book, creditor_id=1, date=date(2026, 3, 2), stage="order",
                                          lines=LINES).ids[0]


def test_order_receipt_invoice_keep_number_and_lines_and_add_the_invoiced_costs():
    book, ledger = books()
    with_articles(book)
    number = order(book)
    r = purchases.invoice(book, number)
    assert (r.stage, r.status, r.amount) == ("C", "C", D("133.42")) and lines_of(book, number) == ORDERED
    assert received_articles(book) == []  # ordered, not received
    advance(book, number, on=date(2026, 3, 9))
    r = purchases.invoice(book, number)
    assert (r.number, r.stage, r.status, r.date, r.amount) == (number, "L", "L", date(2026, 3, 9), D("133.42"))
    assert lines_of(book, number) == ORDERED
    assert [tuple(a)[:5] for a in received_articles(book)] == [("PLQ", D("3"), date(2026, 3, 9), number, "L"),
                                                               ("LIV", D("2"), date(2026, 3, 9), number, "L")]
    posting.post(book, ledger, date(2026, 3, 10), save=False)
    assert ledger.records("Journal") == ()  # a receipt is not posted
    advance(book, number, "invoice", on=date(2026, 3, 12), amount="140.00", supplier_number="FA-7781")
    r = purchases.invoice(book, number)
    term = book.settings["PaymentTermDays"] or 0
    assert (r.stage, r.status, r.amount, r.balance, r.supplier_number, r.due_date) == (
        "F", "F", D("140.00"), D("140.00"), "FA-7781", date(2026, 3, 12) + timedelta(days=term))
    assert lines_of(book, number) == [*ORDERED, (None, None, None, "4200", "IPM", D("6.58"), "gross", D("0.49"))]
    posting.post(book, ledger, date(2026, 3, 31), save=False)
    # The posting adds up lines of one account and code: 4200 IPM 37.05 + 6.09 = 43.14, tax 3.00 + 0.49 = 3.49.
    assert sorted(journal(ledger)) == sorted([
        ("4200", "2000", "43.14", "IPM", "3.49"), ("1170", "2000", "3.49", "IPM", "0.00"),
        ("6500", "2000", "91.00", "IPMRED", "2.37"), ("1170", "2000", "2.37", "IPMRED", "0.00")])
    assert purchases.invoice(book, number).status == "FC"


def test_invoiced_costs_spread_over_the_article_lines():
    book, _ = books()
    with_articles(book)
    number = order(book)
    advance(book, number, "F", on=date(2026, 3, 12), amount="140.00", spread_extra_costs=True)
    assert [(r[0], r[1], r[5], r[6], r[7]) for r in lines_of(book, number)] == [
        ("PLQ", D("3"), D("42.03"), "gross", D("3.15")), ("LIV", D("2"), D("97.97"), "gross", D("2.48"))]
    assert purchases.invoice(book, number).amount == D("140.00")
    before = lines_of(book, number)
    complete_lines(book, number)  # completing again keeps what the costs added to each line, and the total
    assert lines_of(book, number) == before and purchases.invoice(book, number).amount == D("140.00")


def test_stages_only_go_forward_and_the_total_covers_the_lines():
    book, _ = books()
    with_articles(book)
    number = order(book)
    with pytest.raises(BusinessRuleError, match="more than the invoice total"):
        advance(book, number, "F", on=date(2026, 3, 12), amount="100.00")
    assert purchases.invoice(book, number).stage == "C"  # nothing half done: the book is saved only on success
    advance(book, number, "L", on=date(2026, 3, 9))
    with pytest.raises(BusinessRuleError, match="cannot go from L to C"):
        advance(book, number, "order")
    advance(book, number, on=date(2026, 3, 12))
    with pytest.raises(BusinessRuleError, match="an invoice has no next stage"):
        advance(book, number)
    with pytest.raises(BusinessRuleError, match="not a stage of a received document"):
        advance(book, order(book), "quote")


def test_cli_order_then_invoice(tmp_path, capsys):
    path = saved_book(tmp_path).path
    assert main(["purchases", "new", str(path), "--creditor", "1", "--date", "02.03.2026", "--stage", "order",
                 "--line", "PLQ:3", "--line", "LIV:2:45.50"]) == 0
    assert "received order R-2026-0001 entered: CHF 133.42" in capsys.readouterr().out
    assert purchases.invoice(Book.open(path), "R-2026-0001").stage == "C"
    assert main(["purchases", "stage", str(path), "R-2026-0001", "--to", "invoice", "--date", "2026-03-12",
                 "--supplier-number", "FA-7781"]) == 0
    r = purchases.invoice(Book.open(path), "R-2026-0001")
    assert (r.stage, r.date, r.amount, r.supplier_number) == ("F", date(2026, 3, 12), D("133.42"), "FA-7781")
    assert lines_of(Book.open(path), "R-2026-0001") == ORDERED


def test_a_posted_invoice_keeps_its_lines():
    book, ledger = books()
    with_articles(book)
    number = order(book)
    advance(book, number, "F", on=date(2026, 3, 12))
    posting.post(book, ledger, date(2026, 3, 31), save=False)
    with pytest.raises(BusinessRuleError, match="is posted .*its lines are locked"):
        complete_lines(book, number)
    assert lines_of(book, number) == ORDERED


def test_a_supplier_credit_note_by_article_is_a_return_not_a_receipt():
    book, _ = books()
    with_articles(book)
    # one plank sent back: 1 × 12.35 net + 8.1 % 1.00035 → 1.00 = 13.35 in our favour
    note = purchases.new_received_invoice(book, creditor_id=1, date=date(2026, 3, 20), stage="credit",
                                          lines=[{"article_id": "PLQ", "quantity": 1}]).ids[0]
    r = purchases.invoice(book, note)
    assert (r.stage, r.amount, r.status) == ("N", D("13.35"), "N")
    assert received_articles(book) == []
    assert [tuple(a)[:4] for a in received_articles(book, stages=("N",))] == [("PLQ", D("1"), date(2026, 3, 20),
                                                                              note)]


def test_completing_lines_keeps_them_where_they_stand_on_the_sheet():
    book, _ = books()
    with_articles(book)
    first = order(book)
    second = purchases.new_received_invoice(book, creditor_id=1, date=date(2026, 3, 3), lines=[
        {"account": "6570", "vat_code": "IPI", "amount": "54.05"}]).ids[0]
    advance(book, first, on=date(2026, 3, 9))
    assert [r.invoice_number for r in book.records("ReceivedLines")] == [first, first, second]


def test_a_negative_order_is_refused_not_turned_into_a_credit_note():
    book, _ = books()
    with pytest.raises(BusinessRuleError, match="an order or a receipt of -50.00 is not possible"):
        purchases.new_received_invoice(book, creditor_id=1, date=date(2026, 3, 2), amount="-50", stage="order")
    assert book.records("ReceivedInvoices") == ()
    # an invoice entered negative is still a credit note of the positive amount (§3.8.11)
    note = purchases.new_received_invoice(book, creditor_id=1, date=date(2026, 3, 2), amount="-50").ids[0]
    assert (purchases.invoice(book, note).stage, purchases.invoice(book, note).amount) == ("N", D("50.00"))


def test_an_order_in_euros_spread_and_completed_again_keeps_its_lines():
    book, _ = books()
    with_articles(book)
    # 3 × 11.80 = 35.40 EUR + 2.87 = 38.27; invoiced 40.00: 1.73 spread on the one line → 40.00 gross, VAT
    # 40.00 × 8.1 / 108.1 = 2.997 → 3.00
    number = purchases.new_received_invoice(book, creditor_id=1, date=date(2026, 3, 2), stage="C", currency="EUR",
                                            exchange_rate="0.95",
                                            lines=[{"article_id": "PLQ", "quantity": 3, "unit_price": "11.80"}]).ids[0]
    advance(book, number, "F", on=date(2026, 3, 12), amount="40.00", spread_extra_costs=True)
    complete_lines(book, number)
    assert lines_of(book, number) == [("PLQ", D("3"), D("11.80"), "4200", "IPM", D("40.00"), "gross", D("3.00"))]
