"""Payment reminders (rappels): which level is due, its fee, and the default interest (DOMAIN.md §8).

Practice in Switzerland is three levels; no law fixes them. Level 1 is due ``days[0]`` days after the due date,
level n+1 ``days[n]`` days after the previous reminder; after level 3 the invoice is listed for debt collection
(poursuite) and no further reminder is made. Fees come from Settings (only due when agreed in the terms). Default
interest (CO art. 104 al. 1: 5 % p.a.) runs on the unpaid invoice amount from the due date (CO 102 al. 2: an agreed
expiry date puts the debtor in default without a reminder), never on fees or interest (CO 105 al. 3). The day
count is a setting: actual/365 or 30E/360. A payment goes first to the interest and fees due, then to the capital
(CO 85 al. 1, :func:`charges_first`): only what reaches the capital stops interest running on it.

>>> policy = ReminderPolicy(days=(10, 20, 30), fees=(Decimal("0"), Decimal("20"), Decimal("30")))
>>> due_level(due_date=date(2026, 3, 31), level=0, last_reminder=None, today=date(2026, 4, 10), policy=policy)
1
>>> due_level(due_date=date(2026, 3, 31), level=1, last_reminder=date(2026, 4, 10), today=date(2026, 4, 29),
...           policy=policy)
0
>>> interest(Decimal("1000.00"), date(2026, 1, 31), date(2026, 4, 1), Decimal("5"))
Decimal('8.22')
>>> interest(Decimal("1000.00"), date(2026, 1, 31), date(2026, 4, 1), Decimal("5"), day_count="30/360")
Decimal('8.47')

A payment during the period stops the interest on what it paid from its date on (audit 14e: 910.60 due 04.02,
300.00 paid 20.02, reminded 01.03: 910.60 × 5 % × 16/365 + 610.60 × 5 % × 9/365 = 1.9958 + 0.7528 = 2.7486):

>>> interest_on(Decimal("910.60"), [(date(2026, 2, 20), Decimal("300.00"))], date(2026, 2, 4), date(2026, 3, 1),
...             Decimal("5"))
Decimal('2.75')
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from engine.money import ZERO, quantize

MAX_LEVEL = 3
DAY_COUNTS = ("actual/365", "30/360")


@dataclass(frozen=True, slots=True, kw_only=True)
class ReminderPolicy:
    days: tuple[int, int, int] = (10, 20, 30)
    fees: tuple[Decimal, Decimal, Decimal] = (ZERO, ZERO, ZERO)
    interest: bool = False
    rate: Decimal = Decimal(5)  # percent per year (CO 104)
    day_count: str = "actual/365"


def next_date(*, due_date: date, level: int, last_reminder: date | None, policy: ReminderPolicy) -> date | None:
    """When the next level falls due, or None after the last level."""
    if level >= MAX_LEVEL:
        return None
    start = due_date if level == 0 or last_reminder is None else last_reminder
    return start + timedelta(days=policy.days[level])


def due_level(*, due_date: date, level: int, last_reminder: date | None, today: date,
              policy: ReminderPolicy) -> int:
    """The level to issue on ``today`` (1–3), or 0 when no reminder is due."""
    when = next_date(due_date=due_date, level=level or 0, last_reminder=last_reminder, policy=policy)
    return (level or 0) + 1 if when is not None and today >= when else 0


def fee(level: int, policy: ReminderPolicy) -> Decimal:
    return quantize(policy.fees[level - 1])


def days(start: date, end: date, day_count: str = "actual/365") -> int:
    """Days of interest from ``start`` to ``end`` (0 when end is not later)."""
    if end <= start:
        return 0
    if day_count == "30/360":  # 30E/360: day 31 counts as 30
        d1, d2 = min(start.day, 30), min(end.day, 30)
        return 360 * (end.year - start.year) + 30 * (end.month - start.month) + d2 - d1
    return (end - start).days


def interest_on(total: Decimal, settlements, start: date, end: date, rate: Decimal, *,
                day_count: str = "actual/365") -> Decimal:
    """Simple interest at ``rate`` % p.a. from ``start`` to ``end`` on what of ``total`` is unpaid day by day:
    ``settlements`` (date, amount) — payments, discounts, losses, credit notes used — reduce the principal from their
    date on (one dated on or before ``start`` from the start; None: from the start). Each span is counted with
    ``day_count``, the sum rounded once to 0.01."""
    if end <= start:
        return ZERO
    dated = sorted(((d or start, a) for d, a in settlements if a), key=lambda s: s[0])
    principal = total - sum((a for d, a in dated if d <= start), ZERO)
    accrued, since = Decimal(0), start
    for on, amount in dated:
        if start < on < end:
            accrued += max(principal, ZERO) * days(since, on, day_count)
            principal, since = principal - amount, on
    accrued += max(principal, ZERO) * days(since, end, day_count)
    year = Decimal(360 if day_count == "30/360" else 365)
    return quantize(accrued * rate / Decimal(100) / year)


def interest(principal: Decimal, start: date, end: date, rate: Decimal, *, day_count: str = "actual/365") -> Decimal:
    """Simple interest at ``rate`` % p.a. on ``principal`` from ``start`` to ``end``, to 0.01."""
    if principal <= 0:
        return ZERO
    year = Decimal(360 if day_count == "30/360" else 365)
    return quantize(principal * rate / Decimal(100) * days(start, end, day_count) / year)


def charges_first(settling, fees) -> dict:
    """Payment id → what of that payment pays fees and interest rather than the invoice (CO art. 85 al. 1: a partial
    payment goes first to the interest and costs due, then to the capital): the charges dated on or before it and
    not paid by an earlier payment. Discounts, losses and credit notes reduce the capital only."""
    charges = sorted(fees, key=lambda f: (f[0].date, f[0].kind != "fee", f[0].payment_id))
    out, paid = {}, ZERO
    for pay, _ in settling:
        if pay.kind != "payment":
            continue
        due = sum((c.amount for c, _ in charges if c.date <= pay.date), ZERO) - paid
        part = min(pay.amount, max(due, ZERO))
        if part:
            out[pay.payment_id] = part
            paid += part
    return out


def charges_value(charges, value: dict, paid: Decimal) -> Decimal:
    """The value (``value``: row id → e.g. its CHF) of the first ``paid`` of ``charges`` (rows, in the order they
    fell due: :func:`charges_first`): each charge paid in full at its value, the one paid in part pro rata, so the
    parts add up to the whole."""
    out = ZERO
    for charge in sorted(charges, key=lambda c: (c.date, c.kind != "fee", c.payment_id)):
        part = min(charge.amount, max(paid, ZERO))
        paid -= part
        out += value[charge.payment_id] if part == charge.amount else quantize(
            value[charge.payment_id] * part / charge.amount)
    return out
