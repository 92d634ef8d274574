"""The mandate: posting batches and ledger reference data exchanged between books (DESIGN.md "The mandate").

Local on SQLite in ``.comptoir/`` beside the books, shared on PostgreSQL through a ticket; one code path
(SQLAlchemy Core 2, psycopg 3). Posting publishes batches; the ledger pulls them exactly once; the ledger publishes
its accounts, VAT codes, analytic codes and periods back. See the modules for the details:
:mod:`.model` (values), :mod:`.store` (create/open), :mod:`.batches` (publish/pull), :mod:`.reference`,
:mod:`.watch` (status/notifications), :mod:`.shared` (publish/subscribe/revoke), :mod:`.ticket`.
"""
from engine.mandate.batches import (acknowledge, entries_of, publish_batch, pull, waiting_batches,
                                    withdraw_batch)
from engine.mandate.connection import Mandate, MandateError, read_only, reading_only
from engine.mandate.model import Batch, Entry, Reference
from engine.mandate.reference import publish_reference, reference
from engine.mandate.shared import publish, revoke, subscribe, upgrade
from engine.mandate.store import create_local, find_folder, invoicing_paths, open_book, open_folder, open_ticket
from engine.mandate.watch import Status, status, watch

__all__ = [
    "Batch", "Entry", "Mandate", "MandateError", "Reference", "Status", "acknowledge", "create_local",
    "entries_of", "find_folder", "invoicing_paths", "open_book", "open_folder", "open_ticket", "publish",
    "publish_batch", "publish_reference", "pull", "read_only", "reading_only", "reference", "revoke", "status",
    "subscribe", "upgrade", "waiting_batches", "watch", "withdraw_batch",
]
