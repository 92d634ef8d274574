"""Creating and opening mandates: local (SQLite in ``.comptoir/`` beside the books) or shared (PostgreSQL, ticket).

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as folder:
...     with create_local(folder, "Atelier Dupont", invoicing=["ventes.xlsx"], ledger="compta.xlsx") as m:
...         created = (m.name, m.backend, len(m.mandate_id))
...     with open_book(Path(folder) / "compta.xlsx") as again:
...         reopened = again.name
...         ledger = again.ledger_path == find_folder(folder) / "compta.xlsx"
...     books = invoicing_paths(Path(folder) / "compta.xlsx") == (find_folder(folder) / "ventes.xlsx",)
>>> created, reopened, ledger, books
(('Atelier Dupont', 'sqlite', 32), 'Atelier Dupont', True, True)
"""
from __future__ import annotations

import uuid
from datetime import datetime, timezone
from os import PathLike
from pathlib import Path

from sqlalchemy import select

from engine.errors import BusinessRuleError
from engine.mandate import migrations, ticket as tickets
from engine.mandate.connection import (DATABASE, Mandate, MandateError, book_path, guarded, postgres_engine,
                                       read_link, read_ticket, reading_only, sqlite_engine, store_folder, ticket_url,
                                       write_link)
from engine.mandate.tables import MANDATES

MAX_NAME = 200


def _clean_name(name: str) -> str:
    name = " ".join(str(name or "").split())
    if not name or len(name) > MAX_NAME:
        raise BusinessRuleError(f"mandate name {name!r} is not usable", f"give 1 to {MAX_NAME} characters")
    return name


def _relative(folder: Path, book: str | PathLike | None) -> str:
    """Books are linked relative to the folder when they sit in it, so the folder can move."""
    if not book:
        return ""
    path = Path(book)
    try:
        return str(path.resolve().relative_to(folder.resolve())) if path.is_absolute() else str(path)
    except ValueError:
        return str(path.resolve())


def create_local(folder: str | PathLike, name: str, invoicing=(), ledger: str | PathLike | None = None) -> Mandate:
    """A new local mandate: ``<folder>/.comptoir/mandate.sqlite`` and its link file."""
    folder = Path(folder)
    if (store_folder(folder) / "mandate.json").exists():
        raise BusinessRuleError(f"{folder}: a mandate already exists here",
                                "open it with `comptoir mandate status`, or choose another folder")
    name = _clean_name(name)
    invoicing = [invoicing] if isinstance(invoicing, (str, PathLike)) else list(invoicing)
    store_folder(folder).mkdir(parents=True, exist_ok=True)
    mandate_id = uuid.uuid4().hex
    engine = sqlite_engine(store_folder(folder) / DATABASE)
    with guarded(str(folder)):
        migrations.migrate(engine)
        with engine.begin() as conn:
            conn.execute(MANDATES.insert().values(mandate_id=mandate_id, name=name, next_seq=1, revision=0,
                                                  created_at=datetime.now(timezone.utc)))
    link = {"format": 1, "id": mandate_id, "name": name, "backend": "sqlite", "server": "",
            "invoicing": [_relative(folder, b) for b in invoicing], "ledger": _relative(folder, ledger)}
    write_link(folder, link)
    return _mandate(link, folder, engine)


def _mandate(link: dict, folder: Path | None, engine, server: str = "", url=None) -> Mandate:
    return Mandate(mandate_id=link["id"], name=link.get("name", ""), backend=link["backend"], engine=engine,
                   folder=folder, server=server, invoicing=tuple(link.get("invoicing", ())),
                   ledger=link.get("ledger", ""), dsn=url)


def open_ticket(ticket_text: str, folder: Path | None = None, link: dict | None = None) -> Mandate:
    """Connect with a ticket; the server checks the secret (a wrong or revoked one gets a clear error)."""
    ticket = tickets.parse(ticket_text)
    url = ticket_url(ticket)
    engine = postgres_engine(url)
    where = f"server {ticket.server}"
    try:
        with guarded(where), engine.connect() as conn:
            migrations.check(conn, where)
            row = conn.execute(select(MANDATES.c.name).where(MANDATES.c.mandate_id == ticket.mandate_id)).first()
    except BaseException:
        engine.dispose()
        raise
    if row is None:
        engine.dispose()
        raise MandateError(f"{where}: mandate {ticket.mandate_id} is not there",
                           "the ticket is wrong or the mandate was removed — ask the owner for a new ticket")
    link = dict(link or {}, id=ticket.mandate_id, name=row.name, backend="postgresql", server=ticket.server)
    return _mandate(link, folder, engine, server=where, url=url)


def open_folder(folder: str | PathLike) -> Mandate:
    """The mandate whose ``.comptoir/`` sits in ``folder``."""
    folder = Path(folder)
    link = read_link(folder)
    if link["backend"] == "postgresql":
        return open_ticket(read_ticket(folder), folder, link)
    path = store_folder(folder) / DATABASE
    if not path.exists():
        raise MandateError(f"{path} is missing", "restore it from a backup, or create the mandate again")
    read_only = reading_only()
    engine = sqlite_engine(path, read_only=read_only)
    with guarded(str(path)):
        if not read_only:
            migrations.migrate(engine)  # a local store is this machine's own: brought up to this version's schema
        with engine.connect() as conn:
            migrations.check(conn, str(path))
    return _mandate(link, folder, engine)


def find_folder(path: str | PathLike) -> Path:
    """The folder holding the ``.comptoir/`` of a book (or of a folder), searching upwards."""
    start = Path(path).resolve()
    start = start if start.is_dir() else start.parent
    for candidate in (start, *start.parents):
        if (store_folder(candidate) / "mandate.json").exists():
            return candidate
    raise MandateError(f"{path}: no mandate found beside it (no .comptoir/mandate.json here or above)",
                       "create one with `comptoir mandate create --invoicing BOOK --ledger BOOK`")


def invoicing_paths(path: str | PathLike) -> tuple[Path, ...]:
    """The invoicing books of the mandate of a book (or folder), absolute, read from its link alone: no store is
    opened, so a shared mandate's server is not asked. Raises a ComptoirError where there is no mandate."""
    folder = find_folder(path)
    return tuple(book_path(folder, name) for name in read_link(folder).get("invoicing", ()))


def open_book(path: str | PathLike) -> Mandate:
    """The mandate of a book (or folder): what the posting and the ledger pull call."""
    return open_folder(find_folder(path))
