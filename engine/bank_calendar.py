"""Banking days for payment execution dates: SIC (CHF) clearing days and TARGET (EUR) closing days.

Sources (DOMAIN.md §7): SIC clears Monday–Friday except the Swiss bank holidays; the official list is SIX's
clearing-day calendar (api.six-group.com/api/epcd/clearingday, service PCR_P), which no package ships. We take the
SIX Swiss Exchange calendar of the ``holidays`` package (``XSWX``: 1/2 Jan, Good Friday, Easter Monday, 1 May,
Ascension, Whit Monday, 1 Aug, 24/25/26/31 Dec) and remove the exchange-only days on which SIC clears (24 Dec,
31 Dec: shortened days, not closing days). 1 May stays closed: BX Swiss's market calendar 2023 marks 1 May "not a
value day (same as SNB and SIX)", with 2 Jan, Good Friday, Easter Monday, Ascension, Whit Monday, 1 Aug, 25/26 Dec
[C: bxswiss.com/market-calendar; the SIX API itself cannot be reached from here — a user can open or close a day]. EUR follows the TARGET closing days (``holidays`` ``XECB``: 1 Jan,
Good Friday, Easter Monday, 1 May, 25/26 Dec). Other currencies are executed on Swiss banking days. A user can
close or open single days (``BankCalendar(closed=..., opened=...)``) when the bank announces something else.

>>> is_banking_day(date(2025, 5, 1)), is_banking_day(date(2025, 12, 24)), is_banking_day(date(2025, 5, 1), "EUR")
(False, True, False)
>>> next_banking_day(date(2025, 4, 18))  # Good Friday → Tuesday after Easter Monday
datetime.date(2025, 4, 22)
>>> execution_date(date(2025, 3, 20), 30, today=date(2025, 3, 25))  # 20 Mar + 29 days = Good Friday → Thursday
datetime.date(2025, 4, 17)
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import holidays

from engine.errors import BusinessRuleError

SIC, TARGET = "SIC", "TARGET"
SIC_CLEARS_ON = ((12, 24), (12, 31))  # SIX exchange closes, SIC clears (DOMAIN §7)
_MARKET = {SIC: "XSWX", TARGET: "XECB"}
_LONGEST_CLOSURE = 14  # no real calendar closes two weeks in a row: stop a runaway override loop


@lru_cache(maxsize=None)
def _market(name: str) -> holidays.HolidayBase:
    return holidays.financial_holidays(_MARKET[name])  # expands year by year on lookup


def system_for(currency: str) -> str:
    """The clearing system whose days apply: TARGET for EUR, SIC for CHF and everything else."""
    return TARGET if currency.strip().upper() == "EUR" else SIC


@dataclass(frozen=True, slots=True, kw_only=True)
class BankCalendar:
    """Closing days of one clearing system, with the user's own closed and opened days on top."""

    system: str = SIC
    closed: frozenset[date] = frozenset()
    opened: frozenset[date] = frozenset()

    def holiday(self, day: date) -> str:
        """The name of the closing day ``day`` is, or "" (weekends are not named)."""
        if day in self.opened:
            return ""
        if day in self.closed:
            return "closed (user setting)"
        if self.system == SIC and (day.month, day.day) in SIC_CLEARS_ON:
            return ""
        return _market(self.system).get(day) or ""

    def closing_days(self, year: int) -> dict[date, str]:
        """Every weekday of ``year`` on which the system does not clear, with its name."""
        days = {d: self.holiday(d) for d in _market(self.system).__class__(years=year)}  # type: ignore[call-arg]
        days.update({d: self.holiday(d) for d in self.closed if d.year == year})
        return dict(sorted((d, name) for d, name in days.items() if name and d.weekday() < 5))

    def is_banking_day(self, day: date) -> bool:
        return _is_banking_day(self.system, self.closed, self.opened, day)

    def previous_banking_day(self, day: date) -> date:
        """``day`` itself when the system clears on it, else the last day before it that it does."""
        for _ in range(_LONGEST_CLOSURE):
            if self.is_banking_day(day):
                return day
            day -= timedelta(days=1)
        raise BusinessRuleError(f"no banking day in the {_LONGEST_CLOSURE} days after {day}",
                                "check the closed days in the settings")

    def next_banking_day(self, day: date) -> date:
        """``day`` itself when the system clears on it, else the next day it does."""
        for _ in range(_LONGEST_CLOSURE):
            if self.is_banking_day(day):
                return day
            day += timedelta(days=1)
        raise BusinessRuleError(f"no banking day in the {_LONGEST_CLOSURE} days before {day}",
                                "check the closed days in the settings")


@lru_cache(maxsize=8192)  # proposals for thousands of invoices ask about the same few dozen dates
def _is_banking_day(system: str, closed: frozenset[date], opened: frozenset[date], day: date) -> bool:
    if day in opened:
        return True
    return day.weekday() < 5 and not BankCalendar(system=system, closed=closed, opened=opened).holiday(day)


def calendar_for(currency: str = "CHF") -> BankCalendar:
    """The default calendar for payments in ``currency``."""
    return BankCalendar(system=system_for(currency))


def is_banking_day(day: date, currency: str = "CHF", calendar: BankCalendar | None = None) -> bool:
    """True when a payment in ``currency`` can be executed on ``day``."""
    return (calendar or calendar_for(currency)).is_banking_day(day)


def next_banking_day(day: date, currency: str = "CHF", calendar: BankCalendar | None = None) -> date:
    """``day`` or the first later day on which a payment in ``currency`` is executed."""
    return (calendar or calendar_for(currency)).next_banking_day(day)


def execution_date(
    invoice_date: date,
    term_days: int,
    discount_days: int | None = None,
    *,
    today: date,
    currency: str = "CHF",
    calendar: BankCalendar | None = None,
) -> date:
    """When to execute a payment: invoice date + term − 1 day (or + discount days − 1 when the cash discount is
    taken), moved back to the banking day before when it is not one: paid later, the discount or the term is
    missed. One day early because the bank credits the creditor the next day at the latest; a date before ``today``
    is refused (the caller drops the discount when its date has passed). When the banking day before is already
    past, the next one is the earliest possible.
    """
    days = term_days if discount_days is None else discount_days
    label = "payment term" if discount_days is None else "discount period"
    if days < 0:
        raise BusinessRuleError(f"the {label} is {days} days", "enter a number of days of 0 or more")
    wanted = invoice_date + timedelta(days=max(days - 1, 0))
    if wanted < today:
        hint = ("the discount period is over: propose the payment without the discount" if discount_days is not None
                else f"the invoice is overdue: pay it now (execution date {today} or later)")
        raise BusinessRuleError(f"execution date {wanted} ({label} of {days} days from {invoice_date}) is in the "
                                f"past (today is {today})", hint)
    calendar = calendar or calendar_for(currency)
    earlier = calendar.previous_banking_day(wanted)
    return earlier if earlier >= today else calendar.next_banking_day(wanted)
