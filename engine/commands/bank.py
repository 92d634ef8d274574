"""``comptoir bank``: import camt statements, recognise movements, post them in batches; rules and substitution
strings: :mod:`.bank_rules`."""
from __future__ import annotations

from engine import progress
from engine.commands import HELP, bank_rules
from engine.errors import ComptoirError
from engine.i18n import tr
from engine.store.book import Book, save_together


def _ids(text) -> list[int]:
    try:
        return [int(x) for part in text or [] for x in str(part).replace(",", " ").split()]
    except ValueError:
        raise ComptoirError(tr("--ids {ids}: give movement numbers", ids=" ".join(text)),
                            tr("e.g. --ids 3 4 7")) from None


def _problems(problems) -> None:
    for p in problems:
        print(f"{tr(p.severity)}: {p}")


def _ledger(args):
    return Book.open(args.ledger) if getattr(args, "ledger", None) else None


def _save(book, ledger) -> None:
    save_together(ledger, book)  # the batches' entries and the movements they post: both saved, or neither


def run_import(args) -> int:
    from engine.services import bank
    book = Book.open(args.book)
    # no path: every bank account's watched folder (files imported before are skipped by the de-dup)
    bar = progress.terminal()  # a bar on a terminal, nothing in a pipe
    result = bank.import_statements(book, args.files, bar) if args.files else bank.import_watched(book, bar)
    recognised = bank.reconcile(book)
    book.save()
    for folder in result.folders:
        print(tr("watched folder: {folder}", folder=folder))
    _problems(result.problems + recognised.problems)
    attached = (tr(", {count} statement total(s) matched to their camt.054", count=result.attached)
                if result.attached else "")
    print(tr("{files} file(s): {added} new movement(s), {duplicates} already there", files=result.files,
             added=result.added, duplicates=result.duplicates) + attached
          + tr("; {recognised}/{movements} recognised, {payments} invoice payment(s), {orders} order(s) executed",
               recognised=recognised.recognised, movements=recognised.movements, payments=recognised.payments,
               orders=recognised.orders) + _kept(recognised))
    # an error said (a statement that does not add up, a refused file) fails the run even when movements came in,
    # so a script or the night run sees it (re-audit of issue 15)
    return 1 if any(p.severity == "error" for p in result.problems) else 0


def run_recognise(args) -> int:
    from engine.services import bank
    book = Book.open(args.book)
    result = bank.reconcile(book, ids=_ids(args.ids) or None)
    book.save()
    _problems(result.problems)
    if not result.movements:
        print(tr("no pending movement to recognise") + _kept(result))
        return 0
    print(tr("{recognised}/{movements} recognised ({rate}), {payments} invoice payment(s), {orders} order(s) "
             "executed", recognised=result.recognised, movements=result.movements, rate=f"{result.rate:.1%}",
             payments=result.payments, orders=result.orders) + _kept(result))
    return 0


def _kept(result) -> str:
    return (tr("; {count} movement(s) edited by hand marked M and kept as they are", count=result.edited)
            if result.edited else "")


def run_post(args) -> int:
    from engine.services import bank_post
    book, ledger = Book.open(args.book), _ledger(args)
    result = bank_post.post(book, ledger=ledger, account=args.account, ids=_ids(args.ids) or None)
    _save(book, ledger)
    _problems(result.problems)
    print(tr("batch {batch}: {posted} movement(s) posted ({entries} entries), {not_posted} processed without "
             "posting", batch=result.batch or "-", posted=result.posted, entries=result.entries,
             not_posted=result.not_posted))
    return 1 if any(p.severity == "error" for p in result.problems) else 0  # a movement refused stays pending


def run_pending(args) -> int:
    from engine.services import bank_post
    book, ledger = Book.open(args.book), _ledger(args)
    count, warnings = bank_post.back_to_pending(book, _ids(args.ids), ledger=ledger)
    _save(book, ledger)
    _problems(warnings)
    print(tr("{count} movement(s) back to pending; their batches were republished without them", count=count))
    return 0


def run_all(args) -> int:
    from engine.services import bank_post
    book, ledger = Book.open(args.book), _ledger(args)
    verb = bank_post.unpost_all if args.command_name == "unpost-all" else bank_post.repost_all
    count = verb(book, ledger=ledger)
    _save(book, ledger)
    print(tr("{command}: {count} batch(es)", command=args.command_name, count=count))
    return 0


def register(subparsers) -> None:
    bank = subparsers.add_parser("bank", help=HELP["bank"])
    sub = bank.add_subparsers(dest="bank_command", required=True)
    p = sub.add_parser("import", help="import camt.052/053/054 files, folders or zips (none: every bank "
                       "account's WatchFolder), then recognise")
    p.add_argument("book"), p.add_argument("files", nargs="*")
    p.set_defaults(run=run_import)
    p = sub.add_parser("recognise", help="refresh the proposals of pending movements")
    p.add_argument("book"), p.add_argument("--ids", nargs="*")
    p.set_defaults(run=run_recognise)
    p = sub.add_parser("post", help="post pending movements as the next batch B-n")
    p.add_argument("book"), p.add_argument("--account"), p.add_argument("--ids", nargs="*")
    p.add_argument("--ledger", help="the ledger book, when the books have no mandate")
    p.set_defaults(run=run_post)
    p = sub.add_parser("pending", help="put processed or deleted movements back to pending")
    p.add_argument("book"), p.add_argument("--ids", nargs="+", required=True), p.add_argument("--ledger")
    p.set_defaults(run=run_pending)
    bank_rules.add_to(sub)  # rules and substitution strings: more `bank` sub-commands
    from engine.commands import bank_movements
    bank_movements.add_to(sub)  # the hand decisions on movements: more `bank` sub-commands
    for name in ("unpost-all", "repost-all"):
        p = sub.add_parser(name, help="unpost every bank batch" if name == "unpost-all" else
                           "post every bank batch again")
        p.add_argument("book"), p.add_argument("--ledger")
        p.set_defaults(run=run_all, command_name=name)
