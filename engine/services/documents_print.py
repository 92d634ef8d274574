"""Print sales documents: the DocumentView of a document (or reminder) from the book, its PDF, and the print run
that writes PDFs to a folder and marks the documents printed (``_`` in Status).

Invoices (not credit notes) carry a Swiss QR-bill (IG QR-bill v2.3): QR-IBAN + QRR when Settings InvoiceQRIBAN is
set, else IBAN + SCOR; the debtor is the client (structured address, type S); the unstructured message names the
document; the billing information is Swico S1 (invoice number, date, UID, VAT rate when one, terms).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from stdnum import iban as std_iban

from engine.domain import documents as dd
from engine.domain.totals import LineInput, compute
from engine.formats import document_pdf, qr_payload, swico_billing
from engine.formats.document_view import DocumentLine, DocumentView, Letterhead, TotalLine, VatLine
from engine.formats.labels import label
from engine.money import ZERO
from engine.services import contacts
from engine.services import documents as docs
from engine.services import book_check
from engine.services import documents_book as db
from engine.store.book import Book

FIXED_TOTAL = {"FR": "Ajustement au total arrêté", "DE": "Anpassung an festen Betrag",
               "IT": "Adeguamento al totale fissato", "EN": "Adjustment to fixed total"}
# The UID's VAT suffix is one of the three official ones (UID register: MWST, TVA, IVA); a document in English
# takes the company's own language's (audit of issue 21: "VAT" is no official suffix).
UID_SUFFIX = {"FR": "TVA", "DE": "MWST", "IT": "IVA"}


@dataclass(frozen=True, slots=True, kw_only=True)
class Printed:
    number: str
    path: Path
    payload: str  # the QR-bill payload printed, "" when none


def _suffix(settings, language: str) -> str:
    own = UID_SUFFIX.get(language.upper())
    return own or UID_SUFFIX.get(str(settings["DefaultLanguage"] or "").upper(), "MWST")


def letterhead(settings, language: str) -> Letterhead:
    street = " ".join(x for x in (settings["CompanyStreet"], settings["CompanyBuildingNumber"]) if x)
    town = " ".join(x for x in (settings["CompanyPostCode"], settings["CompanyTown"]) if x)
    uid = settings["CompanyUID"]
    iban = settings["InvoiceIBAN"]
    return Letterhead(name=settings["CompanyName"] or "", address=tuple(x for x in (street, town) if x),
                      contact=tuple(x for x in (settings["CompanyPhone"], settings["CompanyEmail"],
                                                settings["CompanyWebsite"]) if x),
                      vat_number=f"{uid} {_suffix(settings, language)}" if uid else "",
                      bank=f"IBAN {std_iban.format(iban)}" if iban else "")


def client_address(client, attention: str = "") -> tuple[str, ...]:
    """The address block; ``attention`` ("À l'attention de …") goes under the first line, the company's or the
    person's name, as Swiss Post places it. A company's own person on its card is left out then: the document goes
    to the contact chosen, not to both (audit 17: "À l'attention de M. Paul Dubois / Sandrine Pittet")."""
    person = " ".join(x for x in (client.title, client.first_name, client.last_name) if x)
    if attention and client.company:
        person = ""
    street = " ".join(x for x in (client.street, client.building_number) if x)
    town = " ".join(x for x in (client.post_code, client.town) if x)
    country = client.country if client.country and client.country != "CH" else ""
    lines = [x for x in (client.company, person, street, town, country) if x]
    if attention:
        lines.insert(1 if lines else 0, attention)
    return tuple(lines)


def qr_bill(settings, document, client, amount: Decimal | None, message: str, s1: str = "") -> qr_payload.QRBill:
    """The QR-bill of an invoice or reminder: QRR with a QR-IBAN, SCOR with an IBAN (IG §3.1)."""
    qr_iban = settings["InvoiceQRIBAN"]
    creditor = qr_payload.Address(
        name=qr_payload.sanitize(settings["CompanyName"] or "")[:70], street=settings["CompanyStreet"] or "",
        building=settings["CompanyBuildingNumber"] or "", postcode=settings["CompanyPostCode"] or "",
        town=settings["CompanyTown"] or "", country=settings["CompanyCountry"] or "CH")
    debtor = None
    if client.post_code and client.town:
        debtor = qr_payload.Address(name=qr_payload.sanitize(db.client_name(client))[:70],
                                    street=qr_payload.sanitize(client.street or "")[:70],
                                    building=qr_payload.sanitize(client.building_number or "")[:16],
                                    postcode=client.post_code, town=qr_payload.sanitize(client.town)[:35],
                                    country=client.country or "CH")
    reference = document.qr_reference or ""
    return qr_payload.QRBill(account=qr_iban or settings["InvoiceIBAN"], creditor=creditor, amount=amount,
                             currency=document.currency or "CHF", debtor=debtor, reference=reference,
                             reference_type="QRR" if qr_iban else ("SCOR" if reference else "NON"),
                             message=qr_payload.sanitize(message)[:140 - len(s1)], billing_information=s1)


def view_of(book: Book, number: str) -> DocumentView:
    """What the PDF of a document shows, in the client's language."""
    settings = book.settings
    document = db.find_document(book, number)
    client = db.find_client(book, document.client_id)
    lang = (document.language or settings["DefaultLanguage"] or "FR").lower()
    kind = dd.KINDS[document.stage]
    records = db.lines_of(book, number)
    listed = compute([LineInput(quantity=r.quantity if r.quantity is not None else Decimal(1),
                                unit_price=r.unit_price or ZERO, discount=r.discount or ZERO, kind=r.kind or "")
                      for r in records], global_discount=document.global_discount or ZERO)
    lines = []
    for line, amounts in zip(records, listed.lines):
        text_only = amounts is None
        lines.append(DocumentLine(description=line.designation or "", item=line.article_id or "",
                                  quantity=None if text_only else line.quantity, unit=line.unit or "",
                                  unit_price=None if text_only else line.unit_price,
                                  discount_percent=line.discount, vat_code="" if text_only else line.vat_code or "",
                                  # before the global discount: the lines add up to the printed subtotal
                                  amount=None if text_only else amounts.gross_listed))
    totals, vat_summary = _totals(document, listed), _vat_summary(book, document, records)
    due = document.due_date
    terms = ""
    if document.stage == "F" and due is not None:
        terms = f"{label('net_days', lang, days=(due - document.date).days)} ({due:%d.%m.%Y})"
    bill = None
    if document.stage == "F" and (settings["InvoiceQRIBAN"] or settings["InvoiceIBAN"]):
        if document.total_payable:
            bill = qr_bill(settings, document, client, document.total_payable,
                           f"{label('invoice', lang)} {document.number}", _swico(settings, document, vat_summary))
        else:  # nothing to pay (no lines yet): a notice, never a payable 0.00 (IG 2.3, DOMAIN.md §1.2)
            bill = qr_bill(settings, document, client, ZERO, label("do_not_pay", lang))
    return DocumentView(
        kind=kind, language=lang, number=document.number, date=document.date,
        company=letterhead(settings, lang),
        client=client_address(client, contacts.attention_line(document.contact, lang)),
        window=settings["AddressWindow"] or "right", currency=document.currency or "CHF",
        due_date=due if document.stage == "F" else None, delivery_date=document.performance_date,
        valid_until=document.date + timedelta(days=settings["QuoteValidityDays"] or 30)
        if document.stage == "O" else None,
        client_number=str(client.client_id), refers_to=document.refers_to if document.stage == "N" else "",
        introduction=document.title or "", lines=tuple(lines), show_prices=document.stage != "L",
        totals=totals if document.stage != "L" else (), vat_summary=vat_summary if document.stage != "L" else (),
        payment_terms=terms, closing=document.comment or "", qr_bill=bill)


def render(book: Book, number: str) -> tuple[bytes, str]:
    """The PDF of a document and the QR payload on it ('' when none); refused when its amounts are not its lines'."""
    book_check.refuse_stale(book, [db.find_document(book, number).number])
    view = view_of(book, number)
    payload = qr_payload.build(view.qr_bill) if view.qr_bill else ""
    return document_pdf.render(view), payload


def print_documents(book: Book, numbers=(), *, out_dir: Path, all_open: bool = False) -> list[Printed]:
    """Write the PDFs of ``numbers`` (or every open invoice) to ``out_dir`` and mark them printed; the caller saves."""
    if all_open:
        numbers = [d.number for d in book.records("Documents") if db.is_open(d)]
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    printed = []
    for number in numbers:
        pdf, payload = render(book, number)
        path = out_dir / f"{number}.pdf"
        path.write_bytes(pdf)
        db.mark_printed(book, number)
        printed.append(Printed(number=number, path=path, payload=payload))
    return printed


def _totals(document, listed) -> tuple[TotalLine, ...]:
    lang = document.language or "FR"
    out = []
    printed = sum((t.listed for t in listed.lines if t), ZERO)
    if listed.global_discount:
        out.append(TotalLine(key="subtotal", amount=printed - listed.global_discount))
        out.append(TotalLine(text=f"{label('global_discount', lang)} {document.global_discount.normalize():f} %",
                             amount=listed.global_discount))
    if document.fixed_total is not None and document.total_net is not None and document.total_net != printed:
        # The fixed total was spread over the lines as a discount: show by how much, so the lines still add up.
        out.append(TotalLine(text=FIXED_TOTAL.get(lang.upper(), "Fixed total"), amount=document.total_net - printed))
    for key, value in (("total_net", document.total_net), ("total_vat", document.total_vat)):
        out.append(TotalLine(key=key, amount=value or ZERO))
    if document.rounding:
        out.append(TotalLine(key="rounding", amount=document.rounding))
    # a credit note's total is owed to the client: said so, not printed like an invoice's (issue 21, item 5)
    out.append(TotalLine(key="total_credit" if document.stage == "N" else "total",
                         amount=document.total_payable or ZERO, strong=True))
    return tuple(out)


def _vat_summary(book: Book, document, records) -> tuple[VatLine, ...]:
    rates = db.vat_rates(book)
    on = document.performance_date or document.date
    groups: dict[tuple[str, Decimal], list[Decimal]] = {}
    for line in records:
        if line.kind == "text" or not line.vat_code or line.net_amount is None:
            continue
        rate = rates.rate(line.vat_code, docs.line_date(book, line, on)).rate
        base_vat = groups.setdefault((line.vat_code, rate), [ZERO, ZERO])
        base_vat[0] += line.net_amount
        base_vat[1] += line.vat_amount or ZERO
    return tuple(VatLine(code=code, rate=rate, base=base, vat=vat) for (code, rate), (base, vat) in groups.items())


def _swico(settings, document, vat_summary) -> str:
    rates = {v.rate for v in vat_summary}
    uid = settings["CompanyUID"] or ""
    info = swico_billing.SwicoS1(invoice_number=document.number, invoice_date=document.date, uid=uid,
                                 vat=((rates.pop(), None),) if len(rates) == 1 else (),
                                 conditions=((Decimal(0), (document.due_date - document.date).days),)
                                 if document.due_date else ())
    return swico_billing.build(info)
