"""The dashboard as a one-page A4 landscape PDF (fpdf2 draws the same figures as the sheet's charts: key figures,
revenue per month against last year, receivables ageing, cash forecast by fortnight, top clients) and as a PNG
of that page (pypdfium2) for an e-mail, captioned in the dashboard's language; amounts as 1'234.

>>> import datetime as dt
>>> from decimal import Decimal as D
>>> from engine.domain.reports.dashboard import Dashboard
>>> d = Dashboard(company="Muster AG", until=dt.date(2026, 5, 20), figures=(("Cash", D("10")),),
...               revenue=(("Jan", D("5"), D("4")),), ageing=(("Not due", D("3")),),
...               cash=(("16.05", D("1"), D("-2"), D("9")),), top_clients=(("A", D("5")),))
>>> render(d).startswith(b"%PDF"), png(render(d))[:4]
(True, b'\\x89PNG')
"""
from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from fpdf import FPDF

from engine.domain.reports.dashboard import Dashboard
from engine.formats.labels import label
from engine.formats.report_pdf import _latin

INK, MUTED, CARD = (31, 56, 100), (89, 89, 89), (238, 243, 250)
BLUE, GREY, GREEN, RED, ORANGE = (46, 117, 182), (165, 165, 165), (112, 173, 71), (192, 0, 0), (237, 125, 49)


def _amount(value: Decimal) -> str:
    return f"{value:,.0f}".replace(",", "'")


def _bars(pdf: FPDF, x, y, w, h, title: str, labels, series, colours, horizontal=False, line=None,
          line_caption="", legend=()):
    """A bar chart in the box (x, y, w, h): ``series`` are lists of amounts, one colour each; ``line`` an optional
    series drawn as a polyline on its own scale."""
    pdf.set_draw_color(200, 200, 200)
    pdf.rect(x, y, w, h)
    pdf.set_font("Helvetica", "B", 10)
    pdf.set_text_color(*INK)
    pdf.set_xy(x, y + 1)
    pdf.cell(w, 6, _latin(title), align="C")
    pdf.set_text_color(0, 0, 0)
    pdf.set_font("Helvetica", "", 7)
    for k, name in enumerate(legend):  # a small key under the title, one square per series
        at = x + w - 4 - (len(legend) - k) * 24
        pdf.set_fill_color(*colours[k])
        pdf.rect(at, y + 8.2, 2.5, 2.5, style="F")
        pdf.set_xy(at + 3, y + 7.5)
        pdf.cell(20, 4, _latin(name))
    left, top, right, bottom = x + (30 if horizontal else 16), y + (13 if legend else 9), x + w - 4, y + h - 8
    values = [v for s in series for v in s] or [Decimal(0)]
    high, low = max(max(values), Decimal(0)), min(min(values), Decimal(0))
    span = (high - low) or Decimal(1)
    pdf.set_font("Helvetica", "", 6)
    n = max(len(labels), 1)
    if horizontal:
        step = (bottom - top) / n
        for i, category in enumerate(labels):
            pdf.set_xy(x + 1, top + i * step)
            pdf.cell(left - x - 2, step, _latin(str(category))[:22], align="R")
            length = float(series[0][i] / span) * (right - left)
            pdf.set_fill_color(*colours[0])
            pdf.rect(left, top + i * step + step * 0.15, max(length, 0), step * 0.7, style="F")
        return
    zero = bottom - float(-low / span) * (bottom - top)
    pdf.line(left, zero, right, zero)
    for mark in (high, low):
        if mark:
            pdf.set_xy(x + 1, bottom - float((mark - low) / span) * (bottom - top) - 2)
            pdf.cell(left - x - 2, 4, _amount(mark), align="R")
    slot = (right - left) / n
    bar = slot * 0.8 / max(len(series), 1)
    for i, category in enumerate(labels):
        pdf.set_xy(left + i * slot, bottom + 1)
        pdf.cell(slot, 4, _latin(str(category)), align="C")
        for k, s in enumerate(series):
            top_y = zero - float(s[i] / span) * (bottom - top)
            pdf.set_fill_color(*colours[k])
            pdf.rect(left + i * slot + slot * 0.1 + k * bar, min(top_y, zero), bar, abs(zero - top_y), style="F")
    if line:
        lo, hi = min(line), max(line)
        rng = (hi - lo) or Decimal(1)
        points = [(left + (i + 0.5) * slot, bottom - 2 - float((v - lo) / rng) * (bottom - top - 4))
                  for i, v in enumerate(line)]
        pdf.set_draw_color(*INK)
        pdf.set_line_width(0.6)
        for a, b in zip(points, points[1:]):
            pdf.line(*a, *b)
        pdf.set_line_width(0.2)
        pdf.set_xy(x + 4, y + 7.5)  # on the legend's row, left: clear of the bars and the line
        pdf.set_font("Helvetica", "", 7)
        pdf.cell(60, 4, _latin(f"{line_caption} {_amount(line[0])} > {_amount(line[-1])}"))


def render(d: Dashboard, created: dt.datetime | None = None) -> bytes:
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_creation_date(created or dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc))
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 18)
    pdf.set_text_color(*INK)
    pdf.set_xy(12, 10)
    pdf.cell(0, 9, _latin(label("dash_title", d.language, company=d.company)))
    pdf.set_font("Helvetica", "I", 9)
    pdf.set_text_color(*MUTED)
    pdf.set_xy(12, 19)
    pdf.cell(0, 5, _latin(label("dash_subtitle", d.language, date=f"{d.until:%d.%m.%Y}")))
    width = 273 / max(len(d.figures), 1)
    for i, (caption, amount) in enumerate(d.figures):
        x = 12 + i * width
        pdf.set_fill_color(*CARD)
        pdf.rect(x + 1, 27, width - 2, 18, style="F")
        pdf.set_xy(x + 1, 28)
        pdf.set_font("Helvetica", "", 8)
        pdf.set_text_color(*MUTED)
        pdf.cell(width - 2, 5, _latin(caption), align="C")
        pdf.set_xy(x + 1, 34)
        pdf.set_font("Helvetica", "B", 15)
        pdf.set_text_color(*INK)
        pdf.cell(width - 2, 9, _amount(amount), align="C")
    pdf.set_text_color(0, 0, 0)
    year, lang = d.until.year, d.language
    _bars(pdf, 12, 50, 134, 72, label("dash_revenue_chart", lang, year=year, last=year - 1),
          [r[0] for r in d.revenue], [[r[1] for r in d.revenue], [r[2] for r in d.revenue]], [BLUE, GREY],
          legend=(str(year), str(year - 1)))
    _bars(pdf, 151, 50, 134, 72, label("dash_ageing_chart", lang), [a[0] for a in d.ageing],
          [[a[1] for a in d.ageing]], [ORANGE])
    _bars(pdf, 12, 126, 134, 72, label("dash_cash_chart", lang), [c[0] for c in d.cash],
          [[c[1] for c in d.cash], [c[2] for c in d.cash]], [GREEN, RED], line=[c[3] for c in d.cash],
          line_caption=label("rpt_balance", lang),
          legend=(label("rpt_receipts", lang), label("rpt_payments", lang)))
    _bars(pdf, 151, 126, 134, 72, label("dash_top_chart", lang, year=year), [t[0] for t in d.top_clients],
          [[t[1] for t in d.top_clients]], [BLUE], horizontal=True)
    return bytes(pdf.output())


def png(pdf_bytes: bytes, scale: float = 2.0) -> bytes:
    """Page 1 of a PDF as PNG bytes."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf_bytes)
    try:
        image = document[0].render(scale=scale).to_pil()
    finally:
        document.close()
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
