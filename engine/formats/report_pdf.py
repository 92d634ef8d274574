"""A report as an A4 PDF (fpdf2): title and period on every page, column headers repeated, group sub-totals,
the total, and "page n / N" in the footer. Landscape when the columns do not fit portrait.

>>> from decimal import Decimal
>>> from engine.domain.reports.model import Column, arrange
>>> r = arrange("Debtors", (Column("c", "Client"), Column("a", "Open", "money")), [{"c": "A", "a": Decimal(1)}])
>>> render(r, company="Muster AG").startswith(b"%PDF")
True
"""
from __future__ import annotations

import datetime as dt

from fpdf import FPDF

from engine.domain.reports.model import SUMMED, Report, fmt

FONT = "Helvetica"
_WIDTH = {"money": 24, "number": 18, "int": 14, "date": 20}


def _latin(text: str) -> str:
    # the core PDF fonts are Latin-1: typographic dashes become plain ones, the rest is replaced
    return text.replace("–", "-").replace("—", "-").replace("’", "'").encode("latin-1", "replace").decode("latin-1")


class _Pdf(FPDF):
    def __init__(self, report: Report, company: str, widths: list[float], orientation: str):
        super().__init__(orientation=orientation, unit="mm", format="A4")
        self.report, self.company, self.widths = report, company, widths
        self.set_auto_page_break(True, margin=15)
        self.alias_nb_pages()

    def header(self):
        self.set_font(FONT, "B", 13)
        self.cell(0, 7, _latin(self.report.title), new_x="LMARGIN", new_y="NEXT")
        self.set_font(FONT, "", 9)
        self.cell(0, 5, _latin(" - ".join(p for p in (self.company, self.report.period) if p)),
                  new_x="LMARGIN", new_y="NEXT")
        self.ln(2)
        self.set_font(FONT, "B", 8)
        self.set_fill_color(217, 225, 242)
        for column, width in zip(self.report.columns, self.widths):
            self.cell(width, 6, _latin(column.label), border="B", fill=True,
                      align="R" if column.kind in SUMMED else "L")
        self.ln()

    def footer(self):
        self.set_y(-12)
        self.set_font(FONT, "", 7)
        self.cell(0, 5, f"Comptoir - page {self.page_no()} / {{nb}}", align="C")


def _widths(report: Report, usable: float) -> list[float]:
    raw = [_WIDTH.get(c.kind, 30) for c in report.columns]
    scale = min(1.0, usable / sum(raw)) if raw else 1.0
    return [w * scale for w in raw]


def render(report: Report, company: str = "", created: dt.datetime | None = None) -> bytes:
    """The PDF bytes; ``created`` fixes the creation date so the output is reproducible."""
    portrait = sum(_WIDTH.get(c.kind, 30) for c in report.columns) <= 186
    widths = _widths(report, 186 if portrait else 273)
    pdf = _Pdf(report, company, widths, "P" if portrait else "L")
    pdf.set_creation_date(created or dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc))
    pdf.add_page()

    def line(values, style="", fill=False):
        pdf.set_font(FONT, style, 8)
        for value, column, width in zip(values, report.columns, widths):
            pdf.cell(width, 5, _latin(fmt(value, column.kind))[:60], fill=fill,
                     align="R" if column.kind in SUMMED or column.kind == "int" else "L")
        pdf.ln()

    for row in report.rows:
        line(row)
    if report.groups:
        pdf.ln(2)
        pdf.set_fill_color(238, 243, 250)
        for group in report.groups:
            line(group.subtotal, "I", fill=True)
    if report.totals:
        pdf.ln(1)
        line(report.totals, "B")
    return bytes(pdf.output())
