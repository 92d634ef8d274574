"""``comptoir report NAME BOOK`` (a report as sheet, TSV or PDF) and ``comptoir report dashboard BOOK``."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from engine.ledger_words import say
from engine.errors import ComptoirError
from engine.formats import dashboard_pdf, report_pdf, report_tsv
from engine.services import reports
from engine.store.book import Book
from engine.dates import date_option


def register(sub) -> None:
    p = sub.add_parser("report", help="reports (debtors, creditors, sales, purchases, liquidity, vat, stock) and the dashboard")
    p.add_argument("name", choices=[*reports.NAMES, "dashboard"])
    p.add_argument("book", type=Path)
    p.add_argument("--until", type=date_option, help="end date (default today)")
    p.add_argument("--from", dest="start", type=date_option, help="start of the period (default 1 January of --until)")
    p.add_argument("--format", choices=["sheet", "tsv", "pdf"], default="tsv",
                   help="tsv (the default: tab-separated, to the screen or --out), sheet (an R_ sheet in the book) or pdf")
    p.add_argument("--columns", help="comma-separated column keys, in the order wanted (rows sort by them)")
    p.add_argument("--group-by", help="column key to sub-total on ('' for none)")
    p.add_argument("--ledger", type=Path, help="the ledger book (VAT due on the dashboard)")
    p.add_argument("--tdfn-rate", type=Decimal, help="vat: the net tax rate in %% (TDFN method; default: the "
                   "invoicing book's Settings when BOOK is the invoicing book and --ledger the ledger)")
    p.add_argument("--out", type=Path, help="file for tsv/pdf (default: standard output for tsv)")
    p.add_argument("--png", type=Path, help="dashboard: also write a one-page PNG")
    p.add_argument("--pdf", type=Path, help="dashboard: also write a one-page PDF")
    p.add_argument("--language", type=str.upper, choices=["FR", "DE", "IT", "EN"],
                   help="labels in this language (default: the book's Settings Language, else its sheet names', "
                        "else DefaultLanguage)")
    p.set_defaults(run=run_report)


def run_report(args) -> int:
    book = Book.open(args.book)
    ledger = Book.open(args.ledger) if args.ledger else None
    if args.name == "dashboard":
        figures = reports.refresh_dashboard(book, until=args.until, ledger=ledger, language=args.language)
        if args.pdf or args.png:
            pdf = dashboard_pdf.render(figures)
            if args.pdf:
                args.pdf.write_bytes(pdf)
            if args.png:
                args.png.write_bytes(dashboard_pdf.png(pdf))
        print(say("Dashboard refreshed in {book}: {figures}", book=args.book.name, figures=", ".join(
            f"{label} {amount:,.2f}".replace(",", "'") for label, amount in figures.figures)))
        return 0
    options = dict(until=args.until, start=args.start, ledger=ledger, group_by=args.group_by, language=args.language,
                   **({"tdfn_rate": args.tdfn_rate} if args.tdfn_rate is not None else {}),
                   columns=[c.strip() for c in args.columns.split(",")] if args.columns else None)
    if args.format == "sheet":
        sheet = reports.write_report_sheet(book, args.name, **options)
        print(say("report {name} written to sheet {sheet} of {book}", name=args.name, sheet=sheet,
                  book=args.book.name))
        return 0
    result = reports.report(book, args.name, **options)
    if args.format == "tsv":
        data = report_tsv.build(result)
        if args.out is None:
            print(data.decode("utf-8"), end="")
            return 0
    else:
        if args.out is None:
            raise ComptoirError("a PDF needs a file", "add --out report.pdf")
        data = report_pdf.render(result, company=reports.company_of(book))
    args.out.write_bytes(data)
    print(say("report {name} written to {out}", name=args.name, out=args.out))
    return 0
