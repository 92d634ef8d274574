"""``comptoir check`` on a ledger: a revaluation batch no longer true. Each closing entry of ``ledger revalue``
says what the ledger held for its position when it was written ("(comptabilisé 4'700.00)"); when the ledger holds
something else on that day now (a session unposted or reposted, a payment posted on or before the closing day since),
the revaluation is older than what it revalued and must be run again."""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from engine.domain import revaluation
from engine.errors import ComptoirError, Problem
from engine.money import format_amount

ZERO = Decimal("0.00")
BATCH = re.compile(r"revaluation-(\d{4}-\d\d-\d\d)-")
RATE = re.compile(r" ([A-Z]{3}) -?[\d']+\.\d\d × ([\d.]+) = ")  # "EUR 600.00 × 0.9300 = 558.00"
BOOKED = re.compile(r"\(\S+ (-?[\d']+\.\d\d)\)$")  # the label's last words: "(comptabilisé -1'234.50)"


def problems(ledger) -> list[Problem]:
    journal = ledger.records("Journal")
    closing = _closing(journal)
    if not closing:
        return []  # no revaluation: the invoicing books are not opened
    return stale_holdings(ledger, journal, closing) + stale_rates(ledger, closing, _mandate_books(ledger))


def _mandate_books(ledger) -> list:
    """The invoicing books of the ledger's mandate that can be read (none without a mandate)."""
    from engine.mandate import invoicing_paths
    from engine.store.book import Book
    if ledger.path is None:
        return []
    try:
        return [Book.open(p) for p in invoicing_paths(ledger.path) if p.exists()]
    except (ComptoirError, OSError):
        return []


def stale_rates(ledger, closing: dict, books) -> list[Problem]:
    """A closing entry at a rate the invoicing book's Rates no longer give for its day (a row corrected since)."""
    from engine.services.rates import book_rates
    from engine.services.revaluation import batch_id
    table, out = ledger.table("Journal"), []
    for book in books:
        rates = book_rates(book)
        for batch, entries in closing.items():
            on = entries[0].date
            if batch != batch_id(on, book):
                continue
            for entry in entries:
                used = RATE.search(entry.label or "")
                now = rates.on(used[1], on) if used else None
                if now is not None and now != Decimal(used[2]):
                    out.append(Problem(table.source(entry, "amount"), f"the revaluation of {on:%d.%m.%Y} ({batch}) "
                                       f"is older than the {used[1]} rate it used: {used[2]}, {book.name} Rates give "
                                       f"{now} for that day now", f"run comptoir ledger revalue LEDGER --date "
                                       f"{on:%Y-%m-%d} again (it replaces its batch)", "warning"))
                    break
    return out


def _closing(journal) -> dict:
    """Revaluation batch → its closing entries (dated its day; the reversal the next day is left out)."""
    closing: dict = {}
    for e in journal:
        match = BATCH.match(e.batch or "")
        if match and e.date == date.fromisoformat(match[1]):
            closing.setdefault(e.batch, []).append(e)
    return closing


def stale_holdings(ledger, journal, closing: dict) -> list[Problem]:
    """A closing entry whose position the ledger holds at another amount on its day now."""
    table, out = ledger.table("Journal"), []
    for batch, entries in closing.items():
        on = entries[0].date
        held = revaluation.held(journal, on, batch)
        for entry in entries:
            booked = BOOKED.search(entry.label or "")
            if booked is None:
                continue
            # the revalued account is the balance-sheet one (classes 1 and 2), the other the gain or loss
            account = entry.debit if entry.debit[:1] in ("1", "2") else entry.credit
            was = Decimal(booked[1].replace("'", ""))
            now = held.get((account, entry.group or ""), ZERO)
            if abs(now) != abs(was):  # "booked" is positive for a debt too (its side says which way)
                what = f"{entry.group} on {account}" if entry.group else account
                out.append(Problem(
                    table.source(entry, "amount"),
                    f"the revaluation of {on:%d.%m.%Y} ({batch}) is older than what it revalued: it was made when "
                    f"the ledger held {_chf(was)} for {what} on that day, it holds {_chf(now)} now (a session "
                    "unposted or reposted, or a payment posted since)",
                    f"run comptoir ledger revalue LEDGER --date {on:%Y-%m-%d} again (it replaces its batch)",
                    "warning"))
                break  # one warning a batch: running it again redoes all of it
    return out


def _chf(amount: Decimal) -> str:
    return f"CHF {format_amount(amount, revaluation.SWISS)}"
