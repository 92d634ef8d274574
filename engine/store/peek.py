"""A book's language read without opening it, so a command that refuses before it opens the book — or never opens
it, as ``mandate status BOOK`` — still speaks the book's language, not the system's (issue 18, audit 18b: a book open
in Excel was refused in English on ``book translate``). Only the zip's workbook part is read: its sheet names."""
from __future__ import annotations

import zipfile
from pathlib import Path

from engine import i18n
from engine.errors import ComptoirError
from engine.schema import terms
from engine.store.xlsx_zip import sheet_parts


def speak_book_language(path) -> None:
    """The running command speaks the language of the workbook at ``path`` (its sheet names'); a folder, a file
    that is not a workbook or cannot be read changes nothing (what reads it later says why)."""
    path = Path(path)
    if not path.name.lower().endswith(i18n.WORKBOOK_SUFFIXES) or not path.is_file():
        return
    try:
        with zipfile.ZipFile(path) as package:
            i18n.book_opened(terms.book_language(sheet_parts(package)), path)
    except (OSError, zipfile.BadZipFile, ComptoirError):
        return
