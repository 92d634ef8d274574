"""A live Excel workbook (``xlwings.Book``) as a source of the record store: ``Book(ExcelSource(xl_book))``.

It speaks the protocol of :mod:`engine.store.sources` (``sheet_names`` / ``read`` / ``write``): rows come from A1
in xlwings' shapes (floats for numbers, None for empty cells, datetimes for dates), always as a list of rows
(``ndim=2``: a one-cell sheet would otherwise come back as a scalar, a one-row sheet as a flat list). A write
touches only the rows that changed, and in them only the cells the store set, in one call per run of rows, so
formulas and user columns beside a table survive. Text that starts with ``= + - @`` is neutralised before it
reaches Excel (DESIGN.md: external text never becomes a formula).

>>> to_excel("=HYPERLINK(1)"), to_excel(Decimal("12.50")), to_excel(None)
("'=HYPERLINK(1)", 12.5, None)
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from engine.schema.terms import english_sheet
from engine.store.cells import neutralise_formula
from engine.store.xlsx_sheet import SheetWrite


def to_excel(value: object) -> object:
    """A record value as Excel takes it through xlwings."""
    if isinstance(value, str):
        return neutralise_formula(value)
    if isinstance(value, Decimal):
        return float(value)  # Excel cells hold doubles; the store quantized the amount already
    if isinstance(value, (bool, int, float, dt.date)) or value is None:
        return value
    return str(value)


def _blocks(writes: list[tuple[int, dict]]) -> list[tuple[int, int, list[list]]]:
    """(first row, first column, values) blocks: consecutive rows with the same columns, split at column gaps."""
    blocks = []
    i = 0
    while i < len(writes):
        row, cells = writes[i]
        columns = sorted(cells)
        j = i + 1
        while j < len(writes) and writes[j][0] == writes[j - 1][0] + 1 and sorted(writes[j][1]) == columns:
            j += 1
        start = 0
        for k in range(1, len(columns) + 1):
            if k == len(columns) or columns[k] != columns[k - 1] + 1:
                span = columns[start:k]
                blocks.append((row, span[0], [[to_excel(writes[r][1][c]) for c in span] for r in range(i, j)]))
                start = k
        i = j
    return blocks


class ExcelSource:
    """The sheets of an open workbook, read and written through xlwings (0-based columns, 1-based rows)."""

    def __init__(self, xl_book):
        self.xl_book = xl_book
        self.name = xl_book.name
        self.writes = 0  # range writes done, for tests and the status bar

    @property
    def path(self) -> Path | None:
        """The saved file, or None for a workbook never saved (its fullname is then just its name)."""
        full = str(getattr(self.xl_book, "fullname", "") or "")
        return Path(full) if ("/" in full or "\\" in full) else None

    def sheet_names(self) -> list[str]:
        return [sheet.name for sheet in self.xl_book.sheets]

    def read(self, sheet: str) -> list[list]:
        sht = self.xl_book.sheets[sheet]
        last = sht.used_range.last_cell
        values = sht.range((1, 1), (last.row, last.column)).options(ndim=2).value
        return [list(row) for row in values]

    def write(self, changes: dict[str, SheetWrite], created: dict | None = None) -> None:
        for sheet, schema in (created or {}).items():
            self._create_sheet(sheet, [col.header for col in schema.columns])
        for sheet, change in changes.items():
            self._write_sheet(self.xl_book.sheets[sheet], sheet, change)

    def _create_sheet(self, sheet: str, headers: list[str]) -> None:
        """A sheet the book was made without (Contacts, StockMoves): added last, its header and its table."""
        sheets = self.xl_book.sheets
        sht = sheets.add(sheet, after=sheets[len(sheets) - 1])
        sht.range((1, 1), (1, len(headers))).value = [headers]
        self.writes += 1
        tables = getattr(sht, "tables", None)
        if tables is not None:
            tables.add(source=sht.range((1, 1), (2, len(headers))), name=_table_name(sheet))

    def _write_sheet(self, sht, sheet: str, change: SheetWrite) -> None:
        first = change.header_row + 1
        original: list[list] | None = None
        writes: list[tuple[int, dict]] = []
        for offset, row in enumerate(change.rows):
            number = first + offset
            if row.cells is not None:
                writes.append((number, row.cells))
            elif row.original != number:  # a kept row that moved up (a row above it was removed)
                original = original if original is not None else self.read(sheet)
                values = original[row.original - 1] if row.original - 1 < len(original) else []
                writes.append((number, dict(enumerate(values[:change.width]))))
        for top, left, values in _blocks(writes):
            sht.range((top, left + 1), (top + len(values) - 1, left + len(values[0]))).value = values
            self.writes += 1
        new_last = change.header_row + len(change.rows)
        if change.old_last_row > new_last:
            sht.range((new_last + 1, 1), (change.old_last_row, change.width)).clear_contents()
            self.writes += 1
        self._resize_table(sht, sheet, change.header_row, max(new_last, first), change.width)

    @staticmethod
    def _resize_table(sht, sheet: str, header_row: int, last_row: int, width: int) -> None:
        """Keep the Excel table (ListObject ``tbl<Sheet>``) around its rows, so filters and formats follow."""
        tables = getattr(sht, "tables", None)
        if tables is None:
            return
        names = [t.name for t in tables]
        if _table_name(sheet) in names:
            tables[_table_name(sheet)].resize(sht.range((header_row, 1), (last_row, width)))


def _table_name(sheet: str) -> str:
    """The Excel table of a sheet is ``tbl`` + its English name in every language (tblMovements on Bankbewegungen:
    a table name has no spaces, and formulas that name it keep working after a translation)."""
    return f"tbl{english_sheet(sheet) or sheet}"
