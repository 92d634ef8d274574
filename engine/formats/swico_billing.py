"""Swico S1 billing information (the ``StrdBkgInf`` element of a QR-bill): ``build(info)`` and ``parse(text)``.

Standard: Swico "Syntax definition of the billing information for the QR-bill" S1, as printed in SIX IG QR-bill
v2.3 Annex D: ``//S1`` then ``/tag/value`` pairs, tags ascending, each once, empty tags left out; ``/`` and ``\\``
inside values escaped with ``\\``; dates ``YYMMDD``; lists separated by ``;``, pairs by ``:``.

>>> text = "//S1/10/10201409/11/190512/20/1400.000-53/30/106017086/31/180508/32/7.7/40/2:10;0:30"
>>> info = parse(text)
>>> info.invoice_number, info.invoice_date, info.vat, info.conditions
('10201409', datetime.date(2019, 5, 12), ((Decimal('7.7'), None),), ((Decimal('2'), 10), (Decimal('0'), 30)))
>>> build(info) == text
True
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from engine.errors import InvalidFormat

PREFIX = "//S1"
TAGS = ("10", "11", "20", "30", "31", "32", "33", "40")
_TOKEN = re.compile(r"/((?:[^/\\]|\\.)*)")


class BillingInfoError(InvalidFormat):
    """Billing information that does not follow Swico S1."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SwicoS1:
    """The S1 tags; amounts and rates are Decimal, ``vat`` is ``((rate, net or None), ...)``."""

    invoice_number: str = ""                                   # 10
    invoice_date: date | None = None                           # 11, reference date for the terms
    customer_reference: str = ""                               # 20
    uid: str = ""                                              # 30, digits only: CHE-106.017.086 → 106017086
    service_start: date | None = None                          # 31 (a single date when service_end is None)
    service_end: date | None = None
    vat: tuple[tuple[Decimal, Decimal | None], ...] = ()        # 32: one rate, or rate:net per rate
    import_vat: tuple[tuple[Decimal, Decimal], ...] = ()        # 33: rate:VAT amount
    conditions: tuple[tuple[Decimal, int], ...] = ()            # 40: discount %:days; (0, 30) = net 30 days


def build(info: SwicoS1) -> str:
    """The ``//S1/...`` text of ``info``; empty tags are left out."""
    values = {
        "10": _escape(info.invoice_number),
        "11": _date(info.invoice_date),
        "20": _escape(info.customer_reference),
        "30": re.sub(r"\D", "", info.uid),
        "31": _date(info.service_start) + _date(info.service_end),
        "32": ";".join(_dec(r) if n is None else f"{_dec(r)}:{_dec(n)}" for r, n in info.vat),
        "33": ";".join(f"{_dec(r)}:{_dec(a)}" for r, a in info.import_vat),
        "40": ";".join(f"{_dec(p)}:{d}" for p, d in info.conditions),
    }
    return PREFIX + "".join(f"/{tag}/{value}" for tag, value in values.items() if value)


def parse(text: str) -> SwicoS1:
    """The S1 tags of ``text``; raises BillingInfoError naming the tag and the reason."""
    if not text.startswith(PREFIX + "/") and text != PREFIX:
        raise BillingInfoError(f'billing information "{text[:20]}" does not start with //S1',
                               "only Swico S1 billing information is decoded; the text is kept as written")
    tokens = _TOKEN.findall(text[len(PREFIX):])
    if len(tokens) % 2:
        raise BillingInfoError(f"tag /{tokens[-1]} has no value", "every S1 tag is followed by a value")
    fields: dict[str, object] = {}
    previous = ""
    for tag, raw in zip(tokens[::2], tokens[1::2]):
        if tag not in TAGS:
            raise BillingInfoError(f"S1 tag /{tag}/ is unknown (known: {', '.join(TAGS)})", "older Swico syntax?")
        if tag <= previous:
            raise BillingInfoError(f"S1 tag /{tag}/ comes after /{previous}/", "tags are ascending, each once")
        previous = tag
        try:
            fields.update(_read(tag, raw))
        except (ValueError, InvalidOperation, IndexError):
            raise BillingInfoError(f'S1 tag /{tag}/ has an unreadable value "{raw}"', _HINTS[tag]) from None
    return SwicoS1(**fields)


_HINTS = {"10": "", "11": "a date is YYMMDD", "20": "", "30": "the UID digits only", "31": "YYMMDD or YYMMDDYYMMDD",
          "32": "8.1 or 8.1:1000;2.6:50", "33": "rate:VAT amount", "40": "discount %:days, e.g. 2:10;0:30"}


def _read(tag: str, raw: str) -> dict[str, object]:
    value = re.sub(r"\\(.)", r"\1", raw)
    pairs = lambda: [item.split(":") for item in value.split(";")]  # noqa: E731
    if tag == "10":
        return {"invoice_number": value}
    if tag == "11":
        return {"invoice_date": _parse_date(value)}
    if tag == "20":
        return {"customer_reference": value}
    if tag == "30":
        if not value.isdigit():
            raise ValueError(value)
        return {"uid": value}
    if tag == "31":
        if len(value) not in (6, 12):
            raise ValueError(value)
        return {"service_start": _parse_date(value[:6]), "service_end": _parse_date(value[6:]) if value[6:] else None}
    if tag == "32":
        return {"vat": tuple((Decimal(p[0]), Decimal(p[1]) if len(p) > 1 else None) for p in pairs())}
    if tag == "33":
        return {"import_vat": tuple((Decimal(p[0]), Decimal(p[1])) for p in pairs())}
    return {"conditions": tuple((Decimal(p[0]), int(p[1])) for p in pairs())}


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("/", "\\/")


def _date(value: date | None) -> str:
    return value.strftime("%y%m%d") if value else ""


def _parse_date(text: str) -> date:
    if not re.fullmatch(r"\d{6}", text):
        raise ValueError(text)
    return date(2000 + int(text[:2]), int(text[2:4]), int(text[4:6]))


def _dec(value: Decimal) -> str:
    """``7.70`` → ``7.7``, ``0.5`` keeps its leading zero, ``1000`` stays ``1000`` (no exponent)."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
