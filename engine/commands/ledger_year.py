"""``comptoir ledger close LEDGER --year Y`` and ``comptoir ledger open LEDGER --year Y [--into NEW.xlsx]``."""
from __future__ import annotations

from pathlib import Path

from engine.ledger_words import say
from engine.domain import year_end as ye
from engine.i18n import tr
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
        print(say("{year} was already closed in {book}; the control totals of period(s) {periods} recorded in "
                  "Closings (closed before they were kept): check compares the Journal with them from now on",
                  year=args.year, book=args.ledger.name, periods=", ".join(closed.recorded)))
    elif not closed.periods:
        print(say("{year} was already closed in {book}; nothing changed", year=args.year, book=args.ledger.name))
    else:
        print(say("{year} closed in {book}: period(s) {periods} marked Closed ({entries} entries; clearing "
                  "accounts at zero)", year=args.year, book=args.ledger.name, periods=", ".join(closed.periods),
                  entries=closed.entries))
    return 0


def run_reopen(args) -> int:
    from engine.services.year_end import reopen_year
    reopened, warning = reopen_year(Book.open(args.ledger), args.year)
    print(say("{year} reopened in {book}: period(s) {periods}", year=args.year, book=args.ledger.name,
              periods=", ".join(reopened)) if reopened
          else say("{year} was not closed in {book}; nothing changed", year=args.year, book=args.ledger.name))
    if warning:
        print(f"{tr('warning')}: {warning}")
    return 0


def run_open(args) -> int:
    from engine.services.year_end import open_year
    opened = open_year(Book.open(args.ledger), args.year, args.into, args.force, args.retained,
                       replace_opening=args.replace)
    print(say("{year} opened in {book}: {entries} opening entries against {opening}; {previous} profit {amount} to "
              "{retained}" if opened.result >= 0 else "{year} opened in {book}: {entries} opening entries against "
              "{opening}; {previous} loss {amount} to {retained}", year=args.year, book=opened.book.name,
              entries=opened.entries, opening=ye.OPENING_ACCOUNT, previous=args.year - 1,
              amount=format_amount(abs(opened.result)), retained=opened.retained))
    if args.into is not None:
        from engine.services.year_end_mandate import mandate_of
        with mandate_of(args.ledger) as mandate:
            if mandate is not None:
                print(f"{tr('warning')}: " + say(
                    "the mandate {mandate} still posts into {book}, not {new}: pull {year}'s batches there, or keep "
                    "one book (open without --into)", mandate=mandate.name, book=args.ledger.name,
                    new=args.into.name, year=args.year))
    if opened.not_carried:
        left = ", ".join(f"{a} {format_amount(v)}" for a, v in opened.not_carried.items())
        print(f"{tr('warning')}: " + say(
            "not carried, the clearing accounts of {previous} not at zero ({left}): {opening} keeps their sum in "
            "{year}; clear them, close, then open --replace", previous=args.year - 1, left=left,
            opening=ye.OPENING_ACCOUNT, year=args.year))
    return 0
