"""Cell values in and out: what a person or Excel put in a cell → the typed value a column declares.

Readers hand raw values the way calamine and xlwings do (floats for numbers, '' or None for empty cells, dates
or datetimes for date-formatted cells); converters raise :class:`CellError` with a message and a hint.

>>> read_cell("money", 12.5)
Decimal('12.50')
>>> read_cell("date", "31.01.2026")
datetime.date(2026, 1, 31)
>>> read_cell("text", 1003.0)
'1003'
"""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from engine.money import AmountError, quantize, to_decimal

EXCEL_EPOCH = dt.date(1899, 12, 30)
_DATE_DMY = re.compile(r"^\s*(\d{1,2})[./-](\d{1,2})[./-](\d{2,4})\s*$")
_DATE_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+)?\s*$")
_TRUE = {"true", "1", "x", "yes", "y", "oui", "o", "ja", "j", "si", "sì", "vrai", "wahr", "vero"}
_FALSE = {"false", "0", "no", "n", "non", "nein", "falsch", "faux", "falso"}  # Excel's words: FAUX, FALSCH, FALSO
RATE_UNIT = Decimal("0.0001")


class CellError(ValueError):
    """A cell that cannot be read. ``template`` and ``values`` say it again for the message catalogue (the loader
    names the problem in the book's language, issue 18); ``message`` is the English text."""

    def __init__(self, message: str, hint: str = "", template: str = "", **values):
        super().__init__(message)
        self.message, self.hint = message, hint
        self.template, self.values = template or message, values


def _cell_error(template: str, hint: str = "", **values) -> CellError:
    return CellError(template.format(**values), hint, template, **values)


def is_empty(value: object) -> bool:
    return value is None or value == "" or (isinstance(value, str) and not value.strip())


def _text(value):
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a postcode or number typed as a number
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return str(value)


def _int(value):
    if isinstance(value, bool):
        raise _cell_error("{value} is a yes/no value, not a whole number", value=value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise _cell_error("{value} is not a whole number", "remove the decimals", value=repr(value))
    try:
        number = to_decimal(value)
    except AmountError:
        raise _cell_error('"{value}" is not a whole number', "type digits only", value=value) from None
    if number != number.to_integral_value():
        raise _cell_error('"{value}" is not a whole number', "remove the decimals", value=value)
    return int(number)


def _decimal(value):
    if isinstance(value, (dt.date, dt.datetime)):
        raise _cell_error("a date ({date}) where a number is expected", "type the number, not a date",
                          date=f"{value:%d.%m.%Y}")
    try:
        return to_decimal(value)
    except AmountError as error:
        # the English text as money.py says it; the catalogue's words by what went wrong
        said = str(error)
        template = ('"{value}" is too large for an amount' if "too large" in said
                    else "{value} is a yes/no value, not a number" if "yes/no" in said
                    else '"{value}" is not a number where a number is expected')
        raise CellError(f"{said} where a number is expected", "type digits, e.g. 1234.50", template,
                        value=value) from None


def _money(value):
    return quantize(_decimal(value))


def _rate(value):
    return quantize(_decimal(value), RATE_UNIT)


def _date(value):
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 2958466:  # Excel serials 1900-01-01 .. 9999-12-31
            return EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise _cell_error("{value} is not a date", "type a date as 31.01.2026", value=repr(value))
    text = str(value)
    match = _DATE_ISO.match(text)
    try:
        if match:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        match = _DATE_DMY.match(text)
        if match:
            year = int(match[3])
            year += 2000 if year < 100 else 0
            return dt.date(year, int(match[2]), int(match[1]))
    except ValueError:
        raise _cell_error('"{value}" is not a calendar date', "check day and month", value=text) from None
    raise _cell_error('"{value}" is not a date', "type a date as 31.01.2026", value=text)


def _bool(value):
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise _cell_error('"{value}" is not yes/no', "type TRUE or FALSE (or x for yes)", value=value)


READERS = {"text": _text, "code": _text, "int": _int, "money": _money, "decimal": _decimal, "rate": _rate,
           "date": _date, "bool": _bool}


def read_cell(kind: str, value: object):
    """The typed value of a non-empty raw cell value; raises CellError."""
    return READERS[kind](value)


def excel_serial(value: dt.date) -> float | int:
    """A date (or datetime) as Excel's serial number."""
    if isinstance(value, dt.datetime):
        delta = value - dt.datetime(1899, 12, 30)
        return delta.days + delta.seconds / 86400
    return (value - EXCEL_EPOCH).days


FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(text: str) -> str:
    """Text for a door that would evaluate it (Excel through xlwings, CSV/TSV opened in Excel): a leading
    ``= + - @`` gets Excel's quote prefix so ``=HYPERLINK(...)`` from a bank file stays text (OWASP CSV injection).

    >>> neutralise_formula("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    >>> neutralise_formula("Muster AG")
    'Muster AG'
    """
    if text and text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text
