"""``comptoir documents ...``: sales documents headless — new, recompute, stage, fix-total, pay, remind, render.

Every action opens the invoicing book, runs one service, saves, and prints one line per result.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from engine.errors import ComptoirError
from engine.schema.terms import code_choices, code_option
from engine.i18n import tr
from engine.services import documents as docs
from engine.services import documents_print, sales_payments, sales_reminders
from engine.store.book import Book
from engine.store.cells import CellError, read_cell


def register(subparsers) -> None:
    top = subparsers.add_parser("documents", help="sales documents: quotes, invoices, credit notes, reminders")
    sub = top.add_subparsers(dest="documents_command", metavar="ACTION", required=True)

    new = _book(sub.add_parser("new", help="create a document for a client; prints its number"))
    new.add_argument("--client", type=int, required=True, help="ClientId")
    new.add_argument("--stage", default="F", help="O, Cc, L, F (default) or N")
    new.add_argument("--date", help="document date (default today), e.g. 31.01.2026")
    new.add_argument("--line", action="append", default=[], metavar="ARTICLE[:QTY[:DISCOUNT%]]",
                     help="an article line, repeatable")
    new.add_argument("--free", action="append", default=[], metavar="TEXT:QTY:PRICE:VATCODE",
                     help="a free line, repeatable")
    new.add_argument("--shipping", choices=["normal", "special"], default="")
    new.add_argument("--packing", choices=["normal", "special"], default="")
    new.add_argument("--down-payment", action="store_true", help="a down-payment invoice (number + a)")
    new.add_argument("--refers-to", default="", help="credit note: the invoice; final invoice: its down payments")
    new.add_argument("--discount", help="global discount in %% at the foot of the document (rabais %% en pied), "
                     "e.g. 2.5; default: the client's")
    new.add_argument("--contact", help="the client's contact person it is addressed to (Contacts; default: the "
                     "client's default contact)")
    new.set_defaults(run=run_new)

    recompute = _book(sub.add_parser("recompute", help="complete lines from Articles and recompute totals"))
    recompute.add_argument("--number", action="append", help="document number (default: every unposted one)")
    recompute.set_defaults(run=run_recompute)

    stage = _book(sub.add_parser("stage", help="move a document to its next stage (or --to a later one)"))
    stage.add_argument("--number", required=True)
    stage.add_argument("--to", help="target stage, e.g. F")
    stage.add_argument("--date", help="date of the new stage (default today)")
    stage.set_defaults(run=run_stage)

    fix = _book(sub.add_parser("fix-total", help='set the total payable by hand ("total arrêté") or --clear it'))
    fix.add_argument("--number", required=True)
    group = fix.add_mutually_exclusive_group(required=True)
    group.add_argument("--amount")
    group.add_argument("--clear", action="store_true")
    fix.set_defaults(run=run_fix)

    pay = _book(sub.add_parser("pay", help="record a payment (or discount, loss, credit note) on a document"))
    pay.add_argument("--number", required=True)
    pay.add_argument("--amount", required=True)
    pay.add_argument("--date", help="default today")
    pay.add_argument("--kind", default="payment", choices=code_choices(sales_payments.KINDS),
                     type=code_option(sales_payments.KINDS),
                     help="payment, discount, loss, credit_note, fee, interest (or the book's word: escompte, Skonto)")
    pay.add_argument("--account", help="default from Settings / BankAccounts")
    pay.add_argument("--chf", help="a EUR document: the CHF the bank credited (default: the amount at the Rates "
                                   "sheet's rate of the date); the exchange difference is posted with the payment")
    pay.set_defaults(run=run_pay)

    unpay = _book(sub.add_parser("unpay", help="remove a payment not posted yet (a credit-note use: both halves)"))
    unpay.add_argument("--payment", type=int, required=True, help="PaymentId (Payments sheet)")
    unpay.set_defaults(run=run_unpay)

    use = _book(sub.add_parser("use-credit", help="use a credit note on an invoice (its RefersTo by default)"))
    use.add_argument("--credit-note", required=True)
    use.add_argument("--invoice", help="default: the credit note's RefersTo")
    use.add_argument("--amount", help="default: all that is open on both")
    use.add_argument("--date", help="default today")
    use.set_defaults(run=run_use_credit)

    remind = _book(sub.add_parser("remind", help="reminder run: issue the reminders due, write their PDFs"))
    remind.add_argument("--date", help="run date (default today)")
    remind.add_argument("--out", type=Path, help="folder for the PDFs (default: documents/ beside the book)")
    remind.set_defaults(run=run_remind)

    render = _book(sub.add_parser("render", help="write document PDFs (with QR-bill for invoices)"))
    which = render.add_mutually_exclusive_group(required=True)
    which.add_argument("--number", action="append", help="document number, repeatable")
    which.add_argument("--all-open", action="store_true", help="every invoice with an open balance")
    render.add_argument("--out", type=Path, help="folder for the PDFs (default: documents/ beside the book)")
    render.set_defaults(run=run_render)


def _book(parser):
    parser.add_argument("book", type=Path, help="the invoicing book (.xlsx)")
    return parser


def _date(text: str | None, what: str = "--date") -> dt.date | None:
    if not text:
        return None
    try:
        return read_cell("date", text)
    except CellError as error:
        raise ComptoirError(f"{what}: {error.message}", error.hint) from None


def _split(text: str, size: int, what: str) -> list[str]:
    parts = text.split(":")
    if len(parts) > size:
        raise ComptoirError(tr('{what} "{text}" has {count} parts separated by ":"; at most {size}', what=what,
                               text=text, count=len(parts), size=size),
                            tr("e.g. --line H-MEN:4 or --free 'Montage:1:250:TVA'"))
    return parts + [""] * (size - len(parts))


def run_new(args) -> int:
    lines = []
    for text in args.line:
        article, quantity, discount = _split(text, 3, "--line")
        lines.append(dict(article_id=article, quantity=quantity or "1", discount=discount or None))
    for text in args.free:
        designation, quantity, price, vat = _split(text, 4, "--free")
        lines.append(dict(designation=designation, quantity=quantity or "1", unit_price=price or None,
                          vat_code=vat or None))
    book = Book.open(args.book)  # first: the refusal below speaks the book's language
    if not lines:  # the ribbon's New document makes an empty one to fill in Excel; here nothing would fill it
        raise ComptoirError(tr("a document needs at least one line"),
                            tr('add --line ARTICLE[:QTY[:DISCOUNT]] or --free "TEXT:QTY:PRICE:VATCODE" (several '
                               'are allowed)'))
    number = docs.new_document(book, client_id=args.client, stage=args.stage, lines=lines, on=_date(args.date),
                               shipping_fee=args.shipping, packing_fee=args.packing,
                               down_payment=args.down_payment, refers_to=args.refers_to,
                               global_discount=_percent(args.discount) if args.discount else None,
                               contact=args.contact)
    book.save()
    document = docs.db.find_document(book, number)
    print(f"{number}: {document.currency} {document.total_payable}")
    _stock_warnings(book, number)
    return 0


def _stock_warnings(book, number: str) -> None:
    """The goods a delivery note or invoice took out left all the same: an article now below 0 is said, not refused."""
    from engine.services import stock
    for warning in stock.warnings(book, [m for m in book.records("StockMoves") if m.document == number]):
        print(f"{tr('warning')}: {warning}")


def run_recompute(args) -> int:
    book = Book.open(args.book)
    numbers = args.number or [d.number for d in book.records("Documents") if not d.posted_session]
    for number in numbers:
        document = docs.recompute(book, number)
        print(f"{number}: {document.currency} {document.total_payable}")
    book.save()
    return 0


def run_stage(args) -> int:
    book = Book.open(args.book)
    number = docs.advance(book, args.number, args.to, _date(args.date))
    book.save()
    print(f"{args.number} → {number}")
    _stock_warnings(book, number)
    return 0


def run_fix(args) -> int:
    book = Book.open(args.book)
    document = docs.fix_total(book, args.number, None if args.clear else args.amount)
    book.save()
    print(tr("{number}: payable {total} (rounding {rounding})", number=document.number,
             total=document.total_payable, rounding=document.rounding))
    return 0


def run_pay(args) -> int:
    book = Book.open(args.book)
    document = sales_payments.record_payment(book, args.number, args.amount, on=_date(args.date), kind=args.kind,
                                             account=args.account, amount_chf=args.chf)
    book.save()
    print(tr("{number}: balance {balance} ({status})", number=document.number, balance=document.balance,
             status=document.status))
    return 0


def _percent(text: str) -> str:
    value = text.strip().rstrip("%").strip().replace(",", ".")
    try:
        if not 0 <= float(value) < 100:
            raise ValueError
    except ValueError:
        raise ComptoirError(tr('--discount "{text}" is not a percentage', text=text),
                            tr("write it like 2.5 or 2.5%")) from None
    return value


def run_unpay(args) -> int:
    book = Book.open(args.book)
    removed = sales_payments.undo_payment(book, args.payment)
    book.save()
    print(tr("removed payment(s) {payments}", payments=", ".join(map(str, removed))))
    return 0


def run_use_credit(args) -> int:
    book = Book.open(args.book)
    used = sales_payments.apply_credit_note(book, args.credit_note, args.invoice, args.amount, on=_date(args.date))
    book.save()
    print(tr("{credit_note}: {amount} used", credit_note=args.credit_note, amount=used))
    return 0


def run_remind(args) -> int:
    book = Book.open(args.book)
    out = args.out or args.book.parent / "documents"
    run = sales_reminders.reminder_run(book, today=_date(args.date), out_dir=out)
    book.save()
    for reminder in run.issued:
        print(tr("{number}: reminder {level}, fee {fee}, interest {interest}, balance {balance} → {path}",
                 number=reminder.number, level=reminder.level, fee=reminder.fee, interest=reminder.interest,
                 balance=reminder.balance, path=reminder.path))
    for number in run.collection:
        print(tr("{number}: past the last reminder — for debt collection", number=number))
    if not run.issued and not run.collection:
        print(tr("no reminder due"))
    return 0


def run_render(args) -> int:
    book = Book.open(args.book)
    out = args.out or args.book.parent / "documents"
    printed = documents_print.print_documents(book, args.number or (), out_dir=out, all_open=args.all_open)
    book.save()
    for item in printed:
        print(f"{item.number} → {item.path}")
    if not printed:
        print(tr("no document to print"))
    return 0
