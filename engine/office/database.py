"""The office database: the registry of mandates and the queue of nightly jobs, on SQLite (one machine) or
PostgreSQL (several machines). It holds paths and counts only — never a client's names, amounts or texts: what a
mandate's run found is written beside its books (``.comptoir/office/NIGHT.json``) and the database keeps its path.

Times are the database's clock (``now()`` below), so workers on machines whose clocks differ agree on when a lease
has run out.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import (
    Column,
    Engine,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    event,
    exc,
    literal_column,
    text,
)

from engine.errors import ComptoirError
from engine.mandate.connection import explain, postgres_url, sqlite_engine

DEFAULT = "office.sqlite"
ENV = "COMPTOIR_OFFICE"  # the database to use when --database is not given (a DSN keeps its password out of ps)

META = MetaData()

MANDATES = Table(
    "office_mandates", META,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("folder", Text, nullable=False),  # where the books and their .comptoir/ are
    Column("invoicing", Text, nullable=False),  # the invoicing book the bank files go into
    Column("ledger", Text, nullable=False),
    Column("bank_folder", Text),  # None: each bank account's WatchFolder (BankAccounts)
    Column("shared", Text),  # the shared mandate's server (no secret), or None for a local one
    Column("added_at", Float, nullable=False),
)

JOBS = Table(
    "office_jobs", META,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("night", String(40), nullable=False),
    Column("mandate", Integer, nullable=False),  # office_mandates.id (a removed mandate's jobs stay as history)
    Column("state", String(10), nullable=False),  # todo | running | done | failed
    Column("lease_until", Float),  # epoch seconds by the database's clock
    Column("worker", String(120)),  # host:pid that holds or last held it
    Column("attempts", Integer, nullable=False, default=0),
    Column("started_at", Float),
    Column("finished_at", Float),
    Column("counts", Text),  # JSON of numbers only
    Column("details", Text),  # path of the findings file beside the books
    Column("error", Text),  # why it failed: the kind of failure and the findings file, never client data
    # the mandate as it was registered that night: its report stays what it was after `office remove` (audit of
    # issue 20: a removed mandate vanished from the past nights' reports, their tallies still counting it)
    Column("name", String(200)),
    Column("folder", Text),
    UniqueConstraint("night", "mandate", name="office_jobs_night_mandate"),
)


@dataclass(slots=True)
class Office:
    engine: Engine
    where: str  # for messages: the file, or the server without its password

    @property
    def postgres(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    def now(self):
        """The database's clock as epoch seconds (an SQL expression)."""
        if self.postgres:
            return literal_column("extract(epoch from clock_timestamp())")
        return literal_column("((julianday('now') - 2440587.5) * 86400.0)")

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Office:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def resolve(database: str | None) -> str:
    return database or os.environ.get(ENV) or DEFAULT


def open_office(database: str | None = None) -> Office:
    """The office database at ``database`` (a file path or ``postgresql://…``), its tables created if missing."""
    database = resolve(database)
    if "://" in database:
        from sqlalchemy import create_engine
        url = postgres_url(database)
        engine = create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 5,
                                                                       "application_name": "comptoir-office"})
        where = url.render_as_string(hide_password=True)
    else:
        path = Path(database)
        if not path.parent.exists():
            raise ComptoirError(f"{path.parent} does not exist: no office database can be made there",
                                "create the folder, or give --database another path")
        engine, where = sqlite_engine(path), str(path)
    office = Office(engine, where)
    try:
        _create(office)
    except (exc.OperationalError, exc.InterfaceError, exc.ProgrammingError) as error:
        engine.dispose()
        raise explain(error, f"office database {where}") from error
    return office


def _create(office: Office) -> None:
    with office.engine.begin() as conn:
        if office.postgres:  # several machines starting at once: one creates the tables, the others wait
            conn.execute(text("SELECT pg_advisory_xact_lock(20202020)"))
        META.create_all(conn, checkfirst=True)
        _add_columns(conn)


def _add_columns(conn) -> None:
    """The columns a database made by an earlier Comptoir lacks (a job's mandate name and folder), added empty: its
    past jobs take them from the mandate until it is removed (office remove fills them in first)."""
    from sqlalchemy import inspect
    have = {column["name"] for column in inspect(conn).get_columns(JOBS.name)}
    for column in JOBS.columns:
        if column.name not in have:
            kind = column.type.compile(dialect=conn.dialect)
            conn.execute(text(f"ALTER TABLE {JOBS.name} ADD COLUMN {column.name} {kind}"))


@event.listens_for(JOBS, "after_create")
def _index(target, connection, **kw) -> None:
    connection.execute(text("CREATE INDEX IF NOT EXISTS office_jobs_queue ON office_jobs (night, state)"))
