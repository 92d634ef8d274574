"""``comptoir post | unpost | repost | unposted`` and ``comptoir ledger balance | extract | vat``."""
from __future__ import annotations

from contextlib import contextmanager

from decimal import Decimal
from pathlib import Path

from engine import mandate as mandates
from engine.domain import imputation, ledger_reports as reports
from engine.services.posting_sink import MandateSink
from engine.domain.vat import VatRates
from engine.errors import ComptoirError
from engine.money import format_amount
from engine.domain.vat_close import activity_rates, taxed_by_rate
from engine.services import posting, vat_close
from engine.store.book import Book
from engine.dates import date_option


def register(sub) -> None:
    def posting_command(name: str, help_text: str, run, period: bool = False, open_end: bool = False):
        """The arguments every posting command shares: the invoicing book and where its entries go."""
        command = sub.add_parser(name, help=help_text)
        command.add_argument("book", type=Path)
        command.add_argument("--ledger", type=Path,
                             help="write into this ledger book directly (default: the book's mandate)")
        if period:
            command.add_argument("--from", dest="start", type=date_option, required=True)
            command.add_argument("--to", dest="end", type=date_option, required=not open_end,
                                 help="the period's last day" + (" (none: every document, manual §3.9.3)"
                                                                 if open_end else ""))
        command.set_defaults(run=run)
        return command

    p = posting_command("post", "post everything not yet posted up to a date as one session", run_post)
    p.add_argument("--until", type=date_option, required=True)
    p.add_argument("--what", choices=["sales", "purchases", "all"], default="all")
    u = posting_command("unpost", "undo session N and every later one (--single: N alone, when safe)", run_unpost)
    u.add_argument("--session", type=int, required=True)
    u.add_argument("--single", action="store_true")
    posting_command("repost", "regenerate the entries of a period", run_repost, period=True, open_end=True)
    posting_command("vat-close", "net tax rate method (TDFN): post the period's tax, 3809 / 2200", run_vat_close,
                    period=True)
    n = sub.add_parser("unposted", help="invoices marked DoNotPost (the suite's _Problème de compta)")
    n.add_argument("book", type=Path)
    n.set_defaults(run=run_unposted)
    g = sub.add_parser("ledger", help="ledger reports: trial balance, account extract, VAT statement")
    g.add_argument("report", choices=["balance", "extract", "vat"])
    g.add_argument("ledger", type=Path)
    g.add_argument("--from", dest="start", type=date_option)
    g.add_argument("--to", dest="end", type=date_option)
    g.add_argument("--account", help="for extract: the account number")
    g.add_argument("--by", choices=["group", "reference"], default="group")
    g.add_argument("--imputation", metavar="PERIOD", help="for balance: the months 2026-03, 2026-Q1, 2026 or "
                   "2026-01..2026-06 by période d'imputation (an entry imputed over 12 months counts 1/12 a month)")
    g.add_argument("--monthly", action="store_true", help="with --imputation: each account's balance month by month")
    g.add_argument("--tdfn-rate", type=Decimal, help="for vat: the net tax rate in %% (TDFN method)")
    g.add_argument("--tdfn-rates", help="for vat: other activities' rates by revenue account, e.g. \"3400=2.1\"")
    g.set_defaults(run=run_ledger)


@contextmanager
def _destination(args):
    """The ledger book given with --ledger, else the book's mandate (entries wait there for `mandate pull`)."""
    if args.ledger:
        yield Book.open(args.ledger, kind="ledger"), None
        return
    try:
        found = mandates.open_book(args.book)
    except ComptoirError:
        raise ComptoirError(f"{args.book.name} belongs to no mandate and no --ledger was given",
                            "add --ledger LEDGER.xlsx, or link the books: comptoir mandate create") from None
    with found as m:
        yield None, MandateSink(m)


def run_post(args) -> int:
    book = Book.open(args.book)
    with _destination(args) as (ledger, sink):
        result = posting.post(book, ledger, args.until, args.what, sink=sink)
    if result.session is None:
        print(f"nothing to post up to {args.until}")
    else:
        print(f"session {result.session}: {result.entries} entries, {result.documents} documents, "
              f"{result.payments} payments, total {format_amount(result.total)}")
    return 0


def run_unpost(args) -> int:
    with _destination(args) as (ledger, sink):
        undone = posting.unpost(Book.open(args.book), ledger, args.session, single=args.single, sink=sink)
    print(f"undone session(s): {', '.join(map(str, undone))}")
    return 0


def run_repost(args) -> int:
    with _destination(args) as (ledger, sink):
        undone, result = posting.repost(Book.open(args.book), ledger, args.start, args.end, sink=sink)
    print(f"undone session(s): {', '.join(map(str, undone)) or 'none'}; "
          f"new session {result.session}: {result.entries} entries")
    return 0


def run_vat_close(args) -> int:
    with _destination(args) as (ledger, sink):
        session, turnover, entries = vat_close.close_period_entries(Book.open(args.book), ledger, args.start,
                                                                    args.end, sink=sink)
    if session is None:
        print(f"no TDFN tax for {args.start} – {args.end} (taxable turnover {format_amount(turnover)})")
    else:
        print(f"session {session}: taxable turnover {format_amount(turnover)}")
        for entry in entries:
            print(f"  {entry.debit} / {entry.credit} {format_amount(entry.amount)}  {entry.label}")
    return 0


def run_unposted(args) -> int:
    for record in posting.not_posted(Book.open(args.book)):
        # An issued document carries its total payable, a received invoice its amount; a total of 0 is still one.
        total = record.total_payable if hasattr(record, "total_payable") else record.amount
        print(f"{record.number}\t{record.date}\t{format_amount(total)}")
    return 0


def _print_monthly(balances: dict, wanted) -> int:
    """Accounts down, the months of ``wanted`` across, each account's total at the end (balances debit - credit)."""
    months = wanted.months
    print(f"{'Account':8}" + "".join(f"{y}-{m:02d}".rjust(13) for y, m in months) + f"{'Total':>14}")
    for account, by_month in balances.items():
        print(f"{account:8}" + "".join(f"{format_amount(by_month.get(month, Decimal(0))):>13}" for month in months)
              + f"{format_amount(sum(by_month.values(), Decimal(0))):>14}")
    return 0


def run_ledger(args) -> int:
    ledger = Book.open(args.ledger)
    journal = ledger.records("Journal")
    accounts = ledger.records("Accounts")
    if args.monthly and not args.imputation:
        raise ComptoirError("--monthly goes with --imputation", "e.g. ledger balance LEDGER --imputation 2026 --monthly")
    if args.imputation and (args.report != "balance" or args.start or args.end):
        raise ComptoirError("--imputation goes with balance alone", "give the months as --imputation 2026-Q1, "
                            "without --from / --to")
    if args.report == "balance":
        names = {a.number: a.name for a in accounts}
        if args.imputation:
            wanted = imputation.parse(args.imputation)
            print(f"Imputed to {wanted}")
            cell = ledger.table("Journal").source
            if args.monthly:
                return _print_monthly(reports.monthly_balance(journal, wanted, lambda e: cell(e, "period")), wanted)
            rows = reports.imputed_balance(journal, names, wanted, lambda e: cell(e, "period"))
        else:
            rows = reports.trial_balance(journal, names, args.start, args.end)
        width = max([len(r.name) for r in rows] + [7])  # whole names: a bookkeeper reads them, no cut
        print(f"{'Account':8} {'Name':{width}} {'Debit':>16} {'Credit':>16} {'Balance':>16}")
        for r in rows:
            print(f"{r.account:8} {r.name:{width}} {format_amount(r.debit):>16} {format_amount(r.credit):>16} "
                  f"{format_amount(r.balance):>16}")
        print(f"{'Total':{width + 9}} {format_amount(sum((r.debit for r in rows), Decimal(0))):>16} "
              f"{format_amount(sum((r.credit for r in rows), Decimal(0))):>16}")
    elif args.report == "extract":
        if not args.account:
            raise ComptoirError("extract needs --account", "e.g. --account 1100")
        print(f"{'Group' if args.by == 'group' else 'Reference':24} {'Debit':>14} {'Credit':>14} {'Balance':>14}")
        for g in reports.account_extract(journal, args.account, args.by, args.start, args.end):
            print(f"{g.key or '(none)':24} {format_amount(g.debit):>14} {format_amount(g.credit):>14} "
                  f"{format_amount(g.balance):>14}")
    else:
        rates = VatRates.from_records(ledger.records("VatCodes"))
        rows = reports.vat_statement(journal, rates, {a.number: a.account_class for a in accounts},
                                     args.start, args.end)
        tdfn = args.tdfn_rate is not None
        if tdfn:  # net tax rate: turnover is gross and taxed once at the branch rate, no tax per code or box 3xx
            turnover = reports.taxable_turnover(rows)
            print(f"Taxable turnover (gross, net tax rate method): {format_amount(turnover)}")
            by_account = reports.turnover_by_account(journal, rates, {a.number: a.account_class for a in accounts},
                                                     args.start, args.end)
            for rate, amount in taxed_by_rate(by_account, args.tdfn_rate, activity_rates(args.tdfn_rates)):
                print(f"TDFN tax at {rate}%: {format_amount(reports.tdfn_tax_of(amount, rate))}"
                      + (f" on {format_amount(amount)}" if args.tdfn_rates else ""))
            rows = [r for r in rows if r.kind != "output"]
        if rows:
            print(f"{'Box':4} {'Code':8} {'Rate':>8} {'Base':>16} {'Tax':>14} {'Booked':>14}")
        for r in rows:
            print(f"{r.box:4} {r.code:8} {r.rate.normalize():>7f}% {format_amount(r.base):>16} "
                  f"{format_amount(r.tax):>14} {format_amount(r.booked):>14}")
    return 0
