"""``comptoir new`` and ``comptoir check``: create blank books, find every problem in one."""
from __future__ import annotations

import json
from pathlib import Path

from engine import templates
from engine.errors import BookError
from engine.i18n import tr
from engine.schema.terms import LANGUAGES
from engine.services import book_check
from engine.store.book import Book


def register(sub) -> None:
    new = sub.add_parser("new", help="create an empty invoicing or ledger book from the template")
    new.add_argument("kind", choices=["invoicing", "ledger"])
    new.add_argument("path", type=Path)
    new.add_argument("--force", action="store_true", help="overwrite an existing file")
    new.add_argument("--language", choices=LANGUAGES, default=None,
                     help="sheet names, headers and drop-down values in French, German, Italian or English")
    new.set_defaults(run=run_new)

    book = sub.add_parser("book", help="a book's language: translate its sheet names, headers and drop-down "
                          "values (fr, de, it, en)").add_subparsers(dest="action", metavar="ACTION",
                                                                            required=True)
    translate = book.add_parser("translate", help="rename sheets and headers and translate drop-down values "
                                "into another language, changing nothing else")
    translate.add_argument("book", type=Path)
    translate.add_argument("--to", required=True, choices=LANGUAGES)
    translate.set_defaults(run=run_translate)

    check = sub.add_parser("check", help="validate a book and list every problem (exit 1 when there are any)")
    check.add_argument("book", type=Path)
    check.add_argument("--json", action="store_true", help="problems as a JSON list")
    check.set_defaults(run=run_check)


def run_new(args) -> int:
    if args.path.exists() and not args.force:
        raise BookError(tr("{path} already exists", path=args.path),
                        tr("choose another name, or add --force to replace it"))
    if args.path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise BookError(tr("{name} must end in .xlsx", name=args.path.name),
                        tr("Excel only opens workbooks by their extension"))
    args.path.parent.mkdir(parents=True, exist_ok=True)
    templates.write(args.kind, args.path, args.language or "en")
    if args.language == "en" and args.kind == "invoicing":
        # asked for English, as a translation to English does: its reasons and labels are English too (Settings
        # Language), not the documents' DefaultLanguage (FR) an English book without a Language speaks
        book = Book.open(args.path)
        book.set_settings(Language="EN")
        book.save()
    # the new book's own language: the words about it are said in it
    said = tr("created invoicing book {path}", args.language) if args.kind == "invoicing" else \
        tr("created ledger book {path}", args.language)
    print(said.format(path=args.path) + (f" ({args.language})" if args.language not in (None, "en") else ""))
    return 0


def run_translate(args) -> int:
    from engine.store.translate import translate

    from engine.i18n import pgettext

    done = translate(args.book, args.to)
    # said in the language the book is in now, naming it in its words (jetzt auf Deutsch, not "auf de")
    name = pgettext("language", _LANGUAGE_NAMES[done["language"]], args.to)
    if not done["changed"]:  # a book already in that language: "now in de" said something happened
        print(tr("{book}: already in {language}, nothing changed", args.to, book=args.book.name, language=name))
        return 0
    renamed = ", ".join(f"{old} → {new}" for old, new in done["renamed"].items())
    print(tr("{book}: in {language} now; {count} sheet(s) renamed", args.to, book=args.book.name,
             language=name, count=len(done["renamed"])) + (f" ({renamed})" if renamed else "")
          + tr(", {count} cell(s) rewritten", args.to, count=done["cells"]))
    return 0


_LANGUAGE_NAMES = {"en": "English", "fr": "French", "de": "German", "it": "Italian"}  # msgctxt "language"


def run_check(args) -> int:
    book = Book.open(args.book)
    problems = book_check.problems(book)
    errors = [p for p in problems if p.severity == "error"]
    if args.json:
        print(json.dumps([p.as_dict() for p in problems], ensure_ascii=False, indent=1))
    else:
        for problem in problems:
            print(f"{tr(problem.severity)}: {problem}")
        print(tr("{book}: {errors} error(s), {warnings} warning(s)", book=args.book.name, errors=len(errors),
                 warnings=len(problems) - len(errors)))
    return 1 if errors else 0
