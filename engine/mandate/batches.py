"""Publishing posting batches into a mandate and pulling them into the ledger, each exactly once.

Publishers lock their mandate's row while they take a range of global entry numbers, so two invoicing books posting
at once both arrive, numbered without collision. A pull reads the waiting batches (new → import, withdrawn →
remove); an acknowledgement moves each one on *only from the status that was pulled*, so a batch withdrawn between
the pull and the acknowledgement stays waiting and is removed on the next pull. :func:`pull` does both in one
transaction (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, ``BEGIN IMMEDIATE`` on SQLite).

>>> import tempfile
>>> from datetime import date
>>> from engine.mandate.store import create_local
>>> e = Entry(date=date(2025, 1, 31), debit="1100", credit="3200", amount="540.00", label="Invoice 7")
>>> with tempfile.TemporaryDirectory() as folder, create_local(folder, "Demo") as m:
...     first = publish_batch(m, Batch(batch_id="s-1", source="ventes.xlsx", session=1, entries=(e, e)))
...     again = publish_batch(m, Batch(batch_id="s-1", source="ventes.xlsx", session=1, entries=(e, e)))
...     with pull(m) as batches:
...         pulled = [(b.batch_id, b.action, [x.seq for x in b.entries]) for b in batches]
...     after = waiting_batches(m)
>>> first.status, again.status, pulled, after
('pending', 'pending', [('s-1', 'import', [1, 2])], [])
"""
from __future__ import annotations

import getpass
import socket
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import Iterable, Iterator

from sqlalchemy import Connection, func, select, text, update

from engine.errors import BusinessRuleError
from engine.mandate.connection import Mandate, guarded
from engine.mandate.model import ACKNOWLEDGED, IMPORTED, PENDING, WITHDRAWN, Batch, Entry
from engine.mandate.tables import BATCHES, ENTRIES, MANDATES

WAITING = (PENDING, WITHDRAWN)


def default_publisher() -> str:
    """``user@host``: who published, shown by ``comptoir mandate status``."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown"
    return f"{user}@{socket.gethostname()}"[:200]


def _lock_mandate(conn: Connection, mandate: Mandate):
    row = conn.execute(select(MANDATES.c.next_seq, MANDATES.c.revision)
                       .where(MANDATES.c.mandate_id == mandate.mandate_id).with_for_update()).first()
    if row is None:
        raise BusinessRuleError(f"{mandate.where}: mandate {mandate.mandate_id} is not in its store",
                                "open the mandate again, or subscribe again with a fresh ticket")
    return row


def _changed(conn: Connection, mandate: Mandate, revision: int, **values) -> None:
    conn.execute(update(MANDATES).where(MANDATES.c.mandate_id == mandate.mandate_id)
                 .values(revision=revision + 1, **values))
    if conn.dialect.name == "postgresql":
        # Delivered at commit, so a watcher never hears of a batch it cannot read yet.
        conn.execute(text("SELECT pg_notify(:channel, :payload)"),
                     {"channel": f"cm_{mandate.mandate_id}", "payload": str(revision + 1)})


def _stored(conn: Connection, mandate: Mandate, batch_id: str):
    return conn.execute(select(BATCHES).where(BATCHES.c.mandate_id == mandate.mandate_id,
                                              BATCHES.c.batch_id == batch_id)).first()


def publish_batch(mandate: Mandate, batch: Batch, publisher: str | None = None) -> Batch:
    """Store a batch once (same id and content again: nothing changes; other content, or after a withdrawal: the
    new entries replace the old and the batch waits to be pulled again); returns it as stored."""
    if not batch.entries:
        raise BusinessRuleError(f"batch {batch.batch_id} has no entries", "post at least one document")
    digest = batch.digest()
    now = datetime.now(timezone.utc)
    with guarded(mandate), mandate.engine.begin() as conn:
        lock = _lock_mandate(conn, mandate)
        existing = _stored(conn, mandate, batch.batch_id)
        if existing is not None:
            if existing.digest == digest and existing.status in (PENDING, IMPORTED):
                return _batch(existing, ())
            # Re-posted (bank pending, repost-all): the same batch id replaces its rows, as in the ledger's Journal
            # directly; the pull imports it again and replaces the rows there, so no road loses entries. Entries
            # stay append-only (members may not delete them): the batch row points at the new ones (first_seq).
            first = lock.next_seq
            conn.execute(update(BATCHES).where(BATCHES.c.mandate_id == mandate.mandate_id,
                                               BATCHES.c.batch_id == batch.batch_id)
                         .values(source=batch.source, session=batch.session, kind=batch.kind, status=PENDING,
                                 status_at=now, digest=digest, entry_count=len(batch.entries), first_seq=first))
            conn.execute(ENTRIES.insert(), [_entry_row(mandate, batch.batch_id, first + i, e)
                                            for i, e in enumerate(batch.entries)])
            _changed(conn, mandate, lock.revision, next_seq=first + len(batch.entries))
            return _batch(_stored(conn, mandate, batch.batch_id), ())
        first = lock.next_seq
        row = dict(mandate_id=mandate.mandate_id, batch_id=batch.batch_id, source=batch.source,
                   session=batch.session, kind=batch.kind, created_at=now,
                   publisher=(publisher or default_publisher())[:200], status=PENDING, status_at=now,
                   digest=digest, entry_count=len(batch.entries), first_seq=first)
        conn.execute(BATCHES.insert().values(**row))
        conn.execute(ENTRIES.insert(), [_entry_row(mandate, batch.batch_id, first + i, e)
                                        for i, e in enumerate(batch.entries)])
        _changed(conn, mandate, lock.revision, next_seq=first + len(batch.entries))
    return _batch(_Row(row), ())


def withdraw_batch(mandate: Mandate, batch_id: str) -> Batch:
    """Unpost: the ledger removes the batch's entries on its next pull. Withdrawing twice is harmless."""
    now = datetime.now(timezone.utc)
    with guarded(mandate), mandate.engine.begin() as conn:
        lock = _lock_mandate(conn, mandate)
        existing = _stored(conn, mandate, batch_id)
        if existing is None:
            raise BusinessRuleError(f"batch {batch_id!r} is not in mandate {mandate.name!r}",
                                    "check the batch id in the PostingSessions sheet")
        if existing.status not in (PENDING, IMPORTED):
            return _batch(existing, ())
        conn.execute(update(BATCHES).where(BATCHES.c.mandate_id == mandate.mandate_id,
                                           BATCHES.c.batch_id == batch_id)
                     .values(status=WITHDRAWN, status_at=now))
        _changed(conn, mandate, lock.revision)
        return _batch(_stored(conn, mandate, batch_id), ())


def _select_waiting(conn: Connection, mandate: Mandate, lock: bool, with_entries: bool) -> list[Batch]:
    query = (select(BATCHES).where(BATCHES.c.mandate_id == mandate.mandate_id, BATCHES.c.status.in_(WAITING))
             .order_by(BATCHES.c.first_seq))
    if lock:
        query = query.with_for_update(skip_locked=True)
    rows = conn.execute(query).all()
    entries: dict[str, list[Entry]] = {row.batch_id: [] for row in rows}
    if with_entries and rows:
        found = conn.execute(select(ENTRIES).where(ENTRIES.c.mandate_id == mandate.mandate_id,
                                                   ENTRIES.c.batch_id.in_(list(entries)))
                             .order_by(ENTRIES.c.seq))
        first_seq = {row.batch_id: row.first_seq for row in rows}
        for e in found:
            if e.seq >= first_seq[e.batch_id]:  # older entries belong to a replaced publication of the batch
                entries[e.batch_id].append(_entry(e))
    return [_batch(row, entries[row.batch_id]) for row in rows]


def waiting_batches(mandate: Mandate, with_entries: bool = True) -> list[Batch]:
    """The batches the ledger must apply, oldest first: ``action`` says import (new) or remove (withdrawn)."""
    with guarded(mandate), mandate.engine.begin() as conn:
        return _select_waiting(conn, mandate, lock=False, with_entries=with_entries)


def _acknowledge(conn: Connection, mandate: Mandate, pulled: Iterable[Batch | str]) -> int:
    now = datetime.now(timezone.utc)
    done = 0
    for item in pulled:
        if isinstance(item, Batch):
            batch_id, seen = item.batch_id, item.status
        else:  # a bare id: acknowledge whatever waits now (the caller vouches it applied that)
            batch_id = str(item)
            row = _stored(conn, mandate, batch_id)
            seen = row.status if row is not None else ""
        if seen not in ACKNOWLEDGED:
            continue
        result = conn.execute(update(BATCHES).where(BATCHES.c.mandate_id == mandate.mandate_id,
                                                    BATCHES.c.batch_id == batch_id, BATCHES.c.status == seen)
                              .values(status=ACKNOWLEDGED[seen], status_at=now))
        done += result.rowcount
    return done


def acknowledge(mandate: Mandate, pulled: Iterable[Batch | str]) -> int:
    """Mark pulled batches applied (new → imported, withdrawn → removed); returns how many moved on.

    Pass the :class:`Batch` values :func:`waiting_batches` returned: each moves on only from the status pulled."""
    with guarded(mandate), mandate.engine.begin() as conn:
        return _acknowledge(conn, mandate, pulled)


@contextmanager
def pull(mandate: Mandate, with_entries: bool = True) -> Iterator[list[Batch]]:
    """Waiting batches, locked; acknowledged when the block ends without error, left waiting if it raises."""
    with guarded(mandate), mandate.engine.begin() as conn:
        batches = _select_waiting(conn, mandate, lock=True, with_entries=with_entries)
        yield batches
        _acknowledge(conn, mandate, batches)


def batch_counts(conn: Connection, mandate: Mandate) -> dict[str, int]:
    rows = conn.execute(select(BATCHES.c.status, func.count()).where(BATCHES.c.mandate_id == mandate.mandate_id)
                        .group_by(BATCHES.c.status))
    return {status: count for status, count in rows}


def entries_of(mandate: Mandate, batch_id: str) -> list[Entry]:
    """The stored entries of one batch (any status), in number order."""
    with guarded(mandate), mandate.engine.begin() as conn:
        stored = _stored(conn, mandate, batch_id)
        first_seq = stored.first_seq if stored is not None else 0
        rows = conn.execute(select(ENTRIES).where(ENTRIES.c.mandate_id == mandate.mandate_id,
                                                  ENTRIES.c.batch_id == batch_id, ENTRIES.c.seq >= first_seq)
                            .order_by(ENTRIES.c.seq))
        return [_entry(e) for e in rows]


class _Row(dict):
    __getattr__ = dict.__getitem__


def _entry_row(mandate: Mandate, batch_id: str, seq: int, e: Entry) -> dict:
    return dict(mandate_id=mandate.mandate_id, seq=seq, batch_id=batch_id, date=e.date, voucher=e.voucher,
                debit=e.debit, credit=e.credit, amount=e.amount, currency=e.currency, vat_code=e.vat_code,
                vat_amount=e.vat_amount, analytic_code=e.analytic_code, label=e.label, grp=e.group,
                reference=e.reference, source_id=e.source_id, period=e.period)


def _batch(row, entries) -> Batch:
    return Batch(batch_id=row.batch_id, source=row.source, session=row.session, kind=row.kind,
                 entries=tuple(entries), created_at=row.created_at, publisher=row.publisher, status=row.status)


_ENTRY_FIELDS = ("date", "voucher", "debit", "credit", "amount", "currency", "vat_code", "vat_amount",
                 "analytic_code", "label", "group", "reference", "source_id", "period", "seq")


def _entry(e) -> Entry:
    """An entry read back: it was validated when published, so skip the checks (they would double a pull's time)."""
    entry = object.__new__(Entry)
    for name, value in zip(_ENTRY_FIELDS, (e.date, e.voucher, e.debit, e.credit, e.amount, e.currency, e.vat_code,
                                           e.vat_amount, e.analytic_code, e.label, e.grp, e.reference,
                                           e.source_id, e.period, e.seq)):
        object.__setattr__(entry, name, value)
    return entry
