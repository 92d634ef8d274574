"""``comptoir check`` on a ledger: a revaluation batch no longer true. Each closing entry of ``ledger revalue``
says what the ledger held for its position when it was written ("(comptabilisé 4'700.00)"); when the ledger holds
something else on that day now (a session unposted or reposted, a payment posted on or before the closing day since),
the revaluation is older than what it revalued and must be run again."""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from engine.errors import Problem

ZERO = Decimal("0.00")
BATCH = re.compile(r"revaluation-(\d{4}-\d\d-\d\d)-")
BOOKED = re.compile(r"\(\S+ (-?[\d']+\.\d\d)\)$")  # the label's last words: "(comptabilisé -1'234.50)"


def problems(ledger) -> list[Problem]:
    journal = ledger.records("Journal")
    closing: dict = {}
    for e in journal:
        match = BATCH.match(e.batch or "")
        if match and e.date == date.fromisoformat(match[1]):  # the closing entries, not their reversal
            closing.setdefault(e.batch, []).append(e)
    table, out = ledger.table("Journal"), []
    for batch, entries in closing.items():
        on = entries[0].date
        for entry in entries:
            booked = BOOKED.search(entry.label or "")
            if booked is None:
                continue
            # the revalued account is the balance-sheet one (classes 1 and 2), the other the gain or loss
            account = entry.debit if entry.debit[:1] in ("1", "2") else entry.credit
            was = Decimal(booked[1].replace("'", ""))
            now = _held(journal, account, entry.group or "", on, batch)
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


def _held(journal, account: str, group: str, on: date, batch: str) -> Decimal:
    """What the ledger holds on ``account`` at ``on`` (for the document ``group`` only, when one), the batch's own
    entries left out; positive on the debit side."""
    total = ZERO
    for e in journal:
        if e.date is None or e.date > on or e.batch == batch or (group and e.group != group):
            continue
        total += (e.amount if e.debit == account else ZERO) - (e.amount if e.credit == account else ZERO)
    return total


def _chf(amount: Decimal) -> str:
    return f"CHF {amount:,.2f}".replace(",", "'")
