"""Each bank account's own accounts (issue 17, "comptes à imputer" per bank account; banking manual §2.2: with
several banks, 9907.01 / 9907.02, 2003.01 / 2003.02 …, so each bank's unsorted money and pending orders are brought
to zero on their own).

Two accounts, expected by hand before running:
- PostFinance (ledger 1010, ReceiptsToSort 9907.01, nothing else named): an unknown credit of 80.00 → 1010 / 9907.01;
  bank charges 5.00 → 6940 / 1010 (the type's account: the bank names no ChargesAccount);
- Banque (ledger 1020, ReceiptsToSort 9907.02, PaymentsPending 2003.02, CashAccount 1001): an unknown credit of
  250.00 → 1020 / 9907.02; the debit of order 1 (R-1, 1081.00, sent from this bank) → 2003.02 / 1020; an ATM
  withdrawal of 200.00 → 1001 / 1020; and a new payment order for R-2 (540.50) from this bank waits on 2003.02.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from bench.camt_gen import OWN_IBAN
from engine.formats import camt
from engine.services import bank, payments
from tests.bank.scenario import invoicing_book
from tests.bank.test_movement_typing import _entry, _statement

SECOND = "CH5604835012345678009"


def _order_debit(amount: str, e2e: str) -> str:
    return _entry(amount, "DBIT", "PMNT/ICDT/AUTT", f"<TxDtls><Refs><EndToEndId>{e2e}</EndToEndId></Refs></TxDtls>")


def _book():
    book = invoicing_book(0, orders=[dict(order_id=1, invoice_number="R-1", status=">BA", amount=D("1081.00"),
                                          end_to_end_id="E2E-R1", debit_iban=SECOND, currency="CHF")])
    book.put("BankAccounts", [
        book.new("BankAccounts", iban=OWN_IBAN, name="PostFinance", currency="CHF", ledger_account="1010",
                 receipts_to_sort="9907.01"),
        book.new("BankAccounts", iban=SECOND, name="Banque", currency="CHF", ledger_account="1020",
                 receipts_to_sort="9907.02", payments_pending="2003.02", cash_account="1001")])
    book.put("Creditors", [book.new("Creditors", creditor_id=1, name="Fournisseur SA", iban="CH9300762011623852957",
                                    town="Lausanne", country="CH")])
    book.put("ReceivedInvoices", [
        book.new("ReceivedInvoices", number="R-1", stage="F", status=">BA", creditor_id=1, date=date(2024, 1, 1),
                 amount=D("1081.00"), balance=D("1081.00")),
        book.new("ReceivedInvoices", number="R-2", stage="F", status="F", creditor_id=1, date=date(2024, 2, 1),
                 due_date=date(2024, 3, 2), amount=D("540.50"), balance=D("540.50"))])
    first = _statement(_entry("80.00", "CRDT", "PMNT/RCDT/ESCT"), _entry("5.00", "DBIT", "ACMT/MDOP/CHRG"))
    second = _statement(_entry("250.00", "CRDT", "PMNT/RCDT/ESCT"), _order_debit("1081.00", "E2E-R1"),
                        _entry("200.00", "DBIT", "PMNT/CCRD/CWDL")).replace(OWN_IBAN.encode(), SECOND.encode())
    bank.import_documents(book, [camt.parse(first, source="pf.xml"), camt.parse(second, source="banque.xml")])
    bank.reconcile(book)
    return book


def test_each_bank_books_on_its_own_accounts():
    book = _book()
    got = {(m.bank_iban, m.amount): (m.debit_account, m.credit_account) for m in book.records("Movements")}
    assert got == {
        (OWN_IBAN, D("80.00")): ("1010", "9907.01"),
        (OWN_IBAN, D("5.00")): ("6940", "1010"),
        (SECOND, D("250.00")): ("1020", "9907.02"),
        (SECOND, D("1081.00")): ("2003.02", "1020"),
        (SECOND, D("200.00")): ("1001", "1020"),
    }


def test_an_order_sent_from_a_bank_waits_on_that_banks_pending_account():
    book = _book()
    payments.propose_payments(book, today=date(2024, 2, 20), numbers=["R-2"], debit_iban=SECOND)
    waiting = [p for p in book.records("Payments") if p.document_number == "R-2"]
    assert [(p.account, p.amount) for p in waiting] == [("2003.02", D("540.50"))]


def test_the_portal_opens_only_a_web_address(tmp_path, monkeypatch, capsys):
    """`bank portal` and the ribbon's Bank portal open the account's e-banking address; a file: or script address
    typed in the cell is refused, naming the account and the column."""
    import webbrowser
    from addin import ribbon
    from engine.cli import main
    from engine.store.book import Book
    from tests.addin.fake_excel import FakeBook
    from tests.addin.test_ribbon_actions import select
    opened = []
    monkeypatch.setattr(webbrowser, "open", opened.append)
    path = tmp_path / "ventes.xlsx"
    assert main(["new", "invoicing", str(path)]) == 0
    b = Book.open(path)
    b.put("BankAccounts", [b.new("BankAccounts", iban=OWN_IBAN, name="PostFinance", ledger_account="1010",
                                 portal_url="https://www.postfinance.ch/ebanking"),
                           b.new("BankAccounts", iban=SECOND, name="Banque", ledger_account="1020",
                                 portal_url="file:///C:/Windows/system32/calc.exe")])
    b.save()
    assert main(["bank", "portal", str(path), "--iban", OWN_IBAN, "--open"]) == 0
    assert opened == ["https://www.postfinance.ch/ebanking"]
    assert main(["bank", "portal", str(path), "--iban", SECOND, "--open"]) != 0
    assert "is not a web address" in capsys.readouterr().err and len(opened) == 1
    xl = FakeBook.from_file(path)
    select(xl, "BankAccounts", Book.open(path).records("BankAccounts")[0].row)
    assert "postfinance" in ribbon.bank_portal(xl) and opened[-1] == "https://www.postfinance.ch/ebanking"
