"""SIC / TARGET banking days and execution dates, against independent calendars (dateutil's Easter, holidays.CH)."""
from __future__ import annotations

from datetime import date, timedelta

import holidays
import pytest
from dateutil.easter import easter

from engine.bank_calendar import BankCalendar, execution_date, is_banking_day, next_banking_day
from engine.errors import BusinessRuleError

YEARS = range(2019, 2032)


def _sic_expected(year: int) -> set[date]:
    """The CHF value days' exceptions as BX Swiss publishes them "same as SNB and SIX" (2023: 2 Jan, Good Friday,
    Easter Monday, 1 May, Ascension, Whit Monday, 1 Aug, 25/26 Dec; 1 Jan fell on a Sunday), computed from dateutil's
    Western Easter (independent of the holidays package)."""
    e = easter(year)
    days = {date(year, 1, 1), date(year, 1, 2), e - timedelta(2), e + timedelta(1), date(year, 5, 1), e + timedelta(39),
            e + timedelta(50), date(year, 8, 1), date(year, 12, 25), date(year, 12, 26)}
    return {d for d in days if d.weekday() < 5}


def _target_expected(year: int) -> set[date]:
    e = easter(year)
    days = {date(year, 1, 1), e - timedelta(2), e + timedelta(1), date(year, 5, 1), date(year, 12, 25),
            date(year, 12, 26)}
    return {d for d in days if d.weekday() < 5}


@pytest.mark.parametrize("year", YEARS)
def test_sic_closing_days(year):
    assert set(BankCalendar().closing_days(year)) == _sic_expected(year)


@pytest.mark.parametrize("year", YEARS)
def test_target_closing_days(year):
    assert set(BankCalendar(system="TARGET").closing_days(year)) == _target_expected(year)


@pytest.mark.parametrize("year", YEARS)
def test_easter_dependent_days_match_the_zurich_public_holidays(year):
    # holidays.CH(subdiv="ZH") names Good Friday, Easter Monday, Ascension and Whit Monday: a second oracle.
    zh = {name: day for day, name in holidays.CH(subdiv="ZH", years=year, language="en_US").items()}
    for name in ("Good Friday", "Easter Monday", "Ascension Day", "Pentecost Monday"):
        day = zh[name]
        assert not is_banking_day(day), (name, day)
        assert next_banking_day(day) > day


@pytest.mark.parametrize("day", [date(2025, 12, 24), date(2025, 12, 31), date(2024, 12, 24)])
def test_sic_clears_on_exchange_only_holidays(day):
    assert is_banking_day(day, "CHF")
    assert holidays.financial_holidays("XSWX").get(day)  # the exchange itself is closed that day


def test_eur_follows_target():
    assert not is_banking_day(date(2025, 5, 1), "EUR")
    assert next_banking_day(date(2025, 5, 1), "EUR") == date(2025, 5, 2)
    assert is_banking_day(date(2025, 1, 2), "EUR") and not is_banking_day(date(2025, 1, 2), "CHF")
    assert is_banking_day(date(2025, 8, 1), "EUR") and not is_banking_day(date(2025, 8, 1), "CHF")
    assert is_banking_day(date(2025, 8, 1), "USD") is False  # other currencies: Swiss banking days


@pytest.mark.parametrize("day, expected", [
    (date(2025, 4, 18), date(2025, 4, 22)),   # Good Friday → after Easter Monday
    (date(2025, 12, 25), date(2025, 12, 29)),  # Christmas (Thu), St Stephen (Fri), weekend
    (date(2025, 12, 31), date(2025, 12, 31)),  # SIC clears on 31 December
    (date(2026, 1, 1), date(2026, 1, 5)),      # 1 and 2 January, weekend
    (date(2025, 6, 7), date(2025, 6, 10)),     # Saturday, Sunday, Whit Monday
    (date(2025, 3, 12), date(2025, 3, 12)),    # an ordinary Wednesday
])
def test_next_banking_day(day, expected):
    assert next_banking_day(day) == expected


def test_user_overrides():
    calendar = BankCalendar(closed=frozenset({date(2025, 3, 12)}), opened=frozenset({date(2025, 1, 2)}))
    assert not calendar.is_banking_day(date(2025, 3, 12))
    assert calendar.next_banking_day(date(2025, 3, 12)) == date(2025, 3, 13)
    assert calendar.is_banking_day(date(2025, 1, 2))
    assert date(2025, 3, 12) in calendar.closing_days(2025) and date(2025, 1, 2) not in calendar.closing_days(2025)


def test_execution_date_is_term_minus_one_day_moved_back_to_a_banking_day():
    # Moved back, never forward: paid after the term or the discount date, the creditor is paid late or the
    # discount is lost (issue 14, item 12).
    assert execution_date(date(2025, 3, 3), 30, today=date(2025, 3, 3)) == date(2025, 4, 1)  # Tuesday
    assert execution_date(date(2025, 3, 20), 30, today=date(2025, 3, 20)) == date(2025, 4, 17)  # Good Friday → Thu
    assert execution_date(date(2025, 3, 20), 30, 10, today=date(2025, 3, 20)) == date(2025, 3, 28)  # Sat 29 → Fri
    # 2 Apr + 29 days = 1 May: closed for TARGET and for CHF value days alike → Wednesday 30 April.
    assert execution_date(date(2025, 4, 2), 30, today=date(2025, 4, 2), currency="EUR") == date(2025, 4, 30)
    assert execution_date(date(2025, 4, 2), 30, today=date(2025, 4, 2), currency="CHF") == date(2025, 4, 30)
    assert execution_date(date(2025, 3, 3), 0, today=date(2025, 3, 3)) == date(2025, 3, 3)  # payable at once


def test_execution_date_in_the_past_is_refused():
    with pytest.raises(BusinessRuleError) as caught:
        execution_date(date(2025, 1, 6), 30, today=date(2025, 3, 1))
    assert "2025-02-04" in caught.value.message and "overdue" in caught.value.hint
    with pytest.raises(BusinessRuleError) as caught:
        execution_date(date(2025, 2, 20), 30, 5, today=date(2025, 3, 1))
    assert "discount" in caught.value.hint
    with pytest.raises(BusinessRuleError):
        execution_date(date(2025, 3, 1), -1, today=date(2025, 3, 1))


def test_labour_day_is_no_chf_value_day():
    # The bookkeeper's finding: a payment was proposed on 1 May. 1 May 2026 is a Friday: the Thursday before.
    assert not is_banking_day(date(2026, 5, 1), "CHF")
    assert execution_date(date(2026, 4, 2), 30, today=date(2026, 4, 10)) == date(2026, 4, 30)


def test_a_discount_date_on_a_weekend_moves_before_it_never_after():
    # Invoice 2 Oct 2026 (Friday), 2 % within 10 days: the money must leave by 12 Oct − 1 = Sunday 11 Oct.
    # Paid Monday 12 Oct the discount would be lost: the payment goes on Friday 9 Oct.
    assert execution_date(date(2026, 10, 2), 30, 10, today=date(2026, 10, 5)) == date(2026, 10, 9)
    # Term of 30 days from 3 Dec 2026: 2 Jan 2027 (Saturday, also a closing day) → Thursday 31 Dec 2026 (SIC clears).
    assert execution_date(date(2026, 12, 3), 31, today=date(2026, 12, 5)) == date(2026, 12, 31)


def test_when_the_day_before_is_past_the_next_banking_day_is_the_earliest():
    # Today is Saturday 10 Oct 2026 and the discount date Sunday 11 Oct: Friday is gone, Monday 12 Oct is the first.
    assert execution_date(date(2026, 10, 2), 30, 10, today=date(2026, 10, 10)) == date(2026, 10, 12)
