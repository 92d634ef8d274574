"""Sharing a mandate on PostgreSQL: ``publish`` (owner), ``subscribe`` (another machine), ``revoke`` (owner).

Access is enforced by the server, not by this client: each mandate gets its own login role ``cm_<id>`` whose
password is the ticket's secret, member of ``comptoir_member`` (least grants) and held by row-level security to the
rows of its mandate (:mod:`engine.mandate.migrations`). A wrong or revoked secret cannot log in; one mandate's secret
reads nothing of another. The owner's DSN (a role that may create roles) is never written anywhere.

>>> len(new_secret()) >= 43
True
"""
from __future__ import annotations

import os
import secrets
from os import PathLike
from pathlib import Path

from psycopg import sql
from sqlalchemy import Connection, select, text

from engine.errors import BusinessRuleError
from engine.mandate import migrations, ticket as tickets
from engine.mandate.connection import (DATABASE, Mandate, MandateError, guarded, postgres_engine, postgres_url,
                                       read_link, store_folder, write_link, write_ticket)
from engine.mandate.store import _relative, open_ticket
from engine.mandate.tables import BATCHES, ENTRIES, MANDATES, REFERENCE
from engine.mandate.ticket import Ticket

_COPY_CHUNK = 5_000


def new_secret() -> str:
    """256 random bits, URL-safe: the role's password and the ticket's secret."""
    return secrets.token_urlsafe(32)


def _ddl(conn: Connection, template: str, role: str, secret: str | None = None) -> None:
    """Role DDL takes no bind parameters: compose it with psycopg's quoting, never by string pasting."""
    parts = {"role": sql.Identifier(role), "member": sql.Identifier(migrations.MEMBER_ROLE)}
    if secret is not None:
        parts["secret"] = sql.Literal(secret)
    driver = conn.connection.driver_connection
    conn.exec_driver_sql(sql.SQL(template).format(**parts).as_string(driver))


def _role_exists(conn: Connection, role: str) -> bool:
    return conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first() is not None


def _ticket(url, mandate_id: str, secret: str, host: str | None) -> str:
    return tickets.build(Ticket(mandate_id=mandate_id, host=host or url.host or "localhost", port=url.port or 5432,
                                dbname=url.database or "postgres", secret=secret))


def _copy(source: Connection, target: Connection, mandate_id: str) -> None:
    for table in (MANDATES, BATCHES, ENTRIES, REFERENCE):
        rows = source.execute(select(table).where(table.c.mandate_id == mandate_id)).mappings()
        while chunk := rows.fetchmany(_COPY_CHUNK):
            target.execute(table.insert(), [dict(r) for r in chunk])


def publish(local: Mandate, dsn: str, ticket_host: str | None = None) -> str:
    """Copy a local mandate to the PostgreSQL server ``dsn`` (its owner's login); returns the ticket.

    All or nothing: the role, its grant and every row are created in one transaction; the local folder then links to
    the server and keeps the SQLite file as ``mandate.sqlite.published``."""
    if local.backend != "sqlite" or local.folder is None:
        raise BusinessRuleError(f"mandate {local.name!r} is already shared on {local.where}",
                                "to give someone access, hand them its ticket; to change it, use `revoke`")
    url = postgres_url(dsn)
    where = f"server {url.host or 'localhost'}:{url.port or 5432}/{url.database}"
    role = tickets.role_name(local.mandate_id)
    secret = new_secret()
    admin = postgres_engine(url)
    try:
        with guarded(where):
            migrations.migrate(admin)
            with admin.begin() as target, local.engine.connect() as source:
                if _role_exists(target, role) or target.execute(
                        select(MANDATES.c.mandate_id).where(MANDATES.c.mandate_id == local.mandate_id)).first():
                    raise BusinessRuleError(f"{where}: mandate {local.mandate_id} is already published there",
                                            "run `comptoir mandate revoke` on the server to issue a new ticket")
                _ddl(target, "CREATE ROLE {role} LOGIN PASSWORD {secret} NOSUPERUSER NOCREATEDB NOCREATEROLE "
                             "NOREPLICATION NOBYPASSRLS INHERIT IN ROLE {member}", role, secret)
                _copy(source, target, local.mandate_id)
    finally:
        admin.dispose()
    ticket_text = _ticket(url, local.mandate_id, secret, ticket_host)
    folder = local.folder
    link = read_link(folder)
    local.close()
    database = store_folder(folder) / DATABASE
    for suffix in ("", "-wal", "-shm"):
        old = database.with_name(DATABASE + suffix)
        if old.exists():
            os.replace(old, old.with_name(DATABASE + ".published" + suffix))
    write_ticket(folder, ticket_text)
    write_link(folder, dict(link, backend="postgresql", server=tickets.parse(ticket_text).server))
    return ticket_text


def subscribe(ticket_text: str, folder: str | PathLike, invoicing=(), ledger: str | PathLike | None = None) -> Mandate:
    """Attach this machine's books in ``folder`` to a shared mandate; the server checks the ticket first."""
    folder = Path(folder)
    ticket = tickets.parse(ticket_text)
    previous = None
    if (store_folder(folder) / "mandate.json").exists():
        previous = read_link(folder)
        if previous["id"] != ticket.mandate_id:
            raise BusinessRuleError(f"{folder}: already linked to mandate {previous.get('name')!r}",
                                    "subscribe from another folder, or remove its .comptoir folder first")
    invoicing = [invoicing] if isinstance(invoicing, (str, PathLike)) else list(invoicing)
    link = {"format": 1, "id": ticket.mandate_id, "backend": "postgresql", "server": ticket.server,
            "invoicing": [_relative(folder, b) for b in invoicing] or (previous or {}).get("invoicing", []),
            "ledger": _relative(folder, ledger) or (previous or {}).get("ledger", "")}
    mandate = open_ticket(ticket_text, folder, link)
    # .comptoir/ is made only once the server accepted the ticket: a refused subscribe leaves no empty folder behind.
    store_folder(folder).mkdir(parents=True, exist_ok=True)
    write_ticket(folder, ticket_text)
    write_link(folder, dict(link, name=mandate.name))
    mandate.invoicing, mandate.ledger = tuple(link["invoicing"]), link["ledger"]
    return mandate


def upgrade(dsn: str) -> int:
    """Bring the server's mandate store to this version's schema (the owner's login; a subscriber's role may not
    change it); returns the version reached. Run again, it changes nothing."""
    url = postgres_url(dsn)
    admin = postgres_engine(url)
    try:
        with guarded(f"server {url.host or 'localhost'}:{url.port or 5432}/{url.database}"):
            return migrations.migrate(admin)
    finally:
        admin.dispose()


def revoke(dsn: str, mandate_id: str, reissue: bool = True, ticket_host: str | None = None) -> str | None:
    """Invalidate a mandate's secret and close its sessions; returns a new ticket (or None: nobody gets in)."""
    url = postgres_url(dsn)
    where = f"server {url.host or 'localhost'}:{url.port or 5432}/{url.database}"
    role = tickets.role_name(mandate_id)
    admin = postgres_engine(url)
    try:
        with guarded(where), admin.begin() as conn:
            if not _role_exists(conn, role):
                raise MandateError(f"{where}: mandate {mandate_id} is not published there",
                                   "check the mandate id (`comptoir mandate status` shows it)")
            secret = new_secret() if reissue else None
            if secret:
                _ddl(conn, "ALTER ROLE {role} LOGIN PASSWORD {secret}", role, secret)
            else:
                _ddl(conn, "ALTER ROLE {role} NOLOGIN PASSWORD NULL", role)
            conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = :r"),
                         {"r": role})
    finally:
        admin.dispose()
    return _ticket(url, mandate_id, secret, ticket_host) if secret else None
