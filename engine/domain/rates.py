"""Exchange rates by day (the Rates sheet): CHF per 1 unit of a currency, the latest rate on or before a date.

A EUR invoice is valued at the rate of its date, a payment at the rate of the day the money came, a movement of a
EUR bank account at the rate of its booking date, the year-end revaluation at the rate of the closing day. A rate
typed on a document (its ExchangeRate) wins over the table; Settings EURRate is the fallback of books made before
the Rates sheet (one rate for every day).

>>> from datetime import date
>>> table = RateTable.of([(date(2026, 3, 2), "EUR", Decimal("0.94")), (date(2026, 3, 5), "eur", Decimal("0.93"))])
>>> table.on("EUR", date(2026, 3, 4)), table.on("EUR", date(2026, 3, 5)), table.on("EUR", date(2026, 3, 1))
(Decimal('0.94'), Decimal('0.93'), None)
>>> table.on("CHF", date(2026, 3, 1)), table.on("USD", date(2026, 3, 9))
(Decimal('1'), None)
>>> old = RateTable.of([(date(2026, 3, 2), "EUR", Decimal("0.94"))], {"EUR": Decimal("0.95")})
>>> days = old.days_only()  # the sheet alone: before its first day no rate, EURRate left out
>>> old.on("EUR", date(2026, 3, 1)), days.on("EUR", date(2026, 3, 1)), days.on("EUR", date(2026, 3, 2))
(Decimal('0.95'), None, Decimal('0.94'))
"""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from engine.errors import BusinessRuleError
from engine.i18n import tr
from engine.money import to_money

ONE = Decimal(1)


@dataclass(frozen=True, slots=True)
class RateTable:
    """Per currency, the days (sorted) and their rates; ``fallback`` per currency when no day is on or before."""

    days: dict = field(default_factory=dict)  # currency → (tuple of dates, tuple of rates)
    fallback: dict = field(default_factory=dict)  # currency → Decimal (Settings EURRate)

    @classmethod
    def of(cls, rows: Iterable[tuple[date, str, Decimal]], fallback: dict | None = None) -> RateTable:
        by_currency: dict[str, dict[date, Decimal]] = {}
        for day, currency, rate in rows:
            if day is None or not currency or rate is None or rate <= 0:
                continue  # an incomplete row is named by check (required columns); it never values anything
            by_currency.setdefault(currency.upper(), {})[day] = Decimal(rate)
        days = {c: (tuple(sorted(r)), tuple(r[d] for d in sorted(r))) for c, r in by_currency.items()}
        return cls(days, {c.upper(): r for c, r in (fallback or {}).items() if r is not None and r > 0})

    def on(self, currency: str, day: date) -> Decimal | None:
        """CHF per 1 ``currency`` on ``day``: the latest rate on or before it, else the fallback, else ``None``."""
        currency = (currency or "CHF").upper()
        if currency == "CHF":
            return ONE
        known = self.days.get(currency)
        if known is not None and day is not None:
            index = bisect_right(known[0], day)
            if index:
                return known[1][index - 1]
        return self.fallback.get(currency)

    def dated(self, currency: str, day: date) -> date | None:
        """The day of the rate :meth:`on` uses (``None`` when it is the fallback or there is none)."""
        known = self.days.get((currency or "").upper())
        if known is None or day is None:
            return None
        index = bisect_right(known[0], day)
        return known[0][index - 1] if index else None

    def days_only(self) -> RateTable:
        """The same days without the fallback: only a rate of the sheet values a payment at its own day."""
        return RateTable(self.days)

    def __bool__(self) -> bool:
        return bool(self.days or self.fallback)


#: the words of exchange entries' labels, in the book's language (Settings DefaultLanguage)
WORDS = {
    "FR": {"difference": "différence de change", "revaluation": "Réévaluation", "booked": "comptabilisé",
           "reversal": "Extourne"},
    "DE": {"difference": "Kursdifferenz", "revaluation": "Fremdwährungsbewertung", "booked": "gebucht",
           "reversal": "Storno"},
    "IT": {"difference": "differenza di cambio", "revaluation": "Rivalutazione", "booked": "contabilizzato",
           "reversal": "Storno"},
    "EN": {"difference": "exchange difference", "revaluation": "Revaluation", "booked": "booked",
           "reversal": "Reversal"},
}


def words(language: str | None) -> dict:
    """The label words of ``language`` (French when none or unknown).

    >>> words("de")["difference"], words(None)["reversal"]
    ('Kursdifferenz', 'Extourne')
    """
    return WORDS.get((language or "FR").upper(), WORDS["FR"])


def paid_in_chf(value, currency: str, number: str) -> Decimal | None:
    """The CHF the bank booked for a payment of a foreign-currency document (Payments AmountCHF), checked: only a
    foreign document's payment has one, and it is above 0.

    >>> paid_in_chf("925.15", "EUR", "F-1"), paid_in_chf(None, "CHF", "F-2")
    (Decimal('925.15'), None)
    """
    if value is None:
        return None
    if (currency or "CHF").upper() == "CHF":
        raise BusinessRuleError(tr("{number} is in CHF: its payment has no other CHF amount", number=number),
                                tr("leave the CHF amount out (it is for payments of EUR, USD or GBP documents)"))
    amount = to_money(value)
    if amount <= 0:
        raise BusinessRuleError(tr("a CHF amount of {amount} for a payment of {number}", amount=amount, number=number),
                                tr("type the CHF the bank credited or debited, above 0"))
    return amount


#: a day's rate further than this from the currency's previous rate is most likely a typo (93.5 for 0.935, a rate
#: of 100 units, CHF per EUR inverted): the franc has never moved 30 % between two fixings, even on 15.01.2015
PLAUSIBLE_JUMP = Decimal("0.30")


def jumps(rows: Iterable[tuple[date, str, Decimal]]) -> list[tuple[date, str, Decimal, date, Decimal]]:
    """Each (day, currency, rate, previous day, previous rate) whose rate differs from the currency's previous one
    by more than :data:`PLAUSIBLE_JUMP` (in either direction). A rate named is not the next one's previous: the day
    after a typo is compared with the rate before it, and is not named for coming back.

    >>> [(str(d), c, str(r), str(r0)) for d, c, r, _, r0 in jumps([(date(2026, 7, 2), "EUR", Decimal("0.935")),
    ...     (date(2026, 7, 3), "EUR", Decimal("93.5")), (date(2026, 7, 6), "EUR", Decimal("0.94"))])]
    [('2026-07-03', 'EUR', '93.5', '0.935')]
    """
    out, previous = [], {}
    for day, currency, rate in sorted((r for r in rows if r[0] and r[1] and r[2] and r[2] > 0),
                                      key=lambda r: (r[1].upper(), r[0])):
        before = previous.get(currency.upper())
        if before is not None and abs(rate / before[1] - 1) > PLAUSIBLE_JUMP:
            out.append((day, currency.upper(), rate, before[0], before[1]))
        else:
            previous[currency.upper()] = (day, rate)
    return out
