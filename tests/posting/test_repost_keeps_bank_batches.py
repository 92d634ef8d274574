"""`repost` and `unpost` redo what invoicing posted, never the bank's batches (audit of issue 17: `repost --from
2026-12-01` on the demo undid sessions 1 and 2 — 2 was bank batch B-1 — and withdrew its 51 entries from the ledger
while the 63 movements still read processed; 1020 showed 268,752.58 instead of 102,851.23). By hand: F-1 of 1,000.00
+ 81.00 is session 1 (1100 / 3200, 1100 / 2200); the bank's charges of 12.50 are batch B-1, session 2 (6940 / 1020).
Reposting from 01.03.2026 redoes session 1 only: the Journal holds the same three entries, B-1's among them."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from bench.camt_gen import OWN_IBAN
from engine.errors import BusinessRuleError
from engine.formats import camt
from engine.services import bank, bank_post, posting
from engine.services.posting_sink import LedgerJournal
from tests.bank.test_movement_typing import _entry, _statement
from tests.posting.books import books, invoice


def _posted_books():
    book, ledger = books()
    book.put("BankAccounts", [book.new("BankAccounts", iban=OWN_IBAN, name="Banque", currency="CHF",
                                       ledger_account="1020")])
    invoice(book, "F-1", [("3200", "TVA", "1000.00", "81.00")], on=date(2026, 3, 2))
    posting.post(book, ledger, date(2026, 3, 31), save=False)
    bank.import_documents(book, [camt.parse(_statement(_entry("12.50", "DBIT", "ACMT/MDOP/CHRG", day="2026-03-31")),
                                            source="mars.xml")])
    bank.reconcile(book)
    assert bank_post.post(book, sink=LedgerJournal(ledger)).entries == 1
    return book, ledger


def _entries(ledger):
    return sorted((e.debit, e.credit, e.amount) for e in ledger.records("Journal"))


def test_repost_leaves_the_bank_batches_in_the_ledger():
    book, ledger = _posted_books()
    before = _entries(ledger)
    assert ("6940", "1020", D("12.50")) in before and len(before) == 3
    undone, result = posting.repost(book, ledger, date(2026, 3, 1), None, save=False)
    assert undone == [1] and result.entries == 2
    assert _entries(ledger) == before
    assert [s.what for s in book.records("PostingSessions")].count("bank") == 1


def test_unpost_of_a_bank_batch_is_refused_and_says_which_command_does_it():
    book, ledger = _posted_books()
    bank_session = next(s.session for s in book.records("PostingSessions") if s.what == "bank")
    with pytest.raises(BusinessRuleError, match="bank batch"):
        posting.unpost(book, ledger, bank_session, save=False)
    # undoing the invoicing session before it leaves the bank batch where it is
    assert posting.unpost(book, ledger, 1, save=False) == [1]
    assert _entries(ledger) == [("6940", "1020", D("12.50"))]
