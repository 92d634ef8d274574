"""Raw sheet rows → typed records, collecting every problem of the sheet in one pass (STYLE.md §5).

Columns are found by their header text, so a person may reorder them or add their own columns (kept on save).

>>> from engine.schema import INVOICING
>>> rows = [["ClientId", "Company", "Discount"], [1.0, "Muster AG", "abc"], ["", "", ""], [2.0, "=cmd", 5.0]]
>>> table, problems = load_table(rows, INVOICING.sheet("Clients"), "book.xlsx")
>>> [(r.client_id, r.company, r.row) for r in table.records]
[(1, 'Muster AG', 2), (2, '=cmd', 4)]
>>> print([p for p in problems if p.severity == 'error'][0])
book.xlsx: Clients!C2: "abc" is not a number where a number is expected — type digits, e.g. 1234.50
"""
from __future__ import annotations

from engine.errors import Problem
from engine.schema.columns import SheetSchema
from engine.store.cells import READERS, CellError
from engine.store.records import Table, build, record_class

HEADER_SEARCH_ROWS = 20
_EMPTY = ("", None)


def _norm(text: object) -> str:
    return str(text).strip().lower().replace(" ", "").replace("_", "") if text is not None else ""


def locate_header(rows: list[list], schema: SheetSchema) -> int | None:
    """Index of the header row: the first row naming the sheet's first column."""
    wanted = _norm(schema.columns[0].header)
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if any(_norm(value) == wanted for value in row):
            return index
    return None


def load_table(rows: list[list], schema: SheetSchema, file: str = "") -> tuple[Table, list[Problem]]:
    """Records of ``schema`` from ``rows`` (as read from A1), and the problems found."""
    cls = record_class(schema)
    table = Table(schema=schema, file=file)
    problems: list[Problem] = []
    header_index = locate_header(rows, schema)
    if header_index is None:
        problems.append(Problem(table.cell(1), f'no header row with "{schema.columns[0].header}" in the first '
                                f"{HEADER_SEARCH_ROWS} rows", "restore the header row from the template"))
        return table, problems
    header = [_norm(v) for v in rows[header_index]]
    table.header_row = header_index + 1
    positions = {}
    for col in schema.columns:
        wanted = _norm(col.header)
        if wanted in header:
            positions[col.field] = header.index(wanted)
        elif col.required:
            problems.append(Problem(table.cell(table.header_row), f'the required column "{col.header}" is missing',
                                    "add it back (the template shows all columns)"))
        else:
            problems.append(Problem(table.cell(table.header_row), f'the column "{col.header}" is missing',
                                    "add it back; until then it stays empty", severity="warning"))
    table.positions = positions
    plan = [(positions.get(col.field), col, READERS[col.kind], set(col.codes) if col.codes else None)
            for col in schema.columns]
    records = []
    last_row = table.header_row
    for offset, raw in enumerate(rows[header_index + 1:]):
        row_number = table.header_row + 1 + offset
        width = len(raw)
        if all(value in _EMPTY for value in raw):
            continue
        values = []
        for position, col, reader, codes in plan:
            value = raw[position] if position is not None and position < width else None
            if value in _EMPTY or (value.__class__ is str and not value.strip()):
                if col.required:
                    problems.append(Problem(table.cell(row_number, col.field), f"{col.header} is empty",
                                            f"fill in {col.header}, or delete the row"))
                values.append(None)
                continue
            try:
                value = reader(value)
            except CellError as error:
                problems.append(Problem(table.cell(row_number, col.field), error.message, error.hint))
                values.append(None)
                continue
            if codes is not None and value not in codes:
                problems.append(Problem(table.cell(row_number, col.field), f'"{value}" is not a valid {col.header}',
                                        "choose one of " + ", ".join(c for c in col.codes if c)))
            elif col.max_len and len(value) > col.max_len:
                problems.append(Problem(table.cell(row_number, col.field),
                                        f"{col.header} has {len(value)} characters, at most {col.max_len} fit",
                                        "shorten it (QR-bill and bank limits)", severity="warning"))
            values.append(value)
        values.append(row_number)
        records.append(build(cls, values))
        last_row = row_number
    table.records = table.loaded = tuple(records)
    table.last_row = last_row
    return table, problems
