"""Rewrite a worksheet part's rows in place (ECMA-376 Part 1 §18.3.1 sheetData).

Everything outside ``<sheetData>`` (views, frozen panes, column widths, validations, conditional formats, merged
cells, drawings, comments, table parts) is kept as written. Inside it, rows that did not change keep their exact
bytes (shared strings, formulas, styles); changed and new rows are written with inline strings, so the shared-string
part never needs rewriting and text can never become a formula.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from engine.errors import BookError
from engine.i18n import tr
from engine.store.cells import excel_serial

_ROOT = re.compile(rb"<(\w+:)?worksheet\b")
_CELL = re.compile(rb"<(?:\w+:)?c\b[^>]*?(?:/>|>.*?</(?:\w+:)?c>)", re.S)
_ROW_NUMBER = re.compile(rb'\br="(\d+)"')
_CELL_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')
_STYLE = re.compile(rb'\bs="(\d+)"')
_ROW_ATTRS = re.compile(rb'\s(?:r|spans)="[^"]*"')
_COL = re.compile(rb"<(?:\w+:)?col\b[^>]*/?>")
_DIMENSION = re.compile(rb'(<(?:\w+:)?dimension\b[^>]*\bref=")([^"]*)(")')
_CONTENT = re.compile(rb"<(?:\w+:)?(?:v|is|f)\b")
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
MAX_CELL_TEXT = 32767  # Excel's limit for one cell


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_index(letters: bytes | str) -> int:
    number = 0
    for char in letters if isinstance(letters, str) else letters.decode():
        number = number * 26 + ord(char) - 64
    return number - 1


@dataclass(frozen=True, slots=True)
class RowWrite:
    """One row of the new table body: ``original`` row number to keep or merge with, ``cells`` to set
    (column index → value) or None to keep the original row as it is."""

    original: int | None
    cells: dict | None


@dataclass(frozen=True, slots=True)
class SheetWrite:
    header_row: int  # 1-based
    old_last_row: int  # last row of the table body before the change (header_row when it was empty)
    rows: tuple[RowWrite, ...]
    width: int  # number of table columns, for the table ref
    # the row new cells take their style from (0: the one under header_row; a translation splices from the header
    # row itself, whose style is not a data cell's)
    style_row: int = 0


def _escape(text: str) -> bytes:
    if len(text) > MAX_CELL_TEXT:
        raise BookError(tr("a text of {length} characters is longer than a cell holds ({limit})", length=len(text),
                           limit=MAX_CELL_TEXT), tr("shorten it"))
    text = _ILLEGAL_XML.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").encode()


def _cell_xml(p: bytes, ref: bytes, style: bytes, value) -> bytes:
    s = b' s="' + style + b'"' if style else b""
    if value is None or value == "":
        return b"<" + p + b'c r="' + ref + b'"' + s + b"/>" if style else b""
    if isinstance(value, bool):
        return b"<%sc r=\"%s\"%s t=\"b\"><%sv>%d</%sv></%sc>" % (p, ref, s, p, value, p, p)
    if isinstance(value, (int, Decimal, float)):
        number = format(value, "f") if isinstance(value, Decimal) else repr(value)
        return b"<%sc r=\"%s\"%s><%sv>%s</%sv></%sc>" % (p, ref, s, p, number.encode(), p, p)
    if isinstance(value, (dt.date, dt.datetime)):
        return b"<%sc r=\"%s\"%s><%sv>%s</%sv></%sc>" % (p, ref, s, p, repr(excel_serial(value)).encode(), p, p)
    return (b"<%sc r=\"%s\"%s t=\"inlineStr\"><%sis><%st xml:space=\"preserve\">%s</%st></%sis></%sc>"
            % (p, ref, s, p, p, _escape(str(value)), p, p, p))


def _renumber(row: bytes, number: int) -> bytes:
    """A kept row moved to another row number (after a deletion above it)."""
    digits = str(number).encode()
    head_end = row.index(b">")
    head = _ROW_NUMBER.sub(b'r="' + digits + b'"', row[:head_end], count=1)
    return head + _CELL_REF.sub(lambda m: b'r="' + m[1] + digits + b'"', row[head_end:])


def _row_cells(row: bytes) -> dict[int, bytes]:
    cells = {}
    for cell in _CELL.finditer(row):
        ref = _CELL_REF.search(cell[0])
        if ref:
            cells[column_index(ref[1])] = cell[0]
    return cells


def _column_styles(sheet: bytes) -> dict[int, bytes]:
    styles = {}
    for col in _COL.finditer(sheet):
        tag = col[0]
        lo, hi, style = (re.search(rb'\b%s="(\d+)"' % name, tag) for name in (b"min", b"max", b"style"))
        if lo and hi and style:
            for index in range(int(lo[1]) - 1, min(int(hi[1]), 16384)):
                styles[index] = style[1]
    return styles


def _merge_row(p: bytes, number: int, original: bytes | None, cells: dict, styles: dict[int, bytes]) -> bytes:
    digits = str(number).encode()
    kept = _row_cells(original) if original else {}
    out = dict(kept)
    for index, value in cells.items():
        ref = column_letter(index).encode() + digits
        old = kept.get(index)
        match = _STYLE.search(old) if old else None
        # a cell kept keeps its own style, the default one included; only a new cell takes its column's (the table's
        # first data row's): a cell translated in place took the header row's style (audit of issue 18)
        style = match[1] if match else b"" if old else styles.get(index, b"")
        out[index] = _cell_xml(p, ref, style, value)
    if original:
        head = original[: original.index(b">") + 1]
        if head.endswith(b"/>"):
            head = head[:-2] + b">"
        attrs = _ROW_ATTRS.sub(b"", head[len(p) + 4: -1])
    else:
        attrs = b""
    found = _ROW_NUMBER.search(original, 0, 200) if original else None
    moved = original is not None and (found is None or found[1] != digits)
    body = b"".join(
        _CELL_REF.sub(lambda m: b'r="' + m[1] + digits + b'"', out[i]) if moved and i not in cells else out[i]
        for i in sorted(out) if out[i])
    return b"<%srow r=\"%s\"%s>%s</%srow>" % (p, digits, attrs, body, p)


def _index_rows(body: bytes, p: bytes) -> dict[int, tuple[int, int]]:
    """Row number → (start, end) byte span in ``body``; a row runs to the next row's start."""
    # A literal prefix lets the regex engine scan with a fast substring search.
    row_start = re.compile(re.escape(b"<" + p + b"row") + rb"[\s>/]")
    starts = [m.start() for m in row_start.finditer(body)]
    spans = {}
    previous = 0
    for i, start in enumerate(starts):
        number = _ROW_NUMBER.search(body, start, start + 200)
        previous = int(number[1]) if number else previous + 1
        spans[previous] = (start, starts[i + 1] if i + 1 < len(starts) else len(body))
    return spans


def rewrite_rows(sheet: bytes, change: SheetWrite) -> tuple[bytes, int]:
    """The worksheet part with the table body replaced; returns it and the new last row of the table.

    Rows that stay where they were are copied as whole byte runs, so the cost follows the rows changed."""
    root = _ROOT.search(sheet)
    if not root:
        raise BookError(tr("a worksheet part has no <{tag}>", tag="worksheet"), tr("the file is damaged"))
    p = root[1] or b""
    open_tag = re.search(rb"<%ssheetData\s*(/?)>" % re.escape(p), sheet)
    if not open_tag:
        raise BookError(tr("a worksheet part has no <{tag}>", tag="sheetData"), tr("the file is damaged"))
    if open_tag[1]:
        start, end, body = open_tag.start(), open_tag.end(), b""
    else:
        close = sheet.index(b"</%ssheetData>" % p, open_tag.end())
        start, end, body = open_tag.start(), close + len(b"</%ssheetData>" % p), sheet[open_tag.end():close]
    spans = _index_rows(body, p)

    def row_bytes(number: int) -> bytes:
        a, b = spans[number]
        return body[a:b]

    styles = _column_styles(sheet[:start])
    first = change.header_row + 1
    model = change.style_row or first
    if model in spans:  # new rows take the style of the table's first data row, column by column
        for index, cell in _row_cells(row_bytes(model)).items():
            match = _STYLE.search(cell)
            if match:
                styles[index] = match[1]
    new_last = change.header_row + len(change.rows)
    # Styled but empty rows under the table (a template's formatted first row) may be overwritten.
    below = [n for n in spans if n > change.old_last_row and (n > new_last or _CONTENT.search(row_bytes(n)))] \
        if spans and max(spans) > change.old_last_row else []
    if below and min(below) <= new_last:
        raise BookError(tr("the table would grow over content below it at row {row}", row=min(below)),
                        tr("move that content further down or to another sheet"))
    pieces = [row_bytes(n) for n in range(1, first) if n in spans]
    run_start = run_end = None  # a run of rows kept in place, copied as one slice
    for offset, write in enumerate(change.rows):
        number = first + offset
        span = spans.get(write.original) if write.original else None
        if write.cells is None and span is not None and write.original == number:
            if run_end == span[0]:
                run_end = span[1]
                continue
            if run_start is not None:
                pieces.append(body[run_start:run_end])
            run_start, run_end = span
            continue
        if run_start is not None:
            pieces.append(body[run_start:run_end])
            run_start = run_end = None
        original = body[span[0]:span[1]] if span else None
        if write.cells is None and original is not None:
            pieces.append(_renumber(original, number))
        else:
            pieces.append(_merge_row(p, number, original, write.cells or {}, styles))
    if run_start is not None:
        pieces.append(body[run_start:run_end])
    pieces.extend(row_bytes(n) for n in sorted(below))
    new_body = b"<%ssheetData>%s</%ssheetData>" % (p, b"".join(pieces), p)
    last_row = max([new_last] + below)
    head = _DIMENSION.sub(lambda m: m[1] + _dimension(m[2], last_row, change.width) + m[3], sheet[:start], count=1)
    return b"".join((head, new_body, sheet[end:])), new_last


def _dimension(ref: bytes, last_row: int, width: int) -> bytes:
    match = re.match(rb"([A-Z]+)(\d+)(?::([A-Z]+)\d+)?", ref)
    if not match:
        return ref
    last_col = max(column_index(match[3] or match[1]), width - 1)
    return b"%s%s:%s%d" % (match[1], match[2], column_letter(last_col).encode(), max(last_row, int(match[2])))
