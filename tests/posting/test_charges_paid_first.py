"""A payment on an invoice with a reminder fee and default interest goes first to the interest and costs due, then
to the capital (CO art. 85 al. 1), and a fee that waits for its money (received basis — vereinnahmte Entgelte —, or
ReminderFeePosting payment) is booked with its VAT at the date of the payment that pays it, in that payment's
period (MWSTG art. 40: on the received basis the tax claim arises when the money comes in) — not when the invoice
is closed. F-1 of 5 January: 3200 TVA 100.00 + 8.10 = 108.10. A fee of 20.00 is gross at the supply's 8.1 %:
20 × 8.1 / 108.1 = 1.4986 → 1.50 VAT, 18.50 net.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from engine.services.posting import post, unpost
from tests.posting.books import balances, books, invoice, pay

Q1, Q2, Q3 = date(2026, 3, 31), date(2026, 6, 30), date(2026, 9, 30)


def _invoice(**settings):
    book, ledger = books(**settings)
    invoice(book, "F-1", [("3200", "TVA", "100.00", "8.10")], on=date(2026, 1, 5))
    return book, ledger


def test_received_basis_books_the_fee_and_its_vat_in_the_quarter_it_was_paid():
    """Fee 20.00 and interest 0.95 on 1 March; the client pays 128.10 on 25 March (the invoice and the fee, not the
    interest); the 0.95 left open is written off on 15 July. The 128.10 pays the charges first (20.95) and
    107.15 of the capital: 107.15 × 8.1 / 108.1 = 8.0288 → 8.03 VAT, 99.12 net. Q1: 1020 +128.10, 3200 −99.12,
    3600 −18.50, 6950 −0.95, 2200 −8.03 − 1.50 = −9.53; 1100 nets to 0. The loss of 0.95 capital books nothing.
    (It was: Q1 3200 −100.00, 2200 −8.10 and 20.00 waiting on 1100; the fee and its 1.50 VAT in Q3, at the loss.)"""
    book, ledger = _invoice(VatBasis="received")
    pay(book, "F-1", "20.00", date(2026, 3, 1), kind="fee")
    pay(book, "F-1", "0.95", date(2026, 3, 1), kind="interest")
    pay(book, "F-1", "128.10", date(2026, 3, 25))
    pay(book, "F-1", "0.95", date(2026, 7, 15), kind="loss")
    first = post(book, ledger, Q1, save=False)
    assert first.payments == 3  # the payment, the fee and the interest, both paid in full
    assert balances(ledger) == {"1020": D("128.10"), "3200": D("-99.12"), "3600": D("-18.50"), "6950": D("-0.95"),
                                 "2200": D("-9.53")}
    fee_vat = [e for e in ledger.records("Journal") if e.credit == "2200" and e.debit == "1100"]
    assert [(e.date, e.amount) for e in fee_vat] == [(date(2026, 3, 25), D("1.50"))]
    post(book, ledger, Q3, save=False)
    assert balances(ledger, date(2026, 4, 1)) == {}


def test_a_partial_payment_pays_the_fee_before_the_capital():
    """Fee 20.00 on 1 March; the client pays 50.00 on 20 March and 78.10 on 10 April. Received basis: 20 March —
    the fee 18.50 + 1.50 and 30.00 of capital: 30 × 8.1 / 108.1 = 2.2479 → 2.25 VAT, 27.75 net; Q1: 1020 +50.00,
    3600 −18.50, 3200 −27.75, 2200 −1.50 − 2.25 = −3.75. 10 April: the capital left, 78.10: 3200 −(100.00 − 27.75)
    = −72.25, 2200 −(8.10 − 2.25) = −5.85. (It was: Q1 3200 −46.25, 2200 −3.75, nothing on 3600.)"""
    book, ledger = _invoice(VatBasis="received")
    pay(book, "F-1", "20.00", date(2026, 3, 1), kind="fee")
    pay(book, "F-1", "50.00", date(2026, 3, 20))
    pay(book, "F-1", "78.10", date(2026, 4, 10))
    assert post(book, ledger, Q1, save=False).payments == 2
    assert balances(ledger) == {"1020": D("50.00"), "3600": D("-18.50"), "3200": D("-27.75"), "2200": D("-3.75")}
    post(book, ledger, Q2, save=False)
    assert balances(ledger, date(2026, 4, 1)) == {"1020": D("78.10"), "3200": D("-72.25"), "2200": D("-5.85")}


def test_a_fee_paid_in_two_parts_is_booked_part_by_part_in_each_payments_quarter():
    """Fee 20.00 on 1 March; the client pays 10.00 on 20 March and 118.10 on 10 April. Q1: 10 of the fee: 10 × 8.1 /
    108.1 = 0.7493 → 0.75 VAT, 9.25 net; Q2: the other 10 of the fee (9.25 + 0.75), then the invoice 100.00 + 8.10.
    The fee row waits until it is paid in full (posted in Q2's session)."""
    book, ledger = _invoice(VatBasis="received")
    pay(book, "F-1", "20.00", date(2026, 3, 1), kind="fee")
    pay(book, "F-1", "10.00", date(2026, 3, 20))
    pay(book, "F-1", "118.10", date(2026, 4, 10))
    assert post(book, ledger, Q1, save=False).payments == 1
    assert balances(ledger) == {"1020": D("10.00"), "3600": D("-9.25"), "2200": D("-0.75")}
    assert post(book, ledger, Q2, save=False).payments == 2
    assert balances(ledger, date(2026, 4, 1)) == {"1020": D("118.10"), "3600": D("-9.25"), "3200": D("-100.00"),
                                                   "2200": D("-8.85")}
    assert balances(ledger).get("1100") is None


def test_agreed_basis_with_fees_at_payment_books_the_fee_when_it_is_paid():
    """ReminderFeePosting payment, agreed basis: the invoice 1100 / 3200 100.00 + 2200 8.10 on 5 January; fee 20.00
    on 1 March; 50.00 paid on 20 March pays the fee first: 1100 / 3600 18.50 + 2200 1.50 on 20 March, 1020 / 1100
    50.00; 1100 holds 108.10 + 20.00 − 50.00 = 78.10, the capital left (108.10 − 30.00); 2200 −8.10 − 1.50."""
    book, ledger = _invoice(ReminderFeePosting="payment")
    pay(book, "F-1", "20.00", date(2026, 3, 1), kind="fee")
    pay(book, "F-1", "50.00", date(2026, 3, 20))
    assert post(book, ledger, Q1, save=False).payments == 2
    assert balances(ledger) == {"1100": D("78.10"), "1020": D("50.00"), "3200": D("-100.00"), "3600": D("-18.50"),
                                 "2200": D("-9.60")}


def test_unposting_the_second_quarter_takes_back_its_part_of_the_fee_only():
    """The fee paid in two parts (10.00 on 20 March, 10.00 with the invoice on 10 April), each quarter posted as its
    own session: undoing the April session takes back April's entries (the fee's second half, 9.25 + 0.75, and the
    invoice) and leaves March's (9.25 + 0.75); posting April again gives the same Journal as before."""
    book, ledger = _invoice(VatBasis="received")
    pay(book, "F-1", "20.00", date(2026, 3, 1), kind="fee")
    pay(book, "F-1", "10.00", date(2026, 3, 20))
    pay(book, "F-1", "118.10", date(2026, 4, 10))
    post(book, ledger, Q1, save=False)
    april = post(book, ledger, Q2, save=False).session
    before = sorted((e.date, e.debit, e.credit, e.amount) for e in ledger.records("Journal"))
    unpost(book, ledger, april, save=False)
    assert balances(ledger) == {"1020": D("10.00"), "3600": D("-9.25"), "2200": D("-0.75")}
    post(book, ledger, Q2, save=False)
    assert sorted((e.date, e.debit, e.credit, e.amount) for e in ledger.records("Journal")) == before
