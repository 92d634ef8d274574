"""Opening a mandate: its SQLite file beside the books, or its PostgreSQL server through a ticket.

The link lives in ``<folder>/.comptoir/mandate.json`` (id, name, backend, server, book paths; never a secret). A
shared mandate's ticket is kept apart in ``.comptoir/ticket`` (mode 0600) — never in a workbook. This module and the
ones beside it are the only code that talks to a database (DESIGN.md).

>>> sqlite_url(Path("/tmp/x/.comptoir/mandate.sqlite"))
'sqlite:////tmp/x/.comptoir/mandate.sqlite'
"""
from __future__ import annotations

import json
import os
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.engine import URL, make_url

from engine.errors import BookError, ComptoirError
from engine.mandate.tables import PG_SCHEMA
from engine.mandate.ticket import Ticket

FOLDER = ".comptoir"
LINK = "mandate.json"
DATABASE = "mandate.sqlite"
TICKET_FILE = "ticket"
CONNECT_TIMEOUT = 5  # seconds: a server that does not answer is reported, not waited for
LOCK_TIMEOUT_MS = 30_000
# a mandate opened while this is set is read, never written: no schema upgrade, no WAL checkpoint, no publish (the
# office's check-only night, audit of issue 20: delta's mandate.sqlite changed bytes in a night that wrote nothing)
_READ_ONLY: ContextVar[bool] = ContextVar("mandate_read_only", default=False)


@contextmanager
def read_only() -> Iterator[None]:
    """Every mandate opened inside is opened read-only (SQLite ``mode=ro``; PostgreSQL read-only transactions)."""
    token = _READ_ONLY.set(True)
    try:
        yield
    finally:
        _READ_ONLY.reset(token)


def reading_only() -> bool:
    """Inside :func:`read_only`: whoever would write to a mandate (publish a ledger's state) leaves it be."""
    return _READ_ONLY.get()


class MandateError(ComptoirError):
    """The mandate store cannot be reached, refused access, or holds something this client cannot use."""


@dataclass(slots=True, kw_only=True)
class Mandate:
    """An open mandate: its id and name, where it lives, and the SQLAlchemy engine to reach it."""

    mandate_id: str
    name: str
    backend: str  # "sqlite" | "postgresql"
    engine: Engine
    folder: Path | None = None
    server: str = ""  # where, without the secret
    invoicing: tuple[str, ...] = ()
    ledger: str = ""
    dsn: URL | None = field(default=None, repr=False)

    @property
    def invoicing_paths(self) -> tuple[Path, ...]:
        """The invoicing books it links, absolute."""
        return tuple(book_path(self.folder, name) for name in self.invoicing)

    @property
    def ledger_path(self) -> Path | None:
        """The ledger book it links, absolute (None when it links none)."""
        return book_path(self.folder, self.ledger) if self.ledger else None

    @property
    def where(self) -> str:
        return self.server or (str(self.folder / FOLDER / DATABASE) if self.folder else "mandate store")

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Mandate":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def book_path(folder: Path | None, name: str) -> Path:
    """A book a mandate's link names, absolute: the link keeps it relative to the mandate's folder when it sits there
    (an absolute name stays as it is)."""
    path = Path(name)
    return path if path.is_absolute() else Path(folder or ".") / path


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def sqlite_engine(path: Path, read_only: bool = False) -> Engine:
    """SQLite in WAL mode where every transaction takes the write lock first (BEGIN IMMEDIATE), so two publishers or
    a publisher and a pull queue up instead of failing half-way with "database is locked". ``read_only``: opened
    ``mode=ro``, plain BEGIN, the journal mode left as it is — the file and its WAL are not written (a read-only
    connection never checkpoints), and a write is refused by SQLite itself."""
    if read_only:
        engine = create_engine(sqlite_url(path), creator=lambda: _sqlite_read_only(path))
    else:
        engine = create_engine(sqlite_url(path), connect_args={"timeout": LOCK_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_conn.cursor()
        if not read_only:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={LOCK_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:
        conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    return engine


def _sqlite_read_only(path: Path):
    import sqlite3
    return sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, timeout=LOCK_TIMEOUT_MS / 1000,
                           check_same_thread=False)


def postgres_url(dsn: str | URL) -> URL:
    """A DSN as people give it (``postgresql://user:pw@host:port/db``) made to use psycopg 3."""
    try:
        url = make_url(dsn) if isinstance(dsn, str) else dsn
    except exc.ArgumentError:
        raise MandateError(f"{dsn!r} is not a server address",
                           "write it as postgresql://USER:PASSWORD@HOST:PORT/DATABASE") from None
    if not url.drivername.startswith("postgres"):
        raise MandateError(f"{url.drivername}: only PostgreSQL servers can hold a shared mandate",
                           "write it as postgresql://USER:PASSWORD@HOST:PORT/DATABASE")
    return url.set(drivername="postgresql+psycopg")


def postgres_engine(url: URL) -> Engine:
    read_only = " -c default_transaction_read_only=on" if reading_only() else ""  # the server refuses any write
    return create_engine(
        url, pool_pre_ping=True,
        connect_args={"connect_timeout": CONNECT_TIMEOUT, "application_name": "comptoir",
                      "options": f"-c lock_timeout={LOCK_TIMEOUT_MS} -c statement_timeout={4 * LOCK_TIMEOUT_MS}"
                                 f"{read_only}"},
        execution_options={"schema_translate_map": {None: PG_SCHEMA}},
    )


def ticket_url(ticket: Ticket) -> URL:
    return URL.create("postgresql+psycopg", username=ticket.role, password=ticket.secret, host=ticket.host,
                      port=ticket.port, database=ticket.dbname)


def explain(error: BaseException, where: str) -> MandateError:
    """A database failure as a message that says what happened and what to do."""
    text = str(getattr(error, "orig", None) or error).strip().splitlines()[0] if str(error) else type(error).__name__
    low = text.lower()
    if "password authentication failed" in low or "role \"cm_" in low and "does not exist" in low \
            or "not permitted to log in" in low:
        return MandateError(f"{where}: the server refused this mandate's secret",
                            "the ticket is wrong or was revoked — ask the mandate owner for a new ticket")
    if "row-level security" in low or "permission denied" in low:
        return MandateError(f"{where}: the server refused access ({text})",
                            "this ticket does not give access to that data")
    if "timeout" in low or "timed out" in low or "canceling statement" in low:
        return MandateError(f"{where}: the server did not answer in time ({text})",
                            "check the network and retry; a publish is all-or-nothing, so retrying is safe")
    if "database is locked" in low:
        return MandateError(f"{where}: another Comptoir run holds the mandate ({text})", "retry in a moment")
    return MandateError(f"{where}: the connection to the mandate store failed ({text})",
                        "check that the server runs and is reachable, then retry; nothing half-done was kept")


@contextmanager
def guarded(mandate_or_where: "Mandate | str") -> Iterator[None]:
    """Turn driver errors (connection lost, refused, timeout) into a :class:`MandateError`."""
    where = mandate_or_where if isinstance(mandate_or_where, str) else mandate_or_where.where
    try:
        yield
    except (exc.OperationalError, exc.InterfaceError, exc.ProgrammingError, exc.InternalError) as error:
        raise explain(error, where) from error
    except exc.DBAPIError as error:
        if error.connection_invalidated:
            raise explain(error, where) from error
        raise


# --- the link files beside the books -------------------------------------------------------------------------

def store_folder(folder: Path) -> Path:
    return Path(folder) / FOLDER


def read_link(folder: Path) -> dict:
    path = store_folder(folder) / LINK
    if not path.exists():
        raise BookError(f"{folder}: no mandate here ({FOLDER}/{LINK} is missing)",
                        "create one with `comptoir mandate create` or attach with `comptoir mandate subscribe`")
    try:
        link = json.loads(path.read_text(encoding="utf-8"))
        link["id"], link["backend"]  # noqa: B018 - presence check
    except (ValueError, KeyError, TypeError):
        raise BookError(f"{path}: the mandate link is damaged", "restore it or subscribe again") from None
    return link


def write_link(folder: Path, link: dict) -> None:
    """Atomic, so a crash never leaves half a link."""
    target = store_folder(folder)
    target.mkdir(parents=True, exist_ok=True)
    tmp = target / (LINK + ".tmp")
    tmp.write_text(json.dumps(link, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, target / LINK)


def write_ticket(folder: Path, ticket_text: str) -> None:
    target = store_folder(folder) / TICKET_FILE
    fd = os.open(target.with_suffix(".tmp"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as stream:
        stream.write(ticket_text + "\n")
    os.replace(target.with_suffix(".tmp"), target)


def read_ticket(folder: Path) -> str:
    path = store_folder(folder) / TICKET_FILE
    if not path.exists():
        raise BookError(f"{path} is missing: this folder's shared mandate has no ticket",
                        "run `comptoir mandate subscribe TICKET` here again")
    return path.read_text(encoding="utf-8").strip()
