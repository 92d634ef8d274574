"""A reminder's fee and default interest written off (audit of issue 14, finding 4). F-1: 3200 TVA 100.00 + 8.10 =
108.10; a reminder fee of 20.00 (gross, the supply's 8.1 %: 20 × 8.1 / 108.1 = 1.50 VAT, 18.50 net) on 1 March and
0.95 of default interest (no VAT) on 20 April; the client pays 108.10 on 1 May and the rest, 20.95, is written off
on 1 June. The money went to the invoice; the loss is the fee and the interest, never the supply.

Expected by hand, per account (debit − credit):
- agreed basis, fees booked at issue: the loss takes them back — 3600 +18.50 − 18.50 = 0, 6950 −0.95 + 0.95 = 0,
  2200 −8.10 − 1.50 + 1.50 = −8.10, 3805 untouched, 1100 0 (it was 3805 19.38 + 2200 1.57: the supply's VAT on the
  interest too);
- received basis: only what came in — 1020 +108.10, 3200 −100.00, 2200 −8.10; nothing on 1100, 3600, 6950
  (it was 1100/3600 18.50, 1100/2200 1.50, 1100/6950 0.95: revenue never received);
- agreed basis, fees booked at payment: they never were, so nothing of them is booked;
- received basis, the client paid 118.10 (10.00 of the fee) and 10.95 is written off: the fee is revenue for what
  was paid — 3600 −9.25, 2200 −8.10 − 0.75 (10 × 8.1 / 108.1 = 0.749 → 0.75) — and 1100 ends at 0.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal as D

import pytest

from engine.services.posting import post
from tests.posting.books import books, invoice, pay


def _balances(ledger) -> dict:
    out = defaultdict(lambda: D("0.00"))
    for e in ledger.records("Journal"):
        out[e.debit] += e.amount
        out[e.credit] -= e.amount
    return {a: v for a, v in out.items() if v}


def _year(paid="108.10", lost="20.95", **settings):
    book, ledger = books(**settings)
    invoice(book, "F-1", [("3200", "TVA", "100.00", "8.10")], on=date(2026, 1, 5))
    pay(book, "F-1", "20.00", date(2026, 3, 1), kind="fee")
    pay(book, "F-1", "0.95", date(2026, 4, 20), kind="interest")
    pay(book, "F-1", paid, date(2026, 5, 1))
    pay(book, "F-1", lost, date(2026, 6, 1), kind="loss")
    result = post(book, ledger, date(2026, 6, 30), save=False)
    assert result.payments == 4  # every row is settled: paid or written off, nothing waits
    return _balances(ledger)


@pytest.mark.parametrize("settings, expected", [
    ({}, {"1020": D("108.10"), "3200": D("-100.00"), "2200": D("-8.10")}),
    (dict(VatBasis="received"), {"1020": D("108.10"), "3200": D("-100.00"), "2200": D("-8.10")}),
    (dict(ReminderFeePosting="payment"), {"1020": D("108.10"), "3200": D("-100.00"), "2200": D("-8.10")}),
])
def test_a_written_off_fee_and_interest_leave_no_revenue_and_no_vat(settings, expected):
    assert _year(**settings) == expected


def test_received_basis_books_the_part_of_the_fee_that_was_paid():
    assert _year(paid="118.10", lost="10.95", VatBasis="received") == {
        "1020": D("118.10"), "3200": D("-100.00"), "2200": D("-8.85"), "3600": D("-9.25")}
