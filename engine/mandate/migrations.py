"""Versioned schema migrations of the mandate store: a list of numbered steps and a ``schema_migrations`` table.

Each step runs once, in its own transaction, on SQLite (local mandate) and on PostgreSQL (shared). On PostgreSQL the
owner (the DSN given to ``publish``) runs them; a subscriber's role may not change the schema, so it only checks that
the server's version is one this client knows. Step 1 also sets the access rules *in the database*: a group role
``comptoir_member`` with the least grants, and row-level security keeping each mandate role (``cm_<id>``) to its rows.

>>> [step.version for step in STEPS]
[1, 2]
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable

from sqlalchemy import Connection, Engine, inspect, select, text

from engine.errors import ComptoirError
from engine.mandate.tables import MANDATE_TABLES, METADATA, MIGRATIONS, PG_SCHEMA

MEMBER_ROLE = "comptoir_member"
# A row belongs to the connected mandate role: "cm_" + mandate id (engine.mandate.ticket.role_name).
_OWN_ROWS = "mandate_id = substr(current_user, 4)"
_GRANTS = {
    "mandates": "SELECT, UPDATE",
    "batches": "SELECT, INSERT, UPDATE",
    "entries": "SELECT, INSERT",
    "reference": "SELECT, INSERT, UPDATE, DELETE",
    "schema_migrations": "SELECT",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Step:
    version: int
    description: str
    apply: Callable[[Connection], None]


def _initial(conn: Connection) -> None:
    METADATA.create_all(conn, tables=list(MANDATE_TABLES))
    if conn.dialect.name != "postgresql":
        return
    conn.execute(text(f"""DO $$ BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{MEMBER_ROLE}') THEN
            CREATE ROLE {MEMBER_ROLE} NOLOGIN;
        END IF; END $$"""))
    conn.execute(text(f"REVOKE ALL ON SCHEMA {PG_SCHEMA} FROM PUBLIC"))
    conn.execute(text(f"GRANT USAGE ON SCHEMA {PG_SCHEMA} TO {MEMBER_ROLE}"))
    for table, privileges in _GRANTS.items():
        conn.execute(text(f"REVOKE ALL ON {PG_SCHEMA}.{table} FROM PUBLIC"))
        conn.execute(text(f"GRANT {privileges} ON {PG_SCHEMA}.{table} TO {MEMBER_ROLE}"))
    for table in MANDATE_TABLES:
        name = f"{PG_SCHEMA}.{table.name}"
        conn.execute(text(f"ALTER TABLE {name} ENABLE ROW LEVEL SECURITY"))
        conn.execute(text(f"ALTER TABLE {name} FORCE ROW LEVEL SECURITY"))
        conn.execute(text(f"CREATE POLICY own_mandate ON {name} TO {MEMBER_ROLE} "
                          f"USING ({_OWN_ROWS}) WITH CHECK ({_OWN_ROWS})"))


def _entry_period(conn: Connection) -> None:
    """Entries carry their période d'imputation (issue 17). A store made by step 1 of this version has it already."""
    schema = PG_SCHEMA if conn.dialect.name == "postgresql" else None
    if "period" in {c["name"] for c in inspect(conn).get_columns("entries", schema=schema)}:
        return
    table = f"{PG_SCHEMA}.entries" if schema else "entries"
    conn.execute(text(f"ALTER TABLE {table} ADD COLUMN period VARCHAR(500) NOT NULL DEFAULT ''"))


STEPS = (Step(version=1, description="mandates, batches, entries, reference; row-level security", apply=_initial),
         Step(version=2, description="entries.period (période d'imputation)", apply=_entry_period))
LATEST = STEPS[-1].version



def current_version(conn: Connection) -> int:
    """The highest step applied (0 on an empty database)."""
    schema = PG_SCHEMA if conn.dialect.name == "postgresql" else None
    if not inspect(conn).has_table(MIGRATIONS.name, schema=schema):
        return 0
    versions = conn.execute(select(MIGRATIONS.c.version)).scalars().all()
    return max(versions, default=0)


def migrate(engine: Engine) -> int:
    """Apply the missing steps (owner only); returns the version reached."""
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            # One migrator at a time on a shared server; released at commit.
            conn.execute(text("SELECT pg_advisory_xact_lock(7461023)"))
            conn.execute(text(f"CREATE SCHEMA IF NOT EXISTS {PG_SCHEMA}"))
        METADATA.create_all(conn, tables=[MIGRATIONS])
        done = current_version(conn)
        for step in STEPS:
            if step.version > done:
                step.apply(conn)
                conn.execute(MIGRATIONS.insert().values(version=step.version, description=step.description,
                                                        applied_at=datetime.now(timezone.utc)))
        return max(done, LATEST)


def check(conn: Connection, where: str) -> None:
    """Refuse a store whose schema this client does not know (a subscriber cannot migrate it)."""
    version = current_version(conn)
    if version == LATEST:
        return
    if version > LATEST:
        raise ComptoirError(f"{where}: the mandate store is at schema version {version}, this Comptoir knows {LATEST}",
                            "update Comptoir on this machine")
    raise ComptoirError(f"{where}: the mandate store is at schema version {version}, this Comptoir needs {LATEST}",
                        "ask the mandate owner to run `comptoir mandate upgrade --server DSN` with the current "
                        "Comptoir")
