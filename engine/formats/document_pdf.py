"""A4 sales document PDF (quote, order confirmation, delivery note, invoice, credit note, reminder): ``render(view)``.

Layout: letterhead top left; the client address in the window of a Swiss C5/C4 window envelope (SN 010 130:
address field 100×45 mm, 50 mm from the top, left window 22 mm / right window 118 mm from the left edge); document
data opposite the window; lines table that spans pages with its header repeated; totals, VAT summary per rate,
payment terms; for invoices and reminders the Swiss QR-bill at the foot of the last page (a new page when the
content leaves less than 105 mm). Output is reproducible: fixed creation date, no clock.

>>> from datetime import date
>>> from engine.formats.document_view import DocumentView, Letterhead
>>> view = DocumentView(kind="quote", language="en", number="O-7", date=date(2025, 3, 1),
...     company=Letterhead(name="Example Ltd"), client=("Jane Doe", "Main Street 1", "8000 Zürich"))
>>> render(view)[:8]
b'%PDF-1.3'
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from fpdf import FPDF

from engine.formats import pdf_fonts, qrbill_render
from engine.formats.document_view import DocumentView
from engine.formats.labels import label
from engine.money import format_amount

LEFT, RIGHT, TOP = 20.0, 195.0, 15.0
WIDTH = RIGHT - LEFT
WINDOW_TOP, WINDOW_WIDTH = 50.0, 85.0
WINDOW_X = {"left": 22.0, "right": 118.0}
BODY_TOP = 100.0                     # below the window (50 + 45) with a little air
FOOTER_Y = 284.0
BODY_BOTTOM = 276.0                  # last baseline above the footer
SLIP_TOP = 297.0 - qrbill_render.SLIP_HEIGHT
ROW = 4.6                            # line height of the table at 9 pt
PT = 25.4 / 72


class _Pdf(FPDF):
    """fpdf2 document with our footer (company details + page x/y), skipped on the page holding the QR-bill."""

    view: DocumentView
    family: str
    slip_page: int = 0

    def footer(self) -> None:
        if self.page_no() == self.slip_page:
            return
        c = self.view.company
        self.set_draw_color(160)
        self.set_line_width(0.2)
        self.line(LEFT, FOOTER_Y - 2, RIGHT, FOOTER_Y - 2)
        self.set_font(self.family, "", 7)
        self.set_text_color(90)
        details = "  ·  ".join(x for x in (c.name, ", ".join(c.address), c.vat_number, c.bank) if x)
        self.text(LEFT, FOOTER_Y + 1.5, pdf_fonts.fit(self, details, WIDTH - 25))
        page = label("page", self.view.language, page=self.page_no(), pages="{nb}")
        # a cell, not text(): fpdf2 fills in the page count ({nb}) only in text it lays out itself
        self.set_xy(RIGHT - 30, FOOTER_Y - 1)
        self.cell(30, 3.5, page, align="R")
        self.set_text_color(0)


def render(view: DocumentView) -> bytes:
    """The PDF bytes of ``view``."""
    pdf = _Pdf(unit="mm", format="A4")
    pdf.set_creation_date(qrbill_render.FIXED_DATE)
    pdf.set_creator("Comptoir")
    pdf.set_title(f"{view.title()} {view.number}")
    pdf.set_margins(LEFT, TOP, 210 - RIGHT)
    pdf.set_auto_page_break(False)
    pdf.view = view
    pdf.family = pdf_fonts.choose(pdf, *view.texts(), *_payload_texts(view))
    pdf.add_page()
    _letterhead(pdf, view)
    _address(pdf, view)
    _document_data(pdf, view)
    y = _title(pdf, view)
    y = _lines(pdf, view, y)
    if y + ROW * max(len(view.totals) + 1, len(view.vat_summary) + 3) > BODY_BOTTOM:
        pdf.add_page()
        y = TOP + 5
    y = max(_totals(pdf, view, y), _vat_summary(pdf, view, y))  # side by side: VAT left, totals right
    lead = (label("pay_by", view.language) + " " if view.kind == "reminder"  # a date, not terms
            else label("payment_terms", view.language) + ": ")
    y = _paragraph(pdf, view, y + 3, view.payment_terms, lead)
    y = _paragraph(pdf, view, y + 2, view.closing)
    if view.qr_bill is not None:
        if y > SLIP_TOP - 5:
            pdf.add_page()
        pdf.slip_page = pdf.page_no()
        qrbill_render.draw(pdf, view.qr_bill, view.language)
    return bytes(pdf.output())


def _payload_texts(view: DocumentView) -> tuple[str, ...]:
    bill = view.qr_bill
    if bill is None:
        return ()
    return (*bill.creditor.lines(), *(bill.debtor.lines() if bill.debtor else ()), bill.message)


def _letterhead(pdf: _Pdf, view: DocumentView) -> None:
    c = view.company
    pdf.set_font(pdf.family, "B", 14)
    pdf.text(LEFT, TOP + 5, c.name)
    pdf.set_font(pdf.family, "", 8.5)
    y = TOP + 10
    for line in (*c.address, *c.contact, c.vat_number):
        if line:
            pdf.text(LEFT, y, line)
        y += 3.6


def _address(pdf: _Pdf, view: DocumentView) -> None:
    x = WINDOW_X[view.window]
    c = view.company
    pdf.set_font(pdf.family, "", 6.5)
    sender = ", ".join((c.name, *c.address))
    pdf.text(x, WINDOW_TOP + 3, pdf_fonts.fit(pdf, sender, WINDOW_WIDTH))  # return address line (Swiss Post)
    pdf.set_line_width(0.1)
    pdf.line(x, WINDOW_TOP + 4, x + min(WINDOW_WIDTH, pdf_fonts.string_width(pdf, sender)), WINDOW_TOP + 4)
    pdf.set_font(pdf.family, "", 10.5)
    y = WINDOW_TOP + 10
    for line in view.client[:7]:
        pdf.text(x, y, pdf_fonts.fit(pdf, line, WINDOW_WIDTH))
        y += 4.6


def _document_data(pdf: _Pdf, view: DocumentView) -> None:
    x = LEFT if view.window == "right" else 118.0
    lang = view.language
    rows = [("number", view.number), ("date", _date(view.date)), ("due_date", _date(view.due_date)),
            ("delivery_date", _date(view.delivery_date)), ("valid_until", _date(view.valid_until)),
            ("client_number", view.client_number), ("your_reference", view.your_reference),
            ("refers_to", view.refers_to)]
    y = WINDOW_TOP + 10
    for key, value in rows:
        if value:
            pdf.set_font(pdf.family, "", 9)
            pdf.set_text_color(90)
            pdf.text(x, y, label(key, lang))
            pdf.set_text_color(0)
            pdf.text(x + 32, y, pdf_fonts.fit(pdf, value, 45))
            y += 4.4


def _title(pdf: _Pdf, view: DocumentView) -> float:
    pdf.set_font(pdf.family, "B", 15)
    pdf.text(LEFT, BODY_TOP, f"{view.title()} {view.number}")
    return _paragraph(pdf, view, BODY_TOP + 5, view.introduction)


def _columns(view: DocumentView) -> list[tuple[str, float, str]]:
    """(label key, width, align) of the table; the description takes what the others leave."""
    has_items = any(line.item for line in view.lines)
    cols = [("item", 20.0, "L")] if has_items else []
    if view.show_prices:  # a column no line fills is left out (a reminder's lines are amounts only)
        filled = {"quantity": "quantity", "unit_price": "unit_price", "discount": "discount_percent",
                  "vat_code": "vat_code"}
        fixed = [(key, width, "R") for key, width in (("quantity", 16.0), ("unit_price", 22.0), ("discount", 14.0),
                                                      ("vat_code", 17.0))  # "TVARED" whole
                 if any(getattr(line, filled[key]) for line in view.lines)] + [("line_total", 25.0, "R")]
    else:
        fixed = [("quantity", 20.0, "R")]
    rest = WIDTH - sum(w for _, w, _ in cols + fixed)
    return cols + [("description", rest, "L")] + fixed


def _header_row(pdf: _Pdf, view: DocumentView, columns, y: float) -> float:
    pdf.set_fill_color(232)
    pdf.rect(LEFT, y, WIDTH, ROW + 1, style="F")
    pdf.set_font(pdf.family, "B", 8.5)
    x = LEFT
    for key, width, align in columns:
        _cell(pdf, x, y + 3.5, width, label(key, view.language), align)
        x += width
    return y + ROW + 2


def _lines(pdf: _Pdf, view: DocumentView, y: float) -> float:
    columns = _columns(view)
    y = _header_row(pdf, view, columns, y + 2)
    for line in view.lines:
        pdf.set_font(pdf.family, "", 9)
        desc_width = next(w for k, w, _ in columns if k == "description") - 2
        text_lines = [part for para in line.description.split("\n") for part in pdf_fonts.wrap(pdf, para, desc_width)]
        height = ROW * len(text_lines)
        if y + height > BODY_BOTTOM:
            pdf.add_page()
            y = _header_row(pdf, view, columns, TOP + 5)
            pdf.set_font(pdf.family, "", 9)
        values = {"item": line.item, "quantity": _quantity(line.quantity, line.unit),
                  "unit_price": _money(line.unit_price), "discount": _percent(line.discount_percent),
                  "vat_code": line.vat_code, "line_total": _money(line.amount)}
        style = "B" if line.amount is None and line.quantity is None else ""  # a text-only line is a section title
        pdf.set_font(pdf.family, style, 9)
        x = LEFT
        for key, width, align in columns:
            if key == "description":
                desc_x, desc_width, desc_align = x, width, align
            else:
                _cell(pdf, x, y + 3.3, width, values[key], align)
            x += width
        for text in text_lines:
            if y + ROW > BODY_BOTTOM:  # a description longer than a page goes on over the next pages (issue 10)
                pdf.add_page()
                y = _header_row(pdf, view, columns, TOP + 5)
                pdf.set_font(pdf.family, style, 9)
            _cell(pdf, desc_x, y + 3.3, desc_width, text, desc_align)
            y += ROW
        pdf.set_draw_color(220)
        pdf.set_line_width(0.1)
        pdf.line(LEFT, y + 0.6, RIGHT, y + 0.6)
        y += 1.2
    return y


def _totals(pdf: _Pdf, view: DocumentView, y: float) -> float:
    if not view.totals:
        return y
    y += 3
    for total in view.totals:
        text = total.text or label(total.key, view.language)
        pdf.set_font(pdf.family, "B" if total.strong else "", 10 if total.strong else 9)
        if total.strong:
            pdf.set_draw_color(0)
            pdf.set_line_width(0.3)
            pdf.line(RIGHT - 80, y + 0.3, RIGHT, y + 0.3)
            y += 1
        _cell(pdf, RIGHT - 80, y + 3.4, 50, text, "L")
        _cell(pdf, RIGHT - 30, y + 3.4, 30, f"{view.currency} {_money(total.amount)}", "R")
        y += ROW + (1 if total.strong else 0)
    return y


def _vat_summary(pdf: _Pdf, view: DocumentView, y: float) -> float:
    if not view.vat_summary:
        return y
    lang = view.language
    y += 3
    pdf.set_font(pdf.family, "B", 8.5)
    pdf.text(LEFT, y + 3, label("vat_summary", lang))
    y += ROW
    heads = [("vat_code", 18.0), ("vat_rate", 16.0), ("vat_base", 26.0), ("total_vat", 26.0)]
    x = LEFT
    pdf.set_font(pdf.family, "", 8)
    pdf.set_text_color(90)
    for key, width in heads:
        _cell(pdf, x, y + 3, width, label(key, lang), "L" if key == "vat_code" else "R")
        x += width
    pdf.set_text_color(0)
    for vat in view.vat_summary:
        y += ROW - 0.6
        x = LEFT
        for text, (key, width) in zip((vat.code, f"{_decimal(vat.rate)} %", _money(vat.base), _money(vat.vat)), heads):
            _cell(pdf, x, y + 3, width, text, "L" if key == "vat_code" else "R")
            x += width
    return y + ROW


def _paragraph(pdf: _Pdf, view: DocumentView, y: float, text: str, lead: str = "") -> float:
    if not text:
        return y
    pdf.set_font(pdf.family, "", 9)
    lines = [part for para in (lead + text).split("\n") for part in pdf_fonts.wrap(pdf, para, WIDTH)]
    for line in lines:
        if y + ROW > BODY_BOTTOM:
            pdf.add_page()
            y = TOP + 5
        pdf.text(LEFT, y + 3.3, line)
        y += 4.2
    return y


def _cell(pdf: FPDF, x: float, baseline: float, width: float, text: str, align: str) -> None:
    """Text in a column, 1 mm padding, cut with "..." when too wide; right-aligned numbers."""
    if not text:
        return
    text = pdf_fonts.fit(pdf, text, width - 2)
    if align == "R":
        pdf.text(x + width - 1 - pdf_fonts.string_width(pdf, text), baseline, text)
    else:
        pdf.text(x + 1, baseline, text)


def _date(value: date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def _money(value: Decimal | None) -> str:
    return "" if value is None else format_amount(value, "'")  # Swiss documents: 1'234.50


def _decimal(value: Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _quantity(value: Decimal | None, unit: str) -> str:
    return "" if value is None else f"{_decimal(value)} {unit}".strip()


def _percent(value: Decimal | None) -> str:
    return "" if not value else f"{_decimal(value)} %"
