"""Sheets Comptoir writes under a report's name in the book's language (Bilan, R_Débiteurs; engine/data/terms.tsv
``report:``), told apart from a sheet of the bookkeeper's own that bears the same name: a report sheet holds the
``tblReport…`` table :mod:`engine.formats.report_xlsx` writes. Such an own sheet is never replaced by a report nor
renamed by ``book translate``."""
from __future__ import annotations

import zipfile
from pathlib import Path

from engine.errors import BookError
from engine.i18n import tr
from engine.schema import terms
from engine.store.xlsx_zip import sheet_parts, table_parts


def refuse_own_sheets(path: Path, names) -> None:
    """Before writing several report sheets (the two statements): refuse at once if one of ``names`` is a sheet
    of the bookkeeper's own, so none is written."""
    with zipfile.ZipFile(path) as target:
        refuse_own_sheets_in(target, sheet_parts(target), names, Path(path).name)


def refuse_own_sheets_in(target: zipfile.ZipFile, sheets: dict, names, file: str) -> None:
    for name in names:
        if name in sheets and _is_report_name(name) and not _wrote_report(target, sheets[name]):
            raise BookError(tr('{book}: the sheet "{sheet}" is not a report Comptoir wrote (it has no tblReport '
                               "table), so it is not replaced", book=file, sheet=name),
                            tr('rename your sheet "{sheet}" (Comptoir writes its report under that name in this '
                               "book's language), then run again", sheet=name))


def own_sheet(path: Path, name: str) -> bool:
    """Whether the sheet ``name`` bears a report's name but is the bookkeeper's own (no tblReport table)."""
    if not _is_report_name(name):
        return False
    with zipfile.ZipFile(path) as target:
        sheets = sheet_parts(target)
        return name in sheets and not _wrote_report(target, sheets[name])


def _is_report_name(name: str) -> bool:
    """A statement's or report's sheet (Bilan, R_Débiteurs …): written with a tblReport table; the dashboard has none."""
    english = terms.english_report_sheet(name)
    return english is not None and english != "Dashboard"


def _wrote_report(target: zipfile.ZipFile, part: str) -> bool:
    """The sheet at ``part`` holds the table a report is written with (report_xlsx: tblReport…): a sheet of the
    bookkeeper's own that happens to bear the report's name (a French ledger's own "Bilan") is never overwritten."""
    return any(b'displayName="tblReport' in target.read(table) for table in table_parts(target, part)
               if table in target.namelist())
