"""The mandate store's tables (SQLAlchemy Core 2), one definition for SQLite and PostgreSQL.

Every row carries its ``mandate_id``: on PostgreSQL, row-level security compares it with the connected role, so one
mandate's secret never opens another's rows. Amounts are exact: ``NUMERIC(18,2)`` on PostgreSQL, text on SQLite
(whose NUMERIC would go through a float).

>>> sorted(METADATA.tables)
['batches', 'entries', 'mandates', 'reference', 'schema_migrations']
>>> Money().process_bind_param(Decimal("1081.10"), _SqliteDialect())
'1081.10'
"""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import (BigInteger, Column, Date, DateTime, ForeignKeyConstraint, Index, Integer, MetaData, Numeric,
                        PrimaryKeyConstraint, String, Table, Text)
from sqlalchemy.dialects.sqlite import dialect as _SqliteDialect
from sqlalchemy.types import TypeDecorator

PG_SCHEMA = "comptoir"  # on PostgreSQL the tables live in their own schema (schema_translate_map)


class Money(TypeDecorator):
    """A Decimal amount stored exactly: NUMERIC on PostgreSQL, TEXT on SQLite."""

    impl = String(40)
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name == "postgresql":
            return dialect.type_descriptor(Numeric(18, 2, asdecimal=True))
        return dialect.type_descriptor(String(40))

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        return Decimal(value) if dialect.name == "postgresql" else str(value)

    def process_result_value(self, value, dialect):
        return None if value is None else Decimal(value)


METADATA = MetaData()
_TZ = DateTime(timezone=True)

MANDATES = Table(
    "mandates", METADATA,
    Column("mandate_id", String(32), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("created_at", _TZ, nullable=False),
    # The next global entry number: publishers take a range under the row lock, so two never collide.
    Column("next_seq", BigInteger, nullable=False, default=1),
    # Bumped by every publish / withdraw / reference change: what a polling watcher compares.
    Column("revision", BigInteger, nullable=False, default=0),
)

BATCHES = Table(
    "batches", METADATA,
    Column("mandate_id", String(32), nullable=False),
    Column("batch_id", String(80), nullable=False),
    Column("source", String(500), nullable=False),
    Column("session", Integer, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("created_at", _TZ, nullable=False),
    Column("publisher", String(200), nullable=False),
    Column("status", String(20), nullable=False),
    Column("status_at", _TZ, nullable=False),
    Column("digest", String(64), nullable=False),
    Column("entry_count", Integer, nullable=False),
    Column("first_seq", BigInteger, nullable=False),
    PrimaryKeyConstraint("mandate_id", "batch_id"),
    ForeignKeyConstraint(["mandate_id"], ["mandates.mandate_id"]),
    Index("batches_waiting", "mandate_id", "status"),
)

ENTRIES = Table(
    "entries", METADATA,
    Column("mandate_id", String(32), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("batch_id", String(80), nullable=False),
    Column("date", Date, nullable=False),
    Column("voucher", String(500), nullable=False),
    Column("debit", String(500), nullable=False),
    Column("credit", String(500), nullable=False),
    Column("amount", Money, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("vat_code", String(500), nullable=False),
    Column("vat_amount", Money, nullable=False),
    Column("analytic_code", String(500), nullable=False),
    Column("label", String(500), nullable=False),
    Column("grp", String(500), nullable=False),  # "group" is an SQL keyword
    Column("reference", String(500), nullable=False),
    Column("source_id", String(500), nullable=False),
    # added by migration step 2: the période d'imputation, "" when the entry counts in the month of its date
    Column("period", String(500), nullable=False, server_default=""),
    PrimaryKeyConstraint("mandate_id", "seq"),
    ForeignKeyConstraint(["mandate_id", "batch_id"], ["batches.mandate_id", "batches.batch_id"]),
    Index("entries_batch", "mandate_id", "batch_id"),
)

REFERENCE = Table(
    "reference", METADATA,
    Column("mandate_id", String(32), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("payload", Text, nullable=False),  # JSON rows (exact strings for Decimal and dates)
    Column("published_at", _TZ, nullable=False),
    PrimaryKeyConstraint("mandate_id", "kind"),
    ForeignKeyConstraint(["mandate_id"], ["mandates.mandate_id"]),
)

MIGRATIONS = Table(
    "schema_migrations", METADATA,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("description", String(200), nullable=False),
    Column("applied_at", _TZ, nullable=False),
)

MANDATE_TABLES = (MANDATES, BATCHES, ENTRIES, REFERENCE)
