"""``comptoir camt parse FILE... [--json]``: show what Comptoir reads in camt.052/053/054 files (and zips of them).

Exit 0 when every file was read, 1 when one was refused (the reason is printed; nothing of it is kept).
"""
from __future__ import annotations

import json
import sys
from decimal import Decimal

from engine.formats.bank_files import read_bank_files
from engine.formats.camt import to_json
from engine.formats.camt.as_json import amount_text
from engine.i18n import tr


def register(subparsers) -> None:
    camt = subparsers.add_parser("camt", help="ISO 20022 bank files (camt.052/053/054)")
    commands = camt.add_subparsers(dest="camt_command", metavar="COMMAND")
    parse = commands.add_parser("parse", help="read camt files and print their statements and entries")
    parse.add_argument("files", nargs="+", metavar="FILE", help="camt XML file, zip of them, or a folder")
    parse.add_argument("--json", action="store_true", help="print the normalised model as JSON")
    parse.set_defaults(run=run_parse)


def run_parse(args) -> int:
    documents, problems = read_bank_files(args.files)
    for problem in problems:
        print(tr("refused: {problem}", problem=problem), file=sys.stderr)
    if args.json:
        statements = [s for document in documents for s in to_json(document)["statements"]]
        print(json.dumps({"statements": statements}, ensure_ascii=False, indent=1))
    else:
        for document in documents:
            _summary(document)
    for document in documents:
        for warning in document.warnings:
            print(f"{tr('warning')}: {warning}", file=sys.stderr)
    return 1 if problems else 0


def _summary(document) -> None:
    print(tr("{file}: {message} ({kind}), message {id}", file=document.source, message=document.message,
             kind=document.kind, id=document.message_id))
    for statement in document.statements:
        account = statement.account.iban or statement.account.other_id or "?"
        opening = statement.opening_balance
        closing = statement.closing_balance
        booked = [e for e in statement.entries if e.status in (None, "BOOK")]  # PDNG / INFO are no bookings yet
        credits = [e for e in booked if e.direction == "credit"]
        debits = [e for e in booked if e.direction == "debit"]
        print("  " + tr("{kind} {id} account {account} {currency}", kind=statement.kind, id=statement.id,
                        account=account, currency=statement.account.currency or "").rstrip())
        if opening or closing:
            print("    " + tr("opening {code} {amount}", code=opening.code if opening else "-",
                               amount=amount_text(opening.amount) if opening else "-")
                  + "  " + tr("closing {code} {amount}", code=closing.code if closing else "-",
                              amount=amount_text(closing.amount) if closing else "-"))
        print("    " + tr("{credits} credit(s) {credited}, {debits} debit(s) {debited} booked", credits=len(credits),
                          credited=amount_text(sum((e.amount for e in credits), Decimal(0))), debits=len(debits),
                          debited=amount_text(sum((e.amount for e in debits), Decimal(0))))
              + (tr("; {count} pending or for information (PDNG/INFO), not counted",
                    count=len(statement.entries) - len(booked)) if len(booked) < len(statement.entries) else ""))
        for entry in statement.entries[:20]:
            first = entry.transactions[0] if entry.transactions else None
            who = first.counterparty.name if first and first.counterparty else ""
            what = (first.reference or first.remittance) if first else entry.additional_info
            sign = "+" if entry.direction == "credit" else "-"
            print(f"    {str(entry.booking_date or ''):<10} {sign}{amount_text(entry.amount):>14} {entry.currency or ''} "
                  f"{entry.bank_code or ''} {who or ''} {what or ''}".rstrip())
        if len(statement.entries) > 20:
            print("    " + tr("... {count} more entries (use --json for all)", count=len(statement.entries) - 20))
