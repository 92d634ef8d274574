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
"""
from __future__ import annotations

from engine.errors import ComptoirError


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
