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
                extra = [f"{key}={value}" for key, value in details.items()
                         if key not in ("input", "valid", "canonical", "reason", "formatted") and value not in (None, "")]
                # said in the system's language (no book is open): gültig, valide, valido
                print(f"{details.get('formatted') or verdict.canonical}\t{tr('valid')}\t{' '.join(extra)}".rstrip())
            else:
                print(f"{verdict.input}\t{tr('invalid')}\t{args.kind} {verdict.input!r} {verdict.reason}")
    return 0 if all(v.valid for v in verdicts) else 1
