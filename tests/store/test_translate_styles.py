"""A translation changes words, not how cells look (audit of issue 18: every data cell whose drop-down word was
translated took the header row's style — bold white on dark blue — 567 cells of the French demo's invoicing book).
The oracle is openpyxl's reading of each cell's font and fill before and after."""
from __future__ import annotations

import openpyxl

from engine import templates
from engine.store.translate import translate


def _looks(path) -> dict:
    workbook = openpyxl.load_workbook(path)
    return {(index, cell.row, cell.column): (bool(cell.font.b), cell.font.color.rgb if cell.font.color else None,
                                             cell.fill.fgColor.rgb)
            for index, sheet in enumerate(workbook.worksheets) for row in sheet.iter_rows() for cell in row
            if cell.value is not None}


def _values(path) -> dict:
    workbook = openpyxl.load_workbook(path)
    return {(index, cell.row, cell.column): cell.value for index, sheet in enumerate(workbook.worksheets)
            for row in sheet.iter_rows() for cell in row if cell.value is not None}


def test_translated_cells_keep_their_look(tmp_path):
    for kind in ("ledger", "invoicing"):
        path = tmp_path / f"{kind}.xlsx"
        templates.write(kind, path, "fr")
        before, words = _looks(path), _values(path)
        translate(path, "de")
        after, translated = _looks(path), _values(path)
        changed = [key for key in words if key in translated and translated[key] != words[key]]
        # the chart's classes, the movement types' directions…: data cells whose words changed, not only headers
        assert len(changed) > 20, (kind, len(changed))
        assert {key: after[key] for key in changed} == {key: before[key] for key in changed}, kind
