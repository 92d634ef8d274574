"""Where posted sessions go: the ledger book's Journal directly (until the mandate is wired), or a mandate.

A sink has two verbs: ``publish(batch)`` (import once; the same batch id again replaces its rows) and
``withdraw(batch_id)`` (remove a withdrawn session). The ledger imports a session once, whichever way it travels.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from engine.domain import ledger_edits
from engine.domain.periods import refuse_closed
from engine.domain.posting.entry import Entry
from engine.errors import BusinessRuleError, Problem, Source
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
        raise BusinessRuleError(f"{what}: account {', '.join(unknown)} is not in the ledger's chart (Accounts)",
                                "add the account to the ledger's Accounts sheet (and publish the chart: comptoir "
                                "mandate chart), or correct the account where it comes from (BankAccounts, "
                                "Settings, the movement or the document)", Source(ledger.name, "Accounts"))


def refuse_edited(ledger, entries, what: str) -> None:
    """Raise, naming the cell, when one of ``entries`` was changed by hand since it was posted."""
    for entry in entries:
        if ledger_edits.edited(entry):
            found = edited_entry(ledger, entry, "taking it back would lose the change",
                                 "type back what was posted (or clear its Posted cell to keep it as a hand entry), "
                                 "then try again")
            raise BusinessRuleError(f"{what}: {found.message}", found.hint, found.source)


def edited_entry(ledger, entry, consequence: str, hint: str) -> Problem:
    """The problem of a posted entry changed by hand in the Journal: which, where, and what it means now."""
    return Problem(ledger.table("Journal").source(entry, "amount"),
                   f"entry {entry.entry_id} ({entry.debit} / {entry.credit} {entry.amount}, batch {entry.batch}) was "
                   f"changed by hand since it was posted; {consequence}",
                   hint)


def refuse_lost_periods(ledger, entries, what: str) -> None:
    """Raise when an entry has a période d'imputation and the ledger's Journal has no column to keep it: the ledger
    would count it in the month of its date, unlike the invoicing side (a book made before the column)."""
    if "period" not in ledger.table("Journal").positions and any(e.period for e in entries):
        raise BusinessRuleError(f"{what}: its entries have an imputation period and the Journal of {ledger.name} has "
                                "no Period column (a book made before it)",
                                "add a column headed Period at the end of the Journal sheet, then try again",
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
            entries = in_journal.get(batch_id, [])
            refuse_closed(periods, entries, f"taking back batch {batch_id}",
                          Source(self.ledger.name, "Periods"))
            refuse_edited(self.ledger, entries, f"taking back batch {batch_id}")

    def withdraw(self, batch_id: str) -> None:
        self.check_withdraw([batch_id])
        journal = self.ledger.records("Journal")
        kept = tuple(e for e in journal if e.batch != batch_id)
        if len(kept) != len(journal):
            self.ledger.put("Journal", kept)

    def publish(self, batch: PostingBatch) -> None:
        refuse_closed(self.ledger.records("Periods"), batch.entries, f"posting session {batch.session}",
                      Source(self.ledger.name, "Periods"))
        refuse_unknown_accounts(self.ledger, batch.entries, f"posting session {batch.session}")
        refuse_lost_periods(self.ledger, batch.entries, f"posting session {batch.session}")
        journal = [e for e in self.ledger.records("Journal") if e.batch != batch.batch_id]
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


class MandateSink:
    """Publishes batches into a mandate (engine.mandate); the ledger pulls them with ``comptoir mandate pull``."""

    def __init__(self, mandate):
        self.mandate = mandate

    def publish(self, batch: PostingBatch) -> None:
        from engine import mandate as mandates
        # the ledger's periods as last published to this mandate (`comptoir mandate chart`); the pull checks again
        refuse_closed(mandates.reference(self.mandate).periods, batch.entries, f"posting session {batch.session}",
                      Source("the mandate's ledger", "Periods"))
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
        """Refuse, before anything is taken back, a batch with an entry in a period the ledger has closed (as last
        published to the mandate): the invoicing book would show it unposted while the ledger keeps it (audit of
        issue 14). The pull checks again against the ledger itself."""
        from engine import mandate as mandates
        periods = mandates.reference(self.mandate).periods
        if not periods:
            return
        for batch_id in batch_ids:
            refuse_closed(periods, mandates.entries_of(self.mandate, batch_id), f"taking back batch {batch_id}",
                          Source("the mandate's ledger", "Periods"))

    def withdraw(self, batch_id: str) -> None:
        from engine import mandate as mandates
        mandates.withdraw_batch(self.mandate, batch_id)
