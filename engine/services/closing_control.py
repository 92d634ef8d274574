"""The control totals of a closed period (the Closings sheet), so a Journal row typed into a closed year is seen.

A closed period is the one the statements, the VAT return and the next year's opening were made from; a row typed
into it in Excel afterwards (the audit's 6000 / 1020 700.00 dated 20.12.2026) changed its profit without a word:
`check` said 0 errors and `open --replace` carried it. ``ledger close`` records, per period, the number of entries,
their total, the highest EntryId and a fingerprint; `check` compares the closed periods with them and names the
rows added since (EntryId after the last one at the close), or the period whose entries changed. A period closed
before the sheet existed has nothing to compare, and no error, until ``ledger close`` is run on it again.
"""
from __future__ import annotations

import hashlib

from engine.money import ZERO
from engine.errors import Problem, Source


def _entries(journal, period) -> list:
    return [e for e in journal if e.date and period.start <= e.date <= period.end]


def fingerprint(entries) -> str:
    """Of what makes the balances: date, accounts and amount of each entry, in an order independent of the rows'."""
    text = "\n".join(sorted(f"{e.date:%Y-%m-%d}|{e.debit}|{e.credit}|{e.amount}" for e in entries))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def record(ledger, periods) -> None:
    """Set the control totals of ``periods`` (being closed) from today's Journal."""
    journal = ledger.records("Journal")
    names = {p.period for p in periods}
    rows = [c for c in ledger.records("Closings") if c.period not in names]
    for p in periods:
        entries = _entries(journal, p)
        rows.append(ledger.new("Closings", period=p.period, entries=len(entries),
                               total=sum((e.amount for e in entries), ZERO),
                               last_entry=max((e.entry_id or 0 for e in entries), default=0),
                               fingerprint=fingerprint(entries)))
    ledger.put("Closings", rows)


def record_missing(ledger, periods) -> tuple[str, ...]:
    """Record the control totals of those closed ``periods`` that have none (closed before the Closings sheet):
    ``ledger close`` run again on such a year adopts its entries as they are today."""
    known = {c.period for c in ledger.records("Closings")}
    missing = [p for p in periods if p.period not in known]
    if missing:
        record(ledger, missing)
    return tuple(p.period for p in missing)


def problems(ledger, only=None) -> list[Problem]:
    """Closed periods (all, or those named in ``only``) whose entries are no longer those recorded at their close:
    each row typed in since named at its Journal row, else the period itself."""
    control = {c.period: c for c in ledger.records("Closings")}
    journal = ledger.records("Journal")
    out = []
    for p in ledger.records("Periods"):
        c = control.get(p.period)
        if not p.closed or c is None or not (p.start and p.end) or (only is not None and p.period not in only):
            continue
        entries = _entries(journal, p)
        if fingerprint(entries) == c.fingerprint:
            continue
        hint = (f"a closed year is corrected by reopening it (comptoir ledger reopen {ledger.name} --year "
                f"{p.start.year}), booking the correction, closing it again and carrying it (ledger open --replace); "
                "otherwise delete the row or book it in the open year")
        late = [e for e in entries if (e.entry_id or 0) > (c.last_entry or 0)]
        for e in late:
            out.append(Problem(Source(ledger.name, "Journal", e.row),
                               f"entry {e.voucher or e.entry_id} of {e.date:%d.%m.%Y} ({e.debit} / {e.credit} "
                               f"{e.amount}) was typed into the closed period {p.period} after its close", hint))
        if not late:
            total = sum((e.amount for e in entries), ZERO)
            out.append(Problem(Source(ledger.name, "Periods", p.row),
                               f"the entries of the closed period {p.period} changed since its close: {c.entries} "
                               f"entries totalling {c.total} then, {len(entries)} totalling {total} now", hint))
    return out
