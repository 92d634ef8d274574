"""Save changed tables into an existing xlsx/xlsm package, keeping every other part as it was.

Per changed sheet: the worksheet part's rows (:mod:`engine.store.xlsx_sheet`), the ``ref`` of its Excel table.
Once per save: the calculation chain is dropped (Excel rebuilds it; a stale chain makes Excel "repair" the file)
and ``fullCalcOnLoad`` is set so formulas that read our cells are recalculated when the book is opened.
"""
from __future__ import annotations

import re
import zipfile
import zlib

from engine.errors import BookError
from engine.i18n import tr
from engine.store.xlsx_sheet import SheetWrite, column_letter, rewrite_rows
from engine.store.xlsx_zip import read_rels, sheet_parts, table_parts, write_package

_TABLE_REF = re.compile(rb'(<(?:\w+:)?(?:table|autoFilter)\b[^>]*?\bref=")([A-Z]+)(\d+):([A-Z]+)(\d+)(")')
_CALC_PR = re.compile(rb"<(\w+:)?calcPr\b([^>]*?)(/?)>")
_CALC_CHAIN_TYPE = "calcChain"


def _retable(table: bytes, header_row: int, last_row: int) -> bytes:
    """Move the table's bottom edge; an Excel table keeps at least one (empty) body row."""
    def fix(match):
        if int(match[3]) != header_row:
            return match[0]
        return match[1] + match[2] + match[3] + b":" + match[4] + str(max(last_row, header_row + 1)).encode() + match[6]
    return _TABLE_REF.sub(fix, table)


def _full_calc_on_load(workbook: bytes) -> bytes:
    match = _CALC_PR.search(workbook)
    if match:
        if b"fullCalcOnLoad" in match[2]:
            return workbook
        p = match[1] or b""
        tag = b"<%scalcPr%s fullCalcOnLoad=\"1\"%s>" % (p, match[2], match[3])
        return workbook[: match.start()] + tag + workbook[match.end():]
    root = re.search(rb"<(\w+:)?workbook\b", workbook)
    p = (root[1] if root else b"") or b""
    for anchor in (b"</%sdefinedNames>" % p, b"</%ssheets>" % p):
        at = workbook.find(anchor)
        if at >= 0:
            at += len(anchor)
            return workbook[:at] + b'<%scalcPr fullCalcOnLoad="1"/>' % p + workbook[at:]
    return workbook


def _without_calc_chain(package: zipfile.ZipFile, replaced: dict[str, bytes], removed: set[str]) -> None:
    chain = [(rid, target) for rid, (kind, target) in read_rels(package, "xl/workbook.xml").items()
             if kind == _CALC_CHAIN_TYPE]
    for rid, target in chain:
        removed.add(target)
        rels = replaced.get("xl/_rels/workbook.xml.rels") or package.read("xl/_rels/workbook.xml.rels")
        replaced["xl/_rels/workbook.xml.rels"] = re.sub(
            rb'<(?:\w+:)?Relationship\b[^>]*\bId="%s"[^>]*/>' % re.escape(rid.encode()), b"", rels)
        types = replaced.get("[Content_Types].xml") or package.read("[Content_Types].xml")
        replaced["[Content_Types].xml"] = re.sub(
            rb'<(?:\w+:)?Override\b[^>]*\bPartName="/%s"[^>]*/>' % re.escape(target.encode()), b"", types)


def save_tables(source_path, target, changes: dict[str, SheetWrite], level: int = 1) -> dict[str, int]:
    """Write ``source_path`` with ``changes`` applied to ``target`` (a path or file); returns each sheet's new last row."""
    try:
        return _save_tables(source_path, target, changes, level)
    except KeyError as error:  # a part named by the workbook's relationships is absent from the zip
        raise BookError(tr("the workbook is damaged: {error}", error=error.args[0]),
                        tr("open it in Excel and save it again; nothing was changed")) from None
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as error:  # NotImplemented: zip version
        raise BookError(tr("the workbook is damaged: {error}", error=error),
                        tr("open it in Excel and save it again; nothing was changed")) from None


def _save_tables(source_path, target, changes: dict[str, SheetWrite], level: int) -> dict[str, int]:
    last_rows = {}
    with zipfile.ZipFile(source_path) as package:
        parts = sheet_parts(package)
        replaced: dict[str, bytes] = {}
        removed: set[str] = set()
        for sheet, change in changes.items():
            if sheet not in parts:
                raise BookError(tr('the workbook has no sheet "{sheet}"', sheet=sheet),
                                tr("create it from the template first"))
            part = parts[sheet]
            data, last_rows[sheet] = rewrite_rows(package.read(part), change)
            replaced[part] = data
            for table in table_parts(package, part):
                replaced[table] = _retable(package.read(table), change.header_row, last_rows[sheet])
        if changes:
            replaced["xl/workbook.xml"] = _full_calc_on_load(package.read("xl/workbook.xml"))
            _without_calc_chain(package, replaced, removed)
        write_package(package, target, replaced, removed, level)
    return last_rows


__all__ = ["save_tables", "SheetWrite", "column_letter"]
