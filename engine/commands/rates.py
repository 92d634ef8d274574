"""``comptoir rates import|list BOOK``: the exchange rates by day of the invoicing book (Rates sheet)."""
from __future__ import annotations

import sys
from pathlib import Path

from engine.dates import date_option
from engine.i18n import tr
from engine.schema import terms
from engine.services import rates
from engine.store.book import Book
from engine.store.cells import neutralise_formula


def register(subparsers) -> None:
    top = subparsers.add_parser("rates", help="exchange rates by day (Rates sheet): import a CSV, list")
    sub = top.add_subparsers(dest="rates_command", metavar="ACTION", required=True)
    load = sub.add_parser("import", help="read a CSV of daily rates (date,currency,rate: CHF per 1 unit; ISO or "
                                         "Swiss dates, comma or semicolon; the SNB portal's export)")
    load.add_argument("book", type=Path, help="the invoicing book (.xlsx)")
    load.add_argument("file", type=Path, help="the CSV file")
    load.set_defaults(run=run_import)
    show = sub.add_parser("list", help="the rates of the Rates sheet")
    show.add_argument("book", type=Path, help="the invoicing book (.xlsx)")
    show.add_argument("--currency")
    show.add_argument("--from", dest="start", type=date_option)
    show.add_argument("--to", dest="end", type=date_option)
    show.set_defaults(run=run_list)


def run_import(args) -> int:
    book = Book.open(args.book)
    done = rates.import_file(book, args.file)
    if done.added or done.replaced:
        book.save()
    print(tr("{file}: {added} rates added, {replaced} replaced, {unchanged} already there ({first} – {last})",
             file=args.file.name, added=done.added, replaced=done.replaced, unchanged=done.unchanged,
             first=f"{done.first:%d.%m.%Y}", last=f"{done.last:%d.%m.%Y}")
          + (tr("; other currencies left out: {currencies}",
                currencies=", ".join(f"{c} {n}" for c, n in sorted(done.skipped.items()))) if done.skipped else ""))
    for warning in done.warnings:
        print(f"{tr('warning')}: {args.file.name}: {warning}", file=sys.stderr)
    return 0


def run_list(args) -> int:
    book = Book.open(args.book)
    print("\t".join(terms.header(name, book.language) for name in ("Date", "Currency", "Rate", "Source")))
    for r in rates.listed(book, args.currency, args.start, args.end):
        print(f"{r.date.isoformat()}\t{r.currency}\t{format(r.rate, 'f')}\t{neutralise_formula(r.source or '')}")
    return 0
