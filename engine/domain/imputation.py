"""Période d'imputation (Crésus Banking manual §6.2.1: "Période d'imputation : il est possible de saisir une
Période"): an entry booked on one day may belong to other months — an annual insurance paid in January belongs to
the twelve months of the year. Reports by period count such an entry in the months it is imputed to, not on its
day; every other entry counts in the month of its date.

A period is written ``2026-03`` (a month; ``03.2026`` too), ``2026-Q1`` (a quarter), ``2026`` (a year) or
``FROM..TO`` (``2026-01..2026-12``, ``2026-Q3..2027-Q2``: from the first month of FROM to the last month of TO). It is
kept in its shortest form: ``2026-01..2026-12`` is ``2026``, ``2026-04..2026-06`` is ``2026-Q2``. Excel turns
``2026-03`` typed in a cell into the date 1 March 2026 (read back as ``2026-03-01``) and ``03.2026`` into the number
3.2026: both still mean March 2026.

Spread over its n months, an amount counts amount / n in each, to the centime (half up), and the last month takes
what the others leave, so the shares add up to the amount exactly: 1000.00 over 12 months is 83.33 eleven times
(916.63) and 83.37 in December.

>>> p = parse("2026-01..2026-12")
>>> str(p), len(p.months), str(parse(" 2026-q2 ")), str(parse("03.2026")), str(parse("2026-07..2026-07"))
('2026', 12, '2026-Q2', '2026-03', '2026-07')
>>> str(parse("2026-03-01")), str(parse("3.2026")), str(parse("2026-03-01 00:00:00..2026-05-01"))
('2026-03', '2026-03', '2026-03..2026-05')
>>> shares = spread(Decimal("1000.00"), p)
>>> shares[(2026, 1)], shares[(2026, 12)], sum(shares.values())
(Decimal('83.33'), Decimal('83.37'), Decimal('1000.00'))
>>> share(Decimal("1000.00"), p, parse("2026-Q4"))  # 83.33 + 83.33 + 83.37
Decimal('250.03')
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from engine.errors import BusinessRuleError
from engine.i18n import tr
from engine.money import ZERO, quantize

HINT = ("write a month 2026-03, a quarter 2026-Q1, a year 2026, or a range of them 2026-01..2026-12 (from the "
        "first to the last month it belongs to)")  # said through tr(), in the book's language (issue 18)
_MONTH = re.compile(r"(\d{4})-(\d{1,2})(?:-01(?:00:00:00)?)?$")  # 2026-03, or the date Excel made of it
_SWISS_MONTH = re.compile(r"(\d{1,2})\.(\d{4})$")
_QUARTER = re.compile(r"(\d{4})-Q([1-4])$")
_YEAR = re.compile(r"(\d{4})$")
LONGEST = 10 * 12  # months: a period longer than ten years is a typing mistake, not an imputation


@dataclass(frozen=True, slots=True, order=True)
class Period:
    """From month ``first`` to month ``last`` (each (year, month)), both included."""

    first: tuple[int, int]
    last: tuple[int, int]

    @property
    def months(self) -> list[tuple[int, int]]:
        start = self.first[0] * 12 + self.first[1] - 1
        end = self.last[0] * 12 + self.last[1] - 1
        return [(n // 12, n % 12 + 1) for n in range(start, end + 1)]

    def __contains__(self, month: tuple[int, int]) -> bool:
        return self.first <= month <= self.last

    def __str__(self) -> str:
        (y1, m1), (y2, m2) = self.first, self.last
        if (y1, m1) == (y2, m2):
            return f"{y1}-{m1:02d}"
        if y1 == y2 and m1 % 3 == 1 and m2 == m1 + 2:
            return f"{y1}-Q{m1 // 3 + 1}"
        if y1 == y2 and (m1, m2) == (1, 12):
            return str(y1)
        return f"{y1}-{m1:02d}..{y2}-{m2:02d}"


def _bound(text: str, what: str) -> Period:
    """One end of a period: a month, a quarter or a year, as the months it covers."""
    if m := _MONTH.match(text):
        year, month = int(m[1]), int(m[2])
    elif m := _SWISS_MONTH.match(text):
        year, month = int(m[2]), int(m[1])
    elif m := _QUARTER.match(text):
        year, quarter = int(m[1]), int(m[2])
        return _checked(Period(first=(year, quarter * 3 - 2), last=(year, quarter * 3)), what)
    elif m := _YEAR.match(text):
        return _checked(Period(first=(int(m[1]), 1), last=(int(m[1]), 12)), what)
    else:
        raise BusinessRuleError(tr('"{what}" is not an imputation period', what=what), tr(HINT))
    if not 1 <= month <= 12:
        raise BusinessRuleError(tr('"{what}": there is no month {month}', what=what, month=month), tr(HINT))
    return _checked(Period(first=(year, month), last=(year, month)), what)


def _checked(period: Period, what: str) -> Period:
    if not 1900 <= period.first[0] <= 2999:
        raise BusinessRuleError(tr('"{what}": the year {year} is out of reach', what=what, year=period.first[0]),
                                tr(HINT))
    return period


def parse(text) -> Period:
    """The period written in ``text`` (module docstring); anything else is refused, saying how to write it."""
    what = str(text or "").strip()
    compact = "".join(what.split()).upper()
    if not compact:
        raise BusinessRuleError(tr("the imputation period is empty"), tr(HINT))
    if ".." in compact:
        start, _, end = compact.partition("..")
        period = Period(first=_bound(start, what).first, last=_bound(end, what).last)
        if period.last < period.first:
            raise BusinessRuleError(tr('"{what}" ends before it starts', what=what),
                                    tr("write the earlier month first: {hint}", hint=tr(HINT)))
    else:
        period = _bound(compact, what)
    if len(period.months) > LONGEST:
        raise BusinessRuleError(tr('"{what}" spans {months} months', what=what, months=len(period.months)),
                                tr("an imputation period spans at most {longest} months (ten years); {hint}",
                                   longest=LONGEST, hint=tr(HINT)))
    return period


def optional(text) -> Period | None:
    """``parse`` of a cell that may be empty (no imputation period: the entry counts on its date)."""
    return parse(text) if str(text or "").strip() else None


def of_day(day: date) -> Period:
    return Period(first=(day.year, day.month), last=(day.year, day.month))


def spread(amount: Decimal, period: Period) -> dict[tuple[int, int], Decimal]:
    """``amount`` over the months of ``period``: amount / n each, to the centime, the rest in the last month."""
    months = period.months
    each = quantize(amount / len(months))
    shares = {month: each for month in months[:-1]}
    shares[months[-1]] = amount - each * (len(months) - 1)
    return shares


def share(amount: Decimal, imputed: Period, wanted: Period) -> Decimal:
    """What of ``amount``, imputed over ``imputed``, falls in the months of ``wanted``."""
    if imputed.last < wanted.first or wanted.last < imputed.first:
        return ZERO
    return sum((part for month, part in spread(amount, imputed).items() if month in wanted), ZERO)
