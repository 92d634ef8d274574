"""Re-audit of issue 15 (17:19): three roads on which money still counted twice or a typed-over bank figure was
posted, each found by hand against the statement.

1. A grouped QR total booked by hand on 1100 *after* its camt.054 details paid the invoices: the details' payments
   stayed and were posted, so 1100 was credited twice (1,050.00 too much) and 9909 kept 1,050.00.
2. A processed QR credit whose payment invoicing posted, typed to post on 3200, then `bank repost-all`: 1020/3200
   and 1020/1100 both posted, 1020 700.00 above the statement.
3. A processed movement's amount typed over (8,000.00 → 800.00), then `bank repost-all`: posted, 1020 7,200.00 off.
Each is refused or undone now, and the ledger keeps the statement's figures."""
from __future__ import annotations

from dataclasses import replace

import pytest

from engine.errors import ProblemsFound
from engine.services import bank, bank_post
from engine.services.posting_sink import LedgerJournal
from tests.bank.test_payment_booked_once import _paid_by_qr
from tests.posting.books import books


def _edit(book, movement_id, **typed):
    book.put("Movements", [replace(m, **typed) if m.movement_id == movement_id else m
                           for m in book.records("Movements")])


def _grouped_total_paid_by_its_details():
    from tests.bank.test_external_batch import _import, company_book, notification_facts, statement_total
    message_id, total, _, _ = notification_facts()
    book = company_book()
    owed = {d.number: d.balance for d in book.records("Documents")}
    _import(book, ("053", statement_total(message_id=message_id)), ("054", None))
    bank.reconcile(book)
    parent = next(m for m in book.records("Movements") if m.amount == total)
    paid = [p for p in book.records("Payments") if p.side == "sales"]
    assert parent.credit_account == "9909" and sum(p.amount for p in paid) == total  # the details paid it all
    return book, parent, owed


def test_a_total_booked_by_hand_after_its_details_paid_takes_their_payments_back():
    book, parent, owed = _grouped_total_paid_by_its_details()
    _edit(book, parent.movement_id, credit_account="1100", label="QR groupés (à la main)")
    result = bank.reconcile(book)
    # the money is credited to 1100 once, by the total: the invoices are as they were before the details came
    assert [p for p in book.records("Payments") if p.side == "sales"] == []
    assert {d.number: d.balance for d in book.records("Documents")} == owed
    assert any("open again" in p.message and p.severity == "warning" for p in result.problems)


def test_a_total_booked_by_hand_whose_details_payments_are_posted_is_refused():
    book, parent, _ = _grouped_total_paid_by_its_details()
    book.put("Payments", [replace(p, posted_session=3) for p in book.records("Payments")])
    _edit(book, parent.movement_id, credit_account="1100", action="post", modified=True)
    _, ledger = books()
    result = bank_post.post(book, sink=LedgerJournal(ledger))
    assert not [e for e in ledger.records("Journal") if e.amount == parent.amount]
    assert any("posted in session 3" in p.message for p in result.problems)
    assert next(m for m in book.records("Movements") if m.movement_id == parent.movement_id).state == "pending"


def _processed_and_withdrawn():
    book, credit = _paid_by_qr()
    _, ledger = books()
    sink = LedgerJournal(ledger)
    bank_post.post(book, sink=sink)
    bank_post.unpost_all(book, sink=sink)
    return book, credit, ledger, sink


def test_repost_refuses_a_processed_movement_typed_to_book_the_money_its_payment_books():
    book, credit, ledger, sink = _processed_and_withdrawn()
    book.put("Payments", [replace(p, posted_session=3) for p in book.records("Payments")])
    _edit(book, credit.movement_id, credit_account="3200", action="post")
    with pytest.raises(ProblemsFound) as refused:
        bank_post.repost_all(book, sink=sink)
    assert any(f"movement {credit.movement_id}" in p.message and "twice" in p.message
               for p in refused.value.problems)
    assert ledger.records("Journal") == ()


def test_repost_refuses_a_processed_movement_whose_bank_amount_was_typed_over():
    book, credit, ledger, sink = _processed_and_withdrawn()
    _edit(book, credit.movement_id, amount=credit.amount / 10)
    with pytest.raises(ProblemsFound) as refused:
        bank_post.repost_all(book, sink=sink)
    assert any("not what the bank file" in p.message for p in refused.value.problems)
    assert ledger.records("Journal") == ()


def test_accounts_typed_on_a_movement_its_payment_books_are_said_to_be_unused():
    """Re-audit of issue 15, finding 5: only the account of a recognised QR credit typed over (3200), Action left at
    skip: the sheet would show 1020/3200 while invoicing books the payment 1020/1100. Nothing counts twice, but the
    user is told the typed accounts are not used and how to use them."""
    book, credit = _paid_by_qr()
    assert credit.action == "skip"
    _edit(book, credit.movement_id, credit_account="3200")
    result = bank.reconcile(book)
    said = [p for p in result.problems if f"movement {credit.movement_id}" in p.message]
    assert len(said) == 1 and said[0].severity == "warning" and "Action is skip" in said[0].message
    assert [(p.document_number, p.amount) for p in book.records("Payments")] == [("F-1", credit.amount)]
