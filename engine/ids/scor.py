"""Creditor reference (ISO 11649, "SCOR" in the QR-bill): ``RF`` + 2 check digits + 1–21 letters or digits.

Check digits are ISO 7064 MOD 97-10 over the reference with ``RF`` and the check digits moved to the end; valid
check digits are 02..98 (00, 01 and 99 pass the remainder test only by accident and are refused, as SwissQRBill
does). Spaces and lower case are accepted on input; the printed form is in groups of four.

>>> create("539007547034")
'RF18539007547034'
>>> format("rf18539007547034")
'RF18 5390 0754 7034'
>>> explain("RF19 5390 0754 7034")
'has wrong check digits — compare it with the payment slip'
"""
from __future__ import annotations

import re

from collections.abc import Iterable

from engine.errors import InvalidFormat
from engine.ids._text import as_text, groups_of_four, refuse
from engine.ids.checksum import mod97_check_digits, mod97_remainder

MIN_LENGTH, MAX_LENGTH = 5, 25
_SLIP = "compare it with the payment slip"
_DELETE_SPACES = str.maketrans("", "", " \t\u00a0\u202f")


def compact(value: object) -> str:
    """Upper case, no spaces (dashes and dots are not separators here: ISO 11649 has no such characters)."""
    return as_text(value).translate(_DELETE_SPACES).upper()


def explain(value: object) -> str:
    """Why ``value`` is not a creditor reference, or ''."""
    number = compact(value)
    if not number:
        return "is empty — type the RF creditor reference"
    if not number.startswith("RF"):
        return "does not start with RF; a creditor reference (ISO 11649) does — check the reference type"
    bad = next((c for c in number if not ("A" <= c <= "Z" or "0" <= c <= "9")), None)
    if bad is not None:
        return f"contains {bad!r}; a creditor reference has only letters and digits — {_SLIP}"
    if not MIN_LENGTH <= len(number) <= MAX_LENGTH:
        return f"has {len(number)} characters; a creditor reference has {MIN_LENGTH} to {MAX_LENGTH} — {_SLIP}"
    if not number[2:4].isdigit():
        return f"has check digits {number[2:4]!r}; they must be two digits — {_SLIP}"
    if number[2:4] in ("00", "01", "99") or mod97_remainder(number) != 1:
        return f"has wrong check digits — {_SLIP}"
    return ""


def is_valid(value: object) -> bool:
    return explain(value) == ""


_SHAPE = re.compile(r"RF[0-9]{2}[A-Z0-9]{1,21}")


def is_valid_compact(number: str) -> bool:
    """:func:`is_valid` for a reference already compact (upper case, no spaces), without the cleaning."""
    return (_SHAPE.fullmatch(number) is not None and number[2:4] not in ("00", "01", "99")
            and mod97_remainder(number) == 1)


def validate(value: object) -> str:
    """The compact reference, or :class:`InvalidFormat` saying why not."""
    reason = explain(value)
    if reason:
        refuse("creditor reference", value, reason)
    return compact(value)


def format(value: object) -> str:  # noqa: A001 - the stdnum verb
    number = validate(value)
    return groups_of_four(number)


def create(body: object) -> str:
    """The creditor reference of ``body`` (1–21 letters or digits, e.g. an invoice number)."""
    text = compact(body)
    if not text or len(text) > MAX_LENGTH - 4 or not all("A" <= c <= "Z" or "0" <= c <= "9" for c in text):
        raise InvalidFormat(f"cannot make a creditor reference of {as_text(body)!r}",
                            f"use 1 to {MAX_LENGTH - 4} letters or digits")
    return "RF" + mod97_check_digits("RF", text) + text


def explain_many(values: Iterable[object]) -> list[str]:
    return [explain(value) for value in values]


def is_valid_many(values: Iterable[object]) -> list[bool]:
    return [explain(value) == "" for value in values]
