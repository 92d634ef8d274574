"""An order to a supplier (C) or a receipt (L) is neither owed nor bought: the creditors report and the purchases
statistics count received invoices (F) and credit notes (N) only (manual §3.8: only the invoice is payable).

By hand: Papeterie SA, invoice 1081.00 and credit note 81.00 in March, plus an order of 540.50 and a receipt of
216.20 → owed 1081.00 (the credit note is not a debt; it is used or cashed on its own), bought 1081.00 − 81.00 =
1000.00 over 2 documents.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from types import SimpleNamespace as R

from engine.domain.reports import creditors, dashboard, purchases


def _received(number, stage, amount, day):
    return R(number=number, stage=stage, creditor_id=1, date=dt.date(2026, 3, day), due_date=dt.date(2026, 4, day),
             amount=D(amount), expense_account="4200", currency="CHF", exchange_rate=None, supplier_number=None,
             do_not_post=None)


INVOICES = [_received("R-1", "F", "1081.00", 5), _received("R-2", "N", "81.00", 6),
            _received("R-3", "C", "540.50", 7), _received("R-4", "L", "216.20", 8)]


def test_orders_and_receipts_are_not_owed():
    report = creditors.detail(INVOICES, [], [], {1: "Papeterie SA"}, dt.date(2026, 3, 31))
    assert [r for r in report.rows if "R-3" in r or "R-4" in r] == []
    assert any("R-1" in r for r in report.rows)


def test_orders_and_receipts_are_not_purchases():
    report = purchases.by_creditor(INVOICES, {1: "Papeterie SA"}, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert [row[-2:] for row in report.rows] == [(2, D("1000.00"))]


def test_the_dashboard_vat_estimate_takes_the_input_tax_of_invoices_only():
    # the invoice's line bears 3.00 of input tax, the order's 2.37 and the receipt's 1.00: only 3.00 is deductible
    # now, so the estimate with no sales is 0.00 − 3.00 = −3.00.
    lines = [R(invoice_number=n, vat_amount=D(v)) for n, v in (("R-1", "3.00"), ("R-3", "2.37"), ("R-4", "1.00"))]
    assert dashboard.vat_from_invoices([], INVOICES, lines, dt.date(2026, 1, 1), dt.date(2026, 3, 31)) == D("-3.00")
