"""``comptoir bank``: import camt statements, recognise movements, post them in batches; rules and substitution
strings: :mod:`.bank_rules`."""
from __future__ import annotations

from engine import progress
from engine.commands import bank_rules
from engine.errors import ComptoirError
from engine.store.book import Book, save_together


def _ids(text) -> list[int]:
    try:
        return [int(x) for part in text or [] for x in str(part).replace(",", " ").split()]
    except ValueError:
        raise ComptoirError(f"--ids {' '.join(text)}: give movement numbers", "e.g. --ids 3 4 7") from None


def _problems(problems) -> None:
    for p in problems:
        print(f"{p.severity}: {p}")


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
        print(f"watched folder: {folder}")
    _problems(result.problems + recognised.problems)
    attached = f", {result.attached} statement total(s) matched to their camt.054" if result.attached else ""
    print(f"{result.files} file(s): {result.added} new movement(s), {result.duplicates} already there{attached}; "
          f"{recognised.recognised}/{recognised.movements} recognised, {recognised.payments} invoice payment(s), "
          f"{recognised.orders} order(s) executed{_kept(recognised)}")
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
        print(f"no pending movement to recognise{_kept(result)}")
        return 0
    print(f"{result.recognised}/{result.movements} recognised ({result.rate:.1%}), {result.payments} invoice "
          f"payment(s), {result.orders} order(s) executed{_kept(result)}")
    return 0


def _kept(result) -> str:
    return (f"; {result.edited} movement(s) edited by hand marked M and kept as they are" if result.edited else "")


def run_post(args) -> int:
    from engine.services import bank_post
    book, ledger = Book.open(args.book), _ledger(args)
    result = bank_post.post(book, ledger=ledger, account=args.account, ids=_ids(args.ids) or None)
    _save(book, ledger)
    _problems(result.problems)
    print(f"batch {result.batch or '-'}: {result.posted} movement(s) posted ({result.entries} entries), "
          f"{result.not_posted} processed without posting")
    return 1 if any(p.severity == "error" for p in result.problems) else 0  # a movement refused stays pending


def run_pending(args) -> int:
    from engine.services import bank_post
    book, ledger = Book.open(args.book), _ledger(args)
    count, warnings = bank_post.back_to_pending(book, _ids(args.ids), ledger=ledger)
    _save(book, ledger)
    _problems(warnings)
    print(f"{count} movement(s) back to pending; their batches were republished without them")
    return 0


def run_all(args) -> int:
    from engine.services import bank_post
    book, ledger = Book.open(args.book), _ledger(args)
    verb = bank_post.unpost_all if args.command_name == "unpost-all" else bank_post.repost_all
    count = verb(book, ledger=ledger)
    _save(book, ledger)
    print(f"{args.command_name}: {count} batch(es)")
    return 0


def register(subparsers) -> None:
    bank = subparsers.add_parser("bank", help="bank reconciliation: import camt, recognise, post batches; rules "
                                 "(backtest, copy), substitution strings")
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
        p = sub.add_parser(name, help=f"{name.replace('-', ' ')} bank batches")
        p.add_argument("book"), p.add_argument("--ledger")
        p.set_defaults(run=run_all, command_name=name)
