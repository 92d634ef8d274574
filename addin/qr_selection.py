"""A QR-bill payload back out of the cells a scanner or a paste spread it over.

A QR-bill scanner types the payload followed by Enter keys, and pasting a multi-line text into Excel also puts one
line per row: the payload arrives as a column (or block) of cells, empty cells for empty lines. xlwings hands the
selection's values as a scalar (one cell), a list (one column or row) or a list of rows. Excel also turns some
lines into numbers on the way in (``0200`` → 200, ``8000`` → 8000.0, the amount ``1949.50`` → 1949.5); those are
written back as the payload has them. A reference typed into a number cell has already lost its digits (Excel keeps
15): that is refused with how to avoid it.

>>> payload_of(["SPC", 200.0, 1.0, "CH4431999123000889012"])
'SPC\\n0200\\n1\\nCH4431999123000889012'
>>> payload_of("SPC\\n0200\\n1")
'SPC\\n0200\\n1'
"""
from __future__ import annotations

from decimal import Decimal

from engine.errors import ComptoirError

VERSION_LINE, AMOUNT_LINE = 1, 18      # 0-based lines of the payload (SIX IG QR-bill v2.3 §4.3.3)
_EXACT = 10 ** 15                      # Excel keeps 15 significant digits of a number


def _lines(value) -> list:
    if isinstance(value, (list, tuple)):
        return [cell for item in value for cell in (_lines(item) if isinstance(item, (list, tuple)) else [item])]
    return [value]


def _text(index: int, cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, bool) or not isinstance(cell, (int, float)):
        return str(cell).strip("\r")
    if abs(cell) >= _EXACT:
        raise ComptoirError(f"line {index + 1} of the QR-bill was turned into the number {cell:.15g} by Excel, which "
                            "lost its digits (a reference or an account number)",
                            "format the cells as Text (Home › Number › Text) before scanning or pasting, then retry")
    if index == AMOUNT_LINE:
        return f"{Decimal(repr(cell)):.2f}"
    text = str(int(cell)) if float(cell).is_integer() else repr(cell)
    return text.zfill(4) if index == VERSION_LINE else text


def payload_of(value) -> str:
    """The payload the selection holds: one cell with the whole text, or one line per cell (row by row)."""
    cells = _lines(value)
    if len(cells) == 1:
        return "" if cells[0] is None else str(cells[0])
    while cells and cells[-1] in (None, ""):
        cells.pop()                       # rows selected below the payload
    return "\n".join(_text(index, cell) for index, cell in enumerate(cells))
