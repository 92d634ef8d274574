"""What a sales document PDF shows: a pure view model, filled by the documents service, drawn by document_pdf.

Every amount is already computed and rounded by the domain (VAT, discounts, 0.05 rounding): the renderer only
lays out. Kinds are the stages of DOMAIN.md §0 (quote O, order confirmation Cc, delivery note L, invoice F,
credit note N) plus reminders.

>>> view = DocumentView(kind="invoice", language="fr", number="F-2025-001", date=date(2025, 3, 1),
...     company=Letterhead(name="Atelier Dupont Sàrl", address=("Rue du Lac 12", "1800 Vevey")),
...     client=("Café du Port", "Quai 1", "1820 Montreux"))
>>> view.title()
'Facture'
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from engine.formats.labels import label
from engine.formats.qr_payload import QRBill

KINDS = ("quote", "order_confirmation", "delivery_note", "invoice", "credit_note", "reminder")
WINDOWS = ("left", "right")


@dataclass(frozen=True, slots=True, kw_only=True)
class Letterhead:
    """The company, from Settings: name, address lines, contact lines and its VAT number (UID)."""

    name: str
    address: tuple[str, ...] = ()
    contact: tuple[str, ...] = ()          # phone, e-mail, web site
    vat_number: str = ""                   # CHE-123.456.789 TVA
    bank: str = ""                         # e.g. "IBAN CH93 0076 2011 6238 5295 7"


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentLine:
    """One row: an article or free line; ``amount=None`` makes a text-only line (title, comment)."""

    description: str
    item: str = ""
    quantity: Decimal | None = None
    unit: str = ""
    unit_price: Decimal | None = None
    discount_percent: Decimal | None = None
    vat_code: str = ""
    amount: Decimal | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class TotalLine:
    """A totals row: a label key of labels.py (or ``text`` as is), the amount, bold for the total to pay."""

    amount: Decimal
    key: str = ""
    text: str = ""
    strong: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class VatLine:
    """One rate of the VAT summary: rate in %, taxable base and VAT, in the document currency."""

    rate: Decimal
    base: Decimal
    vat: Decimal
    code: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentView:
    """Everything printed on one document, in its language (fr/de/it/en)."""

    kind: str
    language: str
    number: str
    date: date
    company: Letterhead
    client: tuple[str, ...]                # the address block, first line = name
    window: str = "right"                  # envelope window position (Settings)
    currency: str = "CHF"
    due_date: date | None = None
    delivery_date: date | None = None
    valid_until: date | None = None
    client_number: str = ""
    your_reference: str = ""
    refers_to: str = ""                    # credit note / reminder: the invoice number
    introduction: str = ""
    lines: tuple[DocumentLine, ...] = ()
    show_prices: bool = True               # False for delivery notes
    totals: tuple[TotalLine, ...] = ()
    vat_summary: tuple[VatLine, ...] = ()
    payment_terms: str = ""
    closing: str = ""
    qr_bill: QRBill | None = None

    def title(self) -> str:
        """The document title in its language, e.g. "Facture", "Rappel"."""
        return label(self.kind, self.language)

    def texts(self) -> tuple[str, ...]:
        """Every free text printed, to choose a font that can show them all."""
        c = self.company
        parts = [c.name, *c.address, *c.contact, c.vat_number, c.bank, *self.client, self.number,
                 self.client_number, self.your_reference, self.refers_to, self.introduction, self.payment_terms,
                 self.closing, *(t.text for t in self.totals)]
        for line in self.lines:
            parts += [line.description, line.item, line.unit, line.vat_code]
        return tuple(parts)
