"""Creditors and liquidity with invoices in EUR: amounts in the invoice's currency, open amount, ageing, orders and
the forecast in CHF at the invoice's ExchangeRate (figures worked out by hand below)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from engine.domain.reports import creditors, liquidity
from engine.errors import BusinessRuleError
from engine.store.book import Book

UNTIL = dt.date(2026, 5, 20)


@pytest.fixture
def book():
    book = Book.from_rows({"Creditors": [["CreditorId", "Name"], [1, "Holz GmbH"], [2, "Papeterie SA"]]}, "invoicing")
    book.put("ReceivedInvoices", [
        # 1,000 EUR at 0.95, 400 EUR paid: 600 EUR open = 570.00 CHF, 10 days late; 300 EUR ordered = 285.00 CHF
        book.new("ReceivedInvoices", number="R-1", stage="F", creditor_id=1, date=dt.date(2026, 4, 10),
                 due_date=dt.date(2026, 5, 10), amount=D("1000.00"), currency="EUR", exchange_rate=D("0.95")),
        # 200 CHF open, not due
        book.new("ReceivedInvoices", number="R-2", stage="F", creditor_id=2, date=dt.date(2026, 5, 15),
                 due_date=dt.date(2026, 6, 14), amount=D("200.00"))])
    book.put("Payments", [book.new("Payments", payment_id=1, side="purchases", document_number="R-1",
                                   date=dt.date(2026, 5, 1), kind="payment", amount=D("400.00"), currency="EUR")])
    book.put("PaymentOrders", [book.new("PaymentOrders", order_id=1, invoice_number="R-1", amount=D("300.00"),
                                        execution_date=dt.date(2026, 5, 25), status=">BA", currency="EUR")])
    return book


def _detail(book):
    return creditors.detail(book.records("ReceivedInvoices"), book.records("Payments"),
                            book.records("PaymentOrders"), {1: "Holz GmbH", 2: "Papeterie SA"}, UNTIL)


def test_a_eur_invoice_shows_its_currency_and_its_chf_value(book):
    report = _detail(book)
    eur = next(r for r in report.rows if report.value(r, "number") == "R-1")
    assert (report.value(eur, "currency"), report.value(eur, "open"), report.value(eur, "open_chf"),
            report.value(eur, "d1_30"), report.value(eur, "ordered")) == ("EUR", D("600.00"), D("570.00"),
                                                                         D("570.00"), D("285.00"))
    assert report.totals[report.column("open_chf")] == D("770.00")
    assert report.totals[report.column("d1_30")] == D("570.00") and report.totals[report.column("not_due")] == D("200.00")


def test_the_forecast_pays_the_eur_invoice_in_chf(book):
    report = liquidity.forecast([], book.records("Payments"), book.records("ReceivedInvoices"),
                                book.records("PaymentOrders"),
                                {"bank": D("1000.00")}, UNTIL, periods=4, select=["start", "payments", "balance"])
    rows = report.rows[1:]
    # the order (285.00) in the fortnight of its execution; the rest of R-1 (300 EUR = 285.00) overdue now;
    # R-2 (200.00) in June's first fortnight
    assert sum(report.value(r, "payments") for r in rows) == D("-770.00")
    assert report.value(rows[-1], "balance") == D("230.00")


def test_a_foreign_invoice_without_a_rate_is_named(book):
    book.put("ReceivedInvoices", [book.new("ReceivedInvoices", number="R-3", stage="F", creditor_id=1,
                                           date=dt.date(2026, 5, 1), amount=D("10.00"), currency="USD")])
    with pytest.raises(BusinessRuleError, match="ReceivedInvoices: R-3 is in USD but has no ExchangeRate"):
        _detail(book)
