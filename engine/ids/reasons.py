"""The ids' reasons in the reader's language (issue 18). engine.ids says why a value is wrong in English, word for
word what tests/ids' oracle files hold ("has wrong check digits — compare it with the payment slip"): the English
text is the message id, and it is translated where it is shown (``comptoir id``, a cell's problem in a German or
French book). A reason is a message and a hint split at " — "; each part is one of the templates below, its values
(a digit, a character, a length) found again in it by a pattern made from the template, and said in the catalogue's
words (engine/locale/LANG/readers.po). A reason no template matches stays as it is.

>>> said("has wrong check digits — compare it with the payment slip", "de")
'hat falsche Prüfziffern — vergleichen Sie sie mit dem Einzahlungsschein'
>>> said("account has 20 characters; CH IBANs have 21 — a character is missing", "fr")
'le compte a 20 caractères ; les IBAN CH en ont 21 — il manque un caractère'
"""
from __future__ import annotations

import re
from functools import cache

from engine.i18n import language as speaking
from engine.i18n import tr

SEPARATOR = " — "
# Every message part engine.ids says (its f-strings' values as {names}); "{reason}" is another reason, said in turn.
MESSAGES = (
    "is empty",
    "has wrong check digits",
    "has a wrong check digit",
    "has a wrong check digit ({digit}, expected {expected})",
    "has check digits {digits}, which no IBAN has (ISO 13616: 02 to 98)",
    "has check digits {digits}; they must be two digits",
    "contains {char}; an IBAN has only letters and digits",
    "contains {char}; a QR reference has digits only",
    "contains {char}; a creditor reference has only letters and digits",
    "is too short ({count} characters)",
    "must start with a two-letter country code, not {code}",
    "starts with {code}, a country that issues no IBAN",
    "has {count} characters; {country} IBANs have {length}",
    "has {char} at position {position}, where {country} IBANs ({layout}) have a digit",
    "has {char} at position {position}, where {country} IBANs ({layout}) have a letter",
    "does not follow the {country} format {layout}",
    "{country} IBANs are not (yet) in the SWIFT IBAN registry",
    "the {country} national check digits do not match",
    "is not a postal account (NN-NNNNNN-N, digits only)",
    "has {count} digits; a postal account has 9 (NN-NNNNNN-N)",
    "was stored by Excel as a number and lost digits",
    "has {count} digits; a QR reference has 27",
    "is all zeros, which the QR-bill standard forbids",
    "does not start with RF; a creditor reference (ISO 11649) does",
    "has {count} characters; a creditor reference has {least} to {most}",
    "ends with {suffix}; a VAT number ends with MWST, TVA, IVA or TPV",
    "must start with CHE",
    "is not 9 digits after CHE (CHE-123.456.789)",
    "is not a UID (CHE-123.456.789, digits only)",
    "is not a Swiss postcode (4 digits)",
    "is not in the list of Swiss postcodes",
    "is not a Swiss or Liechtenstein IBAN; a QR-bill pays only into CH/LI accounts",
    "the reference is neither a QR reference nor an RF creditor reference",
    "a QR-IBAN requires a QR reference (QRR)",
    "a QR reference is only allowed with a QR-IBAN",
    "a reference is given with type NON",
    "is an IBAN but not Swiss or Liechtenstein; QR-IBANs are CH/LI",
    "is an ordinary IBAN (IID {iid} is outside {least}–{most}), not a QR-IBAN",
    "account {reason}",
    "QR reference {reason}",
    "creditor reference {reason}",
)
HINTS = (
    "compare it with the payment slip",
    "type the IBAN",
    "type the postal account as NN-NNNNNN-N",
    "type the 27-digit QR reference",
    "type the RF creditor reference",
    "type the UID as CHE-123.456.789",
    "type the 4-digit postcode",
    "retype it from the slip",
    "type the whole IBAN",
    "check the country code",
    "a character is missing",
    "there are extra characters",
    "confirm the number with the payee",
    "confirm the account with the payee",
    "type it as printed, e.g. 10-8060-7",
    "format the column as text and retype it",
    "pad it with leading zeros: {padded}",
    "use the reference of the invoice",
    "check the reference type",
    "copy the number from the UID register (uid.admin.ch)",
    "check the address",
    "check the address (Liechtenstein codes are not listed)",
    "use a CH or LI IBAN",
    "check the reference",
    "use the 27-digit reference, or an ordinary IBAN",
    "use the QR-IBAN, or an RF creditor reference",
    "remove it, or set the type SCOR or QRR",
    "use the QR-IBAN from your bank",
    "use the QR-IBAN from your bank, or a creditor reference",
)


def said(reason: str | None, language: str | None = None) -> str | None:
    """``reason`` (engine.ids' English) in ``language`` (default: the running command's, else the system's)."""
    if not reason or speaking(language) == "en":  # English: the reason as engine.ids says it, no lookups
        return reason
    message, separator, hint = reason.partition(SEPARATOR)
    return _part(message, MESSAGES, language) + (separator + _part(hint, HINTS, language) if separator else "")


def _part(text: str, templates: tuple, language: str | None) -> str:
    for template, pattern in _patterns(templates):
        found = pattern.fullmatch(text)
        if found:
            values = found.groupdict()
            if "reason" in values:
                values["reason"] = _part(values["reason"], MESSAGES, language)
            return tr(template, language, **values)
    return text


@cache
def _patterns(templates: tuple) -> tuple:
    """Each template and the pattern finding its values again; the longest templates first, so that "has a wrong
    check digit ({digit}, expected {expected})" is tried before a shorter one could take its words."""
    return tuple((template, re.compile(re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>.+?)", re.escape(template))))
                 for template in sorted(templates, key=len, reverse=True))
