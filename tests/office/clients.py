"""Generated client companies for the fiduciary office's tests and bench/office.py: each a folder with its invoicing
and ledger books, a local mandate linking them, and a bank drop folder holding a year's camt.053.

The invoicing book has the open invoices the statement's first QR credits pay (tests/bank/scenario.py's amounts and
references), rules for the first card merchants, one bank account (the generator's IBAN, ledger account 1020); the
ledger has the year 2024 open. Same arguments, same books and file.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from bench.camt_gen import NAMES, OWN_IBAN, generate
from engine import mandate as mandates
from engine import templates
from engine.store.book import Book
from tests.bank.scenario import amount, qr_reference

PAID_SHARE = 4  # one movement in four pays an open invoice by QR reference


def make_client(folder: Path, *, movements: int = 200, seed: int = 1, name: str | None = None,
                invoices=None) -> Path:
    """A client company's folder under ``folder``; returns it. ``movements=0``: no statement (the test drops its
    own); ``invoices``: how many open invoices F-1… (default: one for each QR credit the statement pays)."""
    folder = Path(folder)
    (folder / "bank").mkdir(parents=True, exist_ok=True)
    invoicing, ledger = templates.write("invoicing", folder / "invoicing.xlsx"), templates.write(
        "ledger", folder / "ledger.xlsx")
    paid = movements // PAID_SHARE if invoices is None else invoices
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
    if movements:
        with (folder / "bank" / "camt053_2024.xml").open("wb") as out:
            generate(out, entries=movements, seed=seed, invoices=[(qr_reference(n), amount(n))
                                                                  for n in range(1, paid + 1)])
    mandates.create_local(folder, name or folder.name, invoicing=[invoicing], ledger=ledger).close()
    return folder


def statement(path: Path, entries, *, day: date = date(2024, 3, 4), opening: Decimal = Decimal("10000.00")) -> Path:
    """A camt.053 of the generator's IBAN with exactly ``entries``: (n, kind, amount, reference) — ``n`` picks the
    partner (NAMES[n % 10]) and the references; kinds as in engine/demo/camt_gen.py."""
    import random

    from engine.demo.camt_gen import NAMESPACE, _balance, _entry
    rnd = random.Random(1)
    body, closing = [], opening
    for n, kind, money, reference in entries:
        xml, direction = _entry(n, kind, Decimal(money), day, rnd, reference)
        body.append(xml)
        closing += Decimal(money) if direction == "CRDT" else -Decimal(money)
    path.write_bytes((
        f'<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="{NAMESPACE}"><BkToCstmrStmt>'
        f"<GrpHdr><MsgId>HAND-{path.stem}</MsgId><CreDtTm>{day}T23:59:59</CreDtTm></GrpHdr>"
        f"<Stmt><Id>HAND-{path.stem}</Id><ElctrncSeqNb>1</ElctrncSeqNb><CreDtTm>{day}T23:59:59</CreDtTm>"
        f"<Acct><Id><IBAN>{OWN_IBAN}</IBAN></Id><Ccy>CHF</Ccy></Acct>{_balance('OPBD', opening, day)}"
        f"{_balance('CLBD', closing, day)}\n{''.join(body)}</Stmt></BkToCstmrStmt></Document>\n").encode())
    return path
