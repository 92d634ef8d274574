"""One verdict per typed identifier: canonical form, validity, reason and what else is known (bank, QR-IBAN...).

This is what the ``comptoir id`` command prints and what range formulas show; kinds are named as on the command
line: ``iban``, ``qr-iban``, ``ccp``, ``qrr``, ``scor``, ``uid``. ``canonical`` is the electronic form (no spaces),
``formatted`` the printed one; both are None for an invalid value, and ``reason`` is None for a valid one.

>>> check("qrr", ["210000000003139471430009017"])[0].as_dict()["formatted"]
'21 00000 00003 13947 14300 09017'
>>> check("iban", ["CH09 0900 0000 1000 8060 7"])[0].as_dict()["bic"]
'POFICHBEXXX'
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from engine.errors import ComptoirError
from engine.ids import ccp, iban, qrr, scor, uid
from engine.ids.bank import bank_for_iban

KINDS = ("iban", "qr-iban", "ccp", "qrr", "scor", "uid")
_IBAN_FIELDS = ("formatted", "country", "qr_iban", "bic", "bank", "warning")
# The kind-specific keys, present (None) on invalid values too, so a JSON reader sees one shape per kind.
FIELDS = {"iban": _IBAN_FIELDS, "qr-iban": _IBAN_FIELDS, "ccp": ("formatted", "iban", "iban_formatted"),
          "qrr": ("formatted",), "scor": ("formatted",), "uid": ("formatted", "vat")}


@dataclass(frozen=True, slots=True, kw_only=True)
class Verdict:
    input: object
    valid: bool
    canonical: str | None
    reason: str | None
    details: tuple[tuple[str, object], ...] = ()

    def as_dict(self) -> dict:
        return {"input": self.input, "valid": self.valid, "canonical": self.canonical, "reason": self.reason,
                **dict(self.details)}


def _iban_details(number: str) -> tuple[tuple[str, object], ...]:
    bank = bank_for_iban(number)
    return (("formatted", iban.format(number)), ("country", number[:2]), ("qr_iban", iban.is_qr_iban(number)),
            ("bic", bank.bic if bank else None), ("bank", bank.name if bank else None),
            ("warning", iban.warning(number) or None))


def _not_qr_iban(number: str) -> str:
    if number[:2] not in ("CH", "LI"):
        return "is an IBAN but not Swiss or Liechtenstein; QR-IBANs are CH/LI — use the QR-IBAN from your bank"
    return (f"is an ordinary IBAN (IID {number[4:9]} is outside {iban.QR_IID_MIN}–{iban.QR_IID_MAX}), "
            "not a QR-IBAN — use the QR-IBAN from your bank, or a creditor reference")


def _one(kind: str, value: object, reason: str) -> Verdict:
    if reason:
        return Verdict(input=value, valid=False, canonical=None, reason=reason,
                       details=tuple((key, None) for key in FIELDS[kind]))
    if kind in ("iban", "qr-iban"):
        number = iban.compact(value)
        if kind == "qr-iban" and not iban.is_qr_iban(number):
            return _one(kind, value, _not_qr_iban(number))
        return Verdict(input=value, valid=True, canonical=number, reason=None, details=_iban_details(number))
    if kind == "ccp":
        number = ccp.validate(value)
        account_iban = ccp.to_iban(number)
        return Verdict(input=value, valid=True, canonical=number, reason=None,
                       details=(("formatted", ccp.format(number)), ("iban", account_iban),
                                ("iban_formatted", iban.format(account_iban))))
    module = {"qrr": qrr, "scor": scor, "uid": uid}[kind]
    details: tuple[tuple[str, object], ...] = (("formatted", module.format(value)),)
    if kind == "uid":
        details += (("vat", uid.is_vat(value)),)
    return Verdict(input=value, valid=True, canonical=module.validate(value), reason=None, details=details)


def check(kind: str, values: Iterable[object]) -> list[Verdict]:
    """A verdict per value, in order (the bulk explain of the kind does the validation)."""
    values = list(values)
    explain_many = {"iban": iban.explain_many, "qr-iban": iban.explain_many, "ccp": _each(ccp.explain),
                    "qrr": qrr.explain_many, "scor": scor.explain_many, "uid": _each(uid.explain)}.get(kind)
    if explain_many is None:
        raise ComptoirError(f"unknown identifier kind {kind!r}", f"use one of {', '.join(KINDS)}")
    return [_one(kind, value, reason) for value, reason in zip(values, explain_many(values))]


def _each(explain):
    return lambda values: [explain(value) for value in values]


def check_one(kind: str, value: object) -> Verdict:
    return check(kind, [value])[0]
