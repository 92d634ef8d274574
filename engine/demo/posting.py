"""Demo step: post the demo year (sales and purchases) through the mandate, pull it into the ledger and print the
trial balance totals; then undo and redo the session to show that unpost / repost round-trip to the same Journal."""
from __future__ import annotations

from datetime import date

from engine import mandate
from engine.demo import statement
from engine.domain.ledger_reports import trial_balance
from engine.i18n import tr, written
from engine.money import format_amount
from engine.services import ledger_sync, posting
from engine.services.posting_sink import MandateSink
from engine.store.book import Book


def _journal(ledger) -> list[tuple]:
    return sorted((e.date, e.voucher, e.debit, e.credit, e.amount) for e in ledger.records("Journal"))


def open_the_year(ctx) -> None:
    """The bookkeeper's opening entry: the bank's balance carried forward (the camt statement's OPBD), 1020 / 9100,
    so that 1020 ends at the statement's closing balance."""
    ledger = Book.open(ctx.ledger)
    journal = ledger.records("Journal")
    if any(e.voucher == "OUV" for e in journal):
        return
    next_id = max((e.entry_id or 0 for e in journal), default=0) + 1
    ledger.put("Journal", [*journal, ledger.new(
        "Journal", entry_id=next_id, date=date(ctx.year, 1, 1), voucher="OUV", debit="1020", credit="9100",
        amount=statement.OPENING, currency="CHF", label=written("Bank opening balance", ctx.language))])
    ledger.save()


def step(ctx) -> str:
    until = date(ctx.year, 12, 31)
    open_the_year(ctx)
    with mandate.open_book(ctx.invoicing) as m:
        sink = MandateSink(m)
        result = posting.post(Book.open(ctx.invoicing), None, until, "all", sink=sink)
        if result.session is None:
            return tr("posting: nothing to post up to {date}", ctx.language, date=until)
        pulled = ledger_sync.pull_into_ledger(Book.open(ctx.ledger), m)
        first = _journal(Book.open(ctx.ledger))
        rows = trial_balance(Book.open(ctx.ledger).records("Journal"))
        debit, credit = sum(r.debit for r in rows), sum(r.credit for r in rows)
        posting.unpost(Book.open(ctx.invoicing), None, result.session, sink=sink)
        ledger_sync.pull_into_ledger(Book.open(ctx.ledger), m)
        undone = len(Book.open(ctx.ledger).records("Journal"))
        again = posting.post(Book.open(ctx.invoicing), None, until, "all", sink=sink)
        ledger_sync.pull_into_ledger(Book.open(ctx.ledger), m)
        same = _journal(Book.open(ctx.ledger)) == first
    ctx.facts["posting_session"] = again.session
    ctx.facts["posted_entries"] = result.entries
    return tr("posting: session {session} published to the mandate, {entries} entries pulled into the ledger "
              "({documents} documents, {payments} payments); trial balance debit {debit} = credit {credit}; unpost "
              "left {undone} entries, repost gave the same Journal: {same}", ctx.language, session=result.session,
              entries=pulled.entries, documents=result.documents, payments=result.payments,
              debit=format_amount(debit), credit=format_amount(credit), undone=undone,
              same=tr("yes", ctx.language) if same else tr("no", ctx.language))
