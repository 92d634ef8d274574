"""Demo step: the year's bank statement of the demo company (engine/demo/statement.py) imported, recognised and
settled; the bookkeeper then teaches Comptoir the recurring card payments and the rent with rules made from a
movement, reconciles again, and posts the batch into the mandate."""
from __future__ import annotations

from datetime import date

from engine.demo.statement import CARD_MERCHANTS, build, lines_for
from engine.i18n import tr
from engine.services import bank, bank_post, bank_rules
from engine.store.book import Book

# What the bookkeeper answers for the movements Comptoir could not place: merchant → account.
TEACH = {**{merchant: ("6200" if "Shell" in merchant else "6500") for merchant, _ in CARD_MERCHANTS},
         "Régie du Boisy": "6000"}


def step(ctx) -> str:
    book = Book.open(ctx.invoicing)
    today = date(ctx.year, 12, 21)
    iban = book.records("BankAccounts")[0].iban.replace(" ", "")
    folder = ctx.folder / "bank"
    folder.mkdir(exist_ok=True)
    path = folder / f"camt053_{ctx.year}.xml"
    path.write_bytes(build(lines_for(book, ctx.year, today), iban, ctx.year))
    imported = bank.import_statements(book, [folder])
    first = bank.reconcile(book)
    taught = set()
    for movement in book.records("Movements"):
        account = TEACH.get(movement.counterparty or "")
        if account and movement.counterparty not in taught and movement.debit_account in ("9908", None):
            bank_rules.rule_from_movement(book, movement.movement_id, title=movement.counterparty,
                                          contains=movement.counterparty, account=account,
                                          label=f"{movement.counterparty} {{month}}")
            taught.add(movement.counterparty)
    again = bank.reconcile(book)
    book.save()
    posted = bank_post.post(book, sink=bank_post.default_sink(book))
    book.save()
    ctx.facts["bank_recognition_rate"] = again.rate
    return tr("bank: {added} movements imported from {file}; recognised {first} at first, {again} after {rules} rules "
              "made from movements; {payments} invoices settled by QR, {orders} payment orders executed; batch "
              "{batch} ({entries} entries)", ctx.language, added=imported.added, file=path.name,
              first=f"{first.rate:.0%}", again=f"{again.rate:.0%}", rules=len(taught), payments=first.payments,
              orders=first.orders, batch=posted.batch, entries=posted.entries)
