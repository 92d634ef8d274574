"""A document with no lines (issue 14, item 10). The ribbon's "New document" makes an empty invoice on purpose, to be
filled in Excel; printed before it is filled, its QR-bill is a notice — amount 0.00 and "NE PAS UTILISER POUR LE
PAIEMENT" (IG 2.3, DOMAIN.md §1.2) — never a payable bill. `comptoir documents new` without any line is refused and
writes nothing."""
from __future__ import annotations

from datetime import date

import pytest

from engine.cli import main
from engine.formats import qr_payload
from engine.services import documents as docs
from engine.services import documents_print
from tests.company import blank, book  # noqa: F401 (fixtures)
from tests.formats.test_qr_render import scan

DO_NOT_PAY = {"fr": "NE PAS UTILISER POUR LE PAIEMENT", "de": "NICHT ZUR ZAHLUNG VERWENDEN",
              "it": "NON UTILIZZARE PER IL PAGAMENTO", "en": "DO NOT USE FOR PAYMENT"}


@pytest.mark.parametrize("language", sorted(DO_NOT_PAY))
def test_an_empty_invoice_prints_a_notice_not_a_bill_to_pay(book, language):
    number = docs.new_document(book, client_id=1001, on=date(2026, 3, 2), language=language.upper())
    pdf, payload = documents_print.render(book, number)
    read = [x.text for x in scan(pdf)]
    assert read == [payload]  # the code on paper is the one built
    bill = qr_payload.parse(payload)
    assert (str(bill.amount), bill.message) == ("0.00", DO_NOT_PAY[language])


def test_the_command_refuses_a_document_without_lines(book, capsys):
    before = book.path.read_bytes()
    assert main(["documents", "new", str(book.path), "--client", "1001", "--date", "2026-03-02"]) == 2
    assert "at least one line" in capsys.readouterr().err
    assert book.path.read_bytes() == before
