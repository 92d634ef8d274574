"""Range arguments of formula functions as flat columns, and results back in the caller's shape.

xlwings hands a UDF argument declared with ``ndim=2`` as a list of rows (a single cell is ``[[value]]``). A range
formula works on the flattened cells in one engine call, then puts the answers back in the same shape; a one-cell
argument next to a range is repeated for every cell (Excel's own broadcasting of a scalar).

>>> cells, shape = flatten([["CH93"], [None]])
>>> cells, shape
(['CH93', None], (2, 1))
>>> reshape([True, False], shape)
[[True], [False]]
>>> reshape(["only"], (1, 1))
'only'
>>> broadcast([[1.0], [2.0]], [["TVA"]])
((2, 1), [[1.0, 2.0], ['TVA', 'TVA']])

Range formulas over whole columns take their argument with xlwings' ``raw`` converter (what pywin32 hands over:
a scalar, or a tuple of row tuples) and answer a list of rows: xlwings' default conversion cleans every cell on
the way in and again on the way out, which cost more than the checks themselves. :func:`raw_cells` gives the
cells the default conversion would give (it runs xlwings' own cleaning on the few cells that need it: errors,
dates) and :func:`rows_of` the rows xlwings would hand back to Excel.

>>> raw_cells((("CH93",), (None,), (4.0,)))
(['CH93', None, 4.0], (3, 1))
>>> rows_of([True, False, ""], (3, 1))
[[True], [False], ['']]
"""
from __future__ import annotations

import datetime as dt
from itertools import chain

from engine.errors import ComptoirError

# Cells xlwings' default reader leaves as they are ("" becomes None, which is_blank treats alike).
_PLAIN = frozenset({str, float, bool, type(None)})


def as_grid(value: object) -> list[list]:
    """Any argument as a list of rows: a scalar (VBA caller, a typed constant) becomes one cell."""
    if isinstance(value, (list, tuple)):
        if not value:
            return [[None]]
        if isinstance(value[0], (list, tuple)):
            return [list(row) for row in value]
        return [list(value)]
    return [[value]]


def flatten(value: object) -> tuple[list, tuple[int, int]]:
    """The cells row by row, and the (rows, columns) shape to restore."""
    grid = as_grid(value)
    return [cell for row in grid for cell in row], (len(grid), len(grid[0]))


def reshape(values: list, shape: tuple[int, int]):
    """Results in the caller's shape; one cell gives a scalar, as a one-cell formula expects."""
    rows, cols = shape
    if rows == 1 and cols == 1:
        return values[0]
    return [values[i * cols:(i + 1) * cols] for i in range(rows)]


def broadcast(*args: object) -> tuple[tuple[int, int], list[list]]:
    """The common shape of the arguments and each one's cells in it (one-cell arguments repeated)."""
    flat = [flatten(arg) for arg in args]
    shapes = {shape for _, shape in flat if shape != (1, 1)}
    if len(shapes) > 1:
        listed = " and ".join(f"{r}×{c}" for r, c in sorted(shapes))
        raise ComptoirError(f"the ranges have different sizes ({listed})",
                            "give ranges of the same size, or a single cell")
    shape = shapes.pop() if shapes else (1, 1)
    size = shape[0] * shape[1]
    return shape, [cells if len(cells) == size else cells * size for cells, _ in flat]


def is_blank(value: object) -> bool:
    """An empty cell (Excel hands None, or '' from a formula); a cell of spaces is a value, judged as such."""
    return value is None or value == ""


def raw_cells(value: object) -> tuple[list, tuple[int, int]]:
    """The cells of a ``raw`` argument row by row, as the default converter would clean them, and the shape."""
    if isinstance(value, (list, tuple)):
        rows = value if value and isinstance(value[0], (list, tuple)) else [value]
    else:
        rows = [[value]]
    if not rows or not rows[0]:
        return [None], (1, 1)
    cells = list(chain.from_iterable(rows))
    if not set(map(type, cells)) <= _PLAIN:  # an error code, a COM date...: rare, so cleaned cell by cell
        cells = [cell if type(cell) in _PLAIN else _clean(cell) for cell in cells]
    return cells, (len(rows), len(rows[0]))


def _clean(cell: object) -> object:
    """One cell through the cleaning of xlwings' Windows engine (default options: dates as datetime, errors None).

    UDFs run on Windows only (xlwings' COM server); there ``xlwings._xlwindows`` holds the engine. Called from
    plain Python elsewhere, nothing converted the value: it is taken as it is."""
    try:
        from xlwings import _xlwindows
    except ImportError:
        return cell
    return _xlwindows.engine.clean_value_data([[cell]], dt.datetime, None, None, False)[0][0]


def rows_of(values: list, shape: tuple[int, int]) -> list[list]:
    """Answers as the list of rows xlwings' default writer would produce (one cell too: ``[[value]]``)."""
    rows, cols = shape
    if cols == 1:
        return [[v] for v in values]
    return [values[i * cols:(i + 1) * cols] for i in range(rows)]
