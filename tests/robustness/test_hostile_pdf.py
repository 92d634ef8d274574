"""PDFs with hostile text (issue 10): right-to-left overrides, zero-width characters, words without spaces,
10,000-character designations, emoji and control characters still render through document_pdf.render and
qrbill_render.render, and every text box pypdfium2 finds stays within the page."""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pypdfium2 as pdfium
import pytest

from engine.errors import ComptoirError
from engine.formats import document_pdf, qr_payload, qrbill_render
from engine.formats.document_view import DocumentLine
from tests.formats.test_document_pdf import sample_view

HOSTILE = {
    "rtl override": "Invoice \u202efdp.exe\u202c paid",
    "zero width": "Mus\u200bter\u200d AG\u2060\ufeff",
    "long word": "W" * 1500,  # pdf_fonts.wrap is quadratic in a word's length: 3000 takes 20 s
    "long designation": ("Designation with words " * 500)[:10_000],  # ~4 pages of one table row
    "emoji": "Café 🍕🇨🇭 👩‍👩‍👧 ✓",
    "control chars": "Line\x00one\x07\x1b[31m\rtwo\n\tthree\x7f",
    "combining": "Z" + "\u0301" * 200,
}


def _boxes_inside(pdf: bytes) -> int:
    document = pdfium.PdfDocument(pdf)
    count = 0
    for page in document:
        width, height = page.get_size()
        text = page.get_textpage()
        for index in range(text.count_rects()):
            left, bottom, right, top = text.get_rect(index)
            assert -1 <= left and right <= width + 1 and -1 <= bottom and top <= height + 1, \
                (left, bottom, right, top, width, height)
            count += 1
    return count


@pytest.mark.parametrize("case", HOSTILE, ids=list(HOSTILE))
def test_document_pdf_renders_hostile_text_on_the_page(case):
    text = HOSTILE[case]
    view = sample_view("fr", lines=3)
    view = replace(view, client=(text, *view.client[1:]), introduction=text, closing=text, payment_terms=text,
                   lines=(*view.lines, DocumentLine(description=text, item=text[:40], quantity=Decimal(1), unit="h",
                                                    unit_price=Decimal("1.00"), amount=Decimal("1.00"))))
    pdf = document_pdf.render(view)
    assert pdf.startswith(b"%PDF") and _boxes_inside(pdf) > 10


@pytest.mark.parametrize("case", HOSTILE, ids=list(HOSTILE))
def test_qrbill_renders_hostile_names_on_the_page(case):
    bill = sample_view().qr_bill
    name = qr_payload.sanitize(HOSTILE[case])[:70] or "X"
    bill = replace(bill, creditor=replace(bill.creditor, name=name), debtor=replace(bill.debtor, name=name,
                   street=name[:70], town=name[:35]), message=name[:60])
    try:
        pdf = qrbill_render.render(bill, "de")
    except ComptoirError as error:  # the QR-bill rules may refuse a text; then clearly
        assert error.hint or str(error)
        return
    assert _boxes_inside(pdf) > 10
