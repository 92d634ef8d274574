"""``comptoir qrbill parse FILE [--json]``: the fields of a scanned QR-bill payload, or why it is invalid.

Exit 0 with the fields (JSON with ``--json``); exit 1 with the reason (file, line, element, remedy).
"""
from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

from engine.errors import ComptoirError
from engine.i18n import tr
from engine.formats import qr_payload, swico_billing


def register(subparsers) -> None:
    qrbill = subparsers.add_parser("qrbill", help="Swiss QR-bill payloads")
    sub = qrbill.add_subparsers(dest="qrbill_command", metavar="ACTION", required=True)
    parse = sub.add_parser("parse", help="print the fields of a QR-bill payload (text file, as scanned)")
    parse.add_argument("file", help="text file holding the payload ('-' reads standard input)")
    parse.add_argument("--json", action="store_true", help="print the fields as JSON")
    parse.set_defaults(run=run_parse)


def fields(bill: qr_payload.QRBill) -> dict:
    """The bill as plain JSON-able values; decoded Swico S1 billing information when present."""
    data = dataclasses.asdict(bill)
    data["amount"] = None if bill.amount is None else qr_payload.format_amount(bill.amount)
    data["qr_iban"] = qr_payload.is_qr_iban(bill.account)
    data["swico_s1"] = None
    if bill.billing_information.startswith(swico_billing.PREFIX):
        try:
            s1 = dataclasses.asdict(swico_billing.parse(bill.billing_information))
            data["swico_s1"] = json.loads(json.dumps(s1, default=str))
        except swico_billing.BillingInfoError as error:
            data["warnings"] = [*data["warnings"], f"billing information: {error}"]
    data["warnings"] = list(data["warnings"])
    return data


def run_parse(args) -> int:
    name = "<stdin>" if args.file == "-" else args.file
    try:
        raw = sys.stdin.buffer.read() if args.file == "-" else Path(args.file).read_bytes()
    except OSError as error:
        raise ComptoirError(tr("{file}: cannot read the file ({error})", file=name, error=error.strerror),
                            tr("check the path")) from None
    try:
        bill = qr_payload.parse(raw.decode("utf-8"), file=name)
    except UnicodeDecodeError as error:
        print(tr("{file}: not UTF-8 text (byte {byte}) — a QR-bill payload is UTF-8", file=name, byte=error.start),
              file=sys.stderr)
        return 1
    except qr_payload.PayloadError as error:
        if args.json:
            print(json.dumps({"valid": False, "element": error.element, "reason": str(error)}, ensure_ascii=False))
        else:
            print(tr("invalid QR-bill ({element}): {error}", element=error.element, error=error), file=sys.stderr)
        return 1
    data = fields(bill)
    if args.json:
        print(json.dumps({"valid": True, **data}, ensure_ascii=False, indent=1))
    else:
        for line in _for_people(data):
            print(line)
    return 0


def _for_people(data: dict) -> list[str]:
    """The fields as a bookkeeper reads them: addresses on one line, empty fields left out, no Python objects."""
    out = []
    for key, value in data.items():
        if isinstance(value, dict) and "postcode" in value:  # an address as printed on the slip
            value = ", ".join(x for x in (value.get("name"), " ".join(filter(None, (value.get("street"),
                                                                                       value.get("building")))),
                                          f"{value.get('country')}-{value.get('postcode')} {value.get('town')}") if x)
        elif isinstance(value, dict):
            value = ", ".join(f"{k} {v}" for k, v in value.items() if v)
        elif isinstance(value, (list, tuple)):
            value = "; ".join(str(v) for v in value)
        if value not in (None, "", False):
            out.append(f"{key.replace('_', ' ')}: {tr('yes') if value is True else value}")
    return out
