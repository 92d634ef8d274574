"""Demo step: post the demo year (sales and purchases), print the trial balance totals, then undo and redo the
session to show that unpost / repost round-trip to the same Journal."""
from __future__ import annotations

from datetime import date

from engine.domain.ledger_reports import trial_balance
from engine.money import format_amount
from engine.services import posting
from engine.store.book import Book


def _journal(ledger) -> list[tuple]:
    return sorted((e.date, e.voucher, e.debit, e.credit, e.amount) for e in ledger.records("Journal"))


def step(ctx) -> str:
    until = date(ctx.year, 12, 31)
    result = posting.post(Book.open(ctx.invoicing), Book.open(ctx.ledger), until, "all")
    if result.session is None:
        return f"posting: nothing to post up to {until}"
    first = _journal(Book.open(ctx.ledger))
    rows = trial_balance(Book.open(ctx.ledger).records("Journal"))
    debit, credit = sum(r.debit for r in rows), sum(r.credit for r in rows)
    posting.unpost(Book.open(ctx.invoicing), Book.open(ctx.ledger), result.session)
    undone = len(Book.open(ctx.ledger).records("Journal"))
    posting.post(Book.open(ctx.invoicing), Book.open(ctx.ledger), until, "all")
    same = _journal(Book.open(ctx.ledger)) == first
    ctx.facts["posting_session"] = result.session
    ctx.facts["posted_entries"] = result.entries
    return (f"posting: session {result.session}, {result.entries} entries ({result.documents} documents, "
            f"{result.payments} payments); trial balance debit {format_amount(debit)} = credit "
            f"{format_amount(credit)}; unpost left {undone} entries, repost gave the same Journal: {same}")
