"""A reminder's fee and default interest written off (audit of issue 14, finding 4), with payments imputed as CO art.
85 al. 1 says: first to the interest and costs due, then to the capital. F-1: 3200 TVA 100.00 + 8.10 = 108.10; a
reminder fee of 20.00 (gross, the supply's 8.1 %: 20 × 8.1 / 108.1 = 1.4986 → 1.50 VAT, 18.50 net) on 1 March and
0.95 of default interest (no VAT) on 20 April; the client pays on 1 May and the rest is written off on 1 June.

Expected by hand, per account (debit − credit):
- pays 108.10, 20.95 written off: the 108.10 paid the fee and the interest (20.95) and 87.15 of the capital, so the
  loss is capital: 20.95 × 100 / 108.1 = 19.38 net + 20.95 × 8.1 / 108.1 = 1.5699 → 1.57 VAT.
  · agreed basis (fees at issue or at payment alike): 1020 +108.10, 3200 −100.00, 3600 −18.50, 6950 −0.95,
    3805 +19.38, 2200 −8.10 − 1.50 + 1.57 = −8.03; 1100 0;
  · received basis: the capital received is 87.15: 87.15 × 8.1 / 108.1 = 6.5303 → 6.53 VAT, 80.62 net; the fee
    and interest as paid: 3200 −80.62, 2200 −6.53 − 1.50 = −8.03, 3600 −18.50, 6950 −0.95, 1020 +108.10 (the
    loss of capital books nothing: tax only on what came in).
- pays 10.00, 119.05 written off: the 10.00 paid 10.00 of the fee (the older charge) and nothing of the capital;
  the loss takes the capital (108.10: 3805 100.00, 2200 8.10 back), then the interest (0.95) and 10.00 of the fee
  booked at issue (10 × 8.1 / 108.1 = 0.7493 → 0.75 VAT, 9.25 net): what stays is the fee paid —
  agreed: 1020 +10.00, 3200 −100.00, 3805 +100.00, 3600 −18.50 + 9.25 = −9.25, 2200 −8.10 − 1.50 + 8.10 + 0.75 =
  −0.75, 6950 0; received: 1020 +10.00, 3600 −9.25, 2200 −0.75, nothing else.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from engine.services.posting import post
from tests.posting.books import balances, books, invoice, pay


def _year(paid="108.10", lost="20.95", **settings):
    book, ledger = books(**settings)
    invoice(book, "F-1", [("3200", "TVA", "100.00", "8.10")], on=date(2026, 1, 5))
    pay(book, "F-1", "20.00", date(2026, 3, 1), kind="fee")
    pay(book, "F-1", "0.95", date(2026, 4, 20), kind="interest")
    pay(book, "F-1", paid, date(2026, 5, 1))
    pay(book, "F-1", lost, date(2026, 6, 1), kind="loss")
    result = post(book, ledger, date(2026, 6, 30), save=False)
    assert result.payments == 4  # every row is settled: paid or written off, nothing waits
    return balances(ledger)


AGREED = {"1020": D("108.10"), "3200": D("-100.00"), "3600": D("-18.50"), "6950": D("-0.95"), "3805": D("19.38"),
          "2200": D("-8.03")}


@pytest.mark.parametrize("settings, expected", [
    ({}, AGREED),
    (dict(ReminderFeePosting="payment"), AGREED),
    (dict(VatBasis="received"), {"1020": D("108.10"), "3200": D("-80.62"), "2200": D("-8.03"), "3600": D("-18.50"),
                                 "6950": D("-0.95")}),
])
def test_the_payment_paid_the_charges_first_so_the_loss_is_capital(settings, expected):
    assert _year(**settings) == expected


@pytest.mark.parametrize("settings, expected", [
    ({}, {"1020": D("10.00"), "3200": D("-100.00"), "3805": D("100.00"), "3600": D("-9.25"), "2200": D("-0.75")}),
    (dict(ReminderFeePosting="payment"),
     {"1020": D("10.00"), "3200": D("-100.00"), "3805": D("100.00"), "3600": D("-9.25"), "2200": D("-0.75")}),
    (dict(VatBasis="received"), {"1020": D("10.00"), "3600": D("-9.25"), "2200": D("-0.75")}),
])
def test_charges_left_unpaid_are_written_off_with_the_capital_and_leave_no_revenue(settings, expected):
    assert _year(paid="10.00", lost="119.05", **settings) == expected
