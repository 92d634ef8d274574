"""Where posted sessions go: the ledger book's Journal directly (until the mandate is wired), or a mandate.

A sink has two verbs: ``publish(batch)`` (import once; the same batch id again replaces its rows) and
``withdraw(batch_id)`` (remove a withdrawn session). The ledger imports a session once, whichever way it travels.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from engine.domain import ledger_edits
from engine.domain.periods import closed_for, refuse_closed, refuse_outside
from engine.domain.posting.entry import Entry
from engine.errors import BusinessRuleError, Problem, Source
from engine.i18n import language as i18n_language, tr
from engine.money import format_amount
from engine.schema import terms
from engine.services import ledger_batches
from engine.services.posting_vat_codes import refuse_unknown_vat_codes
from engine.store.records import build, record_class

ZERO = Decimal("0.00")


@dataclass(frozen=True, slots=True, kw_only=True)
class PostingBatch:
    batch_id: str
    source: str  # the invoicing book's name
    session: int
    kind: str  # sales | purchases | all
    entries: tuple[Entry, ...]


class Sink(Protocol):
    def publish(self, batch: PostingBatch) -> None: ...

    def check_withdraw(self, batch_ids) -> None: ...

    def withdraw(self, batch_id: str) -> None: ...


def described(batch: PostingBatch, language: str | None = None) -> str:
    """How a refusal names ``batch``: a bank batch by its number, as the Movements sheet shows it (audit of issue
    20: "posting session 3: entry B-2" named a bank batch as if it were an invoicing session); in ``language``."""
    if batch.kind == "bank":
        return tr("bank batch {batch}", language,
                  batch=next((e.voucher for e in batch.entries if e.voucher), batch.batch_id))
    return tr("posting session {session}", language, session=batch.session)


def refuse_closed_batch(periods, batch: PostingBatch, source: Source) -> None:
    """Raise when an entry of ``batch`` falls in a period the ledger has closed; a bank batch with the bank's hint
    (its movements' dates are the bank's: the period opens, or they are booked by hand in the open year)."""
    if batch.kind != "bank":
        refuse_closed(periods, batch.entries, described(batch), source)
        return
    # a refused bank batch is never recorded: its number names nothing the books hold, so the movements are named
    # (their ids in Movements) and the Periods row to open (second audit of issue 20, finding 5)
    closed = [(e, why) for e in batch.entries if (why := closed_for(periods, e.date))]
    if not closed:
        return
    ids = sorted({int(e.source.split(":", 1)[1]) for e, _ in closed
                  if (e.source or "").startswith("movement:") and e.source.split(":", 1)[1].isdigit()})
    first, why = closed[0]
    named = ", ".join(map(str, ids[:10])) + (tr(" … ({count} in all)", count=len(ids)) if len(ids) > 10 else "")
    row = next((getattr(p, "row", None) for p in periods if _holds(p, first.date)), None)
    said = i18n_language()
    raise BusinessRuleError(
        tr("the bank posting of movement(s) {named} ({sheet}): movement {movement} of {date} ({debit} / {credit} "
           "{amount}) falls in a closed period — {why}", named=named, sheet=terms.shown_sheet("Movements", said),
           movement=first.source.split(":", 1)[-1], date=f"{first.date:%d.%m.%Y}", debit=first.debit,
           credit=first.credit, amount=format_amount(first.amount), why=why),
        tr("reopen the period in the ledger's {periods} sheet ({closed} empty) and the next run posts the movements; "
           "or book them by hand in the open year and set their {action} to {skip}",
           periods=terms.shown_sheet("Periods", said), closed=terms.shown_header("Closed", "Periods", said),
           action=terms.shown_header("Action", "Movements", said), skip=terms.value("skip", said)),
        Source(source.file, sheet=source.sheet, row=row) if row else source)


def _holds(period, day) -> bool:
    """Whether the Periods row ``period`` (a record or the mandate's dict) spans ``day``."""
    start, end = (period.get(k) if isinstance(period, dict) else getattr(period, k, None) for k in ("start", "end"))
    start, end = (v.date() if hasattr(v, "date") and callable(v.date) else v for v in (start, end))
    return start is not None and end is not None and str(start)[:10] <= f"{day:%Y-%m-%d}" <= str(end)[:10]


def batch_stem(book) -> str:
    """The invoicing book's part of a batch id: its file name, in the characters a batch id keeps."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", (book.path.stem if book.path else book.name) or "book").strip("-.")


def entries_by_batch(journal) -> dict[str, list]:
    """The Journal's entries grouped by the batch that brought them (hand entries, without a batch, left out)."""
    out: dict[str, list] = {}
    for entry in journal:
        if entry.batch:
            out.setdefault(entry.batch, []).append(entry)
    return out


def refuse_unknown_accounts(ledger, entries, what: str) -> None:
    """Raise when an entry names an account the ledger's chart does not have (re-audit of issue 15: a bank's own
    9907.02 missing from Accounts was posted, and the trial balance showed accounts without a name). A ledger
    without a chart checks nothing."""
    chart = {a.number for a in ledger.records("Accounts")}
    if chart and (unknown := sorted({a for e in entries for a in (e.debit, e.credit)} - chart)):
        chart_sheet = ledger.title("Accounts")  # named as the ledger names it (issue 18)
        raise BusinessRuleError(tr("{what}: account {accounts} is not in the ledger's chart ({sheet})", ledger.language,
                                   what=what, accounts=", ".join(unknown), sheet=chart_sheet),
                                tr("add the account to the ledger's {sheet} sheet (and publish the chart: comptoir "
                                   "mandate chart), or correct the account where it comes from (the bank accounts, "
                                   "the settings, the movement or the document)", ledger.language, sheet=chart_sheet),
                                Source(ledger.name, chart_sheet))


def refuse_edited(ledger, entries, what: str) -> None:
    """Raise, naming the cell, when one of ``entries`` was changed by hand since it was posted."""
    for entry in entries:
        if ledger_edits.edited(entry):
            found = edited_entry(ledger, entry, tr("taking it back would lose the change", ledger.language),
                                 tr("type back what was posted (or clear its {column} cell to keep it as a hand "
                                    "entry), then try again", ledger.language,
                                    column=terms.header("Posted", ledger.language)))
            raise BusinessRuleError(f"{what}: {found.message}", found.hint, found.source)


COLUMNS = {"date": "Date", "debit": "Debit", "credit": "Credit", "amount": "Amount", "vat_code": "VatCode",
           "vat_amount": "VatAmount"}


def refuse_held(published, batch_id: str) -> None:
    """Raise when the ledger published ``batch_id`` as holding an entry typed over in its Journal."""
    for held in published.held_batches:
        if held.get("batch") == batch_id:
            raise BusinessRuleError(str(held.get("why")), "in the ledger, type back what was posted (or clear its "
                                    "Posted cell to keep it as a hand entry) and pull; then try again",
                                    Source("the mandate's ledger", "Journal"))


def edited_entry(ledger, entry, consequence: str, hint: str) -> Problem:
    """The problem of a posted entry changed by hand in the Journal: which, in which cell, and what it means now."""
    changed = ledger_edits.changed_fields(entry)
    language = ledger.language  # the ledger's words: its language, its column headers (issue 18)
    cells = (tr("its date, accounts, amount or VAT", language) if changed == ledger_edits.FIELDS
             else tr("its {columns}", language,
                     columns=", ".join(terms.header(COLUMNS[name], language) for name in changed)))
    return Problem(ledger.table("Journal").source(entry, changed[0] if len(changed) < 6 else "amount"),
                   tr("entry {entry} ({debit} / {credit} {amount}, batch {batch}): {cells} changed by hand since it "
                      "was posted; {consequence}", language, entry=entry.entry_id, debit=entry.debit,
                      credit=entry.credit, amount=entry.amount, batch=entry.batch, cells=cells,
                      consequence=consequence),
                   hint)


def refuse_lost_periods(ledger, entries, what: str) -> None:
    """Raise when an entry has a période d'imputation and the ledger's Journal has no column to keep it: the ledger
    would count it in the month of its date, unlike the invoicing side (a book made before the column)."""
    if "period" not in ledger.table("Journal").positions and any(e.period for e in entries):
        journal, column = ledger.title("Journal"), terms.header("Period", ledger.language, "Journal")
        raise BusinessRuleError(tr("{what}: its entries have an imputation period and the {sheet} of {book} has no "
                                   "{column} column (a book made before it)", ledger.language, what=what,
                                   sheet=journal, book=ledger.name, column=column),
                                tr("add a column headed {column} at the end of the {sheet} sheet, then try again",
                                   ledger.language, column=column, sheet=journal),
                                Source(ledger.name, "Journal"))


class LedgerJournal:
    """Writes batches into the ledger book's Journal (the caller saves the ledger book)."""

    def __init__(self, ledger):
        self.ledger = ledger

    def check_withdraw(self, batch_ids) -> None:
        """Refuse before anything is taken back when one of ``batch_ids`` has an entry in a closed period, or one
        changed by hand since it was posted (taking the batch back would silently drop the change)."""
        in_journal = entries_by_batch(self.ledger.records("Journal"))
        periods = self.ledger.records("Periods")
        for batch_id in batch_ids:
            entries = ledger_batches.taken_back(self.ledger, in_journal.get(batch_id, []))
            refuse_closed(periods, entries, f"taking back batch {batch_id}",
                          Source(self.ledger.name, "Periods"))
            refuse_edited(self.ledger, entries, f"taking back batch {batch_id}")

    def withdraw(self, batch_id: str) -> None:
        self.check_withdraw([batch_id])
        journal = self.ledger.records("Journal")
        kept = ledger_batches.without_batches(self.ledger, journal, {batch_id})
        if kept != list(journal):
            self.ledger.put("Journal", kept)
        ledger_batches.record(self.ledger, {}, removed=[batch_id])

    def publish(self, batch: PostingBatch) -> None:
        periods, source = self.ledger.records("Periods"), Source(self.ledger.name, "Periods")
        refuse_closed_batch(periods, batch, source)
        refuse_outside(periods, batch.entries, described(batch, self.ledger.language), source,  # as the pull does
                       self.ledger.language, self.ledger.title("Periods"))
        where = tr("posting session {session}", self.ledger.language, session=batch.session)
        refuse_unknown_accounts(self.ledger, batch.entries, where)
        refuse_unknown_vat_codes(self.ledger, batch.entries, where)
        refuse_lost_periods(self.ledger, batch.entries, where)
        journal = ledger_batches.without_batches(self.ledger, self.ledger.records("Journal"), {batch.batch_id})
        next_id = max((e.entry_id or 0 for e in journal), default=0) + 1
        cls = record_class(self.ledger.schema.sheet("Journal"))
        session = str(batch.session)
        for offset, e in enumerate(batch.entries):
            # Schema order (engine/schema/ledger.py JOURNAL) followed by the row; built without __init__ for speed.
            journal.append(build(cls, (
                next_id + offset, e.date, e.voucher or None, e.debit, e.credit, e.amount, "CHF",
                e.vat_code or None, e.vat_amount if e.vat_amount != ZERO else None, e.analytic_code or None,
                e.label or None,
                e.group or None, e.reference or None, session, batch.batch_id, batch.source or None,
                ledger_edits.fingerprint(e.date, e.debit, e.credit, e.amount, e.vat_code, e.vat_amount),
                e.period or None, None)))
        self.ledger.put("Journal", journal)
        ledger_batches.record(self.ledger, {batch.batch_id: (batch.session, batch.source, batch.entries)})


class MandateSink:
    """Publishes batches into a mandate (engine.mandate); the ledger pulls them with ``comptoir mandate pull``."""

    def __init__(self, mandate, ledger_book=None):
        self.mandate = mandate
        self.ledger_book = ledger_book  # the ledger's workbook already open (the office's night), else read here

    def _periods(self):
        """The ledger's periods: from its workbook when the mandate reaches it, else as last published (every
        `mandate pull` and `mandate chart` publishes them); with where they come from."""
        from engine import mandate as mandates
        from engine.services.mandate_check import mandate_ledger
        ledger = self.ledger_book or mandate_ledger(self.mandate)
        if ledger is not None:
            return ledger, ledger.records("Periods"), Source(ledger.name, "Periods")
        return None, mandates.reference(self.mandate).periods, Source(tr("the mandate's ledger"), "Periods")

    def refuse(self, batch: PostingBatch) -> None:
        """Raise what the ledger would refuse of ``batch`` (an entry in a period it has closed); the pull checks
        again."""
        ledger, periods, where = self._periods()
        refuse_closed_batch(periods, batch, where)
        said = (ledger.language, ledger.title("Periods")) if ledger is not None else ()
        refuse_outside(periods, batch.entries, described(batch, *said[:1]), where,  # a year the ledger has not opened
                       *said)

    def publish(self, batch: PostingBatch) -> None:
        from engine import mandate as mandates
        self.refuse(batch)
        entries = tuple(mandates.Entry(date=e.date, voucher=e.voucher, debit=e.debit, credit=e.credit,
                                       amount=e.amount, vat_code=e.vat_code, vat_amount=e.vat_amount,
                                       analytic_code=e.analytic_code, label=e.label, group=e.group,
                                       reference=e.reference, source_id=e.source, period=e.period)
                        for e in batch.entries)
        mandates.publish_batch(self.mandate, mandates.Batch(batch_id=batch.batch_id, source=batch.source,
                                                            session=batch.session,
                                                            kind=self.kind(batch), entries=entries))

    def kind(self, batch: PostingBatch) -> str:
        return "purchases" if batch.kind == "purchases" else "sales"

    def check_withdraw(self, batch_ids) -> None:
        """Refuse, before anything is taken back, what the pull would refuse: a batch with an entry in a period the
        ledger has closed, or (when the ledger's workbook is reachable) one whose entries were changed by hand in its
        Journal; else the invoicing book shows it unposted while the ledger keeps it (audits of issue 14 and 14e)."""
        from engine import mandate as mandates
        ledger, periods, where = self._periods()
        in_journal = entries_by_batch(ledger.records("Journal")) if ledger is not None else {}
        for batch_id in batch_ids:
            what = f"taking back batch {batch_id}"
            kept = ledger_batches.taken_back(ledger, in_journal.get(batch_id, [])) if ledger is not None else []
            refuse_closed(periods, [*mandates.entries_of(self.mandate, batch_id), *kept], what, where)
            if ledger is not None:
                refuse_edited(ledger, kept, what)
            else:  # as the ledger last published it (every pull does)
                refuse_held(mandates.reference(self.mandate), batch_id)

    def withdraw(self, batch_id: str) -> None:
        from engine import mandate as mandates
        mandates.withdraw_batch(self.mandate, batch_id)
