"""Every printed column adds up to the printed total, to the cent (issue 14, item 8), read back out of the PDF.

Hand calculation (the demo company's articles: H-MEN 95.00/h at 8.1 %, LIVRE 49.00 at 2.6 %), global discount 2.5 %:
    4 h H-MEN at 10 % line discount   4 × 95.00 × 0.90 = 342.00
    2 LIVRE                           2 × 49.00        =  98.00
    3 h H-MEN                         3 × 95.00        = 285.00
    subtotal                                             725.00
    global discount 2.5 %             725.00 × 2.5 %   = −18.125 → −18.13
    net                                                  706.87
The lines, the subtotal, the discount and the net on paper must obey these sums; then net + VAT (+ 0.05 rounding)
= total, and the VAT summary's bases add up to the net.
"""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal as D

import pypdfium2 as pdfium

from engine.services import documents as docs
from engine.services import documents_print
from tests.company import blank, book  # noqa: F401 (fixtures)

AMOUNT = re.compile(r"-?\d{1,3}(?:['’]\d{3})*\.\d{2}")


def _amount(text: str) -> D:
    return D(text.replace("'", "").replace("’", ""))


def _page_lines(pdf_bytes: bytes) -> list[str]:
    pdf = pdfium.PdfDocument(pdf_bytes)
    return [line for page in pdf for line in page.get_textpage().get_text_range().splitlines()]


def test_the_printed_lines_subtotal_discount_and_total_add_up(book):
    number = docs.new_document(book, client_id=1001, stage="O", on=date(2026, 3, 2), global_discount="2.5",
                               lines=[dict(article_id="H-MEN", quantity=D(4), discount=D(10)),
                                      dict(article_id="LIVRE", quantity=D(2)),
                                      dict(article_id="H-MEN", quantity=D(3))])
    pdf, _ = documents_print.render(book, number)
    text = _page_lines(pdf)
    line_amounts = [_amount(AMOUNT.findall(t)[-1]) for t in text if t.startswith(("H-MEN", "LIVRE"))]
    assert line_amounts == [D("342.00"), D("98.00"), D("285.00")]
    money = [(t, _amount(AMOUNT.findall(t)[-1])) for t in text if AMOUNT.findall(t)]
    subtotal = next(a for t, a in money if t.startswith(("Sous-total", "Zwischentotal", "Subtotal", "Totale parz")))
    discount = next(a for t, a in money if "2.5 %" in t)
    assert subtotal == sum(line_amounts) == D("725.00")
    assert abs(discount) == D("18.13")  # 725.00 × 2.5 % = 18.125, to the cent once
    document = docs.db.find_document(book, number)
    assert document.total_net == subtotal - abs(discount) == D("706.87")
    printed = {a for _, a in money}
    assert document.total_net in printed and document.total_vat in printed and document.total_payable in printed
    assert document.total_payable - (document.rounding or 0) == document.total_net + document.total_vat


def test_each_page_says_its_number_of_the_pages(book):
    many = [dict(article_id="LIVRE", quantity=D(1)) for _ in range(70)]
    number = docs.new_document(book, client_id=1001, stage="O", on=date(2026, 3, 2), lines=many)
    pdf = pdfium.PdfDocument(documents_print.render(book, number)[0])
    pages = len(pdf)
    assert pages >= 2
    for n, page in enumerate(pdf, start=1):
        found = re.findall(r"(\d+)\s*/\s*(\d+|\{nb\})", page.get_textpage().get_text_range())
        assert (str(n), str(pages)) in found, found
