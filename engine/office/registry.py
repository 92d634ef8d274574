"""The office's mandates: each client's books folder (the one holding its ``.comptoir/`` mandate link), the
invoicing book bank files go into, the ledger, and the bank drop folder. Only paths: the books stay where they are.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, insert, select, update

from engine.errors import BusinessRuleError
from engine.i18n import tr
from engine.mandate.connection import read_link
from engine.office.database import JOBS, MANDATES, Office


@dataclass(frozen=True, slots=True)
class Registered:
    id: int
    name: str
    folder: str
    invoicing: str
    ledger: str
    bank_folder: str | None
    shared: str | None

    def path(self, name: str) -> Path:
        """A book or folder of the mandate, absolute."""
        path = Path(name)
        return path if path.is_absolute() else Path(self.folder) / path


def add(office: Office, folder, *, name: str | None = None, invoicing: str | None = None,
        bank_folder: str | None = None) -> Registered:
    """Register the mandate whose link (``.comptoir/mandate.json``) is in ``folder``; the books must be there."""
    folder = Path(folder).resolve()
    link = read_link(folder)
    books = list(link.get("invoicing") or ())
    if invoicing is None and not books:
        raise BusinessRuleError(f"{folder}: the mandate links no invoicing book",
                                "give the book the bank files go into: --invoicing BOOK")
    chosen = _invoicing(folder, books, invoicing)
    ledger = link.get("ledger") or ""
    for what, book in (("invoicing", chosen), ("ledger", ledger)):
        path = Path(book) if Path(book).is_absolute() else folder / book
        if not book or not path.exists():
            raise BusinessRuleError(f"{folder}: the {what} book {book or '(none)'} is not there",
                                    "fix the mandate link (comptoir mandate create) or move the book back")
    if bank_folder is not None and not Path(bank_folder).is_dir():
        raise BusinessRuleError(f"bank folder {bank_folder} does not exist",
                                "create it (the bank's files are dropped there) or give another --bank")
    if bank_folder is None:
        _watched(Path(chosen) if Path(chosen).is_absolute() else folder / chosen)
    # the folder's name, not the company's the mandate link carries: the office database holds paths and counts,
    # never a client's names (audit of issue 20: "Menuiserie Favre SA" in office_mandates)
    name = " ".join((name or folder.name).split())[:200]
    row = dict(name=name, folder=str(folder), invoicing=str(chosen), ledger=str(ledger),
               bank_folder=str(Path(bank_folder).resolve()) if bank_folder else None,
               shared=link.get("server") or None if link.get("backend") == "postgresql" else None,
               added_at=time.time())
    with office.engine.begin() as conn:
        taken = conn.execute(select(MANDATES.c.name, MANDATES.c.folder).where(
            (MANDATES.c.name == name) | (MANDATES.c.folder == str(folder)))).first()
        if taken and taken.folder == str(folder):  # another --name would register the same books twice
            raise BusinessRuleError(tr("{folder} is already in the office as {name}", folder=str(folder),
                                       name=repr(taken.name)),
                                    tr("a folder is registered once; to change its bank folder or book, remove it "
                                       "(comptoir office remove {name}) and add it again", name=repr(taken.name)))
        if taken:
            raise BusinessRuleError(tr("the name {name} is taken by {folder}", name=repr(taken.name),
                                       folder=taken.folder),
                                    tr("give this mandate another name (--name)"))
        new_id = conn.execute(insert(MANDATES).values(**row)).inserted_primary_key[0]
    return Registered(id=new_id, **{k: v for k, v in row.items() if k != "added_at"})


def _invoicing(folder: Path, books: list, given: str | None) -> str:
    """The one invoicing book the night imports the bank files into and posts from. A mandate linking several (last
    year's book beside this year's, or one per activity) is refused without --invoicing: which book a statement
    belongs to is the fiduciary's choice, not the first one listed (audit of issue 20); a book given must be one
    the mandate links, else its batches would go to no mandate."""
    def resolved(book) -> Path:
        return (Path(book) if Path(book).is_absolute() else folder / book).resolve()
    if given is None:
        if len(books) > 1:
            raise BusinessRuleError(tr("{folder}: the mandate links {count} invoicing books ({books}); the office "
                                       "imports the bank files into one", folder=str(folder), count=len(books),
                                       books=", ".join(map(str, books))),
                                    tr("name it: comptoir office add FOLDER --invoicing BOOK (the book whose "
                                       "BankAccounts hold the accounts of the bank files)"))
        return books[0]
    if books and resolved(given) not in {resolved(b) for b in books}:
        raise BusinessRuleError(tr("{book} is not an invoicing book of the mandate in {folder} ({books})",
                                   book=str(given), folder=str(folder), books=", ".join(map(str, books))),
                                tr("give one of them, or link it to the mandate first (comptoir mandate create)"))
    return str(given)


def _watched(invoicing: Path) -> None:
    """Without --bank the night imports from the bank accounts' WatchFolder: refuse now rather than fail each night."""
    from engine.services.bank_import import watched_folders
    from engine.store.book import Book
    if not watched_folders(Book.open(invoicing, kind="invoicing")):
        raise BusinessRuleError(f"{invoicing}: no bank account has a WatchFolder, and no --bank folder was given",
                                "give the folder the bank files are dropped in (--bank DIR), or fill BankAccounts › "
                                "WatchFolder")


def listed(office: Office, mandate_id: int | None = None) -> list[Registered]:
    """Every registered mandate by name (or the one of ``mandate_id``)."""
    query = select(MANDATES).order_by(MANDATES.c.name)
    if mandate_id is not None:
        query = query.where(MANDATES.c.id == mandate_id)
    with office.engine.connect() as conn:
        rows = conn.execute(query).all()
    return [Registered(id=r.id, name=r.name, folder=r.folder, invoicing=r.invoicing, ledger=r.ledger,
                       bank_folder=r.bank_folder, shared=r.shared) for r in rows]


def remove(office: Office, name: str) -> Registered:
    """Take a mandate out of the office (its books are not touched); its jobs not yet done go too."""
    found = [m for m in listed(office) if m.name == name or str(m.id) == name]
    if not found:
        raise BusinessRuleError(f"no mandate {name!r} in the office", "see the names with comptoir office list")
    with office.engine.begin() as conn:
        conn.execute(delete(JOBS).where((JOBS.c.mandate == found[0].id) & JOBS.c.state.in_(("todo", "running"))))
        # its past nights keep its name and folder (jobs of a database made before they were kept lack them)
        conn.execute(update(JOBS).where((JOBS.c.mandate == found[0].id) & JOBS.c.name.is_(None))
                     .values(name=found[0].name, folder=found[0].folder))
        conn.execute(delete(MANDATES).where(MANDATES.c.id == found[0].id))
    return found[0]
