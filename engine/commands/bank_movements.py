"""``comptoir bank action|period|delete|split|unsplit|label|portal``: what the bookkeeper decides on pending movements
by hand (banking manual §6.2.1 and §6.6.1), the same services as the ribbon's Movement buttons."""
from __future__ import annotations

from engine.commands.bank import _ids
from engine.i18n import tr
from engine.schema import terms
from engine.store.book import Book

# what each action does to the movements, said whole so each language can order its words (the manual's French
# button names in brackets stay in the English text, the other languages say their own)
_ACTION_WORDS = {
    "post": "{count} movement(s) to post (Comptabiliser); marked M: recognition keeps the choice",
    "skip": "{count} movement(s) processed without an entry (Ne pas comptabiliser); marked M: recognition keeps the "
            "choice",
    "pending": "{count} movement(s) kept pending (Garder en attente); marked M: recognition keeps the choice",
    "force": "{count} movement(s) posted although excluded (Forcer); marked M: recognition keeps the choice"}


def run_action(args) -> int:
    from engine.services import bank_movements
    book = Book.open(args.book)
    count = bank_movements.set_action(book, _ids(args.ids), args.action)
    book.save()
    print(tr(_ACTION_WORDS[args.action], count=count))
    return 0


def run_period(args) -> int:
    from engine.services import bank_movements
    book = Book.open(args.book)
    ids = _ids(args.ids)
    period = "" if args.period.strip().lower() in ("", "-", "none") else args.period
    text = bank_movements.set_period(book, ids, period)
    book.save()
    print(tr("{count} movement(s): imputed to {period}; their entries carry it into the ledger", count=len(set(ids)),
             period=text) if text else
          tr("{count} movement(s): no imputation period (the month of their date); their entries carry it into the "
             "ledger", count=len(set(ids))))
    return 0


def run_delete(args) -> int:
    from engine.services import bank_movements
    book = Book.open(args.book)
    count = bank_movements.delete(book, _ids(args.ids))
    book.save()
    print(tr("{count} movement(s) deleted: not posted, not recognised; `comptoir bank pending` brings them back",
             count=count))
    return 0


def run_split(args) -> int:
    from engine.services import bank_movements
    book = Book.open(args.book)
    rest = bank_movements.split(book, args.id, args.lines)
    book.save()
    print(tr("movement {id} is a multiple entry: balanced", id=args.id) if rest == 0 else
          tr("movement {id} is a multiple entry: {rest} still to book: posting refuses it until the lines add up",
             id=args.id, rest=rest))
    return 0


def run_unsplit(args) -> int:
    from engine.services import bank_movements
    book = Book.open(args.book)
    bank_movements.unsplit(book, args.id)
    book.save()
    print(tr("movement {id} is a normal entry again (its debit and credit accounts)", id=args.id))
    return 0


def run_label(args) -> int:
    from engine.services import bank_movements
    book = Book.open(args.book)
    ids = _ids(args.ids)
    if args.source:
        count = bank_movements.choose_label(book, ids, args.source)
        book.save()
    by_id = {m.movement_id: m for m in book.records("Movements")}
    for movement_id in ids:
        m = by_id.get(movement_id)
        if m is None:
            print(tr("movement {id}: there is no such movement", id=movement_id))
            continue
        print(tr("movement {id}: «{label}» (from {source})", id=movement_id, label=m.label or "",
                 source=terms.value(m.label_from or "predefined", book.language)))
        for source, text in bank_movements.label_choices(m):
            print(f"    {terms.value(source, book.language):<14} {text}")
    if args.source:
        print(tr("{count} movement(s) take their label from {source}", count=count,
                 source=terms.value(args.source, book.language)))
    return 0


def run_portal(args) -> int:
    from engine.services import bank_portal
    name, url = bank_portal.portal_of(Book.open(args.book), args.iban)
    print(f"{name}: {url}")
    if args.open:
        import webbrowser
        webbrowser.open(url)
    return 0


def add_to(sub) -> None:
    p = sub.add_parser("action", help="choose what posting does with pending movements: post, skip (Ne pas "
                       "comptabiliser), pending (Garder en attente), force (Forcer la comptabilisation)")
    p.add_argument("book"), p.add_argument("action", choices=tuple(_ACTION_WORDS))
    p.add_argument("--ids", nargs="+", required=True)
    p.set_defaults(run=run_action)
    p = sub.add_parser("period", help="the période d'imputation of pending movements: 2026-03, 2026-Q1, 2026 or "
                       "2026-01..2026-12 (none: the month of their date); their entries carry it into the ledger")
    p.add_argument("book"), p.add_argument("period", help="e.g. 2026-01..2026-12, or none")
    p.add_argument("--ids", nargs="+", required=True)
    p.set_defaults(run=run_period)
    p = sub.add_parser("delete", help="delete pending movements (Supprimer); `bank pending` brings them back")
    p.add_argument("book"), p.add_argument("--ids", nargs="+", required=True)
    p.set_defaults(run=run_delete)
    p = sub.add_parser("split", help="make a movement a multiple entry (Transformer en écriture multiple)")
    p.add_argument("book"), p.add_argument("id", type=int)
    p.add_argument("--lines", required=True, help="ACCOUNT|AMOUNT|LABEL[|D or C]; … (AMOUNT: a number, total, or a "
                   "substitution string in braces)")
    p.set_defaults(run=run_split)
    p = sub.add_parser("unsplit", help="make a multiple entry a normal one again (Transformer en écriture normale)")
    p.add_argument("book"), p.add_argument("id", type=int)
    p.set_defaults(run=run_unsplit)
    p = sub.add_parser("label", help="show where movements' labels come from, or choose: --from communication, "
                       "bank (the bank's text) or predefined")
    p.add_argument("book"), p.add_argument("--ids", nargs="+", required=True)
    p.add_argument("--from", dest="source", choices=("predefined", "communication", "bank"))
    p.set_defaults(run=run_label)
    p = sub.add_parser("portal", help="the e-banking address of a bank account (BankAccounts PortalURL); --open it")
    p.add_argument("book"), p.add_argument("--iban"), p.add_argument("--open", action="store_true")
    p.set_defaults(run=run_portal)
