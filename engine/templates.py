"""Blank books generated from the schema: one Excel table per record sheet, frozen header, drop-downs for codes
and accounts, number formats, and the reference data a Swiss SME starts with (chart, VAT codes, movement types).

``python -m engine.templates DIR`` writes ``invoicing.xlsx`` and ``ledger.xlsx``; a test regenerates them and
compares with the committed ``workbook_templates/``.
"""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableStyleInfo

from engine import i18n
from engine.schema import BOOKS, BookSchema, SheetSchema, seeded, terms
from engine.store.cells import READERS
from engine.store.xlsx_sheet import column_letter

VALIDATION_ROWS = 20000  # drop-downs and lists cover this many rows of a sheet
FIXED_TIME = dt.datetime(2026, 1, 1)  # deterministic package metadata
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADER_FONT = Font(bold=True, color="FFFFFF")


def seed_rows(name: str) -> list[dict]:
    """Rows of a reference data file (``#`` lines are its provenance header)."""
    return seeded.rows(name)


def _typed(kind: str, text: str):
    return READERS[kind](text) if text not in ("", None) else None


def _seed_values(book: BookSchema, sheet: SheetSchema, language: str = "en") -> list[list]:
    if sheet.name == "Settings":
        # a book in French, German or Italian: its documents too, by default (a client's Language says otherwise)
        values = {"Language": language.upper(), "DefaultLanguage": language.upper()} if language != "en" else {}
        notes = i18n.catalogue(language)  # a key's note in the book's language (msgctxt setting-note)
        return [[terms.setting_key(key.key, language), _setting_value(key, values, language),
                 notes.pgettext("setting-note", key.note) if key.note else key.note] for key in book.settings]
    if not sheet.seed:
        return []
    # a name in the book's language: Kasse, Bankspesen, Geschuldete MWST Normalsatz (engine.schema.seeded)
    return [[_seed_cell(col, seeded.word(row, col.header, language), language) for col in sheet.columns]
            for row in seed_rows(sheet.seed)]


def _setting_value(key, values: dict, language: str) -> str:
    """A Settings key's first value: the book's language where it says one, else the default, a drop-down word
    in the book's language."""
    if key.kind == "bool" and key.key not in values and key.default.__class__ is bool:  # nein, not False
        return terms.yes_no_text(key.default, language)
    text = values.get(key.key, "" if key.default in ("", None) else str(key.default))
    return terms.value(text, language) if key.codes and text else text


def _seed_cell(col, text: str, language: str):
    value = _typed(col.kind, text)
    if col.kind == "bool":
        return terms.yes_no(value, language)
    return terms.value(value, language, col) if col.codes and isinstance(value, str) else value


def _validation(sheet: SheetSchema, col, letter: str, names: set[str], language: str = "en") -> DataValidation | None:
    if col.codes and any(col.codes):
        formula = '"' + ",".join(terms.value(code, language, col) for code in col.codes if code) + '"'
    elif col.kind == "bool":  # the book's words: oui,non; ja,nein; sì,no; TRUE,FALSE (audit 18b)
        formula = '"' + ",".join(terms.yes_no_words(language)) + '"'
    elif col.ref in ("Accounts", "VatCodes", "Clients", "Articles", "Creditors") and col.ref in names:
        title = terms.sheet_name(col.ref, language)
        quoted = f"'{title}'" if not title.isalnum() else title
        formula = f"{quoted}!$A$2:$A${VALIDATION_ROWS}"
    else:
        return None
    rule = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=col.ref == "")
    # the book's language, whatever the system's: the committed English templates stay English
    rule.error = i18n.catalogue(language).gettext("Choose a value from the list for {header}").format(
        header=terms.header(col.header, language, sheet.name))
    rule.add(f"{letter}2:{letter}{VALIDATION_ROWS}")
    return rule


def _add_sheet(workbook: Workbook, book: BookSchema, sheet: SheetSchema, language: str = "en") -> None:
    ws = workbook.create_sheet(terms.sheet_name(sheet.name, language))
    names = set(book.names)
    ws.append([terms.header(col.header, language, sheet.name) for col in sheet.columns])
    rows = _seed_values(book, sheet, language)
    for values in rows:
        ws.append(values)
    for index, col in enumerate(sheet.columns):
        letter = column_letter(index)
        header = ws.cell(row=1, column=index + 1)
        header.font, header.fill = HEADER_FONT, HEADER_FILL
        header.alignment = Alignment(vertical="center")
        dimension = ws.column_dimensions[letter]
        dimension.width = col.display_width
        dimension.number_format = col.number_format
        for row in range(2, len(rows) + 3):
            ws.cell(row=row, column=index + 1).number_format = col.number_format
        rule = _validation(sheet, col, letter, names, language)
        if rule:
            ws.add_data_validation(rule)
    last = column_letter(len(sheet.columns) - 1)
    table = Table(displayName=sheet.table_name, ref=f"A1:{last}{max(len(rows) + 1, 2)}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
    ws.add_table(table)
    ws.freeze_panes = "A2"
    if sheet.hidden:
        ws.sheet_state = "hidden"


def sheet_package(sheet: SheetSchema, language: str = "en") -> bytes:
    """One sheet drawn as in a new book, alone in a package (to be put into a book made before it existed)."""
    import io

    book = next(b for b in BOOKS.values() if sheet in b.sheets)
    workbook = Workbook()
    workbook.remove(workbook.active)
    _add_sheet(workbook, book, sheet, language)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def build(kind: str, language: str = "en") -> Workbook:
    """A blank book whose sheet names, headers and drop-down values are in ``language`` (en, fr, de, it)."""
    book = BOOKS[kind]
    language = terms.language_code(language)
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in book.sheets:
        _add_sheet(workbook, book, sheet, language)
    workbook.properties.creator = "Comptoir"
    workbook.properties.created = FIXED_TIME
    return workbook


def write(kind: str, path: Path, language: str = "en") -> Path:
    """Write a blank ``kind`` book to ``path`` (atomically: a temp file beside it, then replace)."""
    import os

    path = Path(path)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.new")
    build(kind, language).save(temporary)
    os.replace(temporary, path)
    return path


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else Path("workbook_templates")
    folder.mkdir(parents=True, exist_ok=True)
    for kind in BOOKS:
        print(write(kind, folder / f"{kind}.xlsx"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
