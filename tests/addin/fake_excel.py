"""A workbook that answers like ``xlwings.Book`` does on Windows, for ribbon tests on Linux.

Values come back in xlwings' shapes: floats for numbers, None for empty cells, datetimes for dates, a scalar for
one cell and a flat list for one row or column unless ``options(ndim=2)`` is asked (the classic catch). Cells
live in memory, or in an openpyxl worksheet of a real saved file (``FakeBook.from_file`` … ``save()``).
Every write is counted, so tests can check that only changed rows were written.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path


def _xl(value):
    """A cell value as pywin32 hands it to xlwings, after xlwings' cleaning."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.datetime(value.year, value.month, value.day)
    return value


class FakeRange:
    def __init__(self, sheet, top, left, bottom, right, ndim=None):
        self.sheet, self.top, self.left, self.bottom, self.right, self.ndim = sheet, top, left, bottom, right, ndim

    def options(self, ndim=None, **_):
        return FakeRange(self.sheet, self.top, self.left, self.bottom, self.right, ndim)

    @property
    def value(self):
        rows = [[_xl(self.sheet.get(r, c)) for c in range(self.left, self.right + 1)]
                for r in range(self.top, self.bottom + 1)]
        if self.ndim == 2:
            return rows
        if len(rows) == 1 and len(rows[0]) == 1:
            return rows[0][0]
        if len(rows) == 1:
            return rows[0]
        if len(rows[0]) == 1:
            return [r[0] for r in rows]
        return rows

    @value.setter
    def value(self, values):
        rows = values if isinstance(values, list) and values and isinstance(values[0], list) else [[values]]
        assert len(rows) == self.bottom - self.top + 1 and len(rows[0]) == self.right - self.left + 1, "size"
        self.sheet.writes.append((self.top, self.left, self.bottom, self.right))
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                assert not isinstance(value, str) or not value.startswith(("=", "+", "-", "@")), value
                self.sheet.set(self.top + i, self.left + j, value)

    def clear_contents(self):
        self.sheet.writes.append((self.top, self.left, self.bottom, self.right))
        for r in range(self.top, self.bottom + 1):
            for c in range(self.left, self.right + 1):
                self.sheet.set(r, c, None)


class FakeSheet:
    def __init__(self, name, rows=None, worksheet=None):
        self.name = name
        self.worksheet = worksheet
        self.cells = {}
        self.writes = []
        for r, row in enumerate(rows or [], start=1):
            for c, value in enumerate(row, start=1):
                if value not in (None, ""):
                    self.cells[(r, c)] = value

    def get(self, r, c):
        if self.worksheet is not None:
            return self.worksheet.cell(r, c).value
        return self.cells.get((r, c))

    def set(self, r, c, value):
        if self.worksheet is not None:
            self.worksheet.cell(r, c).value = value
        elif value is None:
            self.cells.pop((r, c), None)
        else:
            self.cells[(r, c)] = value

    @property
    def used_range(self):
        if self.worksheet is not None:
            last = (self.worksheet.max_row, self.worksheet.max_column)
        else:
            last = (max([r for r, _ in self.cells] or [1]), max([c for _, c in self.cells] or [1]))
        return FakeRange(self, 1, 1, *last)

    def range(self, first, last=None):
        last = last or first
        return FakeRange(self, first[0], first[1], last[0], last[1])


class _LastCell:
    pass


def _last_cell(self):
    cell = _LastCell()
    cell.row, cell.column = self.bottom, self.right
    return cell


FakeRange.last_cell = property(_last_cell)


class FakeSheets(list):
    def __getitem__(self, key):
        if isinstance(key, str):
            for sheet in self:
                if sheet.name == key:
                    return sheet
            raise KeyError(key)
        return list.__getitem__(self, key)

    def add(self, name, before=None, after=None):  # xlwings Sheets.add (a fake sheet: no openpyxl worksheet)
        sheet = FakeSheet(name, [])
        self.append(sheet)
        return sheet


class FakeApp:
    def __init__(self):
        self.status_bar = False
        self.selection = None  # xlwings App.selection: the selected Range, None when nothing is
        self.status_history = []
        self.alerts = []

    def __setattr__(self, key, value):
        if key == "status_bar" and hasattr(self, "status_history"):
            self.status_history.append(value)
        object.__setattr__(self, key, value)

    def alert(self, prompt, title=None, **_):
        self.alerts.append((title, prompt))


class FakeBook:
    def __init__(self, sheets: dict, name="Book1.xlsx", fullname=None, workbook=None, path=None):
        self.name = name
        self.fullname = fullname or name
        self.sheets = FakeSheets(FakeSheet(n, rows) for n, rows in sheets.items())
        self.app = FakeApp()
        self.workbook, self.path = workbook, path

    @classmethod
    def from_file(cls, path: Path) -> "FakeBook":
        import openpyxl
        workbook = openpyxl.load_workbook(path)
        book = cls({}, name=path.name, fullname=str(path), workbook=workbook, path=path)
        book.sheets = FakeSheets(FakeSheet(ws.title, worksheet=ws) for ws in workbook.worksheets)
        return book

    def save(self):
        self.workbook.save(self.path)

    def rows(self, sheet):
        return self.sheets[sheet].used_range.options(ndim=2).value
