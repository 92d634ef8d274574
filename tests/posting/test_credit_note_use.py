"""A credit note used on an invoice, agreed basis: the aide au pointage (manual §3.10: the partner account's extract
grouped by Groupe = document number) shows each document at its open balance — 0 for both when the note is used up —
and the clearing account of the use nets to 0 (manual §3.8.11: 2000 cannot be debited and credited in one entry).

The invariant checked here: per document, its partner account's group sums in the ledger to the document's open
balance in CHF (positive = the partner owes us)."""
from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal as D

from engine.services import purchases_settle, sales_payments
from engine.services.posting import post

from tests.posting.books import books, invoice, journal, pay, received

APRIL = date(2026, 4, 10)


def by_group(ledger, account: str) -> dict:
    """The account's extract grouped by Group: debit − credit per group."""
    out = defaultdict(lambda: D("0.00"))
    for e in ledger.records("Journal"):
        if e.debit == account:
            out[e.group] += e.amount
        if e.credit == account:
            out[e.group] -= e.amount
    return dict(out)


def balance(ledger, account: str) -> D:
    return sum(by_group(ledger, account).values(), D("0.00"))


def test_supplier_credit_note_used_up_leaves_both_documents_at_zero():
    book, ledger = books()
    received(book, "R-1", "1081.00")  # 1000.00 + 8.1 % input tax 81.00
    received(book, "R-2", "108.10", stage="N")  # 100.00 + 8.10 back
    purchases_settle.use_credit_note(book, "R-1", "R-2", date=APRIL)  # 108.10 used, R-1 still owes 972.90
    pay(book, "R-1", "972.90", APRIL, side="purchases")  # the rest paid: both documents are settled
    post(book, ledger, date(2026, 4, 30), save=False)
    # 2000 by group, credit − debit = what we owe:
    #   invoice −1081.00, use +108.10, payment +972.90 → 0.00
    #   credit note +108.10 (100.00 + 8.10), use −108.10 → 0.00
    assert by_group(ledger, "2000") == {"R-1": D("0.00"), "R-2": D("0.00")}
    assert balance(ledger, "2009") == D("0.00")  # +108.10 from R-1's half, −108.10 from R-2's
    uses = [row for row in journal(ledger) if "2009" in row[:2]]
    assert uses == [("2000", "2009", "108.10", "", "0.00"), ("2009", "2000", "108.10", "", "0.00")]


def test_supplier_credit_note_partly_used_shows_what_is_left_on_each():
    book, ledger = books()
    received(book, "R-1", "540.50")
    received(book, "R-2", "216.20", stage="N")
    purchases_settle.use_credit_note(book, "R-1", "R-2", date=APRIL, amount="100.00")
    post(book, ledger, date(2026, 4, 30), save=False)
    # owes 540.50 − 100.00 = 440.50 (2000 credit balance: −440.50 as debit − credit)
    # the supplier still owes us 216.20 − 100.00 = 116.20 (2000 debit balance)
    assert by_group(ledger, "2000") == {"R-1": D("-440.50"), "R-2": D("116.20")}
    assert balance(ledger, "2009") == D("0.00")


def test_client_credit_note_used_posts_one_pair_no_needless_entries():
    book, ledger = books()
    invoice(book, "F-1", [("3200", "TVA", "1000.00", "81.00")])
    invoice(book, "N-1", [("3200", "TVA", "100.00", "8.10")], stage="N", refers_to="F-1")
    sales_payments.refresh(book)
    sales_payments.apply_credit_note(book, "N-1", on=APRIL)  # 108.10 of N-1 on F-1
    pay(book, "F-1", "972.90", APRIL)
    post(book, ledger, date(2026, 4, 30), save=False)
    # 1100 by group, debit − credit = what the client owes:
    #   F-1: 1081.00 − 108.10 − 972.90 = 0.00 ; N-1: −108.10 + 108.10 = 0.00
    assert by_group(ledger, "1100") == {"F-1": D("0.00"), "N-1": D("0.00")}
    uses = [row for row in journal(ledger) if "1091" in row[:2]]  # Settings ClientCreditClearingAccount
    assert uses == [("1091", "1100", "108.10", "", "0.00"), ("1100", "1091", "108.10", "", "0.00")]  # was 4, via 2009
    assert balance(ledger, "1091") == D("0.00") and balance(ledger, "2009") == D("0.00")


def test_a_lone_row_linked_to_its_note_posts_both_halves():
    """A use typed by hand on the invoice only (LinkedDocument = the note): both halves, each in its group."""
    book, ledger = books()
    received(book, "R-1", "1081.00")
    received(book, "R-2", "108.10", stage="N")
    pid = pay(book, "R-1", "108.10", APRIL, kind="credit_note", side="purchases", account="2009")
    book.put("Payments", [p.__class__(**{**{f: getattr(p, f) for f in p.__dataclass_fields__},
                                        "linked_document": "R-2"}) if p.payment_id == pid else p
                          for p in book.records("Payments")])
    post(book, ledger, date(2026, 4, 30), save=False)
    # −1081.00 + 108.10 = −972.90 still owed ; R-2: +108.10 − 108.10 = 0.00
    assert by_group(ledger, "2000") == {"R-1": D("-972.90"), "R-2": D("0.00")}
    assert balance(ledger, "2009") == D("0.00")
