"""``comptoir new`` and ``comptoir check``: create blank books, find every problem in one."""
from __future__ import annotations

import json
from pathlib import Path

from engine import templates
from engine.errors import BookError
from engine.services import contacts, stock
from engine.services.posting import check_locks
from engine.store.book import Book


def register(sub) -> None:
    new = sub.add_parser("new", help="create an empty invoicing or ledger book from the template")
    new.add_argument("kind", choices=["invoicing", "ledger"])
    new.add_argument("path", type=Path)
    new.add_argument("--force", action="store_true", help="overwrite an existing file")
    new.set_defaults(run=run_new)

    check = sub.add_parser("check", help="validate a book and list every problem (exit 1 when there are any)")
    check.add_argument("book", type=Path)
    check.add_argument("--json", action="store_true", help="problems as a JSON list")
    check.set_defaults(run=run_check)


def run_new(args) -> int:
    if args.path.exists() and not args.force:
        raise BookError(f"{args.path} already exists", "choose another name, or add --force to replace it")
    if args.path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise BookError(f"{args.path.name} must end in .xlsx", "Excel only opens workbooks by their extension")
    args.path.parent.mkdir(parents=True, exist_ok=True)
    templates.write(args.kind, args.path)
    print(f"created {args.kind} book {args.path}")
    return 0


def run_check(args) -> int:
    book = Book.open(args.book)
    problems = book.check()
    if book.kind == "invoicing" and not [p for p in problems if p.severity == "error"]:
        problems += check_locks(book)  # a posted amount edited by hand in Excel
    if book.kind == "invoicing":
        problems += contacts.check(book) + stock.check(book)
    errors = [p for p in problems if p.severity == "error"]
    if args.json:
        print(json.dumps([p.as_dict() for p in problems], ensure_ascii=False, indent=1))
    else:
        for problem in problems:
            print(f"{problem.severity}: {problem}")
        print(f"{args.book.name}: {len(errors)} error(s), {len(problems) - len(errors)} warning(s)")
    return 1 if errors else 0
