"""A EUR invoice paid into the CHF account (audit of issue 19, foreign currency, finding 5): recognition cannot know
which EUR amount the CHF credit settles, so it leaves the movement to sort and says to record the payment with the
CHF received (`documents pay --chf`). The auditor did so, but the movement still posted 1020/9907 as well: 1020 was
279.00 above the bank. By hand: F-1 is EUR 300.00 at 0.94 = CHF 282.00; the client's bank paid CHF 279.00 with the
invoice's reference; the payment (EUR 300.00, CHF 279.00) books 1020/1100 279.00 and the loss 3.00, and the movement
it comes from is that payment's: it posts nothing itself."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from bench.camt_gen import OWN_IBAN
from engine.formats import camt
from engine.services import bank, bank_post, sales_payments
from engine.services.posting_sink import LedgerJournal
from tests.bank.test_movement_typing import _entry, _statement
from tests.posting.books import books, invoice

REFERENCE = "RF18539007547034"
SCOR = ("<TxDtls><RmtInf><Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp>"
        f"<Ref>{REFERENCE}</Ref></CdtrRefInf></Strd></RmtInf></TxDtls>")


def test_the_chf_movement_of_a_payment_recorded_with_its_chf_posts_nothing_itself():
    book, ledger = books()
    book.put("BankAccounts", [book.new("BankAccounts", iban=OWN_IBAN, name="Banque", currency="CHF",
                                       ledger_account="1020")])
    invoice(book, "F-1", [("3200", "EXCLU", "300.00", "0.00")], on=date(2026, 3, 2), currency="EUR",
            exchange_rate=D("0.94"), qr_reference=REFERENCE)
    bank.import_documents(book, [camt.parse(_statement(_entry("279.00", "CRDT", "PMNT/RCDT/ESCT", SCOR,
                                                             day="2026-03-20")), source="mars.xml")])
    bank.reconcile(book)
    [credit] = book.records("Movements")
    assert credit.action == "post" and "F-1" in credit.why  # to sort, with the advice to record the payment
    sales_payments.record_payment(book, "F-1", D("300.00"), on=date(2026, 3, 20), amount_chf=D("279.00"))
    [paid] = book.records("Payments")
    assert paid.movement_id == credit.movement_id
    bank.reconcile(book)
    [credit] = book.records("Movements")
    assert credit.action == "skip"
    bank_post.post(book, sink=LedgerJournal(ledger))
    assert ledger.records("Journal") == ()  # the bank's 279.00 reaches 1020 once: through the payment
