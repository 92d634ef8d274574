"""Where a book's rows come from and go to: a saved workbook file, or rows in memory (tests, the add-in).

Both speak in raw rows as read from A1 (calamine's and xlwings' shapes) and take changes as SheetWrite values.
"""
from __future__ import annotations

import io
import os
import zipfile
from contextlib import ExitStack
from pathlib import Path

from python_calamine import CalamineError, CalamineWorkbook

from engine.errors import BookError, BookLocked
from engine.i18n import tr
from engine.schema import BOOKS
from engine.schema.terms import schema_language
from engine.store.atomic import exclusive, stage
from engine.store.xlsx_sheet import SheetWrite
from engine.store.xlsx_writer import save_tables
from engine.store.xlsx_zip import check_package


def _restore_hint(path: Path) -> str:
    backups = path.parent / ".comptoir" / "backups"
    kept = sorted(backups.glob(f"*{path.stem}*")) if backups.is_dir() else []
    if kept:
        return tr("restore the last good version: Comptoir kept each version a save replaced in {folder} "
                  "(latest: {latest}); copy it over {book}", folder=backups, latest=kept[-1].name, book=path.name)
    return tr("restore {book} from your last backup (or Excel's AutoRecover), then run again", book=path.name)


class XlsxSource:
    """A workbook on disk: read with calamine (fast), written by splicing only the changed tables.

    The file is opened once: its bytes are read, and the checks, calamine and the next save's copy of the parts it
    does not change all work on them (re-audit of issue 20: a night opened each book five or six times — the zip
    test, the package check, calamine, the save, and again after it for the sheets the check reads)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        if not self.path.exists():
            raise BookError(tr("{path} does not exist", path=self.path),
                            tr("check the path, or create it with `comptoir new`"))
        try:
            data = self._read()  # the version read (its stamp), so a save never overwrites another run's save
        except OSError as error:
            raise BookError(tr("{book} cannot be read: {error}", book=self.path.name, error=error.strerror or error),
                            tr("check the file and its permissions")) from None
        self._stamp = self._data_stamp
        if not zipfile.is_zipfile(io.BytesIO(data)):
            if data[:4] == b"PK\x03\x04":  # begins as a workbook: cut short or corrupted on the way
                raise BookError(tr("{book} is damaged: it begins as an Excel workbook but cannot be read "
                                   "(cut short or corrupted)", book=self.path.name), _restore_hint(self.path))
            raise BookError(tr("{book} is not an Excel workbook (.xlsx/.xlsm)", book=self.path.name),
                            tr("save it from Excel as .xlsx; .xls and .csv are not supported"))
        try:
            self._open(data)
        except BookError:
            raise
        except (CalamineError, ValueError, OSError, zipfile.BadZipFile, NotImplementedError) as error:
            raise BookError(tr("{book} cannot be read: {error}", book=self.path.name, error=error),
                            tr("open it in Excel and save it again")) from None

    def _read(self) -> bytes:
        with open(self.path, "rb") as handle:
            status = os.fstat(handle.fileno())
            self._data = handle.read()
        self._data_stamp = (status.st_ino, status.st_size, status.st_mtime_ns)
        return self._data

    def _open(self, data: bytes | None = None) -> None:
        data = self._read() if data is None else data
        with zipfile.ZipFile(io.BytesIO(data)) as package:  # zip bombs are refused before calamine inflates a part
            check_package(package, self.path.name)
        self._workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))

    @property
    def workbook(self) -> CalamineWorkbook:
        if self._workbook is None:
            self._open()
        return self._workbook

    @property
    def name(self) -> str:
        return self.path.name

    def sheet_names(self) -> list[str]:
        return list(self.workbook.sheet_names)

    def read(self, sheet: str) -> list[list]:
        try:
            return self.workbook.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        except (CalamineError, ValueError) as error:
            raise BookError(tr("{book}: the sheet {sheet} cannot be read: {error}", book=self.path.name, sheet=sheet,
                               error=error), tr("open it in Excel and save it again")) from None

    def write(self, changes: dict[str, SheetWrite], created: dict | None = None) -> None:
        self.stage(changes, created).commit()

    def stage(self, changes: dict[str, SheetWrite], created: dict | None = None) -> "StagedWrite":
        """The new version written beside the book, the book locked until it is committed or dropped."""
        # the workbook read stays (from memory, no file held): a sheet not read yet is one this save leaves as it
        # was, so reading it later from those bytes is reading the new version, without opening the file again
        # Two runs on one book take turns, and the second refuses instead of losing the first one's update.
        lock = ExitStack()
        lock.enter_context(exclusive(self.path))
        try:
            # Every writer holds the lock, so a temp file seen now was left by a run that died mid-save.
            for stale in self.path.parent.glob(f".{self.path.name}.*.tmp"):
                stale.unlink(missing_ok=True)
            if _stamp(self.path) != self._stamp:
                raise BookLocked(tr("{book} was changed by another run since it was read", book=self.path.name),
                                 tr("nothing was written; run the command again on the new version"))
            same = self._data is not None and self._data_stamp == self._stamp  # the bytes read are the file's
            base = with_sheets(self.path, created) if created else io.BytesIO(self._data) if same else self.path
            return StagedWrite(self, stage(self.path, lambda handle: save_tables(base, handle, changes)), lock)
        except BaseException:
            lock.close()
            raise


class StagedWrite:
    """A source's new version, written and locked, waiting to be put in place (engine.store.atomic.Staged)."""

    def __init__(self, source: XlsxSource, staged, lock: ExitStack):
        self.source, self.staged, self.lock = source, staged, lock

    def commit(self) -> None:
        try:
            self.staged.commit()
            self.source._stamp, self.source._data = _stamp(self.source.path), None  # the next save reads the file
        finally:
            self.lock.close()

    def abort(self) -> None:
        self.staged.abort()
        self.lock.close()

    def undo(self) -> None:
        """After a commit: the previous version back (the lock is taken again for it)."""
        with exclusive(self.source.path):
            self.staged.undo()
            self.source._stamp = _stamp(self.source.path)


def _stamp(path: Path) -> tuple:
    try:
        status = path.stat()
    except OSError:
        return ()
    return status.st_ino, status.st_size, status.st_mtime_ns


class MemorySource:
    """Rows held in lists: the add-in's live sheets and tests use this shape."""

    def __init__(self, sheets: dict[str, list[list]], name: str = "memory"):
        self.sheets = sheets
        self.name = name

    def sheet_names(self) -> list[str]:
        return list(self.sheets)

    def read(self, sheet: str) -> list[list]:
        return [list(row) for row in self.sheets[sheet]]

    def write(self, changes: dict[str, SheetWrite], created: dict | None = None) -> None:
        for sheet, change in changes.items():
            rows = self.sheets.get(sheet)
            if rows is None and created and sheet in created:
                rows = [[col.header for col in created[sheet].columns]]
            self.sheets[sheet] = apply_to_rows(rows, change)

    def stage(self, changes: dict[str, SheetWrite], created: dict | None = None) -> "StagedRows":
        return StagedRows(self, changes, created)


def with_sheets(path: Path, created: dict) -> io.BytesIO:
    """The package at ``path`` with each sheet of ``created`` added as the template draws it (header, table,
    formats, drop-downs), in memory: the save then splices the records into it like into any other sheet, and the
    book on disk is untouched until the whole new version is written and put in place."""
    from engine.store.xlsx_add_sheet import transplant
    from engine.store.xlsx_zip import write_package
    from engine.templates import sheet_package

    data = path.read_bytes()
    for name, schema in created.items():
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(data)) as target:
            english = next(b.sheet(schema.name) for b in BOOKS.values() if schema.name in b.names)
            replaced, removed = transplant(target, name, sheet_package(english, schema_language(schema)))
            write_package(target, out, replaced, removed)
        data = out.getvalue()
    return io.BytesIO(data)


class StagedRows:
    """Changes to rows in memory, applied on commit (keeping the rows before, for undo)."""

    def __init__(self, source: MemorySource, changes: dict[str, SheetWrite], created: dict | None = None):
        self.source, self.changes, self.created, self.before = source, changes, created, None

    def commit(self) -> None:
        self.before = dict(self.source.sheets)
        self.source.write(self.changes, self.created)

    def abort(self) -> None:
        pass

    def undo(self) -> None:
        if self.before is not None:
            self.source.sheets.clear()
            self.source.sheets.update(self.before)


def apply_to_rows(rows: list[list], change: SheetWrite) -> list[list]:
    """The SheetWrite applied to rows in memory: same rules as the xlsx splice."""
    head = [list(r) for r in rows[: change.header_row]]
    below = [list(r) for r in rows[change.old_last_row:]]
    body = []
    for write in change.rows:
        original = list(rows[write.original - 1]) if write.original else []
        if write.cells is not None:
            width = max([len(original)] + [i + 1 for i in write.cells])
            original += [None] * (width - len(original))
            for index, value in write.cells.items():
                original[index] = value
        body.append(original)
    return head + body + below
