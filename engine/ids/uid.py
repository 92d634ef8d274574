"""Swiss enterprise identification number (UID, ``CHE-123.456.789``) and VAT number (UID + MWST/TVA/IVA/TPV).

Validation is python-stdnum's (``stdnum.ch.uid``: weights 5,4,3,2,7,6,5,4, check = 11 − Σ mod 11, a result of 10
is never issued; ``stdnum.ch.vat`` for the language suffix); this module only turns its verdict into a reason
and accepts both forms in one call, as people type either in an address block.

>>> format("che107787577 tva")
'CHE-107.787.577 TVA'
>>> format("CHE-107.787.577")
'CHE-107.787.577'
>>> explain("CHE-107.787.578")
'has a wrong check digit — copy the number from the UID register (uid.admin.ch)'
"""
from __future__ import annotations

from stdnum.ch import uid as stdnum_uid
from stdnum.ch import vat as stdnum_vat
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidLength, ValidationError

from engine.ids._text import as_text, refuse

SUFFIXES = ("MWST", "TVA", "IVA", "TPV")  # German, French, Italian, Romansh
_REGISTER = "copy the number from the UID register (uid.admin.ch)"


def compact(value: object) -> str:
    """``CHE`` + 9 digits, followed by the VAT suffix when there is one."""
    return stdnum_uid.compact(as_text(value))


def _is_vat(number: str) -> bool:
    return len(number) > 12 and number[:3] == "CHE"


def explain(value: object) -> str:
    """Why ``value`` is not a UID or VAT number, or ''."""
    text = as_text(value)
    if not text.strip():
        return "is empty — type the UID as CHE-123.456.789"
    number = compact(text)
    try:
        (stdnum_vat if _is_vat(number) else stdnum_uid).validate(text)
    except InvalidChecksum:
        return f"has a wrong check digit — {_REGISTER}"
    except InvalidComponent:
        if _is_vat(number):
            return f"ends with {number[12:]!r}; a VAT number ends with MWST, TVA, IVA or TPV — {_REGISTER}"
        return f"must start with CHE — {_REGISTER}"
    except InvalidLength:
        return f"is not 9 digits after CHE (CHE-123.456.789) — {_REGISTER}"
    except ValidationError:
        return f"is not a UID (CHE-123.456.789, digits only) — {_REGISTER}"
    return ""


def is_valid(value: object) -> bool:
    return explain(value) == ""


def is_vat(value: object) -> bool:
    """True for a valid VAT number (UID with a MWST/TVA/IVA/TPV suffix)."""
    return is_valid(value) and _is_vat(compact(value))


def validate(value: object) -> str:
    """The compact UID or VAT number, or :class:`InvalidFormat` saying why not."""
    reason = explain(value)
    if reason:
        refuse("UID", value, reason)
    return compact(value)


def format(value: object) -> str:  # noqa: A001 - the stdnum verb
    """``CHE-123.456.789``, with `` MWST`` (or TVA, IVA, TPV) for a VAT number."""
    number = validate(value)
    return stdnum_vat.format(number) if _is_vat(number) else stdnum_uid.format(number)
