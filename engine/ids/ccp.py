"""PostFinance postal account (CCP / Postkonto, ``NN-NNNNNN-N``) and its IBAN.

Nine digits printed ``AA-BBBBBB-C``: a 2-digit prefix, the account (leading zeros dropped when printed) and a
recursive modulo 10 check digit over the first eight (the ISR participant-number rule, IG ISR; DOMAIN.md §2).
The IBAN of a postal account is PostFinance's IID ``09000``, three zeros and the nine digits, with ISO 13616
check digits (as PostFinance's own IBAN converter, and the Swiss suite we reproduce, compute it).

>>> to_iban("10-8060-7")
'CH0909000000100080607'
>>> format("010001628")
'01-162-8'
>>> explain("10-8060-8")
'has a wrong check digit (8, expected 7) — compare it with the payment slip'
>>> from_iban("CH32 0900 0000 0100 0162 8")
'01-162-8'
"""
from __future__ import annotations

import re

from engine.ids import iban
from engine.ids._text import as_text, refuse
from engine.ids.checksum import mod10_recursive_check

POSTFINANCE_IID = "09000"
_PRINTED = re.compile(r"(\d{1,2})-(\d{1,6})-(\d)")
_SLIP = "compare it with the payment slip"


def compact(value: object) -> str:
    """The nine digits of a postal account typed as ``10-8060-7``, ``10 8060 7`` or ``100080607``."""
    text = as_text(value).strip().replace(" ", "-").replace("\u00a0", "-").replace(".", "-")
    text = re.sub("-+", "-", text)
    found = _PRINTED.fullmatch(text)
    if found:
        return found[1].zfill(2) + found[2].zfill(6) + found[3]
    return text.replace("-", "")


def explain(value: object) -> str:
    """Why ``value`` is not a postal account number, or ''."""
    number = compact(value)
    if not number:
        return "is empty — type the postal account as NN-NNNNNN-N"
    if not (number.isascii() and number.isdigit()):
        return "is not a postal account (NN-NNNNNN-N, digits only) — type it as printed, e.g. 10-8060-7"
    if len(number) != 9:
        return f"has {len(number)} digits; a postal account has 9 (NN-NNNNNN-N) — {_SLIP}"
    expected = mod10_recursive_check(number[:8])
    if number[8] != expected:
        return f"has a wrong check digit ({number[8]}, expected {expected}) — {_SLIP}"
    return ""


def is_valid(value: object) -> bool:
    return explain(value) == ""


def validate(value: object) -> str:
    """The nine digits, or :class:`InvalidFormat` saying why not."""
    reason = explain(value)
    if reason:
        refuse("postal account", value, reason)
    return compact(value)


def format(value: object) -> str:  # noqa: A001 - the stdnum verb
    """The printed form ``AA-B-C`` with the account's leading zeros dropped."""
    number = validate(value)
    return f"{number[:2]}-{int(number[2:8])}-{number[8]}"


def to_iban(value: object) -> str:
    """The CH IBAN of a postal account (IID 09000)."""
    return iban.create("CH", POSTFINANCE_IID + "000" + validate(value))


def from_iban(value: object) -> str | None:
    """The printed postal account inside a PostFinance IBAN, or None when the IBAN is not one."""
    number = iban.validate(value)
    if number[:2] != "CH" or number[4:9] != POSTFINANCE_IID or number[9:12] != "000":
        return None
    account = number[12:]
    return format(account) if is_valid(account) else None
