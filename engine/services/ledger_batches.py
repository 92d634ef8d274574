"""What the ledger keeps of each batch it received, and what taking a batch back leaves in the Journal.

Control totals (the Batches sheet: batch, session, source, number of entries, total): written when a batch is posted
into the Journal or pulled from a mandate, removed when it is taken back, so `check` sees a posted row deleted by
hand (audit 14e: F-2026-0005 1100/3200 100.00 deleted, 1100 differed from the debtors by 100.00 and check said 0
errors) or a row added to a batch. A ledger from before the sheet has nothing to compare, and no error.

Released entries: a posted entry whose Posted cell the bookkeeper cleared is theirs (the hint of every edited-entry
message says so). Taking its batch back or replacing it keeps the entry as a hand entry: Batch and Session cleared
(it no longer belongs to a batch the invoicing book can take back), Source kept to say where it came from.
"""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from engine.domain import ledger_edits
from engine.errors import Problem

ZERO = Decimal("0.00")


def fingerprinted(journal, batches_sheet=()) -> set[str]:
    """Batches posted by a version that fingerprints its entries: there an empty Posted cell was cleared by hand."""
    return {e.batch for e in journal if e.batch and e.posted} | {b.batch for b in batches_sheet}


def released(entry, marked: set[str]) -> bool:
    return bool(entry.batch) and not entry.posted and entry.batch in marked


def without_batches(ledger, journal, batch_ids) -> list:
    """``journal`` without the entries of ``batch_ids``, except released ones, kept as hand entries."""
    marked = fingerprinted(journal, ledger.records("Batches"))
    kept = []
    for entry in journal:
        if entry.batch not in batch_ids:
            kept.append(entry)
        elif released(entry, marked):
            kept.append(replace(entry, batch=None, session=None))
    return kept


def taken_back(ledger, entries) -> list:
    """The entries of a batch that taking it back removes (the released ones stay)."""
    marked = fingerprinted(ledger.records("Journal"), ledger.records("Batches"))
    return [e for e in entries if not released(e, marked)]


def record(ledger, written: dict, removed=()) -> None:
    """Set the control totals of ``written`` (batch id → (session, source, entries)) and drop those of ``removed``."""
    gone = set(removed) | set(written)
    rows = [b for b in ledger.records("Batches") if b.batch not in gone]
    for batch_id, (session, source, entries) in written.items():
        rows.append(ledger.new("Batches", batch=batch_id, session=str(session) if session else None,
                               source=source or None, entries=len(entries),
                               total=sum((e.amount for e in entries), ZERO)))
    if rows or gone & {b.batch for b in ledger.records("Batches")}:
        ledger.put("Batches", rows)


def problems(ledger) -> list[Problem]:
    """Each batch whose Journal rows are not what was posted: missing, extra, or another total."""
    controls = ledger.records("Batches")
    if not controls:
        return []
    journal = ledger.records("Journal")
    marked = fingerprinted(journal, controls)
    rows: dict[str, list] = {}
    for entry in journal:
        if entry.batch:
            rows.setdefault(entry.batch, []).append(entry)
    table, found = ledger.table("Journal"), []
    for control in controls:
        entries = rows.get(control.batch, [])
        where = ", ".join(f"row {e.row}" for e in entries) or "none left"
        what = f"batch {control.batch} (session {control.session}, {control.source or 'invoicing'})"
        if len(entries) != control.entries:
            lost = control.entries - len(entries)
            found.append(Problem(ledger.table("Batches").source(control, "entries"),
                                 f"{what} was posted with {control.entries} entries; the Journal has {len(entries)} "
                                 f"({where}): {abs(lost)} {'deleted' if lost > 0 else 'added'} by hand",
                                 "restore the deleted row (Excel's undo, or a backup) or delete the added one; to "
                                 "correct a posted document, unpost and repost it from invoicing" if lost > 0 else
                                 "delete the row typed into the batch (a hand entry has no Batch), or unpost and "
                                 "repost the session from invoicing"))
            continue
        if any(ledger_edits.edited(e) or released(e, marked) for e in entries):
            continue  # an edit is named on its own cell; a released entry is the bookkeeper's
        total = sum((e.amount for e in entries), ZERO)
        if total != control.total:
            found.append(Problem(table.source(entries[0], "amount"),
                                 f"{what} was posted with a total of {control.total}; its Journal rows ({where}) "
                                 f"add up to {total}",
                                 "type back what was posted, or unpost and repost the session from invoicing"))
    return found
