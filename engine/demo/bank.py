"""Demo step: the year's bank statement of the demo company — QR payments of its issued invoices, fees, interest,
salaries, ATM, cards (bench/camt_gen.py) — imported, recognised, invoices settled, batches posted."""
from __future__ import annotations

from datetime import date

from engine.errors import BusinessRuleError
from engine.store.book import Book


def step(ctx) -> str:
    from bench.camt_gen import generate  # the deterministic statement generator (camt.053.001.08)
    from engine.services import bank, bank_post
    book = Book.open(ctx.invoicing)
    issued = [(d.qr_reference, d.total_payable) for d in book.records("Documents")
              if d.stage == "F" and d.qr_reference and d.total_payable and (d.balance is None or d.balance > 0)]
    iban = book.records("BankAccounts")[0].iban.replace(" ", "")
    folder = ctx.folder / "bank"
    folder.mkdir(exist_ok=True)
    path = folder / f"camt053_{ctx.year}.xml"
    with open(path, "wb") as out:
        generate(out, entries=max(400, 4 * len(issued)), seed=ctx.year, invoices=issued, iban=iban,
                 start=date(ctx.year, 1, 1))
    imported = bank.import_statements(book, [folder])
    result = bank.reconcile(book)
    ledger = Book.open(ctx.ledger) if ctx.ledger else None
    try:
        posted = bank_post.post(book, sink=bank_post.default_sink(book))
    except BusinessRuleError:  # no mandate: post into the ledger book directly
        posted = bank_post.post(book, ledger=ledger)
        ledger.save()
    book.save()
    ctx.facts["bank_recognition_rate"] = result.rate
    return (f"bank: {imported.added} movements imported from {path.name}, {result.recognised}/{result.movements} "
            f"recognised ({result.rate:.1%}), {result.payments} invoices settled, batch {posted.batch} "
            f"({posted.entries} entries)")
