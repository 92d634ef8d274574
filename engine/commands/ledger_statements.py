"""``comptoir ledger statements LEDGER --year Y [--pdf F] [--language fr|de|it|en] [--previous BOOK]``."""
from __future__ import annotations

from pathlib import Path

from engine.ledger_words import say
from engine.i18n import tr
from engine.money import format_amount


def register_ledger(verbs) -> None:
    command = verbs.add_parser("statements", help="balance sheet and income statement (CO art. 959a/959b) with the "
                                                  "previous year, as sheets of the book and a PDF")
    command.add_argument("ledger", type=Path)
    command.add_argument("--year", type=int, required=True)
    command.add_argument("--pdf", type=Path, help="also write both statements to this PDF")
    command.add_argument("--language", choices=["fr", "de", "it", "en"],
                         help="default: the ledger's own (its sheet names'), for an English one its mandate's "
                              "invoicing book's, else fr")
    command.add_argument("--previous", type=Path, help="the previous year's ledger book, when it is another file")
    command.add_argument("--company", default="", help="the company's name on the statements (default: the "
                                                       "mandate's name)")
    command.set_defaults(run=run_statements)


def run_statements(args) -> int:
    from engine.services import statements
    warned: list[str] = []
    made = statements.write(args.ledger, args.year, args.language, args.pdf, args.previous, args.company, warned)
    for report in made:
        print(report.title)
        for heading, amount, previous, _ in report.rows:
            if amount is not None:
                print(f"  {heading:80.80} {format_amount(amount):>16} "
                      f"{format_amount(previous) if previous is not None else '':>16}")
    sheets = ", ".join(r.name for r in made)
    print(say("sheets {sheets} written to {book}; PDF {pdf}", sheets=sheets, book=args.ledger.name, pdf=args.pdf)
          if args.pdf else say("sheets {sheets} written to {book}", sheets=sheets, book=args.ledger.name))
    for text in warned:
        print(f"{tr('warning')}: {text}")
    return 0
