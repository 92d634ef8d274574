"""Demo step: the joinery's supplier invoices of the year — one from a QR-bill — paid by hand (in part, with a
cash discount, with a credit note) and, for November's, proposed and exported as a pain.001 file under DIR/payments/.
"""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal as D

from engine.demo import company
from engine.formats import qr_payload
from engine.i18n import tr
from engine.ids import qrr
from engine.money import format_amount
from engine.services import payments, purchases, purchases_qr, purchases_settle
from engine.store.book import Book

# (creditor, month, day, amount with VAT, supplier's number, paid by hand in full?)
INVOICES = [
    (1, 1, 12, "4320.00", "SJ-2026-011", True), (5, 1, 31, "612.35", "RE-889201", True),
    (4, 2, 10, "189.00", "SC-55102", True), (2, 3, 3, "2750.40", "HB-7781", True),
    (7, 3, 28, "3120.00", "VA-2026-1", True), (9, 4, 14, "1486.10", "EPS-404", True),
    (8, 6, 2, "845.50", "GM-1177", True), (5, 7, 31, "598.20", "RE-889977", True),
    (10, 9, 8, "2210.00", "IC-3001", True), (1, 11, 18, "6480.00", "SJ-2026-187", False),
    (9, 11, 19, "742.90", "EPS-512", False), (5, 11, 20, "633.45", "RE-890412", False),
]


def step(ctx) -> str:
    year = ctx.year
    book = Book.open(ctx.invoicing)
    purchases.fill_creditor_bank(book)
    numbers = []
    for creditor_id, month, day, amount, theirs, paid in INVOICES:
        done = purchases.new_received_invoice(book, creditor_id=creditor_id, date=date(year, month, day),
                                              amount=D(amount), supplier_number=theirs)
        numbers.append((done.ids[0], paid, date(year, month, day)))
    # A detailed invoice: timber at net price, screws with VAT, the rest (transport) on the default account.
    detailed = purchases.new_received_invoice(
        book, creditor_id=2, date=date(year, 5, 6), amount=D("1700.00"), supplier_number="HB-7902", lines=[
            {"designation": "Épicéa 27 mm", "account": "4200", "vat_code": "IPM", "amount": "1200.00",
             "amount_type": "net"},
            {"designation": "Vis inox", "account": "4200", "vat_code": "IPM", "amount": "300.00"}]).ids[0]
    # Part payment in May, the rest within the discount terms the next week: 2 % cash discount on the balance.
    purchases_settle.record_payment(book, detailed, date=date(year, 5, 8), amount=D("1000.00"), account=company.POSTAL)
    purchases_settle.take_discount(book, detailed, date=date(year, 5, 14), rate=D("2"))
    purchases_settle.record_payment(book, detailed, date=date(year, 5, 14), account=company.POSTAL)
    # A credit note from the same supplier, used against its next invoice through the clearing account.
    note = purchases.new_received_invoice(book, creditor_id=2, date=date(year, 9, 15), amount=D("-250.00"),
                                          supplier_number="HB-CN-12").ids[0]
    later = purchases.new_received_invoice(book, creditor_id=2, date=date(year, 10, 2), amount=D("980.00"),
                                           supplier_number="HB-8120")
    purchases_settle.use_credit_note(book, later.ids[0], note, date=date(year, 10, 5))
    purchases_settle.record_payment(book, later.ids[0], date=date(year, 10, 20), account=company.POSTAL)
    # Fittings bought in EUR from the ironmonger's import catalogue: posted in CHF at Settings EURRate.
    in_eur = purchases.new_received_invoice(book, creditor_id=3, date=date(year, 8, 18), amount=D("1418.50"),
                                            currency="EUR", supplier_number="QR-EU-2231")
    numbers.append((in_eur.ids[0], True, date(year, 8, 18)))
    for number, paid, when in numbers:
        if paid:
            purchases_settle.record_payment(book, number, date=min(date(year, 12, 31), _later(when)),
                                            account=company.POSTAL)
    # November: the ironmonger's QR-bill (QR-IBAN + QR reference), scanned into a received invoice.
    bill = _qr_bill(book, year)
    from_qr = purchases_qr.from_qr(book, payload=qr_payload.build(bill), date=date(year, 11, 21)).ids[0]
    today = date(year, 11, 25)
    proposed = payments.propose_payments(book, today=today)
    debit = company.BANK_ACCOUNTS[0]["iban"]
    out = ctx.folder / "payments" / f"pain001-{today:%Y%m%d}.xml"
    export = payments.export_payments(book, account=debit, out=out, today=today, now=datetime(year, 11, 25, 9))
    book.save()
    ctx.facts.update(received_invoices=len(book.records("ReceivedInvoices")), payment_file=export.path,
                     payment_orders=export.orders, qr_invoice=from_qr)
    return tr("purchases: {received} received invoices (1 from a QR-bill, 1 in EUR, 1 credit note used), {payments} "
              "payment rows, {orders} orders exported to payments/{file} ({total} CHF, {groups} group(s))",
              ctx.language, received=len(book.records("ReceivedInvoices")), payments=len(book.records("Payments")),
              orders=len(proposed.ids), file=out.name, total=format_amount(export.total), groups=export.groups)


def _later(day: date) -> date:
    from datetime import timedelta
    return day + timedelta(days=20)


def _qr_bill(book: Book, year: int) -> qr_payload.QRBill:
    supplier = next(c for c in book.records("Creditors") if c.creditor_id == 3)
    return qr_payload.QRBill(
        account=supplier.iban, amount=D("356.60"), currency="CHF",
        creditor=qr_payload.Address(name=supplier.name, street=supplier.street, building=supplier.building_number,
                                    postcode=supplier.post_code, town=supplier.town, country="CH"),
        reference_type="QRR", reference=qrr.create_for(customer=4711, document=f"{year}1120"),
        message="Ferrements armoires, commande 318")
