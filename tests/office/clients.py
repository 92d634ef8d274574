"""Generated client companies for the fiduciary office's tests and bench/office.py: each a folder with its invoicing
and ledger books, a local mandate linking them, and a bank drop folder holding a year's camt.053.

The invoicing book has the open invoices the statement's first QR credits pay (tests/bank/scenario.py's amounts and
references), rules for the first card merchants, one bank account (the generator's IBAN, ledger account 1020); the
ledger has the year 2024 open. Same arguments, same books and file.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from bench.camt_gen import NAMES, OWN_IBAN, generate
from engine import mandate as mandates
from engine import templates
from engine.store.book import Book
from tests.bank.scenario import amount, qr_reference

PAID_SHARE = 4  # one movement in four pays an open invoice by QR reference


def make_client(folder: Path, *, movements: int = 200, seed: int = 1, name: str | None = None) -> Path:
    """A client company's folder under ``folder``; returns it."""
    folder = Path(folder)
    (folder / "bank").mkdir(parents=True, exist_ok=True)
    invoicing, ledger = templates.write("invoicing", folder / "invoicing.xlsx"), templates.write(
        "ledger", folder / "ledger.xlsx")
    paid = movements // PAID_SHARE
    book = Book.open(invoicing)
    book.set_settings(DefaultLanguage="FR", CompanyName=name or folder.name)
    book.put("BankAccounts", [book.new("BankAccounts", iban=OWN_IBAN, name="Banque", currency="CHF",
                                       ledger_account="1020")])
    book.put("Clients", [book.new("Clients", client_id=n, company=f"Client {n} SA") for n in range(1, 11)])
    book.put("Documents", [book.new("Documents", number=f"F-{n}", stage="F", status="F", client_id=n % 10 + 1,
                                    date=date(2024, 1, 1), total_payable=amount(n), balance=amount(n),
                                    paid=amount(n) - amount(n), qr_reference=qr_reference(n))
                           for n in range(1, paid + 1)])
    book.put("Rules", [book.new("Rules", rule_id=n, order=n, active=True, title=f"Carte {merchant}",
                                contains=merchant, direction="debit", debit_account="6500",
                                label="{partner} {month:%m.%Y}")
                       for n, merchant in enumerate(NAMES[:8], 1)])
    book.save()
    ledger_book = Book.open(ledger)
    ledger_book.put("Periods", [ledger_book.new("Periods", period="2024", start=date(2024, 1, 1),
                                                end=date(2024, 12, 31), closed=False)])
    ledger_book.save()
    with (folder / "bank" / "camt053_2024.xml").open("wb") as out:
        generate(out, entries=movements, seed=seed, invoices=[(qr_reference(n), amount(n))
                                                              for n in range(1, paid + 1)])
    mandates.create_local(folder, name or folder.name, invoicing=[invoicing], ledger=ledger).close()
    return folder
