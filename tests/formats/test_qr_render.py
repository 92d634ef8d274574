"""QR-bill drawing: the code read back out of the rasterised PDF (pypdfium2 at 300 dpi + zxing-cpp) equals our
payload, with error correction M and a 46×46 mm size, for the usual bill shapes and the longest payload."""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pypdfium2 as pdfium
import pytest
import zxingcpp

from engine.formats import qr_payload, qrbill_render
from engine.formats.qr_payload import Address, QRBill

DPI = 300
CREDITOR = Address(name="Robert Schneider AG", street="Rue du Lac", building="1268", postcode="2501", town="Biel")
DEBTOR = Address(name="Pia-Maria Rutschmann-Schnyder", street="Grosse Marktgasse", building="28", postcode="9400",
                 town="Rorschach")
BASE = QRBill(account="CH4431999123000889012", creditor=CREDITOR, amount=Decimal("1949.75"), debtor=DEBTOR,
              reference="210000000003139471430009017", message="Auftrag vom 15.06.2020 - Zoë & Söhne, 20 € Ștefan")
BILLS = {
    "qrr": BASE,
    "scor_eur": replace(BASE, account="CH5800791123000889012", reference="RF18539007547034", reference_type="",
                        currency="EUR"),
    "blank_amount_and_debtor": replace(BASE, account="CH3709000000304442225", reference="", reference_type="",
                                       amount=None, debtor=None),
    "longest": replace(BASE, creditor=replace(CREDITOR, name="N" * 70, street="S" * 70, building="B" * 16,
                                              postcode="P" * 16, town="T" * 35),
                       debtor=replace(DEBTOR, name="é" * 70, street="s" * 70, building="b" * 16, postcode="p" * 16,
                                      town="t" * 35),
                       message="m" * 80, billing_information="//S1/10/" + "1" * 52,
                       alternative_procedures=("eBill/B/" + "x" * 92, "AV2/" + "y" * 96)),
}


def scan(pdf: bytes):
    image = pdfium.PdfDocument(pdf)[0].render(scale=DPI / 72).to_pil()
    return [r for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode]


@pytest.mark.parametrize("name", BILLS)
def test_qr_code_decodes_to_the_payload(name):
    bill = BILLS[name]
    payload = qr_payload.build(bill)
    results = scan(qrbill_render.render(bill, "en"))
    assert [r.text for r in results] == [payload]
    assert results[0].ec_level == "M"
    p = results[0].position  # corners in pixels → side in mm
    assert abs(p.top_right.x - p.top_left.x) * 25.4 / DPI == pytest.approx(46, abs=0.6)
    assert p.top_left.x * 25.4 / DPI == pytest.approx(67, abs=0.6)          # 62 mm receipt + 5 mm margin
    assert p.top_left.y * 25.4 / DPI == pytest.approx(297 - 105 + 17, abs=0.6)


def test_longest_payload_stays_within_version_25():
    import segno
    payload = qr_payload.build(BILLS["longest"])
    assert len(payload) <= qr_payload.MAX_PAYLOAD
    assert segno.make(payload, error="m", boost_error=False, encoding="utf-8").version <= 25


@pytest.mark.parametrize("language, words", [("fr", ["Récépissé", "Section paiement", "Payable par (nom/adresse)"]),
                                             ("de", ["Empfangsschein", "Zahlteil", "Annahmestelle"]),
                                             ("it", ["Ricevuta", "Sezione pagamento", "Punto di accettazione"]),
                                             ("en", ["Receipt", "Payment part", "Acceptance point"])])
def test_headings_in_each_language(language, words):
    pdf = qrbill_render.render(BILLS["blank_amount_and_debtor"], language)
    text = pdfium.PdfDocument(pdf)[0].get_textpage().get_text_range()
    assert all(word in text for word in words)
    assert "CH37 0900 0000 3044 4222 5" in text  # IBAN in groups of 4 (IG §3.5.3)


def test_reference_and_amount_are_grouped():
    text = pdfium.PdfDocument(qrbill_render.render(BASE, "en"))[0].get_textpage().get_text_range()
    assert "21 00000 00003 13947 14300 09017" in text and "1 949.75" in text
