"""camt files into the Movements sheet, idempotently (issue 7; DOMAIN.md §6.1; manual §6.1.2 watched folders).

Files, folders and zips of camt.052/053/054 → Movements, de-duplicated by the bank's entry id
(:mod:`engine.domain.reconcile.movements`; every part of an ``ImportKey`` is a de-dup key), with every file
problem (refused file, statement that does not add up, bad check digits) returned. A statement total and the
camt.054 that details it are one booking whichever file comes first (:mod:`engine.domain.reconcile.batches`):
the camt.054's payments become the total's detail movements, never a second booking. Functions change the book;
the caller saves.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from operator import attrgetter
from pathlib import Path

from engine.domain.reconcile import batches as bt
from engine.domain.reconcile.return_reasons import Words
from engine.schema import terms
from engine.schema.invoicing import CURRENCIES as POSTABLE
from engine.domain.reconcile import movements as mv
from engine.services import bank_continuity as continuity
from engine.services import bank_import_notes as import_notes
from engine.errors import BusinessRuleError, Problem, Source
from engine.i18n import tr
from engine.formats.bank_files import read_bank_files
from engine.progress import Progress, silent
from engine import collector
from engine.store.columns_fast import builder
from engine.store.records import record_class


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportResult:
    files: int
    added: int
    duplicates: int
    problems: tuple[Problem, ...]
    attached: int = 0  # camt.054 entries matched to a statement total (and statement totals to a camt.054)
    folders: tuple[str, ...] = ()  # the watched folders read, when no path was given
    # statements every entry of which the book held already (the same statement dropped again): (file, statement
    # id, entries), for the office's night to say it skipped them rather than count them silently (audit of issue 20)
    known: tuple[tuple[str, str, int], ...] = ()
    skipped: int = 0  # of ``files``, those every statement of which was known (dropped again; second audit of #20)


def compact(iban: str | None) -> str:
    return (iban or "").replace(" ", "").upper()


def import_statements(book, paths, progress: Progress = silent, *, own_accounts_only: bool = False,
                      hold_overlaps: bool = False) -> ImportResult:
    """Import every camt file named (files, folders, zips) into Movements; ``progress`` hears of each file.
    ``own_accounts_only``: a statement of an account BankAccounts does not name is refused, not imported (the
    office's unattended night: another client's statement dropped in this one's folder, audit of issue 20);
    ``hold_overlaps``: so is one over days the book holds that opens at another balance (bank_continuity)."""
    documents, problems = read_bank_files([Path(p) for p in paths], progress)
    result = import_documents(book, documents, own_accounts_only=own_accounts_only, hold_overlaps=hold_overlaps)
    return replace(result, problems=tuple(problems) + result.problems)


def watched_folders(book) -> list[Path]:
    """The BankAccounts' WatchFolder of each account (relative ones from the book's folder)."""
    base = Path(book.path).parent if getattr(book, "path", None) else Path.cwd()
    folders = []
    for account in book.records("BankAccounts"):
        if account.watch_folder:
            folder = Path(account.watch_folder).expanduser()
            folder = folder if folder.is_absolute() else base / folder
            if folder not in folders:
                folders.append(folder)
    return folders


def import_watched(book, progress: Progress = silent) -> ImportResult:
    """Import from every bank account's watched folder; files already imported add nothing (the de-dup)."""
    folders = watched_folders(book)
    if not folders:
        column = terms.header("WatchFolder", book.language, "BankAccounts")
        raise BusinessRuleError(tr("no bank account has a {column}", book.language, column=column),
                                tr("fill {sheet} › {column} with the folder the e-banking downloads go to, or name "
                                   "the files to import", book.language, sheet=book.title("BankAccounts"),
                                   column=column))
    result = import_statements(book, folders, progress)
    return replace(result, folders=tuple(str(f) for f in folders))


def import_documents(book, documents, *, own_accounts_only: bool = False, hold_overlaps: bool = False
                     ) -> ImportResult:
    """Add the entries of parsed camt documents that the book does not hold yet."""
    with collector.paused():
        return _Import(book, own_accounts_only, hold_overlaps).run(documents)


class _Import:
    """One import run: the Movements list, the keys it knows, and the bookings still waiting for their other half."""

    def __init__(self, book, own_accounts_only: bool = False, hold_overlaps: bool = False):
        self.book = book
        self.own_accounts_only = own_accounts_only
        self.held: set | None = set() if hold_overlaps else None  # statements refused by the continuity check
        self.records = list(book.records("Movements"))
        self.known = {part for r in self.records for part in bt.key_parts(r.import_key)}
        self.next_id = max((r.movement_id or 0 for r in self.records), default=0) + 1
        self.with_details = {r.parent for r in self.records if r.parent is not None}
        self.waiting = bt.Waiting.of(self.records, self.with_details)
        self.accounts = {compact(b.iban): b for b in book.records("BankAccounts")}
        self.banks = set(self.accounts)
        self.make = _Maker(record_class(book.schema.sheet("Movements")))
        if self.make.fields != mv.FIELDS:  # rows are built positionally: the sheet's order must be theirs
            raise BusinessRuleError("the Movements sheet's columns are not the ones this import builds",
                                    "upgrade the book's schema (comptoir's Movements columns changed)")
        self.problems: list[Problem] = []
        self.words = Words.of(book.text_language)  # return reasons and charges in the book's language
        self.added = self.duplicates = self.attached = 0
        self.known_statements: list[tuple[str, str, int]] = []

    def run(self, documents) -> ImportResult:
        openings: dict[str, object] = {}
        self.problems.extend(continuity.check(self.accounts, documents, self.records, self.held))
        held = self.held or set()
        # files whose every statement is refused (another client's account, or held back as overlapping): not
        # imported, counted as a cut file is (not at all)
        refused = skipped = 0
        for document in documents:
            self.problems.extend(document.warnings)
            taken, before = 0, len(self.known_statements)
            for statement in document.statements:
                if id(statement) in held or not self._statement(document, statement):
                    continue
                taken += 1
                balance = statement.opening_balance
                iban = compact(statement.account.iban or statement.account.other_id)
                if statement.kind == "statement" and balance is not None and balance.date is not None and (
                        iban not in openings or balance.date < openings[iban].date):
                    openings[iban] = balance
            refused += bool(document.statements) and not taken
            skipped += bool(taken) and len(self.known_statements) - before == taken  # all of it known: dropped again
        self.book.put("Movements", self.records)
        self._set_openings(openings)
        continuity.remember(self.book, [s for d in documents for s in d.statements if id(s) not in held])
        return ImportResult(files=len(documents) - refused, added=self.added, skipped=skipped, duplicates=self.duplicates,
                            problems=tuple(self.problems), attached=self.attached,
                            known=tuple(self.known_statements))

    def _set_openings(self, openings: dict) -> None:
        """An account's first statement gives its opening balance: the cash figures start from there."""
        accounts = list(self.book.records("BankAccounts"))
        changed = False
        for index, account in enumerate(accounts):
            balance = openings.get(compact(account.iban))
            if balance is not None and (account.opening_date is None or balance.date < account.opening_date):
                accounts[index] = replace(account, opening_balance=balance.amount, opening_date=balance.date)
                changed = True
        if changed:
            self.book.put("BankAccounts", accounts)

    def _statement(self, document, statement) -> bool:
        """Import ``statement``'s entries; False when it is refused (another company's account, at night)."""
        iban = compact(statement.account.iban or statement.account.other_id)
        banks_sheet = self.book.title("BankAccounts")  # named as the book names it
        if iban not in self.banks and self.own_accounts_only:
            # another company's statement dropped in this one's folder would put its counterparties and amounts in
            # these books unattended (audit of issue 20); by hand, the warning below is read at once
            self.problems.append(Problem(Source(document.source), tr(
                "account {iban} of statement {statement} is not one of this book's bank accounts ({sheet}): not "
                "imported", self.book.language, iban=iban or "?", statement=statement.id, sheet=banks_sheet),
                tr("check that the file is this company's; if the account is theirs, add it to {sheet} (IBAN and "
                   "ledger account) and import again", self.book.language, sheet=banks_sheet)))
            return False
        if iban not in self.banks:
            self.problems.append(Problem(Source(document.source), tr(
                "account {iban} of statement {statement} is not in {sheet}; its movements have no bank account",
                self.book.language, iban=iban or "?", statement=statement.id, sheet=banks_sheet),
                tr("add the account (IBAN and ledger account) to {sheet}", self.book.language, sheet=banks_sheet),
                "warning"))
        notification = statement.kind == "notification"
        added, duplicates = self.added, self.duplicates
        seen: dict = {}
        not_booked: dict = {}
        foreign: dict = {}
        for entry in statement.entries:
            if entry.status not in (None, "BOOK"):
                not_booked[entry.status] = not_booked.get(entry.status, 0) + 1
                continue  # pending (PDNG) / informational (INFO) entries are not bookings yet
            rows = mv.movement_rows(entry, iban=iban, source=document.source, seen=seen, words=self.words)
            key = bt.key_parts(rows[0][mv.IMPORT_KEY])[0]  # the bank's id; other parts tell what the entry is
            if (key in self.known or f"{key}/1" in self.known) and not (
                    notification and self._details_a_total(iban, entry, document, key)):
                self.duplicates += 1
                continue
            if entry.currency and entry.currency not in POSTABLE:
                foreign[entry.currency] = foreign.get(entry.currency, 0) + 1
            if notification:
                self._notified(document, iban, entry, rows, key)
            elif bt.carries_total_only(entry):
                self._total(document, iban, entry, rows, key)
            else:
                self._add(rows, document, entry)
        if self.added == added and self.duplicates > duplicates:
            self.known_statements.append((document.source, statement.id or "", self.duplicates - duplicates))
        self.problems += import_notes.left_out(self.book.language, document, statement, not_booked, foreign)
        return True

    def _details_a_total(self, iban, entry, document, key) -> bool:
        """A camt.054 entry carrying the bank reference of a statement total that still waits for its details (some
        banks give the total and its advice the same ``AcctSvcrRef``): it details that total, it is no duplicate."""
        found = bt.total_for(self.records, self.waiting, iban, entry, document.message_id)
        return found is not None and key in bt.key_parts(self.records[found].import_key)

    def _total(self, document, iban, entry, rows, key) -> None:
        """A statement total: the camt.054 booking it was already imported as, else a movement awaiting details."""
        wants = bt.WANTS + (entry.detail_message_id or "")
        found = bt.booking_for(self.records, self.waiting, iban, entry)
        if found is None:
            rows[0][mv.IMPORT_KEY] = bt.join(rows[0][mv.IMPORT_KEY], wants)
            position = self._add(rows, document, entry)
            self.waiting.totals.append(position)
            return
        booking = self.records[found]
        self.waiting.bookings.remove(found)
        self.records[found] = self.make.changed(booking, {"import_key": bt.join(booking.import_key, key, wants)})
        self.known.add(key)
        self.attached += 1
        if booking.amount != entry.amount:
            self._difference(document, entry, booking.movement_id, entry.amount, booking.amount, "its camt.054")

    def _notified(self, document, iban, entry, rows, key) -> None:
        """A camt.054 entry: the details of a waiting statement total, else a booking of its own (marked)."""
        tag = bt.NOTIFIED + (document.message_id or "")
        found = bt.total_for(self.records, self.waiting, iban, entry, document.message_id)
        if found is None:
            rows[0][mv.IMPORT_KEY] = bt.join(rows[0][mv.IMPORT_KEY], tag)
            position = self._add(rows, document, entry)
            self.waiting.bookings.append(position)
            return
        total = self.records[found]
        self.waiting.totals.remove(found)
        self.records[found] = self.make.changed(total, {"import_key": bt.join(total.import_key, key, tag)})
        self.known.add(key)
        details = mv.movement_rows(entry, iban=iban, source=document.source, seen={}, details=True,
                                   words=self.words)[1:]
        for n, row in enumerate(details, start=1):
            row[mv.IMPORT_KEY], row[mv.PARENT], row[mv.MOVEMENT_ID] = f"{key}/{n}", total.movement_id, self.next_id
            self.records.append(self.make.build(row))
            self.known.add(row[mv.IMPORT_KEY])
            self.next_id += 1
        self.with_details.add(total.movement_id)
        self.attached += 1
        detailed = _detailed(details)
        if detailed != total.amount:
            self._difference(document, entry, total.movement_id, total.amount, detailed, "the camt.054 details")

    def _difference(self, document, entry, movement_id, total, other, what) -> None:
        self.problems.append(Problem(
            Source(document.source, row=entry.line), f"movement {movement_id}: the statement's total {total} and "
            + (f"{what} ({other}) differ by {total - other}" if isinstance(other, Decimal) else f"{what}: {other}")
            + "; recognition leaves the details to sort", "the 9909 transit account will not balance for it; "
            "compare with the bank's advice (charges deducted?) and book the difference by hand", "warning"))

    def _add(self, rows, document, entry) -> int:
        """Append an entry's rows (a parent and its details, or one movement); the parent's position."""
        if len(rows) > 1:
            detailed = _detailed(rows[1:])
            if detailed != entry.amount:
                self.problems.append(import_notes.details_differ(self.book.language, document, entry, detailed))
            self.with_details.add(self.next_id)
        position, parent_id = len(self.records), self.next_id
        for row in rows:
            row[mv.MOVEMENT_ID] = self.next_id
            if row[mv.PARENT] is not None:
                row[mv.PARENT] = parent_id
            self.records.append(self.make.build(row))
            self.known.update(bt.key_parts(row[mv.IMPORT_KEY]))
            self.next_id += 1
        self.added += 1
        return position


def _detailed(details: list) -> Decimal | str:
    """What the details of a grouped entry add up to; what is missing when the bank left some without amount."""
    missing = sum(1 for r in details if r[mv.AMOUNT] is None)
    if missing:
        return f"{missing} of the {len(details)} have no amount in the bank's file"
    return sum((r[mv.AMOUNT] for r in details), Decimal(0))


class _Maker:
    """Builds records of one sheet fast: from a dict of fields, or as a copy with some fields changed.

    ``dataclasses.replace`` and the keyword ``__init__`` cost ~10 µs on a 35-field record; a 100,000-entry import
    builds as many, so the values go through the store's unrolled slot setters (:func:`columns_fast.builder`).
    """

    def __init__(self, cls):
        self.fields = fields = cls.__sheet__.fields
        self.build = builder(cls)
        self.blank = dict.fromkeys((*fields, "row"))
        self.values = attrgetter(*fields, "row")
        self.position = {name: index for index, name in enumerate(fields)}

    def from_dict(self, row: dict):
        """A new record (no sheet row yet) from ``row``; names that are not fields are ignored."""
        merged = {**self.blank, **row}
        if len(merged) != len(self.blank):  # a key that is no field: drop it rather than shift the columns
            merged = {name: merged[name] for name in self.blank}
        merged["row"] = None
        return self.build(tuple(merged.values()))

    def changed(self, record, changes: dict):
        """``record`` with ``changes`` (field → value) applied, keeping its sheet row."""
        values = list(self.values(record))
        position = self.position
        for name, value in changes.items():
            values[position[name]] = value
        return self.build(values)
