"""``comptoir id KIND VALUE... [--json]``: check Swiss identifiers typed by hand (issue 3).

Prints, per value, the canonical form and validity, or the reason it is invalid; exit status 1 when any value is
invalid. ``--json`` prints one list, one object per input in input order:
``{"input", "valid", "canonical", "reason", ...kind-specific fields}`` (see :mod:`engine.ids.verdict`).
"""
from __future__ import annotations

import json
from dataclasses import replace

from engine.i18n import tr
from engine.ids.reasons import said
from engine.ids.verdict import KINDS, check


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "id", help="check IBANs, QR-IBANs, postal accounts, QR/creditor references, UIDs",
        description="Check identifiers as people type them; exit status 1 when any is invalid.")
    parser.add_argument("kind", choices=KINDS, metavar="KIND", help=" | ".join(KINDS))
    parser.add_argument("values", nargs="+", metavar="VALUE", help="quote values that contain spaces")
    parser.add_argument("--json", action="store_true", help="print one JSON list, one object per value")
    parser.set_defaults(run=run)


def run(args) -> int:
    # the reasons in the system's language (engine.ids says them in English, the oracle's words)
    verdicts = [replace(v, reason=said(v.reason)) for v in check(args.kind, args.values)]
    if args.json:
        print(json.dumps([v.as_dict() for v in verdicts], ensure_ascii=False, indent=1))
    else:
        for verdict in verdicts:
            if verdict.valid:
                details = verdict.as_dict()
                # said in the system's language (no book is open): gültig, valide, valido, and what else is known
                print(f"{details.get('formatted') or verdict.canonical}\t{tr('valid')}\t{_known(details)}".rstrip())
            else:
                print(f"{verdict.input}\t{tr('invalid')}\t{args.kind} {verdict.input!r} {verdict.reason}")
    return 0 if all(v.valid for v in verdicts) else 1


def _known(details: dict) -> str:
    """What else the verdict knows, in words (audit of issue 18: a German system read "gültig vat=False"); --json
    keeps the fields for programs."""
    words = [tr(template, **{name: details[key]}) for key, template, name in _SAID if details.get(key)]
    words += [tr(yes if details[key] else no) for key, yes, no in _YES_NO if details.get(key) is not None]
    return ", ".join(words + ([said(details["warning"])] if details.get("warning") else []))


_SAID = (("country", "country {country}", "country"), ("bic", "BIC {bic}", "bic"), ("bank", "bank {bank}", "bank"),
         ("iban_formatted", "IBAN {iban}", "iban"))
_YES_NO = (("qr_iban", "a QR-IBAN", "not a QR-IBAN"), ("vat", "with the VAT suffix", "without the VAT suffix"))
