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


def test_a_payment_pays_the_earlier_reminders_charges_first_so_interest_runs_on_more_capital(book):
    """CO 85 al. 1: a partial payment goes to the interest and fees due first. 910.60 due 04.02.2026; reminder 1 on
    01.03 (fee 10.00; interest 04.02–01.03: 910.60 × 5 % × 25/365 = 3.1185 → 3.12, 920.60 + 3.12 = 923.72 → 923.70,
    so 3.10); 300.00 paid on 05.03 pays 10.00 + 3.10 = 13.10 of charges and 286.90 of capital; reminder 2 on 31.03
    (fee 20.00): interest 01.03–31.03 = 910.60 × 5 % × 4/365 + (910.60 − 286.90 = 623.70) × 5 % × 26/365
    = 0.49899 + 2.22137 = 2.72036 → 2.72; owed 910.60 + 10.00 + 3.10 + 20.00 − 300.00 = 643.70, + 2.72 = 646.42 →
    646.40 (0.05): 2.70. (Capital first it was 610.60 × 5 % × 26/365 = 2.17471, 2.67 → 646.35: 2.65.)"""
    book.set_settings(DefaultInterest=True, Reminder1Fee="10", Reminder2Fee="20")
    number = docs.new_document(book, client_id=1001, stage="F", on=date(2026, 1, 5), lines=[
        dict(designation="Conseil", quantity=1, unit_price="842.37", vat_code="TVA")])
    first, = sales_reminders.reminder_run(book, today=date(2026, 3, 1)).issued
    assert (first.fee, first.interest, first.balance) == (D("10.00"), D("3.10"), D("923.70"))
    sales_payments.record_payment(book, number, "300.00", on=date(2026, 3, 5))
    second, = sales_reminders.reminder_run(book, today=date(2026, 3, 31)).issued
    assert (second.level, second.fee, second.interest, second.balance) == (2, D("20.00"), D("2.70"), D("646.40"))
