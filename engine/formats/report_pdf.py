"""A report as an A4 PDF (fpdf2): title and period on every page, column headers repeated, group sub-totals,
the total, and "page n/N" in the footer (in the report's language). Landscape when the columns do not fit
portrait; amounts in the Swiss way, 1'234.50.

>>> from decimal import Decimal
>>> from engine.domain.reports.model import Column, arrange
>>> r = arrange("Debtors", (Column("c", "Client"), Column("a", "Open", "money")), [{"c": "A", "a": Decimal(1)}])
>>> render(r, company="Muster AG").startswith(b"%PDF")
True
"""
from __future__ import annotations

import datetime as dt

from fpdf import FPDF

from engine.domain.reports.model import AMOUNTS, Report, fmt
from engine.formats.labels import label

FONT = "Helvetica"
_RIGHT = (*AMOUNTS, "int", "rate")


def _latin(text: str) -> str:
    # the core PDF fonts are Latin-1: typographic dashes become plain ones, the rest is replaced
    return text.replace("–", "-").replace("—", "-").replace("’", "'").encode("latin-1", "replace").decode("latin-1")


class _Pdf(FPDF):
    def __init__(self, report: Report, company: str, widths: list[float], orientation: str, size: float):
        super().__init__(orientation=orientation, unit="mm", format="A4")
        self.report, self.company, self.widths, self.size = report, company, widths, size
        self.set_auto_page_break(True, margin=15)
        self.alias_nb_pages()

    def header(self):
        self.set_font(FONT, "B", 13)
        self.cell(0, 7, _latin(self.report.title), new_x="LMARGIN", new_y="NEXT")
        self.set_font(FONT, "", 9)
        self.cell(0, 5, _latin(" - ".join(p for p in (self.company, self.report.period) if p)),
                  new_x="LMARGIN", new_y="NEXT")
        self.ln(2)
        self.set_font(FONT, "B", self.size)
        self.set_fill_color(217, 225, 242)
        for column, width in zip(self.report.columns, self.widths):
            self.cell(width, 6, _fit(self, _latin(column.label), width), border="B", fill=True,
                      align="R" if column.kind in _RIGHT else "L")
        self.ln()

    def footer(self):
        self.set_y(-12)
        self.set_font(FONT, "", 7)
        # "{nb}" is fpdf2's alias for the page count, filled in at the end
        page = label("page", self.report.language or "en", page=self.page_no(), pages="{nb}")
        self.cell(0, 5, f"Comptoir - {page}", align="C")


def _raw_widths(report: Report, sample: int = 400, text_cap: float = 45, wrap=()) -> list[float]:
    """Each column as wide as its header in bold 8 pt or its widest value among the first rows and the totals,
    text capped at ``text_cap`` mm (French headers are long; a currency column is short); a column of ``wrap``
    (keys) as wide as its longest value on one line, :func:`_widths` then giving it the room left."""
    ruler = FPDF(unit="mm")
    rows = [*report.rows[:sample], *(g.subtotal for g in report.groups[:sample]), report.totals]
    widths = []
    for index, column in enumerate(report.columns):
        ruler.set_font(FONT, "B", 8)
        need = ruler.get_string_width(_latin(column.label))
        ruler.set_font(FONT, "", 8)
        values = {fmt(row[index], column.kind, "'") for row in rows if row and row[index] is not None}
        if values:
            need = max(need, max(ruler.get_string_width(_latin(v)) for v in values))
        widths.append(need + 2.5 if column.key in wrap else min(need + 2.5, text_cap if column.kind == "text" else 30))
    return widths


WRAPPED_LEAST = 30.0  # mm: the narrowest a wrapped column gets before the whole table shrinks instead


def _widths(report: Report, page: float, text_cap: float, wrap) -> tuple[list[float], float]:
    """The columns' widths on a page ``page`` mm wide and the font size: the columns of ``wrap`` share the room the
    others leave — a short one (a path) as wide as its text, the long ones (a reason, a fix) an equal share of the
    rest, their text wrapping over lines, never cut; without them, or without room, every column shrinks with the
    font, as before."""
    raw = _raw_widths(report, text_cap=text_cap, wrap=wrap)
    if not raw:
        return raw, 8.0
    wrapped = [i for i, column in enumerate(report.columns) if column.key in wrap]
    room = page - sum(w for i, w in enumerate(raw) if i not in wrapped)
    if wrapped and sum(raw) > page and room >= WRAPPED_LEAST * len(wrapped):
        widths = list(raw)
        for done, i in enumerate(sorted(wrapped, key=lambda i: raw[i])):  # the narrowest first: what it leaves
            widths[i] = min(raw[i], room / (len(wrapped) - done))  # goes to the wider ones
            room -= widths[i]
        return widths, 8.0
    scale = min(1.0, page / sum(raw))
    return [w * scale for w in raw], 8 * scale  # text shrinks with its column, so what was measured still fits


def _fit(pdf: FPDF, text: str, width: float) -> str:
    """``text`` cut to fit ``width`` (a long client name must not run into the next column)."""
    if pdf.get_string_width(text) <= width - 1:
        return text
    while text and pdf.get_string_width(text + "..") > width - 1:
        text = text[:-1]
    return text + ".."


def render(report: Report, company: str = "", created: dt.datetime | None = None) -> bytes:
    """The PDF bytes; ``created`` fixes the creation date so the output is reproducible."""
    return render_all([report], company, created)


def render_all(reports: list[Report], company: str = "", created: dt.datetime | None = None,
               text_cap: float = 45, strong=None, wrap=()) -> bytes:
    """Several reports in one PDF, each from a new page with its own title and columns (the financial statements:
    balance sheet, then income statement); the orientation is the first report's. ``text_cap``: the widest a
    text column may be, in mm (the statements' headings are the law's long wording); ``strong(row)``: rows in bold
    (the statements' sections and totals); ``wrap``: keys of the columns whose text wraps over lines instead of
    being cut (the office's morning report: a reason and its fix must be read whole on paper)."""
    first = reports[0]
    portrait = sum(_raw_widths(first, text_cap=text_cap, wrap=wrap)) <= 186
    widths, size = _widths(first, 186 if portrait else 273, text_cap, wrap)
    pdf = _Pdf(first, company, widths, "P" if portrait else "L", size)
    pdf.set_creation_date(created or dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc))
    for report in reports:
        if report is not first:
            pdf.report = report
            pdf.widths, pdf.size = _widths(report, 186 if portrait else 273, text_cap, wrap)
        _pages(pdf, report, strong or (lambda row: False), wrap)
    return bytes(pdf.output())


def _pages(pdf: _Pdf, report: Report, strong, wrap=()) -> None:
    widths, size = pdf.widths, pdf.size
    pdf.add_page()

    def line(values, style="", fill=False):
        pdf.set_font(FONT, style, size)
        cells = [(_latin(fmt(value, column.kind, "'")), column, width)
                 for value, column, width in zip(values, report.columns, widths)]
        if not any(column.key in wrap for _, column, _ in cells):
            for text, column, width in cells:
                pdf.cell(width, 5, _fit(pdf, text, width), fill=fill, align="R" if column.kind in _RIGHT else "L")
            pdf.ln()
            return
        _wrapped_line(pdf, cells, wrap, fill)

    for row in report.rows:
        line(row, "B" if strong(row) else "")
    if any(g.subtotal for g in report.groups):
        pdf.ln(2)
        pdf.set_fill_color(238, 243, 250)
        for group in report.groups:
            if group.subtotal:  # nothing added up in the group: no empty line
                line(group.subtotal, "I", fill=True)
    if report.totals:
        pdf.ln(1)
        line(report.totals, "B")


LINE = 4.0  # mm between the lines of a wrapped cell


def _wrapped_line(pdf: FPDF, cells, wrap, fill: bool) -> None:
    """One row whose ``wrap`` cells run over as many lines as their text needs (the others on its first line),
    moved whole to the next page when it does not fit on this one."""
    lines = [_split(pdf, text, width) if column.key in wrap else [_fit(pdf, text, width)]
             for text, column, width in cells]
    height = max(5.0, LINE * max(len(each) for each in lines) + 1)
    if pdf.will_page_break(height):
        pdf.add_page()
    x, y = pdf.get_x(), pdf.get_y()
    for (_, column, width), each in zip(cells, lines):
        if fill:
            pdf.rect(x, y, width, height, style="F")
        for number, text in enumerate(each):
            if not text:  # nothing to write: an empty cell draws nothing (the counts of a finding's row)
                continue
            pdf.set_xy(x, y + 0.5 + LINE * number)
            pdf.cell(width, LINE, text, align="R" if column.kind in _RIGHT else "L")
        x += width
    pdf.set_xy(pdf.l_margin, y + height)


def _split(pdf: FPDF, text: str, width: float) -> list[str]:
    """``text`` in lines that fit a cell ``width`` mm wide, broken between words (a word wider than the column, such
    as a long path, between its characters); cell() draws each line (multi_cell measured each row twice: three times
    as slow for a night of 500 mandates)."""
    room, space = width - 2 * pdf.c_margin, pdf.get_string_width(" ")
    lines, current, used = [], [], 0.0
    for word in text.split():
        wide = pdf.get_string_width(word)
        if current and used + space + wide <= room:
            current.append(word)
            used += space + wide
            continue
        if current:
            lines.append(" ".join(current))
        while wide > room and len(word) > 1:  # a path longer than the column: cut where it must be
            cut = len(word) - 1
            while cut > 1 and pdf.get_string_width(word[:cut]) > room:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
            wide = pdf.get_string_width(word)
        current, used = [word], wide
    if current:
        lines.append(" ".join(current))
    return lines or [""]
