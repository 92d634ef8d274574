"""A received invoice from a Swiss QR-bill: the scanned payload text, or an image or PDF of the bill.

The QR code is decoded with zxing-cpp (PDF pages rendered with pypdfium2 first), the payload parsed by
``engine.formats.qr_payload`` (IG QR-bill v2.3), the creditor found by IBAN/QR-IBAN (or created, with BIC and bank
from the SIX bank master), and the invoice entered with amount, currency, reference (type) and message. Swico S1
billing information (IG Annex D) gives the supplier's invoice number, date and cash-discount terms when present.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from engine.errors import BusinessRuleError, ComptoirError, InvalidFormat, Problem, Source
from engine.formats import qr_payload, swico_billing
from engine.i18n import tr
from engine.ids import bank, iban
from engine.services.purchases import Done, account_vat_code, new_received_invoice

PDF_SCALE = 300 / 72  # render PDF pages at 300 dpi: the 46 mm code then has ~12 pixels per module


def decode_image(path: str | Path) -> str:
    """The Swiss QR-bill payload in an image (PNG, JPEG...) or PDF file; the first SPC code found."""
    import zxingcpp
    from PIL import Image

    path = Path(path)
    try:
        if path.suffix.lower() == ".pdf":
            import pypdfium2
            document = pypdfium2.PdfDocument(str(path))
            images = [page.render(scale=PDF_SCALE).to_pil() for page in document]
        else:
            images = [Image.open(path)]
    except (OSError, ValueError, Exception) as error:  # pypdfium2 raises its own PdfiumError
        raise InvalidFormat(f"{path.name}: cannot read the file as an image or PDF ({error})",
                            "scan the payment part as PNG/JPEG or give the PDF of the bill") from None
    texts = []
    for image in images:
        texts += [result.text for result in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]
    for text in texts:
        if text.startswith(qr_payload.QR_TYPE):
            return text
    found = f"{len(texts)} other QR code(s)" if texts else "no QR code"
    raise InvalidFormat(f"{path.name}: {found} and no Swiss QR-bill in it",
                        "scan the payment part sharply (at least 300 dpi), or paste the payload text")


def find_or_create_creditor(book, bill: qr_payload.QRBill) -> tuple[int, bool]:
    """The creditor paid through ``bill.account`` (by IBAN; then by name), or a new one. ``(id, created)``."""
    account = iban.compact(bill.account)
    creditors = book.records("Creditors")
    for c in creditors:
        if iban.compact(c.iban or "") == account:
            return c.creditor_id, False
    name = bill.creditor.name.strip().casefold()
    for c in creditors:
        if (c.name or "").strip().casefold() == name and not c.archived and not c.iban:
            return c.creditor_id, False
    settings = book.settings
    found = bank.bank_for_iban(account)
    expense = settings["DefaultExpenseAccount"]
    new_id = max((c.creditor_id or 0 for c in creditors), default=0) + 1
    a = bill.creditor
    book.put("Creditors", [*creditors, book.new(
        "Creditors", creditor_id=new_id, name=a.name, street=a.street or None, building_number=a.building or None,
        post_code=a.postcode or None, town=a.town or None, country=a.country or None,
        payment_method="QRIBAN" if iban.is_qr_iban(account) else "IBAN", iban=account,
        bic=found.bic if found else None, bank_name=found.name if found else None, currency=bill.currency,
        expense_account=expense, vat_code=account_vat_code(book, expense) or None,
        payment_term_days=settings["PaymentTermDays"], archived=False)])
    return new_id, True


def from_qr(book, *, payload: str = "", image: str | Path = "", date: date, amount=None, stage: str = "F",
            expense_account: str = "", vat_code: str = "") -> Done:
    """Enter a received invoice from a QR-bill (``payload`` text, or an ``image``/PDF file). ``amount`` is needed
    when the bill leaves it open; ``date`` is used unless the Swico billing information gives the invoice date."""
    if not payload and not image:
        raise ComptoirError(tr("no QR-bill given", book.language),
                            tr("paste the payload text or give an image/PDF of the bill", book.language))
    text = payload or decode_image(image)
    bill = qr_payload.parse(text.replace("\r\n", "\n").rstrip("\n") if payload else text,
                            file=Path(image).name if image else "")
    total = bill.amount if amount is None else amount
    if total is None:
        raise BusinessRuleError(tr("the QR-bill has no amount", book.language),
                                tr("enter the amount to pay (--amount)", book.language))
    s1 = None
    if bill.billing_information.startswith(swico_billing.PREFIX):
        try:
            s1 = swico_billing.parse(bill.billing_information)
        except swico_billing.BillingInfoError:
            s1 = None  # a broken S1 block is the biller's problem; the payment data is still right
    creditor_id, created = find_or_create_creditor(book, bill)
    discount = next(((rate, days) for rate, days in (s1.conditions if s1 else ()) if rate), None)
    net_days = next((days for rate, days in (s1.conditions if s1 else ()) if not rate), None)
    invoice_date = (s1.invoice_date if s1 and s1.invoice_date else None) or date
    done = new_received_invoice(
        book, creditor_id=creditor_id, date=invoice_date, amount=total, stage=stage, currency=bill.currency,
        supplier_number=(s1.invoice_number if s1 else "") or "", iban_=bill.account,
        reference_type=bill.reference_type or "NON", reference=bill.reference, message=bill.message,
        expense_account=expense_account, vat_code=vat_code,
        discount_rate=discount[0] if discount else None, discount_days=discount[1] if discount else None,
        due_date=None if net_days is None else _plus(invoice_date, net_days))
    note = (Problem(Source(sheet=book.title("Creditors")),
                    tr("new creditor {creditor} ({name}) created from the QR-bill", book.language,
                       creditor=creditor_id, name=bill.creditor.name),
                    tr("complete its expense account, VAT code and payment term", book.language), "warning"),)
    return Done(ids=done.ids, warnings=(*(note if created else ()), *done.warnings))


def _plus(day: date, days: int) -> date:
    from datetime import timedelta
    return day + timedelta(days=days)
