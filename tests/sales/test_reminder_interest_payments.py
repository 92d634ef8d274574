"""Default interest runs on what is unpaid each day: a partial payment during the interest period stops the
interest on its amount from its date on (CO 104 al. 1; DOMAIN.md §8; audit 14e, finding 6, book r11).

Invoice 842.37 + 8.1 % 68.23 = 910.60, dated 05.01.2026, 30 days → due 04.02.2026; 300.00 paid 20.02;
reminder of 01.03.2026 (level 1, fee 10.00, 5 % p.a.). By hand:
    actual/365: 910.60 × 5 % × 16/365 (04.02–20.02) = 1.99584
              + 610.60 × 5 % ×  9/365 (20.02–01.03) = 0.75279   → 2.74863 → 2.75
                owed 910.60 − 300.00 + 10.00 = 620.60; 620.60 + 2.75 = 623.35, already a multiple of 0.05
    30E/360:    910.60 × 5 % × 16/360 = 2.02356 + 610.60 × 5 % × 11/360 (20.02–30.02 + 1 day) = 0.93286
                → 2.95642 → 2.96; 620.60 + 2.96 = 623.56 → 623.55 (0.05): the interest takes 2.95
The former run charged the whole period on the balance after the payment: 610.60 × 5 % × 25/365 = 2.09 → 2.10
(actual/365) and × 27/360 = 2.29 → 2.30 (30E/360).
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from engine.services import documents as docs
from engine.services import sales_payments, sales_reminders
from tests.company import blank, book  # noqa: F401 (fixtures)


@pytest.mark.parametrize("day_count, interest, balance", [("actual/365", "2.75", "623.35"),
                                                          ("30/360", "2.95", "623.55")])
def test_a_partial_payment_stops_the_interest_on_what_it_paid(book, day_count, interest, balance):
    book.set_settings(DefaultInterest=True, Reminder1Fee="10", InterestDayCount=day_count)
    number = docs.new_document(book, client_id=1001, stage="F", on=date(2026, 1, 5), lines=[
        dict(designation="Conseil", quantity=1, unit_price="842.37", vat_code="TVA")])
    d = docs.db.find_document(book, number)
    assert (d.total_payable, d.due_date) == (D("910.60"), date(2026, 2, 4))
    sales_payments.record_payment(book, number, "300.00", on=date(2026, 2, 20))
    r, = sales_reminders.reminder_run(book, today=date(2026, 3, 1)).issued
    assert (r.level, r.fee, r.interest, r.balance) == (1, D("10.00"), D(interest), D(balance))
