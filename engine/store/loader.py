"""Raw sheet rows → typed records, collecting every problem of the sheet in one pass (STYLE.md §5).

Columns are found by their header text, so a person may reorder them or add their own columns (kept on save).
Conversion runs column by column (:mod:`engine.store.columns_fast`); a column with a bad cell is converted again
cell by cell to name each bad cell.

>>> from engine.schema import INVOICING
>>> rows = [["ClientId", "Company", "Discount"], [1.0, "Muster AG", "abc"], ["", "", ""], [2.0, "=cmd", 5.0]]
>>> table, problems = load_table(rows, INVOICING.sheet("Clients"), "book.xlsx")
>>> [(r.client_id, r.company, r.row) for r in table.records]
[(1, 'Muster AG', 2), (2, '=cmd', 4)]
>>> print([p for p in problems if p.severity == 'error'][0])
book.xlsx: Clients!C2: "abc" is not a number where a number is expected — type digits, e.g. 1234.50
"""
from __future__ import annotations

from operator import itemgetter

from engine import collector
from engine.errors import Problem
from engine.schema.columns import SheetSchema
from engine.store.cells import READERS, CellError, is_empty
from engine.store.columns_fast import FAST, builder
from engine.store.records import Table, record_class
from engine.schema import terms
from engine.i18n import tr

HEADER_SEARCH_ROWS = 20
_BUILDERS: dict[type, object] = {}


_norm = terms.norm_header


def locate_header(rows: list[list], schema: SheetSchema) -> int | None:
    """Index of the header row: the first row naming the sheet's first column (in any of the four languages)."""
    wanted = terms.header_aliases(schema.columns[0].header)
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if any(_norm(value) in wanted for value in row):
            return index
    return None


def _locate_columns(header: list, schema: SheetSchema, table: Table, problems: list, language: str) -> dict:
    # A header is found by any language's word for it: a French book, or one whose user renamed a header to
    # another language's word, reads the same (issue 18; terms.tsv keeps a sheet's words apart, tested).
    names = [_norm(v) for v in header]
    positions = {}
    first_missing = len(problems)  # the problems this loop adds are the missing columns'
    twice = []  # (column, its header cells): a header renamed to another column's word in any language
    for col in schema.columns:
        wanted = terms.header_aliases(col.header, schema.name)
        matches = [index for index, name in enumerate(names) if name in wanted]
        if len(matches) > 1:
            twice.append((col, matches))
        found = matches[0] if matches else None
        title = terms.header(col.header, language, schema.name)
        if found is not None:
            positions[col.field] = found
        elif col.required:
            problems.append(Problem(table.cell(table.header_row),
                                    tr('the required column "{header}" is missing', language, header=title),
                                    tr("add it back (the template shows all columns)", language)))
        elif col.added:
            problems.append(Problem(table.cell(table.header_row),
                                    tr('the column "{header}" (new in this version) is missing', language,
                                       header=title),
                                    tr("add a column headed {header} at the end of the table to use it; until then "
                                       "the book works as before", language, header=title), severity="warning"))
        else:
            problems.append(Problem(table.cell(table.header_row),
                                    tr('the column "{header}" is missing', language, header=title),
                                    tr("add it back; until then it stays empty", language), severity="warning"))
    if twice:
        lost = [terms.header(c.header, language, schema.name) for c in schema.columns if c.field not in positions]
        _name_twice(header, schema, table, problems, language, twice, first_missing, lost)
    return positions


def _name_twice(header, schema, table, problems, language, twice, first_missing: int, lost: list) -> None:
    """Two header cells naming one column (audit 18b: Fester Betrag renamed to the Italian "Totale lordo", gross
    total, beside Total brutto): the first is read, the other's values are not. Each missing column's problem
    (``problems[first_missing:]``) then names both cells, so the bookkeeper sees which one to rename back; without
    a missing column a warning of its own says it."""
    from engine.store.xlsx_sheet import column_letter
    for col, matches in twice:
        cells = ", ".join(f'«{str(header[i]).strip()}» ({column_letter(i)})' for i in matches)
        said = tr("the columns {cells} all name {header}: only the first is read", language, cells=cells,
                  header=terms.header(col.header, language, schema.name))
        hint = tr("rename the other one back to the header of the column it holds", language)
        own = _norm(terms.header(col.header, language, schema.name))
        strays = [i for i in matches if _norm(header[i]) != own]  # the cell not in the book's words: the renamed one
        if len(lost) == 1 and len(strays) == 1:
            hint = tr("rename «{cell}» ({column}) back to «{header}»", language,
                      cell=str(header[strays[0]]).strip(), column=column_letter(strays[0]), header=lost[0])
        # an error, not a warning: the values under the other cell are either lost or read as this column's
        # (second audit of issue 18: first names read as surnames, check said nothing was wrong)
        missing = range(first_missing, len(problems))
        for index in missing:
            problem = problems[index]
            problems[index] = Problem(problem.source, f"{problem.message}; {said}", hint, severity="error")
        if not missing:
            problems.append(Problem(table.cell(table.header_row), said, hint, severity="error"))


def _shown_header(col, actual, language: str, table: Table) -> str:
    """The column as the sheet heads it: a header renamed to another language's word (Soll in a French Journal) is
    named so, the one the bookkeeper sees; the language's word when the cell holds no text."""
    if actual.__class__ is str and actual.strip():
        return actual.strip()
    return terms.header(col.header, language, table.schema.name)


def _empty(title: str, language: str) -> tuple[str, str]:
    return (tr("{header} is empty", language, header=title),
            tr("fill in {header}, or delete the row", language, header=title))


def _convert_slowly(col, raw: list, numbers: list, table: Table, problems: list, language: str) -> list:
    reader = READERS[col.kind]
    out = []
    for value, number in zip(raw, numbers):
        if value is None or (value.__class__ is str and not value.strip()):
            out.append(None)
            continue
        try:
            out.append(reader(value))
        except CellError as error:
            problems.append(Problem(table.cell(number, col.field),
                                    tr(error.template, language, **error.values) if error.values else error.message,
                                    tr(error.hint, language) if error.hint else ""))
            out.append(None)
    return out


def _column(col, position, body: list, numbers: list, table: Table, problems: list, shortest: int,
            language: str, header_row: list) -> list:
    if position is None:
        return [None] * len(body)
    title = _shown_header(col, header_row[position], language, table)
    if position < shortest:  # calamine's rows are rectangular: take the column in C
        raw = list(map(itemgetter(position), body))
    else:
        raw = [r[position] if position < len(r) else None for r in body]
    if raw.count("") + raw.count(None) == len(raw):  # an unused column: nothing to convert (counted in C)
        values = [None] * len(raw)
        if col.required:
            empty, hint = _empty(title, language)
            problems.extend(Problem(table.cell(n, col.field), empty, hint) for n in numbers)
        return values
    try:
        values = list(map(FAST[col.kind], raw))
    except CellError:
        values = _convert_slowly(col, raw, numbers, table, problems, language)
    if col.required and None in values:
        empty, hint = _empty(title, language)
        problems.extend(Problem(table.cell(n, col.field), empty, hint)
                        # a cell that holds unreadable text already has its own problem: it is not empty
                        for n, v, r in zip(numbers, values, raw) if v is None and is_empty(r))
    if col.codes:
        aliases = terms.value_aliases(col)
        if aliases:  # a drop-down value in the book's language (or another one) → the code the program uses
            values = [(aliases.get(v) or aliases.get(v.casefold(), v)) if v.__class__ is str else v for v in values]
        allowed = set(col.codes)
        bad = [(n, v) for n, v in zip(numbers, values) if v is not None and v not in allowed]
        if bad:
            hint = tr("choose one of {choices}", language,
                      choices=", ".join(terms.value(c, language, col) for c in col.codes if c))
            problems.extend(Problem(table.cell(n, col.field),
                                    tr('"{value}" is not a valid {header}', language, value=v, header=title), hint)
                            for n, v in bad)
    if col.max_len:
        problems.extend(Problem(table.cell(n, col.field),
                                tr("{header} has {length} characters, at most {limit} fit", language, header=title,
                                   length=len(v), limit=col.max_len),
                                tr("shorten it (QR-bill and bank limits)", language), severity="warning")
                        for n, v in zip(numbers, values) if v is not None and len(v) > col.max_len)
    return values


def load_table(rows: list[list], schema: SheetSchema, file: str = "", language: str = "en",
               title: str = "") -> tuple[Table, list[Problem]]:
    """Records of ``schema`` from ``rows`` (as read from A1), and the problems found (headers named in the book's
    ``language``)."""
    with collector.paused():
        return _load_table(rows, schema, file, language, title)


def _load_table(rows: list[list], schema: SheetSchema, file: str, language: str,
                title: str) -> tuple[Table, list[Problem]]:
    cls = record_class(schema)
    table = Table(schema=schema, file=file, title=title if title != schema.name else "")
    problems: list[Problem] = []
    header_index = locate_header(rows, schema)
    if header_index is None:
        problems.append(Problem(table.cell(1), tr('no header row with "{header}" in the first {rows} rows', language,
                                                  header=terms.header(schema.columns[0].header, language),
                                                  rows=HEADER_SEARCH_ROWS),
                                tr("restore the header row from the template", language)))
        return table, problems
    table.header_row = header_index + 1
    table.positions = _locate_columns(rows[header_index], schema, table, problems, language)
    first = header_index + 1
    # list.count runs in C: a row is empty when all its cells are '' or None.
    kept = [(first + 1 + i, r) for i, r in enumerate(rows[first:]) if r.count("") + r.count(None) != len(r)]
    numbers = [n for n, _ in kept]
    body = [r for _, r in kept]
    shortest = min(map(len, body), default=0)
    columns = [_column(col, table.positions.get(col.field), body, numbers, table, problems, shortest, language,
                       rows[header_index]) for col in schema.columns]
    build = _BUILDERS.get(cls) or _BUILDERS.setdefault(cls, builder(cls))
    table.records = table.loaded = tuple(map(build, zip(*columns, numbers)))
    table.last_row = numbers[-1] if numbers else table.header_row
    problems.sort(key=lambda p: (p.source.row or 0, p.source.column))
    return table, problems
