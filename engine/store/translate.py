"""``comptoir book translate BOOK --to de``: a book's sheet names, headers and drop-down values put into another of
the four languages (issue 18), losslessly.

Only what names things changes: the sheet names (in workbook.xml, and wherever a formula, a defined name, a
drop-down list or a chart names the sheet), the header cells and the Excel tables' column names, the drop-down
values in cells and in the validation lists, and the names of accounts, VAT codes and movement types (and their
label templates) that are still the ones a new book starts with (engine.schema.seeded; a name of one's own stays). Every other cell, style, comment, chart and part stays as it was;
the cells rewritten keep their style (the store's row splice, engine.store.xlsx_sheet). The new version is
written beside the book and put in place in one step, the old one kept in ``.comptoir/backups``.
"""
from __future__ import annotations

import html
import io
import re
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from engine import i18n
from engine.i18n import tr
from engine.errors import BookError, ComptoirError
from engine.schema import seeded, terms
from engine.store.atomic import exclusive, refuse_if_open_in_excel, stage
from engine.store import translate_reports, translate_values
from engine.store.book import Book
from engine.store.peek import speak_book_language
from engine.store.structured_refs import rename_columns, table_columns
from engine.store.xlsx_sheet import RowWrite, SheetWrite
from engine.store.report_sheets import own_sheet
from engine.store.xlsx_writer import save_tables
from engine.store.xlsx_zip import sheet_parts, table_parts, write_package

_TABLE_COLUMN = re.compile(r'(<(?:\w+:)?tableColumn\b[^>]*?\bname=")([^"]*)(")')
_LIST = re.compile(r'(<(?:\w+:)?formula1>)"([^"<]*)"(</(?:\w+:)?formula1>)')


def translate(path: Path, to: str) -> dict:
    """Put the book at ``path`` into language ``to``; returns what changed (sheets renamed, cells rewritten)."""
    to = to.strip().lower()
    if to not in terms.LANGUAGES:
        raise BookError(tr('"{language}" is not a language of Comptoir', language=to),
                        tr("choose one of {choices}", choices=", ".join(terms.LANGUAGES)))
    path = Path(path)
    with exclusive(path):
        speak_book_language(path)  # a book open in Excel is refused in its own language
        refuse_if_open_in_excel(path)
        book = Book.open(path)
        changes, renames, cells = _cell_changes(book, to)
        renames.update(_report_sheets(book, to, path))
        if changes or renames:
            data = io.BytesIO()
            save_tables(path, data, changes)
            package = _renamed(data.getvalue(), book, renames, to)
            stage(path, lambda handle: handle.write(package)).commit()
    return {"language": to, "renamed": renames, "cells": cells, "changed": bool(changes or renames)}


def _cell_changes(book: Book, to: str) -> tuple[dict, dict, int]:
    """Per sheet (by its present name): the header row and the drop-down cells in ``to``'s words."""
    changes, renames, count = {}, {}, 0
    for english, title in book.sheet_titles.items():
        table, raw = book.table_and_rows(english)  # each sheet read once
        if not table.positions:
            continue
        new_title = terms.sheet_name(english, to)
        if new_title != title:
            renames[title] = new_title
        writes: dict[int, dict] = {}
        header = raw[table.header_row - 1]
        for name, position in table.positions.items():
            word = terms.header(table.schema.column(name).header, to, english)
            if _text(header, position) != word:
                writes.setdefault(table.header_row, {})[position] = word
        coded = [(name, pos, table.schema.column(name)) for name, pos in table.positions.items()
                 if table.schema.column(name).codes]
        if english == "Settings":
            _setting_words(book, table, raw, to, writes)
        if english == "Settings" and "note" in table.positions:
            _setting_notes(book, table, raw, to, writes)
        appended = _language_setting(book, table, to, writes) if english == "Settings" else ()
        translate_values.yes_no_cells(table, raw, to, writes)  # ja / nein, TRUE / FALSE (audit 18b)
        if english == "Movements":  # Salaires → Löhne as MovementTypes renames it
            translate_values.movement_types(table, raw, to, writes)
        if table.schema.seed:  # the chart's, the VAT codes' and the movement types' names a new book starts with
            for record in table.loaded:
                for name, word in seeded.renamed(table.schema, record, to).items():
                    if name in table.positions:
                        writes.setdefault(record.row, {})[table.positions[name]] = word
        for record in table.loaded:
            for name, position, column in coded:
                code = getattr(record, name)
                if code.__class__ is str and code:
                    word = terms.value(code, to, column)
                    if _text(raw[record.row - 1], position) != word:
                        writes.setdefault(record.row, {})[position] = word
        if not writes and not appended:
            continue
        count += sum(map(len, writes.values())) + len(appended)
        first = table.header_row  # the header row is the first "body" row of the splice: its table keeps its size
        last = max(table.last_row, first)
        rows = tuple(RowWrite(n, writes.get(n)) for n in range(first, last + 1)) + appended
        changes[title] = SheetWrite(first - 1, last, rows, max(table.positions.values()) + 1, style_row=first + 1)
    return changes, renames, count


def _report_sheets(book: Book, to: str, path: Path) -> dict[str, str]:
    """The sheets Comptoir wrote (BalanceSheet, Dashboard, R_…) renamed into ``to``'s words, like the records'
    sheets, so writing them again replaces them instead of adding a second one beside; a sheet of the bookkeeper's
    own that only bears such a name (a French book's own "Bilan") keeps it."""
    renames = {}
    every = book.source.sheet_names()
    taken = {terms.norm_sheet(title) for title in every}  # an own sheet's name too: never two sheets of one name
    for title in (title for title in every if not own_sheet(path, title)):
        english = terms.english_report_sheet(title) if title not in book.sheet_titles.values() else None
        new = terms.report_sheet(english, to) if english else title
        if new != title and terms.norm_sheet(new) not in taken:  # two of one report (an old one kept): left be
            renames[title] = new
            taken.add(terms.norm_sheet(new))
    return renames


def _setting_words(book: Book, table, raw: list, to: str, writes: dict) -> None:
    """Each Settings key in ``to``'s words, and a value chosen from a list (VatBasis received → reçu) too; a row of
    one's own, or a value that is no word of its list, stays as it is."""
    declared = {key.key: key for key in book.schema.settings}
    key_at, value_at = table.positions["key"], table.positions.get("value")
    for record in table.loaded:
        english = terms.english_setting(record.key)
        if english not in declared:
            continue
        word = terms.setting_key(english, to)
        if _text(raw[record.row - 1], key_at) != word:
            writes.setdefault(record.row, {})[key_at] = word
        if declared[english].kind == "bool" and value_at is not None:  # Verzugszins nein → Intérêt moratoire non
            word = translate_values.yes_no_setting(_text(raw[record.row - 1], value_at), to)
            if word is not None and word != _text(raw[record.row - 1], value_at):
                writes.setdefault(record.row, {})[value_at] = word
        if declared[english].codes and value_at is not None and english != "Language":  # Language: below
            typed = _text(raw[record.row - 1], value_at)
            aliases = terms.value_aliases(declared[english])
            code = aliases.get(typed) or aliases.get(typed.casefold()) if isinstance(typed, str) else None
            if code and terms.value(code, to) != typed:
                writes.setdefault(record.row, {})[value_at] = terms.value(code, to)


def _setting_notes(book: Book, table, raw: list, to: str, writes: dict) -> None:
    """A Settings key's note as a new book writes it (in any language), in ``to``'s words; a note of one's own stays."""
    position = table.positions["note"]
    for key in book.schema.settings:
        if not key.note:
            continue
        spellings = {i18n.catalogue(lang).pgettext("setting-note", key.note) for lang in terms.LANGUAGES}
        word = i18n.catalogue(to).pgettext("setting-note", key.note)
        for record in table.loaded:
            if terms.english_setting(record.key) == key.key and _text(raw[record.row - 1], position) in \
                    spellings - {word}:
                writes.setdefault(record.row, {})[position] = word


def _language_setting(book: Book, table, to: str, writes: dict) -> tuple:
    """Settings Language set to ``to`` in the same save as the sheets (a second save could fail after the first and
    leave a book translated that says another language): its cell in ``writes``, or a new row when the key is not in
    the sheet (returned, to be added below the table)."""
    said = to.upper()
    record = next((r for r in table.loaded if terms.english_setting(r.key) == "Language"), None)
    if record is not None:
        try:
            already = book.settings["Language"] == said
        except ComptoirError:  # a word that is no language: replaced too
            already = False
        if not already:
            writes.setdefault(record.row, {})[table.positions["value"]] = said
        return ()
    declared = next(key for key in book.schema.settings if key.key == "Language")
    cells = {table.positions["key"]: terms.setting_key("Language", to), table.positions["value"]: said}
    if "note" in table.positions:
        cells[table.positions["note"]] = i18n.catalogue(to).pgettext("setting-note", declared.note)
    return (RowWrite(None, cells),)


def _text(row: list, position: int) -> str | None:
    value = row[position] if position < len(row) else None
    return value.strip() if isinstance(value, str) else value


_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")  # a sheet name a formula may write without quotes (safely)
_BARE = re.compile(r"[^\W\d][\w.]*")  # one Excel also reads without quotes (Débiteurs!A1)


def _quoted(title: str) -> str:
    return title if _PLAIN.fullmatch(title) else "'" + title.replace("'", "''") + "'"


def _rename_refs(text: str, renames: dict[str, str]) -> str:
    """Formulas naming a renamed sheet (``'Plan comptable'!$A$2``, ``Accounts!A1``) name it by its new name;
    a reference to another sheet whose name ends the same (``DocumentLines!`` for ``Lines``) is left alone."""
    for old, new in renames.items():
        quoted_old = re.escape("'" + old.replace("'", "''") + "'") + "!"
        text = re.sub(quoted_old, lambda m: _quoted(new) + "!", text)
        if _BARE.fullmatch(old):
            text = re.sub(r"(?<![\w.'])" + re.escape(old) + "!", lambda m: _quoted(new) + "!", text)
    return text


def _formula_texts(xml: str, renames: dict[str, str], columns: dict | None = None) -> str:
    """Sheet names and our tables' column names inside formula elements only (cell formulas, defined names,
    validations, conditional formats, chart series, a table's calculated columns); a formula naming neither keeps
    its bytes."""
    def fix(match):
        before = _unescape(match[2])
        after = _rename_refs(before, renames)
        after = rename_columns(after, columns) if columns and "tbl" in after.lower() else after
        return match[0] if after == before else match[1] + escape(after) + match[3]
    pattern = (r"(<(?:\w+:)?(?:f|definedName|formula1|formula2|formula|calculatedColumnFormula|totalsRowFormula)"
               r"\b[^>]*>)([^<]*)(</)")
    return re.sub(pattern, fix, xml)


def _unescape(text: str) -> str:
    return html.unescape(text)  # entities and character references (openpyxl writes é as &#233;)


def _renamed(data: bytes, book: Book, renames: dict[str, str], to: str) -> bytes:
    """The package with sheets renamed, table columns and drop-down lists in ``to``'s words."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        replaced: dict[str, bytes] = {}
        columns = table_columns(book.schema.sheets, to)
        workbook = _attribute(package.read("xl/workbook.xml").decode(), "sheet", "name", renames)
        replaced["xl/workbook.xml"] = _formula_texts(workbook, renames, columns).encode()
        parts = sheet_parts(package)
        english = {title: name for name, title in book.sheet_titles.items()}
        # the reports', statements' and dashboard's words too (their titles, headers and charts): audit 18b
        written, charts = translate_reports.written_sheets(package, parts, set(english))
        shared = translate_reports.shared_strings(package.read("xl/sharedStrings.xml") if written and
                                                  "xl/sharedStrings.xml" in package.namelist() else None)
        for title, part in parts.items():
            xml = package.read(part).decode()
            xml = translate_reports.sheet_xml(xml, shared, to, written[title]) if title in written else xml
            schema = book.schema.sheet(english[title]) if title in english else None
            xml = _LIST.sub(lambda m: m[1] + '"' + escape(",".join(_list_in(schema, _unescape(m[2]).split(","), to)))
                            + '"' + m[3], xml)
            replaced[part] = _formula_texts(xml, renames, columns).encode()
            for table in table_parts(package, part):
                xml = _formula_texts(package.read(table).decode(), renames, columns)
                if schema is not None:
                    xml = _table_columns(xml, schema, to)
                elif title in written:  # a report's table: its columns as its translated headers
                    xml = translate_reports.table_xml(xml, to, written[title])
                replaced[table] = xml.encode()
        for name in package.namelist():
            if name.startswith("xl/charts/") and name.endswith(".xml") and (renames or name in charts):
                xml = _formula_texts(package.read(name).decode(), renames)
                replaced[name] = (translate_reports.chart_xml(xml, to) if name in charts else xml).encode()
            elif name.startswith("xl/pivotCache/pivotCacheDefinition") and renames:  # the pivot's source range
                replaced[name] = _attribute(package.read(name).decode(), "worksheetSource", "sheet", renames).encode()
        if "docProps/app.xml" in package.namelist() and renames:
            app = package.read("docProps/app.xml").decode()
            for old, new in renames.items():
                app = app.replace(f"<vt:lpstr>{escape(old)}</vt:lpstr>", f"<vt:lpstr>{escape(new)}</vt:lpstr>")
            replaced["docProps/app.xml"] = app.encode()
        out = io.BytesIO()
        write_package(package, out, {k: v for k, v in replaced.items() if v != package.read(k)}, set())
    return out.getvalue()


def _list_in(schema, items: list[str], to: str) -> list[str]:
    """A drop-down list's items in ``to``'s words, read as the values of the one column of ``schema`` they all belong
    to: a word may stand for two codes of different columns (German "Gutschrift" is a payment's credit note and a
    movement's credit, audit of issue 18). A list of no column of the book's (the user's own) is left as it is."""
    if schema is None:
        return items
    yes_no = translate_values.yes_no_list(items, to)  # TRUE,FALSE → ja,nein
    if yes_no is not None and any(column.kind == "bool" for column in schema.columns):
        return yes_no
    for column in schema.columns:
        aliases = terms.value_aliases(column) if column.codes else {}
        if aliases and all(item in aliases for item in items):
            return [terms.value(aliases[item], to, column) for item in items]
    return items


def _attribute(xml: str, tag: str, attribute: str, renames: dict[str, str]) -> str:
    """Each ``<tag attribute="old">`` (a sheet's name in workbook.xml, a pivot cache's source sheet) renamed."""
    pattern = re.compile(r'(<(?:\w+:)?%s\b[^>]*?\b%s=")([^"]*)(")' % (tag, attribute))

    def fix(match):
        old = html.unescape(match[2])
        return match[1] + escape(renames[old], {'"': "&quot;"}) + match[3] if old in renames else match[0]
    return pattern.sub(fix, xml)


def _table_columns(xml: str, schema, to: str) -> str:
    """An Excel table's column names must equal its header cells (else Excel "repairs" the file)."""
    by_alias = {alias: col for col in schema.columns for alias in terms.header_aliases(col.header, schema.name)}

    def fix(match):
        col = by_alias.get(terms.norm_header(_unescape(match[2])))
        if col is None:
            return match[0]
        return match[1] + escape(terms.header(col.header, to, schema.name), {'"': "&quot;"}) + match[3]
    return _TABLE_COLUMN.sub(fix, xml)
