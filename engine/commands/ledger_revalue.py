"""``comptoir ledger revalue LEDGER --date 2026-12-31 --book INVOICING``: the year-end revaluation of foreign-currency
bank accounts and open items at the closing rate of the Rates sheet (engine.services.revaluation)."""
from __future__ import annotations

from pathlib import Path

from engine.ledger_words import headers, say
from engine.dates import date_option
from engine.errors import ComptoirError
from engine.money import format_amount
from engine.services import revaluation
from engine.store.book import Book


def register_ledger(verbs) -> None:
    command = verbs.add_parser("revalue", help="year-end revaluation of foreign-currency bank accounts and open "
                                               "items at the closing rate, reversed on the next day")
    command.add_argument("ledger", type=Path)
    command.add_argument("--date", dest="on", type=date_option, required=True, help="the closing day, e.g. 2026-12-31")
    command.add_argument("--book", type=Path, help="the invoicing book (its Rates, bank accounts and documents); default: the mandate's")
    command.set_defaults(run=run_revalue)


def mandate_invoicing(ledger_path: Path) -> Path:
    """The invoicing book of the ledger's mandate (as vat-return finds it): its only one, else --book must say."""
    from engine.mandate import invoicing_paths
    hint = say("add --book INVOICING.xlsx (the book posting into {ledger})", ledger=ledger_path.name)
    try:
        books = invoicing_paths(ledger_path)
    except ComptoirError:
        raise ComptoirError(say("revalue needs the invoicing book: the foreign-currency balances, open items and "
                                "rates are there, and {ledger} has no mandate beside it to find it",
                                ledger=ledger_path.name), hint) from None
    if len(books) != 1:
        raise ComptoirError(say("the mandate of {ledger} links {count} invoicing books: revalue needs one (a batch "
                                "per book)", ledger=ledger_path.name, count=len(books)), hint + (": " + ", ".join(map(str, books)) if books else ""))
    return books[0]


def _kind(kind: str) -> str:
    return say("ledger") if kind == "ledger" else say("invoicing")


def run_revalue(args) -> int:
    ledger = Book.open(args.ledger)
    book = Book.open(args.book or mandate_invoicing(args.ledger))
    if ledger.kind != "ledger" or book.kind != "invoicing":
        raise ComptoirError(say("{ledger} is the {kind} book and {book} the {other} book", ledger=args.ledger.name,
                                kind=_kind(ledger.kind), book=book.name, other=_kind(book.kind)),
                            say("give the ledger book first, then --book the invoicing book"))
    result = revaluation.revalue(ledger, book, args.on)
    ledger.save()
    account, item, foreign, rate, target, booked, difference = headers(
        "Account", "Item", "Foreign", "Rate", "CHF at rate", "Booked", "Difference")
    print(f"{account:8} {item:28} {foreign:>14} {rate:>8} {target:>14} {booked:>14} {difference:>12}")
    for r in result.rows:
        p = r.position
        print(f"{p.account:8} {p.label[:28]:28} {p.currency} {format_amount(p.foreign):>10} {r.rate:>8} "
              f"{format_amount(r.target):>14} {format_amount(p.carried):>14} {format_amount(r.difference):>12}")
    print(say("{entries} entries in batch {batch}: on {date} and reversed the next day", entries=result.entries,
              batch=result.batch, date=f"{args.on:%d.%m.%Y}")
          if result.entries else say("nothing to revalue: every position is at the closing rate"))
    return 0
