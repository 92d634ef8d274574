"""The words on the printed documents (issue 21, item 5), read back out of the PDFs: an English credit note says its
total is in the client's favour, its VAT column says "VAT" while the UID keeps an official suffix (MWST, TVA or
IVA: the company's own language's, here TVA; "CHE-… VAT" is no registered form) and its headers are whole; an
Italian reminder shows only the columns its lines fill and says by when to pay ("Pagabile entro il"), not
"Condizioni di pagamento: <date>"."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pypdfium2 as pdfium

from engine.formats import document_pdf
from engine.services import documents as docs
from engine.services import documents_print, sales_reminders
from tests.company import blank, book  # noqa: F401 (fixtures)


def _text(pdf: bytes) -> str:
    return "\n".join(page.get_textpage().get_text_range() for page in pdfium.PdfDocument(pdf))


def test_an_english_credit_note_says_in_your_favour_and_vat(book):
    invoice = docs.new_document(book, client_id=1001, on=date(2026, 3, 2), language="EN",
                                lines=[dict(article_id="H-MEN", quantity=D(2), discount=D(5))])
    note = docs.new_document(book, client_id=1001, stage="N", on=date(2026, 3, 9), language="EN",
                             refers_to=invoice, lines=[dict(article_id="H-MEN", quantity=D(1), discount=D(5))])
    text = _text(documents_print.render(book, note)[0])
    assert "Total in your favour" in text and "Credit note" in text
    uid = book.settings["CompanyUID"]
    assert f"{uid} TVA" in text and f"{uid} VAT" not in text and "VAT" in text.replace(f"{uid} TVA", "")
    assert "..." not in text  # no header cut short ("Disco ...")


def test_an_italian_reminder_shows_its_columns_and_the_date_to_pay_by(book):
    number = docs.new_document(book, client_id=1001, on=date(2026, 1, 5), language="IT",
                               lines=[dict(article_id="H-MEN", quantity=D(3))])
    text = _text(document_pdf.render(sales_reminders.reminder_view(book, number, 1, date(2026, 3, 2))))
    assert "Pagabile entro il" in text and "Condizioni di pagamento" not in text
    assert "Quantità" not in text and "Prezzo unit." not in text
