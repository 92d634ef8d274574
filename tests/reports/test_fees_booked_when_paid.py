"""The debtors report equals 1100 when reminder fees are booked when paid (Settings ReminderFeePosting payment, audit
14f finding 3: the report said 512.19 beside 1100's 419.33, the 92.86 being fees and interest waiting for their
money). The report's open CHF and its total are what 1100 holds; the fees and interest not booked yet are shown apart
(column "Fees pending", valued at the report day's rate: a report uses no rate from after its day).

By hand, Rates EUR 05.01 0.93, 02.03 0.95, 10.04 0.96; Reminder1Fee CHF 20.00, no interest:
- F-1 CHF 100.00 + 8.10 = 108.10 of 05.01, due 04.02; 1100 / 3200 100.00 and 1100 / 2200 8.10 → 1100 108.10.
- F-3 EUR 100.00 + 8.10 = 108.10 of 05.01 at 0.93: 100 × 0.93 = 93.00 and 8.10 × 0.93 = 7.533 → 7.53; 1100 100.53.
- Reminders of 16.03: F-1 fee CHF 20.00; F-3 CHF 20.00 / 0.95 = 21.0526 → EUR 21.05. Not booked (waiting).
- F-3 paid EUR 129.15 on 10.04 (at 0.96): its fee is booked then, at 0.96.
Report at 20.03: open CHF 108.10 + 100.53 = 208.63 = 1100 at 20.03; apart: F-1 20.00, F-3 21.05 × 0.95 (the
latest rate on or before 20.03) = 19.9975 → 20.00 (not 21.05 × 0.96 = 20.21, the later payment's rate).
Report at 30.04: F-3 settled, gone; F-1 108.10 = 1100 at 30.04, its fee 20.00 apart.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from engine.services import reports, sales_payments, sales_reminders
from engine.services.posting import post
from tests.posting.books import balances, books, invoice, pay


def _books():
    book, ledger = books(Reminder1Days=10, Reminder1Fee="20", DefaultInterest=False, ReminderFeePosting="payment")
    book.put("Rates", [book.new("Rates", date=d, currency="EUR", rate=D(r)) for d, r in (
        (date(2026, 1, 5), "0.93"), (date(2026, 3, 2), "0.95"), (date(2026, 4, 10), "0.96"))])
    invoice(book, "F-1", [("3200", "TVA", "100.00", "8.10")], on=date(2026, 1, 5), due_date=date(2026, 2, 4))
    invoice(book, "F-3", [("3200", "TVA", "100.00", "8.10")], on=date(2026, 1, 5), due_date=date(2026, 2, 4),
            currency="EUR", exchange_rate=D("0.93"))
    for number in ("F-1", "F-3"):
        sales_payments.refresh(book, number)
    sales_reminders.reminder_run(book, today=date(2026, 3, 16))
    fees = {p.document_number: p.amount for p in book.records("Payments") if p.kind == "fee"}
    assert fees == {"F-1": D("20.00"), "F-3": D("21.05")}
    pay(book, "F-3", "129.15", date(2026, 4, 10))
    post(book, ledger, date(2026, 4, 30), save=False)
    return book, ledger


def test_the_debtors_report_equals_1100_and_shows_the_waiting_fees_apart():
    book, ledger = _books()
    assert balances(ledger, end=date(2026, 3, 20))["1100"] == D("208.63")
    detail = reports.report(book, "debtors", until=date(2026, 3, 20))
    rows = {detail.value(r, "number"): (detail.value(r, "open_chf"), detail.value(r, "not_booked"))
            for r in detail.rows}
    assert rows == {"F-1": (D("108.10"), D("20.00")), "F-3": (D("100.53"), D("20.00"))}, rows
    assert detail.value(detail.totals, "open_chf") == D("208.63")
    assert detail.value(detail.totals, "not_booked") == D("40.00")
    summary = reports.report(book, "debtors-summary", until=date(2026, 3, 20))
    assert sum((summary.value(r, "open") for r in summary.rows), D(0)) == D("208.63")
    assert sum((summary.value(r, "not_booked") for r in summary.rows), D(0)) == D("40.00")


def test_once_paid_the_fee_is_in_1100_and_the_report_again():
    book, ledger = _books()
    assert balances(ledger, end=date(2026, 4, 30))["1100"] == D("108.10")  # F-3 settled with its fee
    detail = reports.report(book, "debtors", until=date(2026, 4, 30))
    rows = {detail.value(r, "number"): (detail.value(r, "open_chf"), detail.value(r, "not_booked"))
            for r in detail.rows}
    assert rows == {"F-1": (D("108.10"), D("20.00"))}, rows


def test_the_dashboards_ageing_is_the_reports():
    """The dashboard's ageing adds up to the report's open CHF at 20.03: 108.10 + 100.53 = 208.63 (it counted the
    waiting fees, F-3's at the later 0.96)."""
    book, _ledger = _books()
    board = reports.dashboard(book, until=date(2026, 3, 20))
    assert sum((amount for _bucket, amount in board.ageing), D(0)) == D("208.63")
