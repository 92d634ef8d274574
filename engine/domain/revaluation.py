"""Year-end revaluation (réévaluation des devises, CO 960 / 960b): what the books hold in a foreign currency is
valued at the closing rate on the last day, the difference to the exchange gain or loss, and reversed on the first
day of the next year, so the payments of the new year clear the items at the rates they were posted at.

What is revalued: a foreign-currency bank account (its balance in the currency, from the bank's statement, against
the CHF the ledger holds on its account) and each open foreign-currency invoice or received invoice (what is still
owed in the currency against the CHF its partner account holds for it, at the document's rate). An asset worth more
CHF is a gain, a debt worth more CHF a loss.

>>> from datetime import date
>>> items = [Position(account="1021", currency="EUR", foreign=Decimal("5000.00"), carried=Decimal("4700.00"),
...                   side="asset", label="Banque EUR")]
>>> close, back = entries(revalued(items, lambda c: Decimal("0.9300")), date(2026, 12, 31), gain="6999", loss="6949")
>>> [(e.debit, e.credit, str(e.amount), str(e.date)) for e in close + back]
[('6949', '1021', '50.00', '2026-12-31'), ('1021', '6949', '50.00', '2027-01-01')]
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

from engine.domain.posting.entry import Entry
from engine.domain.rates import words
from engine.money import format_amount, quantize

ZERO = Decimal("0.00")
LABEL = 250  # the characters the Journal keeps of a label
SWISS = "'"  # the thousands separator of the labels: 10'000.00 (what the check reads back)


@dataclass(frozen=True, slots=True, kw_only=True)
class Position:
    """Something the books hold in a foreign currency: ``foreign`` units, carried in the ledger at ``carried`` CHF
    (both positive for what we own or owe, on its ``side``: asset or liability)."""

    account: str
    currency: str
    foreign: Decimal
    carried: Decimal
    side: str  # asset | liability
    label: str
    group: str = ""
    reference: str = ""


@dataclass(frozen=True, slots=True)
class Revalued:
    position: Position
    rate: Decimal
    target: Decimal  # the CHF value at the closing rate
    difference: Decimal  # target − carried: > 0 the position is worth more CHF


#: the closing rate is the closing day's, or one of the business days just before it (a 31.12 on a Sunday, the
#: holidays of the year end): at most this many Monday–Friday days back. An older rate is not the closing rate.
CLOSING_BUSINESS_DAYS = 5


def earliest_closing_rate_day(on: date) -> date:
    """The first day whose rate may still value a closing at ``on``: ``CLOSING_BUSINESS_DAYS`` business days back.

    >>> earliest_closing_rate_day(date(2026, 6, 30)), earliest_closing_rate_day(date(2026, 12, 31))
    (datetime.date(2026, 6, 23), datetime.date(2026, 12, 24))
    """
    day, left = on, CLOSING_BUSINESS_DAYS
    while left:
        day -= timedelta(days=1)
        if day.weekday() < 5:
            left -= 1
    return day


def held(journal, on: date, batch: str) -> dict:
    """What the ledger holds at ``on`` (the revaluation ``batch``'s own entries left out), positive on the debit side:
    by (account, "") for the account and by (account, group) for each document, in one pass over the Journal."""
    out: dict = {}
    for e in journal:
        if e.date is None or e.date > on or e.batch == batch:
            continue
        for account, amount in ((e.debit, e.amount), (e.credit, -e.amount)):
            for key in ((account, ""), (account, e.group)) if e.group else ((account, ""),):
                out[key] = out.get(key, ZERO) + amount
    return out


def revalued(positions, rate_of: Callable[[str], Decimal]) -> list[Revalued]:
    """Each position at the closing rate ``rate_of`` its currency gives, with the difference to what it carries."""
    out = []
    for p in positions:
        rate = rate_of(p.currency)
        target = quantize(p.foreign * rate)
        out.append(Revalued(p, rate, target, target - p.carried))
    return out


def entries(rows: list[Revalued], on: date, *, gain: str, loss: str, voucher: str = "",
            language: str = "FR") -> tuple[list[Entry], list[Entry]]:
    """The closing entries of the :func:`revalued` ``rows`` dated ``on`` and their reversal dated the next day (debit
    and credit swapped)."""
    voucher = voucher or f"REV-{on:%Y}"
    said = words(language)
    close = []
    for r in rows:
        if not r.difference:
            continue
        p = r.position
        worth_more = r.difference > 0
        gained = worth_more == (p.side == "asset")
        result = gain if gained else loss
        # an asset worth more: debit it; a debt worth more: credit it
        debit, credit = (p.account, result) if worth_more == (p.side == "asset") else (result, p.account)
        # an account named after its currency ("UBS EUR") does not say it twice
        name = p.label.strip()
        name = name[:-len(p.currency)].rstrip() if name.split()[-1:] == [p.currency] else name
        # the amounts with the Swiss thousands separator (a comma of the item's name stays a comma)
        amounts = (f"{p.currency} {format_amount(p.foreign, SWISS)} × {r.rate} = {format_amount(r.target, SWISS)} "
                   f"({said['booked']} {format_amount(p.carried, SWISS)})")
        # a long name gives way, so the label and its reversal's keep the amounts the check reads back at its end
        room = max(LABEL - len(f"{said['reversal']} {said['revaluation']}  {amounts}"), 0)
        text = " ".join(part for part in (said["revaluation"], name[:room].rstrip(), amounts) if part)
        close.append(Entry(date=on, voucher=voucher, debit=debit, credit=credit, amount=abs(r.difference),
                           label=text[:LABEL], group=p.group, reference=p.reference,
                           source=f"revaluation:{p.account}"))
    nxt = on + timedelta(days=1)
    back = [replace(e, date=nxt, voucher=f"{voucher}-X", debit=e.credit, credit=e.debit,
                    label=f"{said['reversal']} {e.label}"[:LABEL]) for e in close]
    return close, back
