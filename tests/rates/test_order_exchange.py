"""A EUR supplier invoice paid through a payment order (pain.001): the payment goes to 2003 at the execution date,
the bank's debit clears 2003. When the bank debits CHF (a CHF account), or debits EUR on another day than the
order's, recognition sets the payment's AmountCHF to what the movement posts, so 2003 ends at exactly 0.00 and the
exchange difference from the invoice's rate is posted with the payment. Amounts worked out by hand below."""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal as D

from engine.services import bank, bank_post, payments, purchases
from engine.services.posting import post
from tests.posting.books import books, journal
from tests.posting.test_properties import balances

CHF_IBAN, EUR_IBAN = "CH9300762011623852957", "CH5604835012345678009"
ISSUED, EXECUTED, BOOKED = date(2026, 3, 2), date(2026, 3, 31), date(2026, 4, 1)


def _order(debit_iban: str):
    """R-2026-0001: EUR 540.50 incl. 8.1 % at 0.94 = 508.07 on 2000 (net 470.00, input tax 38.07), ordered for 31.3."""
    book, ledger = books()
    book.put("Rates", [book.new("Rates", date=ISSUED, currency="EUR", rate=D("0.9400")),
                       book.new("Rates", date=BOOKED, currency="EUR", rate=D("0.9300"))])
    book.put("BankAccounts", [book.new("BankAccounts", iban=CHF_IBAN, name="Banque", currency="CHF",
                                       ledger_account="1020"),
                              book.new("BankAccounts", iban=EUR_IBAN, name="Banque EUR", currency="EUR",
                                       ledger_account="1021")])
    book.put("Creditors", [book.new("Creditors", creditor_id=1, name="Lieferant GmbH", town="Berlin", country="DE",
                                    iban="DE89370400440532013000", bic="COBADEFFXXX", currency="EUR",
                                    payment_method="FOREIGN", expense_account="4200", vat_code="IPM")])
    number = purchases.new_received_invoice(book, creditor_id=1, date=ISSUED, amount="540.50", currency="EUR",
                                            vat_code="IPM", expense_account="4200").ids[0]
    payments.propose_payments(book, today=date(2026, 3, 20), numbers=[number], on=EXECUTED, debit_iban=debit_iban)
    book.put("PaymentOrders", [replace(o, status=">BA") for o in book.records("PaymentOrders")])  # sent
    return book, ledger, book.records("PaymentOrders")[0]


def _debit(book, iban, day, amount, currency, e2e):
    book.put("Movements", [book.new("Movements", movement_id=1, bank_iban=iban, booking_date=day, value_date=day,
                                    direction="debit", amount=D(amount), currency=currency, end_to_end_id=e2e,
                                    state="pending", bank_code="PMNT/ICDT/AUTT")])


def test_a_eur_order_debited_from_the_chf_account():
    book, ledger, order = _order(CHF_IBAN)
    _debit(book, CHF_IBAN, EXECUTED, "512.00", "CHF", order.end_to_end_id)  # the bank's conversion
    assert bank.reconcile(book).orders == 1
    [movement] = book.records("Movements")
    assert (movement.debit_account, movement.credit_account) == ("2003", "1020")
    assert "EUR débité en CHF 512.00" in movement.why
    assert [p.amount_chf for p in book.records("Payments")] == [D("512.00")]
    post(book, ledger, date(2026, 12, 31), save=False)
    bank_post.post(book, ledger=ledger)
    # 512.00 debited for 508.07 owed at the invoice's rate: 3.93 loss; 2003 in and out 512.00
    assert journal(ledger)[2:] == [("2000", "2003", "512.00", "", "0.00"), ("6949", "2000", "3.93", "", "0.00"),
                                   ("2003", "1020", "512.00", "", "0.00")]
    totals = balances(ledger)
    assert (totals["2000"], totals["2003"], totals["1020"]) == (0, 0, D("-512.00"))


def test_a_eur_order_booked_the_day_after_its_execution_date():
    book, ledger, order = _order(EUR_IBAN)
    _debit(book, EUR_IBAN, BOOKED, "540.50", "EUR", order.end_to_end_id)
    bank.reconcile(book)
    # the movement posts at the rate of 1.4: 540.50 × 0.93 = 502.665 → 502.67, and so is the payment valued
    assert [p.amount_chf for p in book.records("Payments")] == [D("502.67")]
    post(book, ledger, date(2026, 12, 31), save=False)
    bank_post.post(book, ledger=ledger)
    # 508.07 owed, 502.67 paid: a gain of 5.40
    assert journal(ledger)[2:4] == [("2000", "2003", "502.67", "", "0.00"), ("2000", "6999", "5.40", "", "0.00")]
    totals = balances(ledger)
    assert (totals["2000"], totals["2003"], totals["1021"]) == (0, 0, D("-502.67"))


def test_a_posted_payment_keeps_its_value_and_the_difference_is_said():
    book, ledger, order = _order(CHF_IBAN)
    post(book, ledger, date(2026, 12, 31), save=False)  # posted at 31.3 before the statement came
    _debit(book, CHF_IBAN, EXECUTED, "512.00", "CHF", order.end_to_end_id)
    result = bank.reconcile(book)
    [said] = [p for p in result.problems if "order 1" in p.message]
    assert "the bank debited CHF 512.00" in said.message and said.severity == "warning"
    # the posted payment keeps the CHF it was posted at (540.50 at the rate of 31.3, 0.94 since 2.3 = 508.07)
    assert [p.amount_chf for p in book.records("Payments")] == [D("508.07")]
