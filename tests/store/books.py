"""Books the way people leave them: the committed template filled by hand (openpyxl), or a user's own layout
written by xlsxwriter (which, like Excel, stores each formula's computed value)."""
from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import xlsxwriter

from engine.schema import INVOICING
from tests.conftest import ROOT

TEMPLATE = ROOT / "workbook_templates" / "invoicing.xlsx"


def headers(sheet: str) -> list[str]:
    return [c.header for c in INVOICING.sheet(sheet).columns]


def template_copy(tmp: Path, name: str = "book.xlsx") -> Path:
    path = tmp / name
    shutil.copy(TEMPLATE, path)
    return path


def fill(path: Path, sheets: dict[str, list[dict]]) -> None:
    """Type rows into the template's sheets from row 2 on, by column header (as a person would)."""
    workbook = openpyxl.load_workbook(path)
    for sheet, rows in sheets.items():
        ws = workbook[sheet]
        columns = {cell.value: cell.column for cell in ws[1]}
        for number, row in enumerate(rows, start=2):
            for header, value in row.items():
                ws.cell(number, columns[header], value)
    workbook.save(path)


def user_book(path: Path, sheets: dict[str, tuple[list, list[list]]], edit=None) -> Path:
    """A book with ``sheets`` = name → (header, rows) as Excel tables; ``edit(workbook, worksheets)`` adds the
    hand edits (merges, hidden rows, formulas with their computed values) before it is closed."""
    workbook = xlsxwriter.Workbook(path)
    worksheets = {}
    for name, (header, rows) in sheets.items():
        ws = workbook.add_worksheet(name)
        ws.add_table(0, 0, max(len(rows), 1), len(header) - 1, {
            "name": f"tbl{name}", "columns": [{"header": h} for h in header],
            "data": [[v if v is not None else "" for v in row] for row in rows] or None})
        worksheets[name] = ws
    if edit:
        edit(workbook, worksheets)
    workbook.close()
    return path
