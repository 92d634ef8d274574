"""``comptoir ledger close LEDGER --year Y`` and ``comptoir ledger open LEDGER --year Y [--into NEW.xlsx]``."""
from __future__ import annotations

from pathlib import Path

from engine.domain import year_end as ye
from engine.money import format_amount
from engine.store.book import Book


def register_ledger(verbs) -> None:
    close = verbs.add_parser("close", help="close a year: checks it balances and its clearing accounts are at zero, "
                                           "then marks its periods Closed")
    close.add_argument("ledger", type=Path)
    close.add_argument("--year", type=int, required=True)
    close.add_argument("--previous", type=Path, help="the previous year's ledger book, when it is another file: "
                                                     "the opening must be its closing balances")
    close.set_defaults(run=run_close)
    reopen = verbs.add_parser("reopen", help="open a closed year again for a correction (its periods' Closed "
                                             "emptied)")
    reopen.add_argument("ledger", type=Path)
    reopen.add_argument("--year", type=int, required=True)
    reopen.set_defaults(run=run_reopen)
    opening = verbs.add_parser("open", help="open a year: the balance sheet accounts of the year before carried "
                                            "against 9100, its result to 2970")
    opening.add_argument("ledger", type=Path)
    opening.add_argument("--year", type=int, required=True, help="the year to open (the one before is carried)")
    opening.add_argument("--into", type=Path, help="a new ledger book for the year (chart and VAT codes copied)")
    opening.add_argument("--force", action="store_true", help="open although the year before is not closed")
    opening.add_argument("--replace", action="store_true",
                         help="the year is opened already: replace its opening entries by today's balances")
    opening.add_argument("--retained", default=ye.RETAINED_EARNINGS,
                         help=f"the account receiving the result (default {ye.RETAINED_EARNINGS})")
    opening.set_defaults(run=run_open)


def run_close(args) -> int:
    from engine.services.year_end import close_year
    closed = close_year(Book.open(args.ledger), args.year, Book.open(args.previous) if args.previous else None)
    if closed.recorded:
        print(f"{args.year} was already closed in {args.ledger.name}; the control totals of period(s) "
              f"{', '.join(closed.recorded)} recorded in Closings (closed before they were kept): check compares "
              "the Journal with them from now on")
    elif not closed.periods:
        print(f"{args.year} was already closed in {args.ledger.name}; nothing changed")
    else:
        print(f"{args.year} closed in {args.ledger.name}: period(s) {', '.join(closed.periods)} marked Closed "
              f"({closed.entries} entries; clearing accounts at zero)")
    return 0


def run_reopen(args) -> int:
    from engine.services.year_end import reopen_year
    reopened, warning = reopen_year(Book.open(args.ledger), args.year)
    print(f"{args.year} reopened in {args.ledger.name}: period(s) {', '.join(reopened)}" if reopened
          else f"{args.year} was not closed in {args.ledger.name}; nothing changed")
    if warning:
        print(f"warning: {warning}")
    return 0


def run_open(args) -> int:
    from engine.services.year_end import open_year
    opened = open_year(Book.open(args.ledger), args.year, args.into, args.force, args.retained,
                       replace_opening=args.replace)
    result = "profit" if opened.result >= 0 else "loss"
    print(f"{args.year} opened in {opened.book.name}: {opened.entries} opening entries against "
          f"{ye.OPENING_ACCOUNT}; {args.year - 1} {result} {format_amount(abs(opened.result))} to {opened.retained}")
    if args.into is not None:
        from engine.services.year_end_mandate import mandate_of
        with mandate_of(args.ledger) as mandate:
            if mandate is not None:
                print(f"warning: the mandate {mandate.name} still posts into {args.ledger.name}, not "
                      f"{args.into.name}: pull {args.year}'s batches there, or keep one book (open without --into)")
    if opened.not_carried:
        left = ", ".join(f"{a} {format_amount(v)}" for a, v in opened.not_carried.items())
        print(f"warning: not carried, the clearing accounts of {args.year - 1} not at zero ({left}): "
              f"{ye.OPENING_ACCOUNT} keeps their sum in {args.year}; clear them, close, then open --replace")
    return 0
