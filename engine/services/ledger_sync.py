"""The ledger side of a mandate: import waiting batches into the Journal exactly once, remove withdrawn ones,
and publish the chart (accounts, VAT codes, analytic codes, periods) back for the invoicing side's drop-downs.

A pull replaces every Journal row of a batch it imports (a re-posted batch replaces the old one), so applying the
same batch twice gives the same Journal: the book is saved first, the batches acknowledged after, and a crash in
between only means the next pull applies them again, harmlessly.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from engine import mandate as mandates
from engine.domain import ledger_edits
from engine.domain.periods import refuse_closed, refuse_outside
from engine.errors import BusinessRuleError, Source
from engine.i18n import tr
from engine.services import ledger_batches
from engine.services.posting_sink import (entries_by_batch, refuse_edited, refuse_lost_periods,
                                          refuse_unknown_accounts)
from engine.services.posting_vat_codes import refuse_unknown_vat_codes
from engine.store.book import Book
from engine.store.cells import READERS

REFERENCE_SHEETS = {"accounts": "Accounts", "vat_codes": "VatCodes", "analytic_codes": "AnalyticCodes",
                    "periods": "Periods"}


@dataclass(frozen=True, slots=True)
class PullResult:
    imported: int
    removed: int
    entries: int
    refused: tuple = ()  # why each batch left waiting was refused (a closed period)


def refused_batches(ledger: Book, batches) -> dict:
    """Batch id → why it cannot be applied: an entry it brings, or one it would take back, lies in a closed period
    of the ledger, one it brings in no period at all (a year the ledger has not opened), or one it would take back
    was changed by hand (it stays waiting in the mandate: nothing is lost,
    the bookkeeper decides)."""
    periods = ledger.records("Periods")
    journal = ledger.records("Journal")
    in_journal = entries_by_batch(journal)  # once: a pull brings hundreds of batches
    marked = ledger_batches.fingerprinted(journal, ledger.records("Batches"))
    refused = {}
    for batch in batches:
        replaced = [e for e in in_journal.get(batch.batch_id, []) if not ledger_batches.released(e, marked)]
        what = tr("batch {batch} of {source}", ledger.language, batch=batch.batch_id,
                  source=batch.source or tr("the invoicing book", ledger.language))
        try:
            refuse_closed(periods, [*(batch.entries if batch.action != "remove" else ()), *replaced], what,
                          Source(ledger.name, "Periods"))
            refuse_edited(ledger, replaced, what)
            if batch.action != "remove":
                refuse_outside(periods, batch.entries, what, Source(ledger.name, "Periods"), ledger.language,
                               ledger.title("Periods"))  # a year not opened
                refuse_unknown_accounts(ledger, batch.entries, what)
                refuse_unknown_vat_codes(ledger, batch.entries, what)
                refuse_lost_periods(ledger, batch.entries, what)
        except BusinessRuleError as error:
            refused[batch.batch_id] = str(error)
    return refused


def apply_batches(ledger: Book, batches) -> PullResult:
    """The Journal with ``batches`` applied (import replaces, remove deletes); the caller saves."""
    journal = list(ledger.records("Journal"))
    touched = {batch.batch_id for batch in batches}
    kept = ledger_batches.without_batches(ledger, journal, touched)  # released entries stay, as hand entries
    written = {}
    next_id = max((entry.entry_id or 0 for entry in journal), default=0) + 1
    imported = removed = count = 0
    for batch in batches:
        if batch.action == "remove":
            removed += 1
            continue
        imported += 1
        written[batch.batch_id] = (batch.session, batch.source, batch.entries)
        for entry in batch.entries:
            kept.append(ledger.new(
                "Journal", entry_id=next_id, date=entry.date, voucher=entry.voucher or None, debit=entry.debit,
                credit=entry.credit, amount=entry.amount, currency=entry.currency or "CHF",
                vat_code=entry.vat_code or None,
                vat_amount=entry.vat_amount if entry.vat_amount != Decimal("0.00") else None,
                analytic_code=entry.analytic_code or None, label=entry.label or None, group=entry.group or None,
                reference=entry.reference or None, session=str(batch.session) if batch.session else None,
                batch=batch.batch_id, source=batch.source or None,
                posted=ledger_edits.fingerprint(entry.date, entry.debit, entry.credit, entry.amount, entry.vat_code,
                                                entry.vat_amount), period=entry.period or None))
            next_id += 1
            count += 1
    ledger.put("Journal", kept)
    ledger_batches.record(ledger, written, removed=touched)
    return PullResult(imported, removed, count)


def pull_into_ledger(ledger: Book, mandate, saved=None) -> PullResult:
    """Import every waiting batch of ``mandate`` into ``ledger`` and save it; publish its periods first (the
    invoicing side refuses then to post or take back what lies in a period closed since, audit 14e). ``saved`` is
    told the batches applied once the ledger is saved, before the mandate hears of it (the office counts them)."""
    publish_state(ledger, mandate)
    waiting = mandates.waiting_batches(mandate)
    if not waiting:
        return PullResult(0, 0, 0)
    refused = refused_batches(ledger, waiting)
    applied = [b for b in waiting if b.batch_id not in refused]
    result = apply_batches(ledger, applied)
    if applied:
        ledger.save()
        if saved:
            saved(applied)
        mandates.acknowledge(mandate, applied)
    return replace(result, refused=tuple(refused.values()))


def _rows(records, fields) -> list[dict]:
    return [{name: getattr(record, name) for name in fields} for record in records]


def held_batches(ledger: Book) -> list[dict]:
    """The batches the pull would refuse to take back because an entry of theirs was typed over in the Journal."""
    marked = ledger_batches.fingerprinted(ledger.records("Journal"), ledger.records("Batches"))
    held = {}
    for batch_id, entries in entries_by_batch(ledger.records("Journal")).items():
        try:
            refuse_edited(ledger, [e for e in entries if not ledger_batches.released(e, marked)],
                          tr("taking back batch {batch}", ledger.language, batch=batch_id))
        except BusinessRuleError as error:
            held[batch_id] = str(error)
    return [{"batch": batch_id, "why": why} for batch_id, why in sorted(held.items())]


def publish_state(ledger: Book, mandate) -> bool:
    """Publish the ledger's Periods and its held batches to the mandate, each when it differs from what the mandate
    holds (no change, no revision: a watcher that pulls on each change is not woken by its own pull); True when
    something was published. The invoicing side then refuses to post into a period closed since, or to take back a
    batch typed over, even out of reach of the ledger's workbook (audit 14e)."""
    from engine.mandate.model import encode_json
    published = mandates.reference(mandate)
    now = {"periods": _rows(ledger.records("Periods"), ledger.schema.sheet("Periods").fields),
           "held_batches": held_batches(ledger)}
    kinds = tuple(kind for kind, rows in now.items() if encode_json(list(getattr(published, kind))) != encode_json(rows))
    if kinds:
        mandates.publish_reference(mandate, mandates.Reference(**now), kinds=kinds)
    return bool(kinds)


def publish_chart(ledger: Book, mandate) -> None:
    """Publish the ledger's reference data so invoicing offers only valid accounts and codes."""
    data = {kind: _rows(ledger.records(sheet), ledger.schema.sheet(sheet).fields)
            for kind, sheet in REFERENCE_SHEETS.items()}
    mandates.publish_reference(mandate, mandates.Reference(**data), kinds=tuple(REFERENCE_SHEETS))


def refresh_chart(invoicing: Book, mandate) -> int:
    """Copy the published accounts and VAT codes into the invoicing book's reference sheets; returns rows copied."""
    published = mandates.reference(mandate)
    copied = 0
    for kind, sheet in (("accounts", "Accounts"), ("vat_codes", "VatCodes")):
        rows = getattr(published, kind) or []
        if not rows:
            continue
        schema = invoicing.schema.sheet(sheet)
        records = []
        for row in rows:
            values = {name: row.get(name) for name in schema.fields if row.get(name) not in (None, "")}
            records.append(_typed(invoicing, sheet, values))
        invoicing.put(sheet, records)
        copied += len(records)
    return copied


def _typed(book: Book, sheet: str, values: dict):
    """Published values come back as exact strings: convert them with the column readers."""
    schema = book.schema.sheet(sheet)
    typed = {name: READERS[schema.column(name).kind](value) if isinstance(value, str) else value
             for name, value in values.items()}
    return book.new(sheet, **typed)
