"""A receipt is counted once (audit of issue 15). Recognition records a QR payment on the invoice (Payments, posted
by invoicing 1020 / 1100); when the bookkeeper books the movement otherwise by hand — here as a down payment on
2030 — the recorded payment goes and the invoice is open again, so 1020 holds the bank's 500.00 once. Put back to
pending, the same: recognised again later, it pays the invoice again. A payment already posted stays, and both are
refused with the session to undo. By hand: F-1 owes amount(1); the credit is amount(1)."""
from __future__ import annotations

from dataclasses import replace

import pytest

from bench.camt_gen import qr_reference
from engine.errors import ProblemsFound
from engine.services import bank, bank_post
from engine.services.posting_sink import LedgerJournal
from tests.bank.scenario import amount
from tests.bank.test_movement_typing import _entry, _qr_payment, _recognised
from tests.posting.books import books


def _paid_by_qr():
    book, (credit,) = _recognised(_entry(str(amount(1)), "CRDT", "PMNT/RCDT/AUTT", _qr_payment(qr_reference(1))))
    assert [(p.document_number, p.amount) for p in book.records("Payments")] == [("F-1", amount(1))]
    return book, credit


def _owed(book, number="F-1"):
    return next(d for d in book.records("Documents") if d.number == number).balance


def test_a_recognised_payment_booked_otherwise_by_hand_is_removed():
    book, credit = _paid_by_qr()
    edited = replace(credit, credit_account="2030", action="post", label="Acompte")  # typed in the sheet
    book.put("Movements", [edited if m.movement_id == credit.movement_id else m for m in book.records("Movements")])
    result = bank.reconcile(book)
    assert book.records("Payments") == () and _owed(book) == amount(1)
    assert any("is open again" in p.message and p.severity == "warning" for p in result.problems)
    _, ledger = books()
    bank_post.post(book, sink=LedgerJournal(ledger))
    assert [(e.debit, e.credit, e.amount) for e in ledger.records("Journal")] == [("1020", "2030", amount(1))]


def test_back_to_pending_gives_the_payment_back_and_recognition_records_it_again():
    book, credit = _paid_by_qr()
    count, warnings = bank_post.back_to_pending(book, [credit.movement_id], sink=LedgerJournal(books()[1]))
    assert book.records("Payments") == () and _owed(book) == amount(1)
    # the user is told why F-1 is open again: what they did, not "booked by hand"
    assert count == 1 and [w.severity for w in warnings] == ["warning"]
    assert "is put back to pending" in warnings[0].message and "F-1 is open again" in warnings[0].message
    bank.reconcile(book)
    assert [(p.document_number, p.amount) for p in book.records("Payments")] == [("F-1", amount(1))]
    assert _owed(book) == 0


def test_a_posted_payment_is_never_booked_again_by_its_movement():
    book, credit = _paid_by_qr()
    book.put("Payments", [replace(p, posted_session=4) for p in book.records("Payments")])
    with pytest.raises(ProblemsFound, match="unpost session 4|posted in session 4"):
        bank_post.back_to_pending(book, [credit.movement_id], sink=LedgerJournal(books()[1]))
    book.put("Movements", [replace(m, action="post", credit_account="2030", modified=True)
                           if m.movement_id == credit.movement_id else m for m in book.records("Movements")])
    _, ledger = books()
    result = bank_post.post(book, sink=LedgerJournal(ledger))
    assert ledger.records("Journal") == () and any("posted in session 4" in p.message for p in result.problems)
    assert next(m for m in book.records("Movements") if m.movement_id == credit.movement_id).state == "pending"


def test_details_of_a_total_booked_by_hand_pay_nothing():
    """The grouped QR total (PostFinance's real advice, 1537.00) booked by hand on 1100 before its camt.054 came:
    the details would pay the invoices a second time through 9909 (1100 credited twice, 9909 left at the total).
    They wait instead, saying why; the invoices stay as they are."""
    from tests.bank.test_external_batch import _import, company_book, notification_facts, statement_total
    message_id, total, _, _ = notification_facts()
    book = company_book()
    _import(book, ("053", statement_total(message_id=message_id)))
    bank.reconcile(book)
    parent = next(m for m in book.records("Movements") if m.amount == total)
    assert parent.credit_account == "9909"
    by_hand = replace(parent, credit_account="1100", label="QR groupés (à la main)")
    book.put("Movements", [by_hand if m.movement_id == parent.movement_id else m for m in book.records("Movements")])
    owed = {d.number: d.balance for d in book.records("Documents")}
    _import(book, ("054", None))
    bank.reconcile(book)
    details = [m for m in book.records("Movements") if m.parent == parent.movement_id]
    assert len(details) == 5 and all(m.action == "pending" and "by hand on 1100" in m.why for m in details)
    assert book.records("Payments") == () and {d.number: d.balance for d in book.records("Documents")} == owed


def test_charges_the_bank_deducted_are_paid_by_the_payer_too():
    """Audit of issue 15: a QR credit of due − 5.00 with charges of 5.00 included (ChrgInclInd true) left the invoice
    open for 5.00 (a reminder to a client who paid in full). The payer paid the whole invoice: F-1 is paid,
    1020 receives due − 5.00 and 6940 Frais bancaires the 5.00 (6940 / 1100), so 1100 is credited due in all."""
    from decimal import Decimal as D
    due = amount(1)
    charges = ("<Chrgs><Rcrd><Amt Ccy=\"CHF\">5.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><ChrgInclInd>true</ChrgInclInd>"
               "</Rcrd></Chrgs>")
    detail = _qr_payment(qr_reference(1)).replace("<RltdPties>", charges + "<RltdPties>", 1)
    book, (credit,) = _recognised(_entry(str(due - 5), "CRDT", "PMNT/RCDT/AUTT", detail))
    assert credit.charges == D("5.00")
    got = sorted((p.account, p.amount) for p in book.records("Payments"))
    assert got == [("1020", due - 5), ("6940", D("5.00"))] and _owed(book) == 0
