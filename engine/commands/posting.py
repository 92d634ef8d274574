"""``comptoir post | unpost | repost | vat-close | unposted``: posting the invoicing book into a ledger."""
from __future__ import annotations

from contextlib import contextmanager

from pathlib import Path

from engine import mandate as mandates
from engine.services.posting_sink import MandateSink
from engine.errors import ComptoirError
from engine.i18n import tr
from engine.money import format_amount
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


@contextmanager
def _destination(args):
    """The ledger book given with --ledger, else the book's mandate (entries wait there for `mandate pull`)."""
    if args.ledger:
        yield Book.open(args.ledger, kind="ledger"), None
        return
    try:
        found = mandates.open_book(args.book)
    except ComptoirError:
        raise ComptoirError(tr("{book} belongs to no mandate and no --ledger was given", book=args.book.name),
                            tr("add --ledger LEDGER.xlsx, or link the books: comptoir mandate create")) from None
    with found as m:
        yield None, MandateSink(m)


def run_post(args) -> int:
    book = Book.open(args.book)
    with _destination(args) as (ledger, sink):
        result = posting.post(book, ledger, args.until, args.what, sink=sink)
    if result.session is None:
        print(tr("nothing to post up to {date}", date=args.until))
    else:
        print(tr("session {session}: {entries} entries, {documents} documents, {payments} payments, total {total}",
                 session=result.session, entries=result.entries, documents=result.documents,
                 payments=result.payments, total=format_amount(result.total)))
    return 0


def run_unpost(args) -> int:
    with _destination(args) as (ledger, sink):
        undone = posting.unpost(Book.open(args.book), ledger, args.session, single=args.single, sink=sink)
    print(tr("undone session(s): {sessions}", sessions=", ".join(map(str, undone))))
    return 0


def run_repost(args) -> int:
    with _destination(args) as (ledger, sink):
        undone, result = posting.repost(Book.open(args.book), ledger, args.start, args.end, sink=sink)
    print(tr("undone session(s): {sessions}", sessions=", ".join(map(str, undone)) or tr("none")) + "; "
          + tr("new session {session}: {entries} entries", session=result.session, entries=result.entries))
    return 0


def run_vat_close(args) -> int:
    with _destination(args) as (ledger, sink):
        session, turnover, entries = vat_close.close_period_entries(Book.open(args.book), ledger, args.start,
                                                                    args.end, sink=sink)
    if session is None:
        print(tr("no TDFN tax for {start} – {end} (taxable turnover {turnover})", start=args.start, end=args.end,
                 turnover=format_amount(turnover)))
    else:
        print(tr("session {session}: taxable turnover {turnover}", session=session,
                 turnover=format_amount(turnover)))
        for entry in entries:
            print(f"  {entry.debit} / {entry.credit} {format_amount(entry.amount)}  {entry.label}")
    return 0


def run_unposted(args) -> int:
    for record in posting.not_posted(Book.open(args.book)):
        # An issued document carries its total payable, a received invoice its amount; a total of 0 is still one.
        total = record.total_payable if hasattr(record, "total_payable") else record.amount
        print(f"{record.number}\t{record.date}\t{format_amount(total)}")
    return 0
