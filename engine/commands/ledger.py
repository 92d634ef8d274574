"""``comptoir ledger balance | extract | vat``: reports read from a ledger book's Journal.

``ledger`` is a group of sub-commands so that the ledger's other work (the VAT return file, the year end, the
financial statements) adds its own verbs from its own module: each module listed in :data:`EXTENSIONS` has
``register_ledger(verbs)``.
"""
from __future__ import annotations

import importlib
import sys
from decimal import Decimal
from pathlib import Path

from engine.dates import date_option
from engine.domain import imputation, ledger_reports as reports
from engine.domain.vat import VatRates
from engine.domain.vat_close import activity_rates, taxed_by_rate
from engine.ledger_words import headers, say
from engine.errors import ComptoirError, ProblemsFound
from engine.schema.terms import code_choices, code_option
from engine.i18n import tr
from engine.money import format_amount
from engine.store.book import Book

#: modules of engine.commands adding verbs to ``comptoir ledger`` (imported only when ``ledger`` runs)
EXTENSIONS: tuple[str, ...] = ("ledger_year", "ledger_statements", "ledger_vat_return",
                              "ledger_revalue")


def register(subparsers) -> None:
    group = subparsers.add_parser("ledger", help="ledger reports: trial balance, account extract, VAT statement")
    verbs = group.add_subparsers(dest="report", required=True, metavar="VERB")

    def report(name: str, help_text: str):
        command = verbs.add_parser(name, help=help_text)
        command.add_argument("ledger", type=Path)
        command.add_argument("--from", dest="start", type=date_option)
        command.add_argument("--to", dest="end", type=date_option)
        command.set_defaults(run=run_ledger)
        return command

    balance = report("balance", "trial balance: debit, credit and balance of every account")
    balance.add_argument("--imputation", metavar="PERIOD", help="the months 2026-03, 2026-Q1, 2026 or "
                         "2026-01..2026-06 by période d'imputation (an entry imputed over 12 months counts 1/12 a "
                         "month)")
    balance.add_argument("--monthly", action="store_true", help="with --imputation: each account's balance month "
                         "by month")
    extract = report("extract", "one account's movements grouped by group or reference (aide au pointage)")
    extract.add_argument("--account", help="the account number")
    extract.add_argument("--by", choices=code_choices(("group", "reference")), default="group",
                         type=code_option(("group", "reference")),
                         help="group or reference (or the ledger's words: Gruppe, Referenz, groupe, référence …)")
    vat = report("vat", "VAT statement per code and box (effective method), or the TDFN tax with --tdfn-rate")
    vat.add_argument("--tdfn-rate", type=Decimal, help="the net tax rate in %% (TDFN method)")
    vat.add_argument("--tdfn-rates", help="other activities' rates by revenue account, e.g. \"3400=2.1\"")
    for name in EXTENSIONS:
        importlib.import_module(f"{__package__}.{name}").register_ledger(verbs)


def run_ledger(args) -> int:
    ledger = Book.open(args.ledger)
    journal = ledger.records("Journal")
    accounts = ledger.records("Accounts")
    if args.report in ("balance", "extract"):
        from engine.services.year_end_opening import unreadable_journal
        unreadable = unreadable_journal(ledger)  # a row without a side or amount: no balance of these books is right
        if unreadable:
            raise ProblemsFound(unreadable)
    if args.report == "balance":
        names = {a.number: a.name for a in accounts}
        if getattr(args, "monthly", False) and not args.imputation:
            raise ComptoirError(say("--monthly goes with --imputation"),
                                say("e.g. ledger balance LEDGER --imputation 2026 --monthly"))
        if getattr(args, "imputation", None):
            if args.start or args.end:
                raise ComptoirError(say("--imputation goes without --from / --to"),
                                    say("give the months as --imputation 2026-Q1"))
            wanted = imputation.parse(args.imputation)
            print(say("Imputed to {period}", period=wanted))
            cell = ledger.table("Journal").source
            if args.monthly:
                return _print_monthly(reports.monthly_balance(journal, wanted, lambda e: cell(e, "period")), wanted)
            rows = reports.imputed_balance(journal, names, wanted, lambda e: cell(e, "period"))
        else:
            rows = reports.trial_balance(journal, names, args.start, args.end)
        width = max([len(r.name) for r in rows] + [7])  # whole names: a bookkeeper reads them, no cut
        account, name, debit, credit, balance = headers("Account", "Name", "Debit", "Credit", "Balance")
        width = max(width, len(name))
        print(f"{account:8} {name:{width}} {debit:>16} {credit:>16} {balance:>16}")
        for r in rows:
            print(f"{r.account:8} {r.name:{width}} {format_amount(r.debit):>16} {format_amount(r.credit):>16} "
                  f"{format_amount(r.balance):>16}")
        print(f"{say('Total'):{width + 9}} {format_amount(sum((r.debit for r in rows), Decimal(0))):>16} "
              f"{format_amount(sum((r.credit for r in rows), Decimal(0))):>16}")
    elif args.report == "extract":
        if not args.account:
            raise ComptoirError(say("extract needs --account"), say("e.g. --account 1100"))
        key, debit, credit, balance = headers("Group" if args.by == "group" else "Reference", "Debit", "Credit",
                                              "Balance")
        print(f"{key:24} {debit:>14} {credit:>14} {balance:>14}")
        for g in reports.account_extract(journal, args.account, args.by, args.start, args.end):
            print(f"{g.key or say('(none)'):24} {format_amount(g.debit):>14} {format_amount(g.credit):>14} "
                  f"{format_amount(g.balance):>14}")
    else:
        _print_vat(args, ledger, journal, accounts)
    return 0


def _print_monthly(balances: dict, wanted) -> int:
    """Accounts down, the months of ``wanted`` across, each account's total at the end (balances debit - credit)."""
    months = wanted.months
    print(f"{say('Account'):8}" + "".join(f"{y}-{m:02d}".rjust(13) for y, m in months) + f"{say('Total'):>14}")
    for account, by_month in balances.items():
        print(f"{account:8}" + "".join(f"{format_amount(by_month.get(month, Decimal(0))):>13}" for month in months)
              + f"{format_amount(sum(by_month.values(), Decimal(0))):>14}")
    return 0


def _print_vat(args, ledger, journal, accounts) -> None:
    rates = VatRates.from_records(ledger.records("VatCodes"))
    from engine.services.vat_return import known_codes
    known_codes(ledger, journal, rates, args.start, args.end)  # an unknown code is named by its Journal cell
    classes = {a.number: a.account_class for a in accounts}
    rows = reports.vat_statement(journal, rates, classes, args.start, args.end)
    if args.tdfn_rate is not None:  # net tax rate: turnover is gross and taxed once at the branch rate, no box 3xx
        turnover = reports.taxable_turnover(rows)
        print(say("Taxable turnover (gross, net tax rate method): {amount}", amount=format_amount(turnover)))
        by_account = reports.turnover_by_account(journal, rates, classes, args.start, args.end)
        for rate, amount in taxed_by_rate(by_account, args.tdfn_rate, activity_rates(args.tdfn_rates)):
            tax = format_amount(reports.tdfn_tax_of(amount, rate))
            print(say("TDFN tax at {rate}%: {tax} on {amount}", rate=rate, tax=tax, amount=format_amount(amount))
                  if args.tdfn_rates else say("TDFN tax at {rate}%: {tax}", rate=rate, tax=tax))
        booked = sum((r.booked for r in rows if r.kind == "output" and not reports.is_acquisition(r)), Decimal(0))
        if booked:  # the revenue of a ledger that books its tax per invoice is net: the "gross" above is not
            print(tr("warning") + ": " + say(
                "this ledger books output tax per invoice ({booked} on its VAT accounts in the period), so its "
                "revenue is net and the turnover above is not the gross turnover the net tax rate method taxes; "
                "under that method revenue is booked gross and the tax once per period (comptoir vat-close)",
                booked=format_amount(booked)), file=sys.stderr)
        # no input tax is deducted under TDFN; acquisition tax (box 383) is due at its own rate, beside the turnover
        rows = [r for r in rows if r.kind in ("exempt", "excluded") or reports.is_acquisition(r)]
    if rows:
        box, code, rate, base, tax, booked = headers("Box", "Code", "Rate", "Base", "Tax", "Booked")
        print(f"{box:4} {code:8} {rate:>8} {base:>16} {tax:>14} {booked:>14}")
    for r in rows:
        print(f"{r.box:4} {r.code:8} {r.rate.normalize():>7f}% {format_amount(r.base):>16} "
              f"{format_amount(r.tax):>14} {format_amount(r.booked):>14}")
    if rows and args.tdfn_rate is None:  # the return's bottom line, as report vat's: output − input tax
        due = sum((-r.tax if r.kind.startswith("input") else r.tax for r in rows), Decimal(0))
        print(f"{say('VAT payable (output - input tax)'):48} {format_amount(due):>14}")
