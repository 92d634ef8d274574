"""A report drawn as one worksheet of a scratch workbook (openpyxl, in memory): title, period, an Excel table
``tblReport<Name>`` of the rows (CHF formats, banded style, filter buttons), then the sub-totals and the total.

The bytes are a whole .xlsx package; :func:`engine.store.xlsx_add_sheet.put_sheet` moves the sheet into a book.
Text is written as text even when it starts with ``=`` (never a formula).
"""
from __future__ import annotations

import io
import re
import unicodedata

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo

from engine.domain.reports.model import Report
from engine.formats.labels import label

# Excel shows "#,##0" with the user's thousands separator: 1'234.50 on a Swiss system
FORMATS = {"money": "#,##0.00;[Red]-#,##0.00", "fx": "#,##0.00;[Red]-#,##0.00", "number": "#,##0.##",
           "date": "dd.mm.yyyy", "int": "0", "rate": "0.0000##"}
WIDTHS = {"money": 13, "fx": 13, "number": 10, "date": 11, "int": 8, "rate": 9}
INK, ACCENT = "1F3864", "D9E1F2"


def put(cell, value, kind: str = "text") -> None:
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # keep "=..." from a payer name as text
    if kind in FORMATS:
        cell.number_format = FORMATS[kind]


def sheet_name(report: Report) -> str:
    return re.sub(r"[^A-Za-z0-9]", "", report.name.title())[:28] or "Report"


def build(report: Report, name: str = "", company: str = "") -> bytes:
    return build_many([(report, name)], company)


def build_many(reports, company: str = "", finish=None) -> bytes:
    """Several reports, a worksheet each: ``reports`` is a list of (report, sheet name or ""); ``finish(book)``
    may add to the workbook before it is written (links, notes)."""
    book = Workbook()
    for index, (report, name) in enumerate(reports):
        fill(book.active if index == 0 else book.create_sheet(), report, name or sheet_name(report), company)
    if finish:
        finish(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def table_name(sheet: str) -> str:
    """The Excel table's name for a report sheet: ASCII letters, digits and underscores (a table name has no
    space), the accents of a sheet named in the book's language dropped (Compte de résultat → Compte_de_resultat).

    >>> table_name("R_Debtors"), table_name("Compte de résultat"), table_name("R_MWST-Abrechnung")
    ('tblReportR_Debtors', 'tblReportCompte_de_resultat', 'tblReportR_MWST_Abrechnung')
    """
    plain = "".join(c for c in unicodedata.normalize("NFKD", sheet) if not unicodedata.combining(c))
    return ("tblReport" + re.sub(r"[^A-Za-z0-9_]", "_", plain))[:250]


def fill(ws, report: Report, name: str, company: str = "") -> None:
    ws.title = name
    width = len(report.columns)
    put(ws.cell(1, 1), f"{report.title}" + (f" — {company}" if company else ""))
    ws.cell(1, 1).font = Font(size=14, bold=True, color=INK)
    put(ws.cell(2, 1), report.period)
    ws.cell(2, 1).font = Font(italic=True, color="595959")
    header = 4
    for col, column in enumerate(report.columns, start=1):
        put(ws.cell(header, col), column.label)
        ws.column_dimensions[get_column_letter(col)].width = WIDTHS.get(column.kind, max(12, len(column.label) + 4))
        for offset, row in enumerate(report.rows, start=1):
            put(ws.cell(header + offset, col), row[col - 1], column.kind)
    last = header + max(len(report.rows), 1)
    ref = f"A{header}:{get_column_letter(width)}{last}"
    table = Table(displayName=table_name(name), ref=ref)
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    ws.add_table(table)
    ws.freeze_panes = ws.cell(header + 1, 1)
    at = last + 2
    bold, top = Font(bold=True), Border(top=Side(style="thin", color=INK))
    if any(g.subtotal for g in report.groups):  # nothing added up: no sub-total rows, no empty ones
        put(ws.cell(at, 1), label("rpt_subtotals_by", report.language or "en",
                                  column=report.columns[report.column(report.group_by)].label))
        ws.cell(at, 1).font = Font(bold=True, color=INK)
        at += 1
        for group in (g for g in report.groups if g.subtotal):
            for col, (value, column) in enumerate(zip(group.subtotal, report.columns), start=1):
                put(ws.cell(at, col), value, column.kind)
                ws.cell(at, col).fill = PatternFill("solid", fgColor=ACCENT)
            at += 1
    for col, (value, column) in enumerate(zip(report.totals, report.columns), start=1):
        put(ws.cell(at, col), value, column.kind)
        ws.cell(at, col).font, ws.cell(at, col).border = bold, top
    if report.totals:
        ws.cell(at, 1).alignment = Alignment(horizontal="left")
    ws.page_setup.orientation = "landscape" if width > 7 else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
