"""Stages, status letters, numbering, balances and reminder rules, against hand-computed examples (DOMAIN.md §8)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from engine.domain import documents as dd
from engine.domain import reminders as rd
from engine.errors import BusinessRuleError


def test_stages_move_forward_only():
    assert dd.next_stage("O") == "Cc" and dd.next_stage("Cc") == "L" and dd.next_stage("O", "invoice") == "F"
    for current, target in (("L", "O"), ("F", None), ("N", None), ("Cc", "Cc")):
        with pytest.raises(BusinessRuleError):
            dd.next_stage(current, target)


@pytest.mark.parametrize("text, parts", [("F", ("F", False, "", False)), ("Cc_", ("Cc", True, "", False)),
                                         ("F_cX", ("F", True, "c", True)), ("N_C", ("N", True, "C", False))])
def test_status_round_trip(text, parts):
    assert dd.parse_status(text) == parts
    stage, printed, posted, paid = parts
    assert dd.status(stage, printed=printed, posted=posted, paid=paid) == text


def test_numbering_per_series_and_year():
    used = ["F-2026-0001", "F-2026-0002a", "F-2025-0099", "N-2026-0005"]
    assert dd.next_number("F-{year}-{seq:04d}", 2026, used) == "F-2026-0003"
    assert dd.next_number("F-{year}-{seq:04d}", 2027, used) == "F-2027-0001"
    assert dd.next_number("{seq}", 2026, ["7", "12", "x"]) == "13"
    with pytest.raises(BusinessRuleError):
        dd.next_number("F-{year}", 2026, used)


def test_balance_counts_settlements_and_charges():
    rows = [("payment", D("500.00")), ("discount", D("10.00")), ("credit_note", D("100.00")), ("fee", D("20.00")),
            ("interest", D("3.15"))]
    assert dd.balance(D("1081.00"), rows) == D("494.15")
    assert dd.paid_amount(rows) == D("500.00")


POLICY = rd.ReminderPolicy(days=(10, 20, 30), fees=(D("0"), D("20"), D("30")), interest=True)


def test_reminder_levels_follow_the_days():
    due = date(2026, 3, 31)
    kw = dict(due_date=due, policy=POLICY)
    assert rd.due_level(level=0, last_reminder=None, today=date(2026, 4, 9), **kw) == 0
    assert rd.due_level(level=0, last_reminder=None, today=date(2026, 4, 10), **kw) == 1
    assert rd.due_level(level=1, last_reminder=date(2026, 4, 10), today=date(2026, 4, 30), **kw) == 2
    assert rd.due_level(level=2, last_reminder=date(2026, 4, 30), today=date(2026, 5, 29), **kw) == 0
    assert rd.due_level(level=2, last_reminder=date(2026, 4, 30), today=date(2026, 5, 30), **kw) == 3
    assert rd.due_level(level=3, last_reminder=date(2026, 5, 30), today=date(2027, 1, 1), **kw) == 0
    assert [rd.fee(n, POLICY) for n in (1, 2, 3)] == [D("0.00"), D("20.00"), D("30.00")]


def test_default_interest_by_hand():
    # CO 104: 5 % p.a. on 2'500.00 for 73 days (actual/365) = 2500 × 0.05 × 73 / 365 = 25.00.
    assert rd.interest(D("2500.00"), date(2026, 1, 1), date(2026, 3, 15), D("5")) == D("25.00")
    # 30E/360: 31.01 → 30.04 is 90 days: 2500 × 0.05 × 90 / 360 = 31.25.
    assert rd.days(date(2026, 1, 31), date(2026, 4, 30), "30/360") == 90
    assert rd.interest(D("2500.00"), date(2026, 1, 31), date(2026, 4, 30), D("5"), day_count="30/360") == D("31.25")
    assert rd.interest(D("2500.00"), date(2026, 3, 1), date(2026, 2, 1), D("5")) == D("0.00")
