"""What people type, made comparable: cell values to text, separators dropped (private helpers of engine.ids).

>>> as_text(1234565.0), as_text(None), as_text(" ch93 ")
('1234565', '', ' ch93 ')
>>> compact(" ch93-0076.2011\\u00a06238 ")
'CH93007620116238'
"""
from __future__ import annotations

from decimal import Decimal

# Spaces (incl. the no-break spaces Excel and PDFs paste), dashes and dots people put between groups.
SEPARATORS = " \t\r\n-.\u00a0\u202f\u2009\u2011\u2013"
_DELETE = str.maketrans("", "", SEPARATORS)


def as_text(value: object) -> str:
    """A cell value as text: Excel hands numbers as floats (1234565.0 means the digits 1234565)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return str(value)
    return str(value)


def compact(value: object) -> str:
    """Text without separators, upper case."""
    return as_text(value).translate(_DELETE).upper()


def strip_separators(value: object) -> str:
    return as_text(value).translate(_DELETE)


def compact_many(values: list) -> list[str]:
    """:func:`compact` of each value; text cells (nearly all of a range) skip the type dispatch, and those without
    separators (letters and digits only: ``isalnum``, a C scan) the translation too."""
    delete = _DELETE
    return [(v.upper() if v.isalnum() else v.translate(delete).upper()) if type(v) is str else compact(v)
            for v in values]


def strip_many(values: list) -> list[str]:
    """:func:`strip_separators` of each text value; '' for other values (the caller judges those apart)."""
    delete = _DELETE
    return [(v if v.isalnum() else v.translate(delete)) if type(v) is str else "" for v in values]


def refuse(what: str, value: object, reason: str) -> None:
    """Raise the ``explain`` reason of a rejected value as :class:`InvalidFormat` (message, then the hint after —)."""
    from engine.errors import InvalidFormat
    from engine.ids.reasons import said

    message, _, hint = said(reason).partition(" — ")  # in the running command's language
    raise InvalidFormat(f"{what} {as_text(value)!r} {message}", hint)


def groups_of_four(number: str) -> str:
    """``CH9300762011623852957`` → ``CH93 0076 2011 6238 5295 7`` (ISO 13616 paper format; ISO 11649 alike)."""
    return " ".join(number[i:i + 4] for i in range(0, len(number), 4))
