"""The state column of received documents (manual §3.8.14): the stage or the payment letters (>B, X), then ``c`` when
the invoice is partly posted (the claim, part of the payments) and ``C`` when everything it has is posted (claim,
payments, discount) — the letters the sales documents show. Only an invoice is payable and posted.

The story, by hand: R-2026-0001 of 1081.00 (4200, IPM) dated 5 March 2026.
    entered                         F      balance 1081.00
    posted up to 31 March           FC     (the claim; nothing else exists)
    paid 500.00 on 10 April         Fc     balance 581.00 (the payment is not posted yet)
    a payment order for the rest    >Bc    the order is with the bank side; removed: Fc again
    posted up to 30 April           FC
    paid 581.00 on 5 May            Xc     balance 0.00
    posted up to 31 May             XC
    that session undone             Xc
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from engine.errors import BusinessRuleError
from engine.services import payments, posting, purchases, purchases_settle as settle
from tests.posting.books import books, received

DEBIT = "CH9300762011623852957"


def state(book, number="R-2026-0001"):
    r = purchases.invoice(book, number)
    return r.status, r.balance


def test_the_state_column_follows_payments_and_posting():
    book, ledger = books()
    book.put("BankAccounts", [book.new("BankAccounts", iban=DEBIT, name="BCV", currency="CHF",
                                       ledger_account="1020")])
    book.put("Creditors", [book.new("Creditors", creditor_id=1, name="Papeterie SA", street="Rue du Lac",
                                    building_number="12", post_code="1003", town="Lausanne", country="CH",
                                    iban="CH5800791123000889012", expense_account="4200", vat_code="IPM")])
    purchases.new_received_invoice(book, creditor_id=1, date=date(2026, 3, 5), amount="1081.00")
    assert state(book) == ("F", D("1081.00"))
    posting.post(book, ledger, date(2026, 3, 31), save=False)
    assert state(book) == ("FC", D("1081.00"))
    settle.record_payment(book, "R-2026-0001", date=date(2026, 4, 10), amount="500.00", account="1020")
    assert state(book) == ("Fc", D("581.00"))
    # A posted invoice is still open: it can be proposed for payment (its state is read without the letter).
    done = payments.propose_payments(book, today=date(2026, 4, 11), numbers=["R-2026-0001"], on=date(2026, 4, 13))
    assert len(done.ids) == 1 and state(book)[0] == ">Bc"
    payments.remove_order(book, done.ids[0])
    assert state(book) == ("Fc", D("581.00"))
    session = posting.post(book, ledger, date(2026, 4, 30), save=False).session
    assert session is not None and state(book) == ("FC", D("581.00"))
    settle.record_payment(book, "R-2026-0001", date=date(2026, 5, 5), account="1020")
    assert state(book) == ("Xc", D("0.00"))
    last = posting.post(book, ledger, date(2026, 5, 31), save=False).session
    assert state(book) == ("XC", D("0.00"))
    posting.unpost(book, ledger, last, save=False)
    assert state(book) == ("Xc", D("0.00"))


def test_orders_and_receipts_are_neither_paid_nor_posted():
    book, ledger = books()
    order = purchases.new_received_invoice(book, creditor_id=1, date=date(2026, 3, 2), amount="540.50",
                                           stage="order").ids[0]
    receipt = purchases.new_received_invoice(book, creditor_id=1, date=date(2026, 3, 3), amount="216.20",
                                             stage="L").ids[0]
    posting.post(book, ledger, date(2026, 3, 31), save=False)
    assert ledger.records("Journal") == ()
    assert state(book, order)[0] == "C" and state(book, receipt)[0] == "L"  # "C" is the order, not "posted"
    for number in (order, receipt):
        with pytest.raises(BusinessRuleError, match="not an invoice"):
            settle.record_payment(book, number, date=date(2026, 3, 10), account="1020")


def test_an_invoice_typed_by_hand_without_balance_is_open_once_posted():
    # typed on the sheet with its Amount only (no Paid, no Balance): nothing is paid, so after posting it is FC,
    # not XC (it read as paid, its empty Balance taken for 0.00)
    book, ledger = books()
    received(book, "R-9", "1081.00")
    posting.post(book, ledger, date(2026, 3, 31), save=False)
    assert purchases.invoice(book, "R-9").status == "FC"
