"""IBAN (ISO 13616-1:2020, formats from the SWIFT IBAN registry), with Swiss QR-IBAN detection.

Validation follows the standard and the registry only: country code, length and BBAN layout of the country,
check digits as digits in 02..98, ISO 7064 MOD 97-10. Where libraries disagree this module sides with the
standard: python-stdnum accepts check digits 00/01/99 (which MOD 97-10 never produces) and rejects some registry
examples through national checks (e.g. ``BE68 8440 1037 0034``); national checks are therefore only a
:func:`warning`, never a rejection. People type spaces, dashes, dots and lower case: all are accepted.

A QR-IBAN (IG QR-bill v2.3 §3.1) is a CH/LI IBAN whose institution id (IID, characters 5–9) is 30000–31999.

>>> format("ch9300762011623852957")
'CH93 0076 2011 6238 5295 7'
>>> explain("CH93 0076 2011 6238 5295 8")
'has wrong check digits — compare it with the payment slip'
>>> is_qr_iban("CH44 3199 9123 0008 8901 2")
True
>>> explain_many(["CH9300762011623852957", "CH00 0076 2011 6238 5295 7", None])
['', 'has check digits 00, which no IBAN has (ISO 13616: 02 to 98) — compare it with the payment slip', 'is empty — type the IBAN']
"""
from __future__ import annotations

from collections.abc import Iterable

from engine.errors import InvalidFormat
from engine.ids._text import groups_of_four, refuse
from engine.ids._text import compact as _compact
from engine.ids._text import compact_many
from engine.ids.bulk import ibans_valid
from engine.ids.checksum import mod97_check_digits, mod97_remainder
from engine.ids.iban_registry import countries, country

QR_IID_MIN, QR_IID_MAX = 30000, 31999  # IG QR-bill v2.3 §3.1: QR-IIDs are reserved in this range
_FORBIDDEN_CHECK = frozenset({"00", "01", "99"})  # MOD 97-10 yields 02..98; 00/01/99 only pass by accident
_SLIP = "compare it with the payment slip"


def compact(value: object) -> str:
    """The IBAN as stored: upper case, no spaces, dashes or dots."""
    return _compact(value)


def explain(value: object) -> str:
    """Why ``value`` is not a valid IBAN, or '' when it is one."""
    number = _compact(value)
    spec = countries().get(number[:2])
    if spec is not None and len(number) == spec.length and spec.regex.fullmatch(number):
        if number[2:4] in _FORBIDDEN_CHECK:
            return f"has check digits {number[2:4]}, which no IBAN has (ISO 13616: 02 to 98) — {_SLIP}"
        if mod97_remainder(number) != 1:
            return f"has wrong check digits — {_SLIP}"
        return ""
    return _shape_problem(number)


def _shape_problem(number: str) -> str:
    if not number:
        return "is empty — type the IBAN"
    bad = next((c for c in number if not ("A" <= c <= "Z" or "0" <= c <= "9")), None)
    if bad is not None:
        return f"contains {bad!r}; an IBAN has only letters and digits — retype it from the slip"
    if len(number) < 5:
        return f"is too short ({len(number)} characters) — type the whole IBAN"
    code = number[:2]
    if not code.isalpha():
        return f"must start with a two-letter country code, not {code!r} — {_SLIP}"
    spec = country(code)
    if spec is None:
        return f"starts with {code!r}, a country that issues no IBAN — check the country code"
    if not number[2:4].isdigit():
        return f"has check digits {number[2:4]!r}; they must be two digits — {_SLIP}"
    if len(number) != spec.length:
        fix = "a character is missing" if len(number) < spec.length else "there are extra characters"
        return f"has {len(number)} characters; {code} IBANs have {spec.length} — {fix}"
    for position, char in enumerate(number):
        expected = spec.expected_at(position)
        if (expected == "digit" and not char.isdigit()) or (expected == "letter" and not char.isalpha()):
            return (f"has {char!r} at position {position + 1}, where {code} IBANs ({code}2!n{spec.bban_spec}) "
                    f"have a {expected} — {_SLIP}")
    return f"does not follow the {code} format {code}2!n{spec.bban_spec} — {_SLIP}"


def is_valid(value: object) -> bool:
    return explain(value) == ""


def is_valid_compact(number: str) -> bool:
    """The same verdict as :func:`is_valid` for a value already compact (upper case, no separators), as the
    writers of payment files hold them, without the cleaning: one lookup, one regex, one MOD 97-10."""
    spec = countries().get(number[:2])
    return (spec is not None and len(number) == spec.length and spec.regex.fullmatch(number) is not None
            and number[2:4] not in _FORBIDDEN_CHECK and mod97_remainder(number) == 1)


def validate(value: object) -> str:
    """The compact IBAN, or :class:`InvalidFormat` saying why not."""
    reason = explain(value)
    if reason:
        refuse("IBAN", value, reason)
    return compact(value)


def format(value: object) -> str:  # noqa: A001 - the stdnum verb
    """The printed form: groups of four (IG QR-bill §3.4; ISO 13616 paper format)."""
    number = validate(value)
    return groups_of_four(number)


def iid(value: object) -> str:
    """The institution id (IID, 5 digits) of a valid CH/LI IBAN."""
    number = validate(value)
    if number[:2] not in ("CH", "LI"):
        raise InvalidFormat(f"IBAN {number!r} is not Swiss or Liechtenstein: it has no IID", "use a CH or LI IBAN")
    return number[4:9]


def is_qr_iban(value: object) -> bool:
    """True for a valid CH/LI IBAN whose IID is a QR-IID (30000–31999)."""
    number = _compact(value)
    return (number[:2] in ("CH", "LI") and explain(number) == ""
            and QR_IID_MIN <= int(number[4:9]) <= QR_IID_MAX)


def create(country_code: str, bban: str) -> str:
    """The IBAN of a BBAN: country code, computed check digits, BBAN (validated against the registry)."""
    code, body = _compact(country_code), _compact(bban)
    return validate(code + mod97_check_digits(code, body) + body)


def warning(value: object) -> str:
    """A doubt about a valid IBAN that is not a reason to reject it ('' when none)."""
    number = _compact(value)
    spec = country(number[:2])
    if spec is not None and spec.aspirational:
        return f"{number[:2]} IBANs are not (yet) in the SWIFT IBAN registry — confirm the number with the payee"
    from stdnum import iban as stdnum_iban
    from stdnum.exceptions import ValidationError
    try:
        stdnum_iban.validate(number, check_country=True)
    except ValidationError:
        # python-stdnum checks national check digits (BE, ES, FR, ...) that ISO 13616 does not define.
        return f"the {number[:2]} national check digits do not match — confirm the account with the payee"
    return ""


def explain_many(values: Iterable[object]) -> list[str]:
    """:func:`explain` over a whole range: valid ones are found in bulk, only the others get a reason."""
    numbers = compact_many(list(values))
    return ["" if ok else explain(number) for number, ok in zip(numbers, ibans_valid(numbers).tolist())]


def is_valid_many(values: Iterable[object]) -> list[bool]:
    """:func:`is_valid` over a whole range (numpy, column by column: see :mod:`engine.ids.bulk`)."""
    return ibans_valid(compact_many(list(values))).tolist()
