"""Demo step: a year of sales for Menuiserie Favre SA — quotes, order confirmations, ~40 invoices in four
languages, a down payment and its final invoice, a credit note, payments (full, partial, with discount), a
reminder run on the overdue invoices — with every PDF under DIR/documents/.

Deterministic: a seeded random generator chooses clients, articles and quantities.
"""
from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from engine.demo import company
from engine.i18n import tr, written
from engine.services import documents as docs
from engine.services import documents_print, sales_payments, sales_reminders
from engine.store.book import Book

INVOICES_PER_MONTH = 3
ARTICLE_IDS = [a[0] for a in company.ARTICLES]


def step(ctx) -> str:
    rng = random.Random(ctx.year)
    book = Book.open(ctx.invoicing)
    out = ctx.folder / "documents"
    clients = [1000 + n for n in range(1, len(company.CLIENTS) + 1)]
    year = ctx.year
    invoices, quotes = [], []
    # Every invoice is made in date order, so its number follows its date (a bookkeeper checks the sequence): the
    # month's invoices, the kitchen's down payment and final invoice, and the invoice an order confirmation becomes.
    made: list[tuple[date, int, object]] = []
    for month in range(1, 13):
        for k in range(INVOICES_PER_MONTH):
            on = date(year, month, 3 + 8 * k)
            lines = [dict(article_id=rng.choice(ARTICLE_IDS), quantity=Decimal(rng.choice((1, 2, 3, 4, 6, 8))),
                          discount=rng.choice((None, None, None, Decimal(10))))
                     for _ in range(rng.randint(1, 5))]
            client = clients[(month * 3 + k) % len(clients)]
            fee = rng.choice(("", "", "normal"))
            made.append((on, len(made), lambda on=on, client=client, lines=lines, fee=fee: docs.new_document(
                book, client_id=client, stage="F", on=on, lines=lines, shipping_fee=fee)))
    # A quote that becomes an order confirmation then an invoice; another quote that stays a quote.
    # a document's own texts are in its client's language (Architekturbüro Keller AG reads German)
    quote = docs.new_document(book, client_id=1005, stage="O", on=date(year, 2, 2),
                              title=written("Library and desk", _client_language(book, 1005)),
                              lines=[dict(article_id="BIB-M", quantity=Decimal(4)),
                                     dict(article_id="H-ETU", quantity=Decimal(6))])
    printed = documents_print.print_documents(book, [quote], out_dir=out)  # each stage printed before it moves on
    order = docs.advance(book, quote, on=date(year, 2, 20))
    printed += documents_print.print_documents(book, [order], out_dir=out)
    made.append((date(year, 4, 15), len(made), lambda: docs.advance(book, order, "F", on=date(year, 4, 15))))
    quotes.append(docs.new_document(book, client_id=1011, stage="O", on=date(year, 11, 5),
                                    lines=[dict(article_id="CUI-M", quantity=Decimal("4.5")),
                                           dict(article_id="H-POSE", quantity=Decimal(16))]))
    # A kitchen: 30 % down payment, then the final invoice deducting it.
    kitchen: dict = {}
    made.append((date(year, 3, 1), len(made), lambda: kitchen.setdefault("down", docs.new_document(
        book, client_id=1008, stage="F", on=date(year, 3, 1), down_payment=True,
        lines=[dict(designation=written("30 % down payment, made-to-measure kitchen", _client_language(book, 1008)),
                    quantity=Decimal(1),
                    unit_price=Decimal("4140.00"), vat_code="TVA")]))))
    made.append((date(year, 5, 20), len(made), lambda: kitchen.setdefault("final", docs.new_document(
        book, client_id=1008, stage="F", on=date(year, 5, 20), refers_to=kitchen["down"],
        lines=[dict(article_id="CUI-M", quantity=Decimal(6)), dict(article_id="QUIN", quantity=2)],
        packing_fee="normal"))))
    for _, _, make in sorted(made, key=lambda m: (m[0], m[1])):
        invoices.append(make())
    down, final = kitchen["down"], kitchen["final"]
    # A fixed total ("total arrêté") on one invoice, and a credit note on another.
    docs.fix_total(book, invoices[4], _round_down(docs.db.find_document(book, invoices[4]).total_payable))
    credited = invoices[7]
    client = docs.db.find_document(book, credited).client_id
    note = docs.new_document(book, client_id=client, stage="N", on=date(year, 4, 2), refers_to=credited,
                             lines=[dict(designation=written("Goodwill gesture (late delivery)",
                                                             _client_language(book, client)),
                                         quantity=Decimal(1), unit_price=Decimal("150.00"), vat_code="TVA")])
    sales_payments.apply_credit_note(book, note, on=date(year, 4, 2))
    # Payments: most invoices paid in full 20 days after their date, some partly, some with a 2 % discount — by
    # clients who pay to the postal account (1010), whose statements the demo does not import: the bank account
    # 1020 then holds exactly what its camt statement says (each franc booked once).
    paid = partial = discounted = 0
    for index, number in enumerate(invoices):
        document = docs.db.find_document(book, number)
        when = document.date + timedelta(days=20)
        if when >= date(year, 11, 1) or index % 9 == 5 or document.balance <= 0:
            continue  # left open: the reminder run finds the overdue ones
        if index % 7 == 3:
            sales_payments.record_payment(book, number, _half(document.balance), on=when, account=company.POSTAL)
            partial += 1
        elif index % 5 == 1:
            discount = (document.balance * Decimal("0.02")).quantize(Decimal("0.05"))
            sales_payments.record_payment(book, number, document.balance - discount, on=when, account=company.POSTAL)
            sales_payments.record_payment(book, number, discount, on=when, kind="discount")
            discounted += 1
        else:
            sales_payments.record_payment(book, number, document.balance, on=when, account=company.POSTAL)
            paid += 1
    printed += documents_print.print_documents(book, [*quotes, *invoices, note], out_dir=out)
    book.save()
    ctx.facts.update(invoices=invoices, quotes=quotes, credit_note=note, down_payment=down, final_invoice=final,
                     pdfs=len(printed))
    open_count = sum(1 for d in book.records("Documents") if d.stage == "F" and d.balance and d.balance > 0)
    return tr("sales: {invoices} invoices (1 down payment), {quotes} quotes, 1 order confirmation, 1 credit note; "
              "payments {paid} full, {partial} partial, {discounted} with discount; {open} open; {pdfs} PDFs in "
              "{folder}/", ctx.language, invoices=len(invoices), quotes=len(quotes) + 1, paid=paid, partial=partial,
              discounted=discounted, open=open_count, pdfs=len(printed), folder=out.name)


def reminders_step(ctx) -> str:
    """The reminder runs of November and December, after the bank statement: what the clients paid at the bank
    is recorded first, so only what is really still owed is reminded, with what was paid shown (audit of issue 21:
    reminders asked again for money the statement showed paid in March)."""
    book = Book.open(ctx.invoicing)
    out = ctx.folder / "documents"
    runs = [sales_reminders.reminder_run(book, today=date(ctx.year, month, day), out_dir=out)
            for month, day in ((11, 20), (12, 15))]
    issued = [r for run in runs for r in run.issued]
    book.save()
    ctx.facts.update(reminders=[(r.number, r.level) for r in issued], pdfs=ctx.facts.get("pdfs", 0) + len(issued))
    return tr("reminders: {count} issued (levels 1–{level}), {count} PDFs in {folder}/", ctx.language,
              count=len(issued), level=max((r.level for r in issued), default=0), folder=out.name)


def _half(amount: Decimal) -> Decimal:
    return (amount / 2).quantize(Decimal("0.05"))


def _round_down(amount: Decimal) -> Decimal:
    """A round total a client is offered (down to the ten francs)."""
    return (amount // 10) * 10


def _client_language(book, client_id: int) -> str:
    """The language the client's documents speak (its Language, else the book's DefaultLanguage)."""
    client = next(c for c in book.records("Clients") if c.client_id == client_id)
    return str(client.language or book.settings["DefaultLanguage"] or "FR").lower()
