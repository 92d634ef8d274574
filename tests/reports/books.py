"""A reproducible invoicing book with two years of invoices, payments, received invoices and payment orders."""
from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from engine import templates
from engine.demo import setup
from engine.store.book import Book

UNTIL = dt.date(2026, 5, 20)


def fill(book: Book, seed: int = 7, invoices: int = 300) -> Book:
    rng = random.Random(seed)
    clients = [c.client_id for c in book.records("Clients")] or [1]
    creditors = [c.creditor_id for c in book.records("Creditors")] or [1]
    docs, pays, received, orders = [], [], [], []
    for n in range(1, invoices + 1):
        day = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randint(0, 500))
        net = Decimal(rng.randint(100, 900000)) / 100
        vat = (net * Decimal("0.081")).quantize(Decimal("0.01"))
        stage = "N" if rng.random() < 0.05 else "F"
        number = f"{stage}-{n:05d}"
        docs.append(book.new("Documents", number=number, stage=stage, client_id=rng.choice(clients), date=day,
                             due_date=day + dt.timedelta(days=rng.choice((10, 30, 60))), total_net=net,
                             total_vat=vat, total_gross=net + vat, total_payable=net + vat,
                             do_not_post=rng.random() < 0.1, reminder_level=rng.choice((0, 0, 1, 2))))
        for k in range(rng.choice((0, 1, 1, 2))):
            pays.append(book.new("Payments", payment_id=len(pays) + 1, side="sales", document_number=number,
                                 date=day + dt.timedelta(days=rng.randint(5, 120)),
                                 kind=rng.choice(("payment", "payment", "discount", "fee")),
                                 amount=((net + vat) / 2).quantize(Decimal("0.01"))))
    for n in range(1, invoices // 3):
        day = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randint(0, 160))
        number = f"R-{n:05d}"
        amount = Decimal(rng.randint(1000, 500000)) / 100
        received.append(book.new("ReceivedInvoices", number=number, stage="F", creditor_id=rng.choice(creditors), date=day,
                                 due_date=day + dt.timedelta(days=30), amount=amount, expense_account="4200",
                                 do_not_post=False))
        if rng.random() < 0.3:
            orders.append(book.new("PaymentOrders", order_id=len(orders) + 1, invoice_number=number, amount=amount / 2,
                                   execution_date=day + dt.timedelta(days=rng.randint(0, 40)),
                                   status=rng.choice((">B", ">BA", "X"))))
        if rng.random() < 0.3:
            pays.append(book.new("Payments", payment_id=len(pays) + 1, side="purchases", document_number=number,
                                 date=day + dt.timedelta(days=20), kind="payment", amount=amount))
    iban = book.records("BankAccounts")[0].iban
    moves = [book.new("Movements", movement_id=i + 1, bank_iban=iban, booking_date=dt.date(2026, 1, 1)
                      + dt.timedelta(days=i * 3), direction=rng.choice(("credit", "debit")),
                      amount=Decimal(rng.randint(100, 900000)) / 100,
                      state=rng.choice(("processed", "pending", "deleted"))) for i in range(60)]
    book.put("Documents", docs)
    book.put("Payments", pays)
    book.put("ReceivedInvoices", received)
    book.put("PaymentOrders", orders)
    book.put("Movements", moves)
    return book


def invoicing_file(folder) -> "Book":
    path = folder / "invoicing.xlsx"
    templates.write("invoicing", path)
    setup.fill_invoicing(Book.open(path))
    book = fill(Book.open(path))
    book.save()
    return Book.open(path)
