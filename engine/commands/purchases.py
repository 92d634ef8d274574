"""``comptoir purchases new|stage|from-qr|pay|discount|credit|cash-credit|undo`` and ``comptoir payments
propose|export|remove``: received invoices and supplier payment orders on a saved invoicing book.

Each action loads the book, calls one service (engine.services.purchases*, engine.services.payments), prints what
it did and the warnings, and saves. ``--today`` fixes the date a run takes as today (default: the clock).
"""
from __future__ import annotations

import argparse
from datetime import date
from decimal import Decimal
from pathlib import Path

from engine.errors import ComptoirError
from engine.i18n import tr
from engine.money import to_decimal, to_money
from engine.domain.purchases_stages import stage_of
from engine.services import payments, purchases, purchases_qr, purchases_settle, purchases_stages
from engine.store.book import Book
from engine.dates import date_option


def _money(text: str) -> Decimal:
    try:
        return to_money(text)
    except ComptoirError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _money_rate(text: str) -> Decimal:
    """An exchange rate (CHF per unit, up to 6 decimals), positive."""
    try:
        rate = to_decimal(text)
    except ComptoirError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    if rate <= 0:
        raise argparse.ArgumentTypeError(f'"{text}" is not a rate: CHF per 1 unit, above 0 (e.g. 0.9312)')
    return rate


def _line(text: str) -> dict:
    """``ACCOUNT:VATCODE:AMOUNT[:net]`` or ``ARTICLE:QTY[:PRICE]`` (a number second: a quantity, and PRICE is
    without VAT, as the Articles sheet's PurchasePrice) → a detailed-form line."""
    parts = text.split(":")
    if len(parts) in (2, 3) and _is_number(parts[1]):
        quantity = _quantity(text, parts[1])
        price = _money(parts[2]) if len(parts) == 3 and parts[2] else None
        return {"article_id": parts[0], "quantity": quantity, "unit_price": price}
    if len(parts) not in (3, 4) or parts[3:] not in ([], ["net"], ["gross"]):
        raise argparse.ArgumentTypeError(f'"{text}" is not ACCOUNT:VATCODE:AMOUNT[:net|gross] (e.g. 4200:IPM:500)')
    return {"account": parts[0], "vat_code": parts[1], "amount": _money(parts[2]),
            "amount_type": parts[3] if len(parts) == 4 else "gross"}


def _is_number(text: str) -> bool:
    try:
        to_decimal(text)
    except ComptoirError:
        return False
    return bool(text.strip())


def _quantity(line: str, text: str) -> Decimal:
    quantity = to_decimal(text)
    if quantity <= 0:
        raise argparse.ArgumentTypeError(f'"{line}": a quantity of {text} is not received; enter the quantity '
                                         "received, above 0 (goods sent back: a credit note, --stage N)")
    return quantity


def _stage(text: str) -> str:
    try:
        return stage_of(text)
    except ComptoirError as error:
        raise argparse.ArgumentTypeError(f"{error.message} ({error.hint})") from None


def register(subparsers) -> None:
    p = subparsers.add_parser("purchases",
                              help="received documents: order, receipt, invoice; pay, discount, credit notes")
    sub = p.add_subparsers(dest="purchases_command", metavar="ACTION", required=True)

    def action(name, run, help_):
        a = sub.add_parser(name, help=help_)
        a.add_argument("book", type=Path, help="the invoicing book (.xlsx)")
        a.add_argument("--today", type=date_option, default=None, help="the date taken as today (default: the clock)")
        a.set_defaults(run=run)
        return a

    a = action("new", run_new, "enter a received invoice (a negative amount is a credit note)")
    a.add_argument("--creditor", type=int, required=True, help="CreditorId")
    a.add_argument("--date", type=date_option, required=True)
    a.add_argument("--amount", type=_money, help="total with VAT (left out: the sum of the lines)")
    a.add_argument("--stage", type=_stage, default="F",
                   help="C or order, L or receipt, F or invoice (default), N or credit (a supplier credit note)")
    a.add_argument("--number", default="")
    a.add_argument("--supplier-number", default="")
    a.add_argument("--account", default="", help="expense account (default: the creditor's)")
    a.add_argument("--vat", default="", help="VAT code (default: the creditor's)")
    a.add_argument("--reference", default="")
    a.add_argument("--message", default="")
    a.add_argument("--line", type=_line, action="append", default=[],
                   help="ACCOUNT:VAT:AMOUNT[:net] or ARTICLE:QTY[:PRICE] (price without VAT; default the article's "
                        "PurchasePrice), repeatable")
    a.add_argument("--currency", default="", choices=("", "CHF", "EUR", "USD", "GBP"),
                   help="the invoice's currency (default: the creditor's)")
    a.add_argument("--exchange-rate", type=_money_rate, default=None,
                   help="CHF per 1 unit of the currency (default: the Rates sheet's rate of the date; for EUR "
                        "without one, Settings EURRate)")
    a.add_argument("--spread-extra-costs", action="store_true", help="spread the rest over the lines")
    a = action("stage", run_stage, "move a received order (C) or receipt (L) on, keeping its number and lines")
    a.add_argument("number", help="the received document (ReceivedInvoices Number)")
    a.add_argument("--to", type=_stage, default=None, help="L/receipt or F/invoice (default: the next stage)")
    a.add_argument("--date", type=date_option, help="the new stage's date, e.g. the invoice's (default: today)")
    a.add_argument("--amount", type=_money, help="the total invoiced with VAT (default: the sum of the lines)")
    a.add_argument("--supplier-number", default="", help="the supplier's invoice number")
    a.add_argument("--spread-extra-costs", action="store_true", help="spread what --amount adds over the lines")
    a = action("from-qr", run_from_qr, "enter a received invoice from a QR-bill (payload text, image or PDF)")
    a.add_argument("source", type=Path, help="payload text file, or PNG/JPEG/PDF of the bill")
    a.add_argument("--date", type=date_option, help="invoice date (default: today)")
    a.add_argument("--amount", type=_money, help="when the bill leaves the amount open")
    for name, run, help_ in (("pay", run_pay, "record a payment (default: the balance)"),
                             ("discount", run_discount, "record a cash discount (default: the whole balance)"),
                             ("credit", run_credit, "use a supplier credit note against an invoice"),
                             ("cash-credit", run_cash_credit, "record the refund of a supplier credit note")):
        a = action(name, run, help_)
        a.add_argument("number", help="received invoice (or credit note for cash-credit)")
        a.add_argument("--date", type=date_option, help="default: today")
        a.add_argument("--amount", type=_money)
        a.add_argument("--account", default=None, help="ledger account (bank, discount or clearing)")
        if name == "pay":
            a.add_argument("--discount-rest", action="store_true", help="take the rest of the balance as discount")
            a.add_argument("--chf", type=_money, help="a foreign-currency invoice: the CHF the bank debited (the "
                                                      "exchange difference is posted with the payment)")
        if name == "discount":
            a.add_argument("--rate", type=_money, help="percent of the balance")
        if name == "credit":
            a.add_argument("--note", required=True, help="the credit note's number")
    a = action("undo", run_undo, "remove a payment, discount or credit-note use that is not posted")
    a.add_argument("payment_id", type=int)

    p = subparsers.add_parser("payments", help="supplier payment orders (pain.001)")
    sub = p.add_subparsers(dest="payments_command", metavar="ACTION", required=True)
    a = action("propose", run_propose, "propose payments of open received invoices (PaymentOrders, >B)")
    a.add_argument("--invoice", action="append", help="only this invoice (repeatable)")
    a.add_argument("--date", type=date_option, help="execution date for all (default: term or discount date)")
    a.add_argument("--amount", type=_money, help="part payment (one --invoice only)")
    a.add_argument("--account", help="debit IBAN (default: the first BankAccounts row)")
    a = action("export", run_export, "write pending orders as a pain.001.001.09 file, mark them >BA")
    a.add_argument("--account", required=True, help="debit IBAN")
    a.add_argument("--date", type=date_option, help="only the orders executed on this day")
    a.add_argument("--out", type=Path, required=True, help="FILE.xml")
    a.add_argument("--executed", action="store_true", help="mark the orders executed (>BE) at once")
    a = action("remove", run_remove, "take a pending payment order back (the invoice is open again)")
    a.add_argument("order_id", type=int)


def _today(args) -> date:
    return args.today or date.today()


def _finish(book: Book, done, what: str) -> int:
    book.save()
    print(what)
    for number in done.ids:  # the goods a receipt (or an invoice without one, a credit note) moved, and when
        moves = [m for m in book.records("StockMoves") if m.document == number and m.reason in ("received",
                                                                                               "sent_back")]
        if moves:
            print(tr("stock on {date}: ", date=f"{moves[0].date:%d.%m.%Y}")
                  + ", ".join(f"{m.article_id} {m.quantity:+}" for m in moves))
    for warning in done.warnings:
        print(f"{tr('warning')}: {warning}")
    return 0


def run_new(args) -> int:
    book = Book.open(args.book)
    done = purchases.new_received_invoice(
        book, creditor_id=args.creditor, date=args.date, amount=args.amount, stage=args.stage, number=args.number,
        supplier_number=args.supplier_number, expense_account=args.account, vat_code=args.vat,
        reference=args.reference, message=args.message, lines=args.line, spread_extra_costs=args.spread_extra_costs,
        currency=args.currency, exchange_rate=args.exchange_rate)
    record = purchases.invoice(book, done.ids[0])
    said = {"C": tr("received order {number} entered: {amount}"), "L": tr("received receipt {number} entered: {amount}"),
            "N": tr("received credit note {number} entered: {amount}")}.get(
        record.stage, tr("received invoice {number} entered: {amount}"))
    return _finish(book, done, said.format(number=record.number, amount=f"{record.currency or 'CHF'} {record.amount}"))


def run_stage(args) -> int:
    book = Book.open(args.book)
    done = purchases_stages.advance(book, args.number, args.to, on=args.date or _today(args), amount=args.amount,
                                    supplier_number=args.supplier_number,
                                    spread_extra_costs=args.spread_extra_costs)
    record = purchases.invoice(book, args.number)
    return _finish(book, done, tr("{number}: stage {stage}, {amount}", number=args.number, stage=record.stage,
                                  amount=f"{record.currency or 'CHF'} {record.amount}"))


def run_from_qr(args) -> int:
    book = Book.open(args.book)
    when = args.date or _today(args)
    if args.source.suffix.lower() in (".png", ".jpg", ".jpeg", ".pdf", ".gif", ".bmp", ".tif", ".tiff", ".webp"):
        done = purchases_qr.from_qr(book, image=args.source, date=when, amount=args.amount)
    else:
        try:
            text = args.source.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise ComptoirError(tr("{file}: cannot read the payload ({error})", file=args.source, error=error),
                                tr("give a UTF-8 text file"))
        done = purchases_qr.from_qr(book, payload=text, date=when, amount=args.amount)
    return _finish(book, done, tr("received invoice {number} entered from the QR-bill", number=done.ids[0]))


def run_pay(args) -> int:
    book = Book.open(args.book)
    done = purchases_settle.record_payment(book, args.number, date=args.date or _today(args), amount=args.amount,
                                           account=args.account, discount_rest=args.discount_rest,
                                           amount_chf=args.chf)
    return _finish(book, done, tr("{number}: payment(s) {payments} recorded", number=args.number,
                                  payments=", ".join(map(str, done.ids))))


def run_discount(args) -> int:
    book = Book.open(args.book)
    done = purchases_settle.take_discount(book, args.number, date=args.date or _today(args), amount=args.amount,
                                          rate=args.rate, account=args.account)
    return _finish(book, done, tr("{number}: discount {payment} recorded", number=args.number, payment=done.ids[0]))


def run_credit(args) -> int:
    book = Book.open(args.book)
    done = purchases_settle.use_credit_note(book, args.number, args.note, date=args.date or _today(args),
                                            amount=args.amount, account=args.account)
    return _finish(book, done, tr("{number}: credit note {note} used", number=args.number, note=args.note))


def run_cash_credit(args) -> int:
    book = Book.open(args.book)
    done = purchases_settle.cash_credit_note(book, args.number, date=args.date or _today(args), amount=args.amount,
                                             account=args.account)
    return _finish(book, done, tr("{number}: refund recorded", number=args.number))


def run_undo(args) -> int:
    book = Book.open(args.book)
    done = purchases_settle.undo_payment(book, args.payment_id)
    return _finish(book, done, tr("payment(s) {payments} removed", payments=", ".join(map(str, done.ids))))


def run_propose(args) -> int:
    book = Book.open(args.book)
    done = payments.propose_payments(book, today=_today(args), numbers=args.invoice, on=args.date,
                                     amount=args.amount, debit_iban=args.account)
    _finish(book, done, tr("{count} payment order(s) proposed", count=len(done.ids)))
    return 1 if done.warnings and not done.ids else 0


def run_export(args) -> int:
    book = Book.open(args.book)
    export = payments.export_payments(book, account=args.account, out=args.out, on=args.date, today=_today(args),
                                      executed=args.executed)
    book.save()
    print(tr("{file}: {count} payment(s), {total}, {groups} group(s), message {message}", file=export.path,
             count=len(export.orders), total=export.total, groups=export.groups, message=export.message_id))
    return 0


def run_remove(args) -> int:
    book = Book.open(args.book)
    done = payments.remove_order(book, args.order_id)
    return _finish(book, done, tr("payment order {order} removed", order=args.order_id))
