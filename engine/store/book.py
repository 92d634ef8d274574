"""A ``Book``: the typed tables of one workbook (invoicing or ledger), loaded on demand and saved without loss.

Services read records, build new ones with ``dataclasses.replace`` and hand whole tables back with ``put``;
``save`` writes only the tables that changed, and only their changed rows.

>>> book = Book.from_rows({"Clients": [["ClientId", "Company", "Town"], [1, "Muster AG", None]]}, kind="invoicing")
>>> client = book.records("Clients")[0]
>>> book.put("Clients", [replace(client, town="Bern"), book.new("Clients", client_id=2, company="Beta")])
>>> book.save()
>>> book.source.sheets["Clients"][2][:2]
[2, 'Beta']
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Iterable

from engine.errors import BookError, ComptoirError, Problem, ProblemsFound, Source
from engine.schema import BOOKS, BookSchema, terms
from engine import collector, i18n
from engine.i18n import tr
from engine.store.loader import load_table
from engine.store.records import Table, record_class
from engine.store.settings import Settings
from engine.store.sources import MemorySource, XlsxSource
from engine.store.validate import duplicate_keys, exchange_rates, references
from engine.store.xlsx_sheet import RowWrite, SheetWrite

__all__ = ["Book", "replace", "save_together"]


def detect_kind(sheet_names: Iterable[str]) -> str:
    names = set(terms.resolve_sheets(sheet_names))  # the English names, whatever the book's language
    if "Journal" in names and "Documents" not in names:
        return "ledger"
    if "Documents" in names or "Clients" in names:
        return "invoicing"
    raise BookError(tr("this workbook is neither a Comptoir invoicing book nor a ledger book"),
                    tr("create one with `comptoir new invoicing|ledger PATH`"))


class Book:
    def __init__(self, source, kind: str | None = None):
        self.source = source
        names = source.sheet_names()
        self.kind = kind or detect_kind(names)
        self.schema: BookSchema = BOOKS[self.kind]
        # The book's own sheet names (French, German, Italian or English) and the language they are in: the code
        # speaks English, the book its bookkeeper's language (issue 18).
        self.sheet_titles: dict[str, str] = terms.resolve_sheets(names)
        self.language: str = terms.book_language(names)
        i18n.book_opened(self.language, self.path)  # a command's later messages speak the book's language
        self.name = getattr(source, "name", "")
        self._tables: dict[str, Table] = {}
        self._dirty: set[str] = set()
        self.problems: list[Problem] = []

    @classmethod
    def open(cls, path: str | Path, kind: str | None = None) -> "Book":
        return cls(XlsxSource(Path(path)), kind)

    @classmethod
    def from_rows(cls, sheets: dict[str, list[list]], kind: str, name: str = "memory") -> "Book":
        return cls(MemorySource(sheets, name), kind)

    @property
    def path(self) -> Path | None:
        return getattr(self.source, "path", None)

    def table(self, sheet: str) -> Table:
        table = self._tables.get(sheet)
        if table is None:
            schema = self.schema.sheet(sheet)
            title = self.title(sheet)
            if sheet not in self.sheet_titles:
                if schema.optional:  # a book made before the sheet existed: empty, created on first write
                    table = Table(schema=schema, file=self.name, title=title if title != sheet else "",
                                  positions={name: index for index, name in enumerate(schema.fields)})
                else:
                    self.problems.append(Problem(table_source(self.name, title),
                                                 tr("the sheet {sheet} is missing", self.language, sheet=title),
                                                 tr("copy it from the template (comptoir new) into this book",
                                                    self.language)))
                    table = Table(schema=schema, file=self.name, title=title if title != sheet else "")
            else:
                table = self._load(sheet, self.source.read(title))
            self._tables[sheet] = table
        return table

    def table_and_rows(self, sheet: str) -> tuple[Table, list[list]]:
        """The table of ``sheet`` (English name, in the book) and the raw rows it was read from, the sheet read once
        (``book translate`` rewrites cells of those rows); the table is kept like :meth:`table`'s."""
        rows = self.source.read(self.title(sheet))
        table = self._tables.get(sheet)
        if table is None:
            table = self._tables[sheet] = self._load(sheet, rows)
        return table, rows

    def _load(self, sheet: str, rows: list[list]) -> Table:
        with collector.paused():  # the raw rows are as many new objects as the records
            table, problems = load_table(rows, self.schema.sheet(sheet), self.name, self.language, self.title(sheet))
        self.problems.extend(problems)
        self.problems.extend(duplicate_keys(table, self.language))
        return table

    def title(self, sheet: str) -> str:
        """The name the sheet ``sheet`` (English) has in this book, or would have once added to it."""
        return self.sheet_titles.get(sheet) or terms.sheet_name(sheet, self.language)

    def records(self, sheet: str) -> tuple:
        return self.table(sheet).records

    def new(self, sheet: str, /, **values):
        """A fresh record of ``sheet`` (not yet in the book)."""
        return record_class(self.schema.sheet(sheet))(**values)

    def put(self, sheet: str, records: Iterable) -> None:
        """Replace the records of ``sheet``; written by the next ``save``."""
        table = self.table(sheet)
        table.records = tuple(records)
        self._dirty.add(sheet)

    @property
    def settings(self) -> Settings:
        return Settings(self.table("Settings"), self.schema.settings, self.language)

    @property
    def text_language(self) -> str:
        """The language of the texts Comptoir writes into the book (recognition reasons, return reasons): Settings
        Language, else its sheet names' when not English, else Settings DefaultLanguage (its documents')."""
        if self.kind != "invoicing":
            return self.language
        settings = self.settings
        chosen = settings["Language"] or (self.language.upper() if self.language != "en" else None)
        return (chosen or settings["DefaultLanguage"] or "EN").lower()

    def set_settings(self, **values) -> None:
        self.put("Settings", self.settings.updated(values))

    def check(self) -> list[Problem]:
        """Load every sheet and return every problem: cells, keys, references, missing exchange rates."""
        for schema in self.schema.sheets:
            self.table(schema.name)
        return (self.problems + references(self._tables, self.language) + exchange_rates(self._tables, self.language)
                + self._language_mismatch() + self._settings_problems())

    def _settings_problems(self) -> list[Problem]:
        """Settings values that cannot be read (a code not among its values): named before posting refuses them."""
        return self.settings.problems() if "Settings" in self.sheet_titles else []

    def _language_mismatch(self) -> list[Problem]:
        """Settings Language typed by hand does not translate the sheets: say how to."""
        if "Settings" not in self.sheet_titles:
            return []
        try:
            said = self.settings["Language"]
        except ComptoirError:  # not one of its values: _settings_problems names that cell
            return []
        if not said or said.lower() == self.language:
            return []
        record = next((r for r in self.records("Settings") if terms.english_setting(r.key) == "Language"), None)
        where = self.table("Settings").source(record, "value") if record else table_source(self.name, "Settings")
        return [Problem(where, tr("{sheet} {key} says {said} but the sheets are in {language}", self.language,
                                  sheet=self.title("Settings"), key=self.settings.shown_key("Language"),
                                  said=said, language=self.language.upper()),
                        tr("run comptoir book translate {book} --to {to} to put them into it", self.language,
                           book=self.name, to=said.lower()), severity="warning")]

    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def changes(self) -> dict[str, SheetWrite]:
        return {sheet: self._sheet_write(self._tables[sheet]) for sheet in sorted(self._dirty)}

    def save(self) -> None:
        """Write the changed tables; the book is untouched when anything goes wrong."""
        save_together(self)

    def stage(self):
        """The changed tables written beside the book, not in place yet (``None``: nothing changed); the caller
        commits or aborts it (:func:`save_together`). A sheet put back as it was read is no change: a book with
        nothing to change is not rewritten — no backup, and one open in Excel is no failure (re-audit of issue 20:
        every night rewrote every invoicing book, byte for byte the same)."""
        self._dirty = {sheet for sheet in self._dirty if not self._as_read(sheet)}
        if not self._dirty:
            return None
        english = self.changes()
        changes = {self.title(name): change for name, change in english.items()}  # under the book's own names
        created = {self.title(name): terms.localized(self.schema.sheet(name), self.language)  # headers in its words
                   for name in english if name not in self.sheet_titles}
        extra = {"created": created} if created else {}  # sources that never create a sheet keep their signature
        stage = getattr(self.source, "stage", None)  # the add-in's live workbook writes in place, on commit
        return _Pending(self, english, stage(changes, **extra) if stage
                        else _WriteOnCommit(self.source, changes, extra))

    def _as_read(self, sheet: str) -> bool:
        table = self._tables[sheet]  # records compare field by field, the row included (the same object at once)
        return sheet in self.sheet_titles and table.records == table.loaded

    def _saved(self, changes: dict) -> None:
        """The tables as they now are on disk: rows renumbered, nothing dirty."""
        for sheet in changes:
            self.sheet_titles.setdefault(sheet, self.title(sheet))
        for sheet, change in changes.items():
            table = self._tables[sheet]
            first = change.header_row + 1
            table.records = table.loaded = tuple(
                record if record.row == first + offset else replace(record, row=first + offset)
                for offset, record in enumerate(table.records))
            table.last_row = change.header_row + len(change.rows)
        self._dirty.clear()

    def _sheet_write(self, table: Table) -> SheetWrite:
        loaded = {record.row: record for record in table.loaded}
        positions = table.positions
        language = self.language
        # drop-down columns whose values are written in the book's words (looked up once, not per changed cell)
        coded = {c.field: c for c in table.schema.columns if c.codes} if language != "en" else {}
        yes_no = {c.field for c in table.schema.columns if c.kind == "bool"} if language != "en" else set()
        problems = []
        rows = []
        for record in table.records:
            original = loaded.get(record.row) if record.row is not None else None
            if original is not None and (original is record or original == record):
                rows.append(RowWrite(record.row, None))
                continue
            cells = {}
            for name in table.schema.fields:
                value = getattr(record, name)
                # A field that did not change keeps its cell as typed: a bad cell that read as None, a formula,
                # a shared string (issue 10: hand-edited books lose nothing when another field is edited).
                if original is not None and getattr(original, name) == value:
                    continue
                if name in positions:
                    if name in coded and value.__class__ is str:
                        value = terms.value(value, language, coded[name])  # a drop-down value in the book's words
                    elif name in yes_no:
                        value = terms.yes_no(value, language)  # ja / nein, as the column's drop-down offers
                    cells[positions[name]] = value
                elif value is not None and not table.schema.column(name).added:
                    header = terms.header(table.schema.column(name).header, language, table.schema.name)
                    problems.append(Problem(table_source(self.name, table.title or table.schema.name),
                                            tr('the column "{header}" is missing', language, header=header),
                                            tr("add it back so the value can be saved", language)))
            rows.append(RowWrite(original.row if original is not None else None, cells))
        if not positions:
            problems.append(Problem(table_source(self.name, table.title or table.schema.name),
                                    tr("the sheet has no header row", language),
                                    tr("restore it from the template", language)))
        if problems:
            raise ProblemsFound(problems[:1])
        width = max(positions.values()) + 1
        return SheetWrite(table.header_row, table.last_row, tuple(rows), width)


def table_source(file: str, sheet: str) -> Source:
    return Source(file, sheet)


class _WriteOnCommit:
    """The staged save of a source that can only write (Excel's open workbook: Excel keeps its own undo)."""

    def __init__(self, source, changes: dict, extra: dict | None = None):
        self.source, self.changes, self.extra = source, changes, extra or {}

    def commit(self) -> None:
        self.source.write(self.changes, **self.extra)

    def abort(self) -> None:
        pass

    def undo(self) -> None:
        raise OSError("an open workbook is not put back by Comptoir; use Excel's Undo")


class _Pending:
    """One book's staged save."""

    def __init__(self, book: Book, changes: dict, staged):
        self.book, self.changes, self.staged = book, changes, staged


def save_together(*books) -> None:
    """Save several books as one change (a posting changes the ledger and the invoicing book): every new version
    is first written beside its book; only when all are written are they put in place, one after the other, and
    if one cannot be, those already replaced get their previous version back. So the books are all old or all new
    (a crash of the machine between two replacements is the only window left, and the backups cover it)."""
    pending: list[_Pending] = []
    try:
        for book in sorted({id(b): b for b in books if b is not None}.values(), key=lambda b: str(b.path or b.name)):
            staged = book.stage()  # in path order: two runs saving the same pair never wait for each other
            if staged is not None:
                pending.append(staged)
    except BaseException:
        for p in pending:
            p.staged.abort()
        raise
    done = 0
    try:
        for p in pending:
            p.staged.commit()
            done += 1
    except BaseException as error:
        for p in pending[done + 1:]:
            p.staged.abort()
        for p in reversed(pending[:done]):
            try:
                p.staged.undo()
            except OSError as undo_error:
                raise BookError(tr("{book} was saved but {other} could not be ({error}); putting {book} back failed "
                                   "too ({undo_error})", book=p.book.name, other=pending[done].book.name,
                                   error=error, undo_error=undo_error),
                                tr("restore {book} from its newest copy in .comptoir/backups beside it",
                                   book=p.book.name)) from None
        raise
    for p in pending:
        p.book._saved(p.changes)
