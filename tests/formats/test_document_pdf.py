"""Document PDFs: the QR code read back out of the rasterised page (zxing-cpp) equals the payload we built;
pages span; output is reproducible; one invoice per language is written to review/ for a human to look at."""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pypdfium2 as pdfium
import pytest
import zxingcpp

from engine.formats import document_pdf, qr_payload, swico_billing
from engine.formats.document_view import DocumentLine, DocumentView, Letterhead, TotalLine, VatLine
from engine.formats.qr_payload import Address, QRBill
from tests.conftest import ROOT

REVIEW = ROOT / "review"
COMPANY = Letterhead(name="Atelier Dupont Sàrl", address=("Rue du Lac 12", "1800 Vevey"),
                     contact=("021 555 12 34", "info@dupont.example"), vat_number="CHE-106.017.086 TVA",
                     bank="IBAN CH44 3199 9123 0008 8901 2")
CLIENT = Address(name="Café du Port SA", street="Quai Perdonnet", building="3", postcode="1800", town="Vevey")


def sample_view(language: str = "fr", lines: int = 4, kind: str = "invoice", window: str = "right",
                client_name: str = "Café du Port SA") -> DocumentView:
    rows = tuple(DocumentLine(item=f"A-{i:03}", description=f"Prestation {i}: conseil et mise en place du poste {i}",
                              quantity=Decimal(i % 5 + 1), unit="h", unit_price=Decimal("120.00"),
                              discount_percent=Decimal("5") if i % 3 == 0 else None, vat_code="TVA",
                              amount=Decimal("120.00") * (i % 5 + 1)) for i in range(1, lines + 1))
    net = sum(r.amount for r in rows)
    vat = (net * Decimal("0.081")).quantize(Decimal("0.01"))
    total = net + vat
    bill = QRBill(account="CH4431999123000889012",
                  creditor=Address(name=COMPANY.name, street="Rue du Lac", building="12", postcode="1800", town="Vevey"),
                  amount=total, debtor=replace(CLIENT, name=client_name), reference_type="QRR",
                  reference="210000000003139471430009017", message=f"{kind} F-2025-0042",
                  billing_information=swico_billing.build(swico_billing.SwicoS1(
                      invoice_number="F-2025-0042", invoice_date=date(2025, 3, 1), uid="CHE-106.017.086",
                      vat=((Decimal("8.1"), None),), conditions=((Decimal(0), 30),))))
    return DocumentView(kind=kind, language=language, number="F-2025-0042", date=date(2025, 3, 1),
                        due_date=date(2025, 3, 31), company=COMPANY, window=window,
                        client=(client_name, "Quai Perdonnet 3", "1800 Vevey"), client_number="1042",
                        your_reference="Commande 77", lines=rows,
                        totals=(TotalLine(key="total_net", amount=net), TotalLine(key="total_vat", amount=vat),
                                TotalLine(key="total", amount=total, strong=True)),
                        vat_summary=(VatLine(code="TVA", rate=Decimal("8.1"), base=net, vat=vat),),
                        payment_terms="30 jours net", qr_bill=bill)


def pages(pdf: bytes, dpi: int = 300):
    doc = pdfium.PdfDocument(pdf)
    return [doc[i].render(scale=dpi / 72).to_pil() for i in range(len(doc))]


def decoded(image) -> list[str]:
    return [r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode]


@pytest.mark.parametrize("language", ["fr", "de", "it", "en"])
def test_invoice_qr_code_decodes_to_the_payload_and_is_written_for_review(language):
    view = sample_view(language)
    pdf = document_pdf.render(view)
    images = pages(pdf)
    assert len(images) == 1
    assert decoded(images[-1]) == [qr_payload.build(view.qr_bill)]
    REVIEW.mkdir(exist_ok=True)
    images[-1].save(REVIEW / f"invoice_{language}.png")


def test_long_invoice_spans_pages_and_puts_the_slip_on_the_last_page():
    pdf = document_pdf.render(sample_view("de", lines=70))
    images = pages(pdf, dpi=200)
    assert len(images) >= 3
    assert all(decoded(img) == [] for img in images[:-1])
    assert decoded(images[-1]) == [qr_payload.build(sample_view("de", lines=70).qr_bill)]


def test_text_in_the_pdf_is_in_the_clients_language():
    for language, title, heading in (("fr", "Facture", "Section paiement"), ("de", "Rechnung", "Zahlteil"),
                                     ("it", "Fattura", "Sezione pagamento"), ("en", "Invoice", "Payment part")):
        doc = pdfium.PdfDocument(document_pdf.render(sample_view(language)))
        text = doc[0].get_textpage().get_text_range()
        assert f"{title} F-2025-0042" in text and heading in text
        assert "Café du Port SA" in text  # Latin-1 text survives the core font


@pytest.mark.parametrize("kind", ["quote", "order_confirmation", "delivery_note", "credit_note", "reminder"])
def test_every_document_kind_renders_with_its_title(kind):
    view = replace(sample_view("en", kind=kind), qr_bill=None, show_prices=kind != "delivery_note")
    text = pdfium.PdfDocument(document_pdf.render(view))[0].get_textpage().get_text_range()
    assert view.title() in text
    assert ("Unit price" in text) == (kind != "delivery_note")


def test_output_is_reproducible():
    assert document_pdf.render(sample_view()) == document_pdf.render(sample_view())


def test_window_left_moves_the_address_block():
    def x_of(view, needle):
        page = pdfium.PdfDocument(document_pdf.render(view))[0]
        textpage = page.get_textpage()
        found = textpage.search(needle).get_next()
        return textpage.get_charbox(found[0])[0] / 72 * 25.4
    assert x_of(sample_view(window="left"), "Quai Perdonnet 3") == pytest.approx(22, abs=1)
    assert x_of(sample_view(window="right"), "Quai Perdonnet 3") == pytest.approx(118, abs=1)


def test_characters_beyond_latin1_embed_a_unicode_font_and_still_decode():
    view = sample_view("it", client_name="Ștefan Dvořák SRL")
    pdf = document_pdf.render(view)
    text = pdfium.PdfDocument(pdf)[0].get_textpage().get_text_range()
    assert "Ștefan Dvořák SRL" in text
    assert decoded(pages(pdf)[-1]) == [qr_payload.build(view.qr_bill)]
