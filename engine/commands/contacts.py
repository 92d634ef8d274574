"""``comptoir contacts add|list BOOK``: the contact persons of clients (Contacts sheet)."""
from __future__ import annotations

from pathlib import Path

from engine.i18n import tr
from engine.schema import terms
from engine.services import contacts
from engine.store.book import Book
from engine.store.cells import neutralise_formula


def register(subparsers) -> None:
    top = subparsers.add_parser("contacts", help="contact persons of clients (one on each document)")
    sub = top.add_subparsers(dest="contacts_command", metavar="ACTION", required=True)
    add = sub.add_parser("add", help="add a contact person to a client")
    add.add_argument("book", type=Path, help="the invoicing book (.xlsx)")
    add.add_argument("--client", type=int, required=True, help="ClientId")
    add.add_argument("--name", required=True, help="e.g. 'Mme Claire Rochat'")
    add.add_argument("--function", default="")
    add.add_argument("--email", default="")
    add.add_argument("--phone", default="")
    add.add_argument("--language", default="", choices=["", "FR", "DE", "IT", "EN"])
    add.add_argument("--default", action="store_true", help="new documents of the client are addressed to them")
    add.set_defaults(run=run_add)
    show = sub.add_parser("list", help="the contacts of a client (or of every client)")
    show.add_argument("book", type=Path, help="the invoicing book (.xlsx)")
    show.add_argument("--client", type=int)
    show.set_defaults(run=run_list)


def run_add(args) -> int:
    book = Book.open(args.book)
    contact = contacts.add_contact(book, args.client, args.name, function=args.function, email=args.email,
                                   phone=args.phone, language=args.language, default=args.default)
    book.save()
    said = tr("client {client}: {name} (default)") if contact.default else tr("client {client}: {name}")
    print(said.format(client=contact.client_id, name=contact.name))
    return 0


def run_list(args) -> int:
    book = Book.open(args.book)
    rows = [c for c in book.records("Contacts") if args.client is None or c.client_id == args.client]
    # the book's own headers (Contacts sheet), so the list reads like the sheet
    print("\t".join(terms.header(name, book.language)
                    for name in ("ClientId", "Name", "Function", "Email", "Phone", "Language", "Default")))
    for c in rows:
        # names typed by people go to a terminal or a pipe into a spreadsheet: never as a formula
        print("\t".join(neutralise_formula(str(x)) if x is not None else "" for x in (
            c.client_id, c.name, c.function, c.email, c.phone, c.language,
            terms.yes_no_text(True, book.language) if c.default else "")))  # ja, as the sheet shows it
    return 0
