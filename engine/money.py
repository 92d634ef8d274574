"""Money: the one place where anything becomes a ``Decimal`` amount (STYLE.md §1).

Excel hands numbers as floats; they are converted through ``repr`` so 0.1 stays 0.1, never through
``Decimal(float)``. Amounts are quantized to 0.01 half-up at every boundary; CHF totals payable are
rounded to 0.05 (the smallest coin) in exactly one function, :func:`round_chf`.

>>> to_money(1081.0)
Decimal('1081.00')
>>> to_money("1'234.5")
Decimal('1234.50')
>>> round_chf(Decimal("1059.38"))
Decimal('1059.40')
>>> round_chf(Decimal("1059.37"))
Decimal('1059.35')
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from engine.errors import ComptoirError

CENT = Decimal("0.01")
FIVE_CENTS = Decimal("0.05")
ZERO = Decimal("0.00")
MAX_DIGITS = 14  # 10^15: beyond any amount a book holds, and within Excel's 15 significant digits
_TYPED_SEPARATORS = str.maketrans("", "", "'’ \u00a0\u202f_")


class AmountError(ComptoirError):
    """A value that should be an amount is not one."""


def to_decimal(value: object) -> Decimal:
    """Any number people or Excel give (float, int, text with apostrophes) as an exact ``Decimal``."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise AmountError(f"{value!r} is a yes/no value, not a number")
    if isinstance(value, (int, float)):
        if value != value or value in (float("inf"), float("-inf")):
            raise AmountError(f"{value!r} is not a finite number")
        result = Decimal(value) if isinstance(value, int) else Decimal(repr(value))
        # as for text below: 1e300 in a cell is a slip, and quantizing it to the cent raises InvalidOperation
        if result.adjusted() > MAX_DIGITS:
            raise AmountError(f"{value!r} is too large for an amount")
        return result
    if isinstance(value, str):
        text = value.strip().translate(_TYPED_SEPARATORS)
        if text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")  # "12,50" typed with a French/German keyboard
        try:
            result = Decimal(text)
        except InvalidOperation:
            raise AmountError(f'"{value}" is not a number') from None
        if not result.is_finite():
            raise AmountError(f'"{value}" is not a finite number')
        if result.adjusted() > MAX_DIGITS:
            raise AmountError(f'"{value}" is too large for an amount')
        return result
    raise AmountError(f"{value!r} is not a number")


def quantize(amount: Decimal, unit: Decimal = CENT) -> Decimal:
    """Half-up to ``unit`` (0.01 by default): the rule at every boundary."""
    return amount.quantize(unit, rounding=ROUND_HALF_UP)


def to_money(value: object) -> Decimal:
    """An amount to the cent."""
    return quantize(to_decimal(value))


def round_chf(amount: Decimal) -> Decimal:
    """A CHF total payable to the nearest 0.05 (half-up), kept with two decimals."""
    return quantize(quantize(amount / FIVE_CENTS, Decimal(1)) * FIVE_CENTS)


SWISS_THOUSANDS = "'"  # 1'390'682.71: what a Swiss bookkeeper reads in each of the four languages
QR_THOUSANDS = " "  # the QR-bill's printed amount: IG QR-bill §3.5.3 wants a space


def format_amount(amount: Decimal, thousands: str = SWISS_THOUSANDS) -> str:
    """``1590.5`` → ``1'590.50``, the Swiss usage in French, German, Italian and English alike (not the locale's
    space or dot); the QR-bill passes :data:`QR_THOUSANDS` (``1 590.50``)."""
    text = f"{quantize(amount):,.2f}"
    return text.replace(",", thousands)


def currency_of(record) -> str:
    """A document's currency code (``CHF`` when empty)."""
    return (getattr(record, "currency", None) or "CHF").upper()


def exchange_rate(record) -> Decimal | None:
    """CHF per unit of a document's currency: 1 for CHF, its ExchangeRate when positive, else ``None`` (a foreign
    document without a usable rate cannot be valued in CHF; the callers say so in their own words)."""
    if currency_of(record) == "CHF":
        return Decimal(1)
    rate = getattr(record, "exchange_rate", None)
    return Decimal(rate) if rate is not None and rate > 0 else None
