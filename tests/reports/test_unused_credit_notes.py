"""The debtors and creditors reports equal the ledger's partner accounts: a credit note not yet used (nor refunded)
is an open item with a negative amount, as 1100 / 2000 carry it (audit 14e, finding 5). By hand, agreed basis:

Debtors (book r7)
    F-1 3200 1000.00 + 81.00                          1100 +1081.00
    N-1 on F-1, 100.00 + 8.10, not used               1100  −108.10
    F-2 3200 100.00 + 2.60 = 102.60, paid 150.00      1100  +102.60 − 150.00 = −47.40
    1100 = 1081.00 − 108.10 − 47.40 = 925.50 (the report showed 1081.00 − 47.40 = 1033.60)
    client credit (no ageing bucket): −108.10 − 47.40 = −155.50; F-1 1081.00 in 31–60 days
Creditors (book p1)
    R-1 4200 IPM 570.00 gross, not paid               2000  +570.00 (we owe)
    R-2 credit note 54.05 (50.00 + 4.05), not used    2000   −54.05
    2000 = 570.00 − 54.05 = 515.95 (the report showed 570.00)
Used up, the note drops out: N-1 used on F-1 → F-1 972.90 and 1100 = 972.90 − 47.40 = 925.50 still.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from engine.services import reports
from engine.services.posting import post
from tests.posting.books import account_balance, books, invoice, pay, received

ON, UNTIL = date(2026, 2, 1), date(2026, 3, 31)


def _sales():
    book, ledger = books()
    invoice(book, "F-1", [("3200", "TVA", "1000.00", "81.00")], on=ON)
    invoice(book, "N-1", [("3200", "TVA", "100.00", "8.10")], stage="N", refers_to="F-1", on=date(2026, 2, 5))
    invoice(book, "F-2", [("3200", "TVARED", "100.00", "2.60")], on=ON)
    pay(book, "F-2", "150.00", date(2026, 2, 10))
    return book, ledger


def test_debtors_show_the_unused_credit_note_as_the_ledger_does():
    book, ledger = _sales()
    post(book, ledger, UNTIL, save=False)
    assert account_balance(ledger, "1100") == D("925.50")
    detail = reports.report(book, "debtors", until=UNTIL)
    assert detail.value(detail.totals, "open_chf") == D("925.50")
    assert detail.value(detail.totals, "credit") == D("-155.50")
    assert detail.value(detail.totals, "d31_60") == D("1081.00")  # no DueDate: due 01.02, 58 days late
    assert {detail.value(r, "number"): detail.value(r, "open") for r in detail.rows} == {
        "F-1": D("1081.00"), "N-1": D("-108.10"), "F-2": D("-47.40")}
    summary = reports.report(book, "debtors-summary", until=UNTIL)
    assert summary.value(summary.totals, "open") == D("925.50")


def test_a_used_credit_note_drops_out():
    book, ledger = _sales()
    used = date(2026, 2, 6)  # what sales_payments.apply_credit_note records: both halves of the use
    book.put("Payments", [*book.records("Payments"), *(
        book.new("Payments", payment_id=pid, side="sales", document_number=number, date=used, kind="credit_note",
                 amount=D("108.10"), account="1100", comment=other)
        for pid, number, other in ((8, "F-1", "N-1"), (9, "N-1", "F-1")))])
    post(book, ledger, UNTIL, save=False)
    detail = reports.report(book, "debtors", until=UNTIL)
    assert {detail.value(r, "number"): detail.value(r, "open") for r in detail.rows} == {
        "F-1": D("972.90"), "F-2": D("-47.40")}
    assert detail.value(detail.totals, "open_chf") == account_balance(ledger, "1100") == D("925.50")


def test_creditors_show_the_unused_supplier_credit_note_as_the_ledger_does():
    book, ledger = books()
    received(book, "R-1", "570.00", on=ON)
    received(book, "R-2", "54.05", stage="N", on=date(2026, 3, 25))
    post(book, ledger, UNTIL, save=False)
    assert account_balance(ledger, "2000") == D("-515.95")  # a liability: credit balance
    report = reports.report(book, "creditors", until=UNTIL)
    assert report.value(report.totals, "open_chf") == D("515.95")
    # the ageing buckets hold what we owe (570.00), the credit column what the supplier owes us: 570.00 − 54.05
    assert (report.value(report.totals, "d1_30") + report.value(report.totals, "d31_60"),
            report.value(report.totals, "credit")) == (D("570.00"), D("-54.05"))
    assert {report.value(r, "number"): report.value(r, "open") for r in report.rows} == {
        "R-1": D("570.00"), "R-2": D("-54.05")}
