"""Contact persons of a client (Crésus: the Contacts tab of a client's card): several per client, one of them the
default a new document is addressed to; the document keeps the name, and its address block says "À l'attention
de …" in the document's language.
"""
from __future__ import annotations

from dataclasses import replace

from engine.errors import BusinessRuleError, Problem
from engine.i18n import tr
from engine.schema import terms
from engine.services import documents_book as db
from engine.store.book import Book

ATTENTION = {"FR": "À l'attention de {name}", "DE": "z. Hd. {name}", "IT": "All'attenzione di {name}",
             "EN": "Attn. {name}"}


def _same(a: str | None, b: str | None) -> bool:
    return " ".join(str(a or "").split()).casefold() == " ".join(str(b or "").split()).casefold()


def contacts_of(book: Book, client_id: int) -> list:
    return [c for c in book.records("Contacts") if c.client_id == client_id]


def find_contact(book: Book, client_id: int, name: str):
    """The contact ``name`` of the client (case and spaces do not matter); refused naming the client's contacts."""
    for contact in contacts_of(book, client_id):
        if _same(contact.name, name):
            return contact
    known = ", ".join(c.name for c in contacts_of(book, client_id)) or tr("none yet", book.language)
    raise BusinessRuleError(tr('client {client} has no contact "{name}" in {sheet} (its contacts: {known})',
                               book.language, client=client_id, name=name, sheet=book.title("Contacts"), known=known),
                            tr("add the person to the {sheet} sheet ({columns}), or pick one of them", book.language,
                               sheet=book.title("Contacts"),
                               columns=", ".join(terms.header(c, book.language) for c in ("ClientId", "Name"))))


def default_contact(book: Book, client_id: int):
    """The contact marked Default, or None (a client without one gets documents addressed to nobody in person)."""
    return next((c for c in contacts_of(book, client_id) if c.default), None)


def contact_for(book: Book, client_id: int, name: str | None = None) -> str | None:
    """The name a new document of the client is addressed to: ``name`` when given (it must be one of the client's
    contacts), else the client's default contact. A Documents sheet made before contacts, without the Contact column,
    keeps documents addressed to nobody in person (`check` says the column is missing) and refuses ``name``."""
    holds = "contact" in book.table("Documents").positions
    if name:
        found = find_contact(book, client_id, name).name
        if not holds:
            sheet, column = book.title("Documents"), terms.header("Contact", book.language, "Documents")
            raise BusinessRuleError(tr('the {sheet} sheet has no {column} column, so "{found}" cannot be kept on the '
                                       "document", book.language, sheet=sheet, column=column, found=found),
                                    tr("add a column headed {column} to the {sheet} table (this book was made before "
                                       "contacts), then run again", book.language, column=column, sheet=sheet))
        return found
    if not holds:
        return None
    contact = default_contact(book, client_id)
    return contact.name if contact else None


def add_contact(book: Book, client_id: int, name: str, *, function: str = "", email: str = "", phone: str = "",
                language: str = "", default: bool = False):
    """Add a contact to a client; ``default`` makes it the one new documents are addressed to (only one is)."""
    client = db.find_client(book, client_id)
    name = " ".join(str(name or "").split())
    if not name:
        raise BusinessRuleError(tr("a contact needs a name", book.language),
                                tr("give the person's name, e.g. Mme Claire Rochat", book.language))
    if any(_same(c.name, name) for c in contacts_of(book, client_id)):
        raise BusinessRuleError(tr('client {client} ({name}) already has a contact "{contact}"', book.language,
                                   client=client_id, name=db.client_name(client), contact=name),
                                tr("edit that row of {sheet} instead", book.language, sheet=book.title("Contacts")))
    records = [replace(c, default=False) if default and c.client_id == client_id and c.default else c
               for c in book.records("Contacts")]
    contact = book.new("Contacts", client_id=client_id, name=name, function=function or None, email=email or None,
                       phone=phone or None, language=(language or "").upper() or None, default=default)
    book.put("Contacts", [*records, contact])
    return contact


def attention_line(name: str | None, language: str | None) -> str:
    """The line under the company name in the address block, in the document's language ("" without contact)."""
    if not name:
        return ""
    return ATTENTION.get((language or "FR").upper()[:2], ATTENTION["FR"]).format(name=name)


def check(book: Book) -> list[Problem]:
    """A document addressed to a contact its client does not have; a client with two default contacts."""
    problems = []
    names = {}
    for contact in book.records("Contacts"):
        names.setdefault(contact.client_id, []).append(contact)
    for client_id, contacts in names.items():
        defaults = [c for c in contacts if c.default]
        for extra in defaults[1:]:
            problems.append(Problem(db.where(book, "Contacts", extra, "default"),
                                    tr("client {client} has {count} default contacts ({names})", book.language,
                                       client=client_id, count=len(defaults),
                                       names=", ".join(c.name for c in defaults)),
                                    tr("leave {column} TRUE on one of them only", book.language,
                                       column=terms.header("Default", book.language)), "warning"))
    for document in book.records("Documents"):
        if document.contact and not any(_same(c.name, document.contact) for c in names.get(document.client_id, ())):
            problems.append(Problem(db.where(book, "Documents", document, "contact"),
                                    tr('{number} is addressed to "{name}", who is not a contact of client {client} '
                                       'in {sheet}', book.language, number=document.number, name=document.contact,
                                       client=document.client_id, sheet=book.title("Contacts")),
                                    tr("add the person to {sheet} for this client, or correct the name",
                                       book.language, sheet=book.title("Contacts"))))
    return problems
