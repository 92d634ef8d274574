"""Column-wise conversion for the loader: one tight comprehension per column for the common cell shapes
(calamine and xlwings hand floats, str and dates), falling back to the careful per-cell readers of
:mod:`engine.store.cells` only where a cell needs it. Same results as ``cells.read_cell``, just faster."""
from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from engine import frozen
from engine.store.cells import READERS, RATE_UNIT

_CENT = Decimal("0.01")
_LIMIT = 1e15  # past money.MAX_DIGITS (and NaN, inf): the careful reader names the cell instead of quantize raising
_date = dt.date
_datetime = dt.datetime


def _fast_text(v):
    if v.__class__ is str:
        v = v.strip()
        return v or None
    if v is None:
        return None
    return READERS["text"](v)


def _fast_money(v):
    if v.__class__ is float and -_LIMIT < v < _LIMIT:
        return Decimal(repr(v)).quantize(_CENT, ROUND_HALF_UP)
    if v is None or v == "":
        return None
    return READERS["money"](v) if not (v.__class__ is str and not v.strip()) else None


def _fast_rate(v):
    if v.__class__ is float and -_LIMIT < v < _LIMIT:
        return Decimal(repr(v)).quantize(RATE_UNIT, ROUND_HALF_UP)
    if v is None or v == "":
        return None
    return READERS["rate"](v) if not (v.__class__ is str and not v.strip()) else None


def _fast_decimal(v):
    if v.__class__ is float and -_LIMIT < v < _LIMIT:
        return Decimal(repr(v))
    if v is None or v == "":
        return None
    return READERS["decimal"](v) if not (v.__class__ is str and not v.strip()) else None


def _fast_int(v):
    if v.__class__ is float and v.is_integer():
        return int(v)
    if v is None or v == "":
        return None
    return READERS["int"](v) if not (v.__class__ is str and not v.strip()) else None


def _fast_date(v):
    if v.__class__ is _date:
        return v
    if v is None or v == "":
        return None
    return READERS["date"](v) if not (v.__class__ is str and not v.strip()) else None


def _fast_bool(v):
    if v is True or v is False:
        return v
    if v is None or v == "":
        return None
    return READERS["bool"](v) if not (v.__class__ is str and not v.strip()) else None


FAST = {"text": _fast_text, "code": _fast_text, "money": _fast_money, "rate": _fast_rate, "decimal": _fast_decimal,
        "int": _fast_int, "date": _fast_date, "bool": _fast_bool}


def builder(cls: type):
    """A function ``values -> record`` (values in field order, then the row), built fast (:mod:`engine.frozen`)."""
    return frozen.builder(cls, (*cls.__sheet__.fields, "row"))
