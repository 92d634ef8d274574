"""QR reference (QRR, IG QR-bill v2.3 §2.12.1 and Annex B): 26 digits and a recursive modulo 10 check digit.

**Shorter references.** The standard says a QR reference has exactly 27 digits, and banks reject a QR-bill with
fewer; SwissQRBill (Java) agrees, while python-stdnum and qrbill strip or pad leading zeros. Here :func:`validate`
is strict: a shorter number is invalid, and the reason says when padding it with leading zeros would make it valid
(leading zeros do not change the check digit, so this is a typing accident, usually Excel dropping them).
``validate(value, pad=True)`` pads first, for reading old data on purpose. :func:`compact` never strips zeros.

**Layout of the references we create** (:func:`create_for`): ``prefix`` (the fixed digits a bank may ask for,
IG QR-bill §4.3.2; empty by default) + customer number zero-padded to :data:`CUSTOMER_DIGITS` + document number
zero-padded to fill the 26 payload digits + check digit. :func:`split` reads them back for reconciliation.

>>> create_for(customer=4711, document=20240012)
'000000471100000000202400120'
>>> format("210000000003139471430009017")
'21 00000 00003 13947 14300 09017'
>>> explain("21 00000 00003 13947 14300 09016")
'has a wrong check digit (6, expected 7) — compare it with the payment slip'
>>> explain("1878583")
'has 7 digits; a QR reference has 27 — pad it with leading zeros: 000000000000000000001878583'
"""
from __future__ import annotations

from collections.abc import Iterable

from engine.errors import InvalidFormat
from engine.ids._text import as_text, refuse, strip_many, strip_separators
from engine.ids.bulk import qrrs_valid
from engine.ids.checksum import mod10_carry, mod10_recursive_check

LENGTH = 27
EXCEL_DIGITS_LIMIT = 1e15  # Excel keeps 15 significant digits: a longer number typed in a cell is already wrong
CUSTOMER_DIGITS = 10
_SLIP = "compare it with the payment slip"


def compact(value: object) -> str:
    """The reference without spaces; leading zeros are kept (they are part of the 27 digits)."""
    return strip_separators(value)


def explain(value: object, *, pad: bool = False) -> str:
    """Why ``value`` is not a QR reference, or ''."""
    if isinstance(value, float) and abs(value) >= EXCEL_DIGITS_LIMIT:
        return "was stored by Excel as a number and lost digits — format the column as text and retype it"
    number = compact(value)
    if not number:
        return "is empty — type the 27-digit QR reference"
    if not (number.isascii() and number.isdigit()):
        bad = next(c for c in number if not ("0" <= c <= "9"))
        return f"contains {bad!r}; a QR reference has digits only — {_SLIP}"
    if len(number) > LENGTH:
        return f"has {len(number)} digits; a QR reference has 27 — {_SLIP}"
    if len(number) < LENGTH:
        if pad:
            number = number.zfill(LENGTH)
        else:
            padded = number.zfill(LENGTH)
            fix = (f"pad it with leading zeros: {padded}" if mod10_carry(padded) == 0 and padded.strip("0")
                   else _SLIP)
            return f"has {len(number)} digits; a QR reference has 27 — {fix}"
    if not number.strip("0"):
        return "is all zeros, which the QR-bill standard forbids — use the reference of the invoice"
    expected = mod10_recursive_check(number[:26])
    if number[26] != expected:
        return f"has a wrong check digit ({number[26]}, expected {expected}) — {_SLIP}"
    return ""


def is_valid(value: object, *, pad: bool = False) -> bool:
    return explain(value, pad=pad) == ""


def is_valid_compact(number: str) -> bool:
    """:func:`is_valid` for 27 digits already compact, without the cleaning (payment files hold thousands)."""
    return (len(number) == LENGTH and number.isascii() and number.isdigit() and number.strip("0") != ""
            and mod10_recursive_check(number[:26]) == number[26])


def validate(value: object, *, pad: bool = False) -> str:
    """The 27 digits, or :class:`InvalidFormat` saying why not."""
    reason = explain(value, pad=pad)
    if reason:
        refuse("QR reference", value, reason)
    return compact(value).zfill(LENGTH)


def format(value: object, *, pad: bool = False) -> str:  # noqa: A001 - the stdnum verb
    """The printed form: 2 digits then five groups of five (IG QR-bill §3.5.4)."""
    number = validate(value, pad=pad)
    return number[:2] + "".join(" " + number[i:i + 5] for i in range(2, LENGTH, 5))


def create(number: object) -> str:
    """The QR reference of up to 26 payload digits: zero-padded on the left, check digit appended."""
    digits = compact(number)
    if not digits or not (digits.isascii() and digits.isdigit()):
        raise InvalidFormat(f"cannot make a QR reference of {as_text(number)!r}", "it may hold digits only")
    if len(digits) > LENGTH - 1:
        raise InvalidFormat(f"cannot make a QR reference of {as_text(number)!r}: {len(digits)} digits",
                            "a QR reference holds 26 digits and the check digit")
    if not digits.strip("0"):
        raise InvalidFormat("cannot make a QR reference of zeros", "the QR-bill standard forbids it")
    payload = digits.zfill(LENGTH - 1)
    return payload + mod10_recursive_check(payload)


def create_for(*, customer: object, document: object, prefix: object = "") -> str:
    """The QR reference of a customer's document: prefix + customer (10 digits) + document + check digit."""
    head, cust, doc = compact(prefix), compact(customer), compact(document)
    for label, part in (("prefix", head), ("customer number", cust), ("document number", doc)):
        if part and not (part.isascii() and part.isdigit()):
            raise InvalidFormat(f"the {label} {part!r} cannot go into a QR reference", "it may hold digits only")
    room = LENGTH - 1 - len(head) - CUSTOMER_DIGITS
    if len(cust) > CUSTOMER_DIGITS or len(doc) > room:
        raise InvalidFormat(f"customer {cust!r} and document {doc!r} do not fit in a QR reference",
                            f"customer numbers have at most {CUSTOMER_DIGITS} digits, document numbers {room}")
    return create(head + cust.zfill(CUSTOMER_DIGITS) + doc.zfill(room))


def split(value: object, *, prefix_digits: int = 0) -> tuple[int, int]:
    """The (customer, document) numbers inside a reference made by :func:`create_for`."""
    number = validate(value)
    start = prefix_digits + CUSTOMER_DIGITS
    return int(number[prefix_digits:start]), int(number[start:LENGTH - 1])


def explain_many(values: Iterable[object]) -> list[str]:
    """:func:`explain` over a range: valid ones are found in bulk, only the others get a reason."""
    values = list(values)
    return ["" if ok else explain(value) for value, ok in zip(values, is_valid_many(values))]


def is_valid_many(values: Iterable[object]) -> list[bool]:
    """:func:`is_valid` over a range: text cells in bulk (numpy, :mod:`engine.ids.bulk`), other values one by one
    (a number from Excel is never a valid reference, but the reason is :func:`explain`'s to give)."""
    values = list(values)
    valid = qrrs_valid(strip_many(values)).tolist()
    for i in [i for i, value in enumerate(values) if type(value) is not str]:
        valid[i] = explain(values[i]) == ""
    return valid
