"""Draw a Swiss QR-bill (receipt + payment part) at the bottom of an A4 page with fpdf2.

Standard: SIX IG QR-bill v2.3 §3 (layout in mm) and the SIX style guide: receipt 62×105 mm and payment part
148×105 mm at the foot of the page; 5 mm margins; titles 11 pt bold; payment part headings 8 pt bold / values 10 pt;
receipt headings 6 pt bold / values 8 pt; QR code 46×46 mm, error correction M, drawn as vector rectangles, with the
7×7 mm Swiss cross in the centre; corner-marked boxes (0.75 pt) when amount or debtor are blank; separation lines
with scissors. ``draw`` adds the slip to a page being built; ``render`` makes a one-page PDF of the slip alone.

>>> from engine.formats.qr_payload import Address, QRBill
>>> bill = QRBill(account="CH5800791123000889012", creditor=Address(name="Robert Schneider AG",
...     street="Rue du Lac", building="1268", postcode="2501", town="Biel"))
>>> render(bill, "fr")[:8]
b'%PDF-1.3'
"""
from __future__ import annotations

from datetime import datetime, timezone

from fpdf import FPDF
from stdnum import iban as std_iban
from stdnum import iso11649
from stdnum.ch import esr

from engine.formats import pdf_fonts, qr_matrix
from engine.formats.labels import label
from engine.formats.qr_payload import QRBill, build
from engine.money import QR_THOUSANDS, format_amount

SLIP_HEIGHT = 105.0
RECEIPT_WIDTH = 62.0
MARGIN = 5.0
QR_SIZE = 46.0
CROSS_SIZE = 7.0
PAYMENT_X = RECEIPT_WIDTH + MARGIN                    # 67: payment part content
INFO_X = PAYMENT_X + QR_SIZE + MARGIN                  # 118: payment part information section
INFO_WIDTH = 210.0 - MARGIN - INFO_X                   # 87
RECEIPT_TEXT_WIDTH = RECEIPT_WIDTH - 2 * MARGIN        # 52
BOX_LINE = 0.75 * 25.4 / 72                            # 0.75 pt, IG §3.6 blank fields
PT = 25.4 / 72
FIXED_DATE = datetime(2000, 1, 1, tzinfo=timezone.utc)  # deterministic PDFs (STYLE.md §12)


def draw(pdf: FPDF, bill: QRBill, language: str, *, top: float | None = None, payload: str | None = None) -> str:
    """Draw the slip on ``pdf``'s current page with its top at ``top`` (default: page foot); returns the payload."""
    payload = build(bill) if payload is None else payload
    y0 = pdf.h - SLIP_HEIGHT if top is None else top
    family = pdf_fonts.choose(pdf, payload)
    auto_break = pdf.auto_page_break
    pdf.set_auto_page_break(False)
    pdf.set_text_color(0)
    pdf.set_draw_color(0)
    pdf.set_fill_color(0)
    _separation(pdf, y0)
    _receipt(pdf, bill, language, family, y0)
    _payment_part(pdf, bill, language, family, y0)
    _qr_code(pdf, payload, PAYMENT_X, y0 + 17)
    pdf.set_auto_page_break(auto_break, pdf.b_margin)
    return payload


def render(bill: QRBill, language: str) -> bytes:
    """A one-page A4 PDF with only the QR-bill at its foot (for bills without an invoice letter)."""
    pdf = new_pdf()
    pdf.add_page()
    draw(pdf, bill, language)
    return bytes(pdf.output())


def new_pdf() -> FPDF:
    """An A4 portrait fpdf2 document in mm with a fixed creation date, so the bytes are reproducible."""
    pdf = FPDF(unit="mm", format="A4")
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_creator("Comptoir")
    pdf.set_margins(20, 15, 15)
    return pdf


def display_reference(bill: QRBill) -> str:
    """QRR as 2 + 5×5 digits, SCOR in groups of 4 (IG §3.5.3)."""
    if bill.reference_type == "QRR":
        return esr.format(bill.reference)
    return iso11649.format(bill.reference) if bill.reference_type == "SCOR" else ""


def _receipt(pdf: FPDF, bill: QRBill, lang: str, family: str, y0: float) -> None:
    x = MARGIN
    _text(pdf, family, "B", 11, x, y0 + MARGIN, label("receipt", lang))
    y = y0 + 12
    groups = [("account_payable_to", [std_iban.format(bill.account), *bill.creditor.lines()])]
    if bill.reference_type != "NON":
        groups.append(("reference", [display_reference(bill)]))
    if bill.debtor is not None:
        groups.append(("payable_by", list(bill.debtor.lines())))
    for key, values in groups:
        y = _group(pdf, family, x, y, RECEIPT_TEXT_WIDTH, label(key, lang), values, 6, 8)
    if bill.debtor is None:
        _text(pdf, family, "B", 6, x, y, label("payable_by_blank", lang))
        _corner_box(pdf, x, y + 3, 52, 20)
    _amount(pdf, bill, lang, family, x, y0 + 68, 6, 8, box=(RECEIPT_WIDTH - MARGIN - 30, y0 + 72, 30, 10))
    pdf.set_font(family, "B", 6)
    text = label("acceptance_point", lang)
    _text(pdf, family, "B", 6, RECEIPT_WIDTH - MARGIN - pdf_fonts.string_width(pdf, text), y0 + 82, text)


def _payment_part(pdf: FPDF, bill: QRBill, lang: str, family: str, y0: float) -> None:
    _text(pdf, family, "B", 11, PAYMENT_X, y0 + MARGIN, label("payment_part", lang))
    _amount(pdf, bill, lang, family, PAYMENT_X, y0 + 68, 8, 10, box=(INFO_X - MARGIN - 40, y0 + 72, 40, 15))
    y = y0 + MARGIN
    groups = [("account_payable_to", [std_iban.format(bill.account), *bill.creditor.lines()])]
    if bill.reference_type != "NON":
        groups.append(("reference", [display_reference(bill)]))
    info = [t for t in (bill.message, bill.billing_information) if t]
    if info:
        groups.append(("additional_information", info))
    if bill.debtor is not None:
        groups.append(("payable_by", list(bill.debtor.lines())))
    for key, values in groups:
        limit = 4 if key == "additional_information" else 8  # IG §3.5.4: cut long information with "..."
        y = _group(pdf, family, INFO_X, y, INFO_WIDTH, label(key, lang), values, 8, 10, max_lines=limit)
    if bill.debtor is None:
        _text(pdf, family, "B", 8, INFO_X, y, label("payable_by_blank", lang))
        _corner_box(pdf, INFO_X, y + 3.5, 65, 25)
    y = y0 + 90  # further information: alternative procedures, 7 pt, name in bold
    for procedure in bill.alternative_procedures[:2]:
        name, _, rest = procedure.partition("/")
        _text(pdf, family, "B", 7, PAYMENT_X, y, name + ":")
        pdf.set_font(family, "B", 7)
        width = pdf_fonts.string_width(pdf, name + ": ")
        pdf.set_font(family, "", 7)
        _text(pdf, family, "", 7, PAYMENT_X + width, y, pdf_fonts.fit(pdf, rest, 210 - MARGIN - PAYMENT_X - width))
        y += 3


def _group(pdf, family, x, y, width, heading, values, head_pt, value_pt, max_lines=8) -> float:
    """Heading + value lines from ``y`` (top); returns the top of the next group (one value line of space)."""
    _text(pdf, family, "B", head_pt, x, y, heading)
    y += head_pt * PT * 1.25
    pdf.set_font(family, "", value_pt)
    lines = [line for value in values for line in pdf_fonts.wrap(pdf, value, width)]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = pdf_fonts.fit(pdf, lines[-1] + " ...", width, force_ellipsis=True)
    step = value_pt * PT * 1.15
    for line in lines:
        _text(pdf, family, "", value_pt, x, y, line)
        y += step
    return y + step * 0.7


def _amount(pdf, bill, lang, family, x, y, head_pt, value_pt, box) -> None:
    _text(pdf, family, "B", head_pt, x, y, label("currency", lang))
    _text(pdf, family, "B", head_pt, x + head_pt * 1.75, y, label("amount", lang))
    value_y = y + head_pt * PT * 1.6
    _text(pdf, family, "", value_pt, x, value_y, bill.currency)
    if bill.amount is None:
        _corner_box(pdf, *box)
    else:
        _text(pdf, family, "", value_pt, x + head_pt * 1.75, value_y, format_amount(bill.amount, QR_THOUSANDS))


def _text(pdf: FPDF, family: str, style: str, size: float, x: float, top: float, text: str) -> None:
    """Write ``text`` with the top of its capitals at ``top`` (fpdf2's ``text`` takes the baseline)."""
    pdf.set_font(family, style, size)
    pdf.text(x, top + size * PT * 0.75, text)


def _corner_box(pdf: FPDF, x: float, y: float, w: float, h: float) -> None:
    """Blank field marked by its corners only (IG §3.6): 3 mm horizontal and 2 mm vertical legs, 0.75 pt."""
    pdf.set_line_width(BOX_LINE)
    for cx, dx in ((x, 3), (x + w, -3)):
        for cy, dy in ((y, 2), (y + h, -2)):
            pdf.line(cx, cy, cx + dx, cy)
            pdf.line(cx, cy, cx, cy + dy)


def _separation(pdf: FPDF, y0: float) -> None:
    """Cut lines above the slip and between receipt and payment part, each with a scissors symbol."""
    pdf.set_line_width(0.2)
    pdf.line(0, y0, 210, y0)
    pdf.line(RECEIPT_WIDTH, y0, RECEIPT_WIDTH, y0 + SLIP_HEIGHT)
    pdf.set_font("zapfdingbats", "", 10)
    scissors = "\x22"  # ZapfDingbats a2: black scissors
    half = 10 * PT * 0.35
    pdf.set_fill_color(255)
    pdf.rect(MARGIN, y0 - half, 6, 2 * half, style="F")
    pdf.text(MARGIN, y0 + half, scissors)
    with pdf.rotation(90, RECEIPT_WIDTH, y0 + 12):
        pdf.rect(RECEIPT_WIDTH - 3, y0 + 12 - half, 6, 2 * half, style="F")
        pdf.text(RECEIPT_WIDTH - 3, y0 + 12 + half, scissors)
    pdf.set_fill_color(0)


def _qr_code(pdf: FPDF, payload: str, x: float, y: float) -> None:
    """QR code with error correction M (no boost), UTF-8, scaled to 46×46 mm, as merged rectangles."""
    rows = qr_matrix.modules(payload)  # segno's code, with its mask choice computed ~10× faster
    module = QR_SIZE / len(rows)
    pdf.set_fill_color(0)
    # One filled path of all rectangles instead of ~800 rect() calls: the QR code was half the render time.
    # fpdf2 2.8 writes page content through _out() in PDF points with the y axis pointing up.
    k, page_h = pdf.k, pdf.h
    ops = [f"{(x + x0 * module) * k:.2f} {(page_h - y - (y0 + h) * module) * k:.2f} {w * module * k:.2f} "
           f"{h * module * k:.2f} re" for x0, y0, w, h in _runs(rows)]
    pdf._out("0 g " + " ".join(ops) + " f")  # noqa: SLF001 (fill colour set explicitly: black)
    _swiss_cross(pdf, x + QR_SIZE / 2, y + QR_SIZE / 2)


def _runs(rows) -> list[tuple[int, int, int, int]]:
    """Dark modules as rectangles: horizontal runs, merged downwards while the same run repeats."""
    rects, open_runs, end = [], {}, len(rows)
    for r in range(end + 1):
        runs = set()
        if r < end:
            row, c, n = rows[r], 0, len(rows[r])
            while c < n:
                if row[c] & 1:
                    start = c
                    while c < n and row[c] & 1:
                        c += 1
                    runs.add((start, c))
                c += 1
        for run in [k for k in open_runs if k not in runs]:
            start_row = open_runs.pop(run)
            rects.append((run[0], start_row, run[1] - run[0], r - start_row))
        for run in runs:
            open_runs.setdefault(run, r)
    return rects


def _swiss_cross(pdf: FPDF, cx: float, cy: float) -> None:
    """IG §6.4.2.2: 7×7 mm Swiss cross logo: white border, black square, white cross."""
    half = CROSS_SIZE / 2
    pdf.set_fill_color(255)
    pdf.rect(cx - half, cy - half, CROSS_SIZE, CROSS_SIZE, style="F")
    inner = CROSS_SIZE * 18.4 / 19.8  # proportions of the SIX logo (border ≈ 3.5 % of the side)
    pdf.set_fill_color(0)
    pdf.rect(cx - inner / 2, cy - inner / 2, inner, inner, style="F")
    arm, length = inner * 3.3 / 18.4, inner * 11 / 18.4
    pdf.set_fill_color(255)
    pdf.rect(cx - arm / 2, cy - length / 2, arm, length, style="F")
    pdf.rect(cx - length / 2, cy - arm / 2, length, arm, style="F")
    pdf.set_fill_color(0)
