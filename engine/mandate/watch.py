"""What waits in a mandate, and being told when it changes: LISTEN/NOTIFY on PostgreSQL, polling on SQLite.

:func:`status` is what ``comptoir mandate status`` prints and the ribbon counts; :func:`watch` calls back within a
second of a publish or a withdrawal (PostgreSQL delivers the notification at the publisher's commit).

>>> import tempfile
>>> from engine.mandate.store import create_local
>>> with tempfile.TemporaryDirectory() as folder, create_local(folder, "Demo") as m:
...     print(status(m).summary())
Demo (local): nothing waiting
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from sqlalchemy import select, text

from engine.i18n import tr
from engine.mandate.batches import WAITING, batch_counts
from engine.mandate.connection import Mandate, guarded
from engine.mandate.tables import BATCHES, MANDATES

POLL_INTERVAL = 0.5  # seconds between two looks at a SQLite mandate: "within a second"


@dataclass(frozen=True, slots=True, kw_only=True)
class WaitingBatch:
    batch_id: str
    kind: str
    source: str
    session: int
    publisher: str
    created_at: datetime
    status: str
    entry_count: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Status:
    mandate_id: str
    name: str
    backend: str
    where: str
    revision: int
    counts: dict
    waiting: tuple[WaitingBatch, ...]

    def summary(self) -> str:
        """In the language of the book the command opened, else the system's (issue 18)."""
        place = tr("local") if self.backend == "sqlite" else tr("shared on {where}", where=self.where)
        if not self.waiting:
            return tr("{name} ({place}): nothing waiting", name=self.name, place=place)
        lines = [tr("{name} ({place}): {count} batch(es) waiting", name=self.name, place=place,
                    count=len(self.waiting))]
        for b in self.waiting:
            what = tr("to import") if b.status == "pending" else tr("withdrawn, to remove")
            lines.append(tr("  {batch}  {kind}  session {session}  {entries} entries  {what}  from {source} by "
                            "{publisher} at {at}", batch=b.batch_id, kind=b.kind, session=b.session,
                            entries=b.entry_count, what=what, source=b.source, publisher=b.publisher,
                            at=f"{b.created_at:%Y-%m-%d %H:%M}"))
        return "\n".join(lines)


def status(mandate: Mandate) -> Status:
    """The waiting batches (oldest first), who published them, and the counts by status."""
    with guarded(mandate), mandate.engine.begin() as conn:
        revision = conn.execute(select(MANDATES.c.revision)
                                .where(MANDATES.c.mandate_id == mandate.mandate_id)).scalar_one_or_none()
        rows = conn.execute(select(BATCHES).where(BATCHES.c.mandate_id == mandate.mandate_id,
                                                  BATCHES.c.status.in_(WAITING))
                            .order_by(BATCHES.c.first_seq)).all()
        counts = batch_counts(conn, mandate)
    waiting = tuple(WaitingBatch(batch_id=r.batch_id, kind=r.kind, source=r.source, session=r.session,
                                 publisher=r.publisher, created_at=r.created_at, status=r.status,
                                 entry_count=r.entry_count) for r in rows)
    return Status(mandate_id=mandate.mandate_id, name=mandate.name, backend=mandate.backend, where=mandate.where,
                  revision=revision or 0, counts=counts, waiting=waiting)


def _fingerprint(mandate: Mandate) -> tuple:
    with guarded(mandate), mandate.engine.begin() as conn:
        revision = conn.execute(select(MANDATES.c.revision)
                                .where(MANDATES.c.mandate_id == mandate.mandate_id)).scalar_one_or_none()
        counts = batch_counts(conn, mandate)
    return revision, tuple(sorted(counts.items()))


def watch(mandate: Mandate, callback: Callable[[Status], object], timeout: float | None = None,
          poll_interval: float = POLL_INTERVAL) -> int:
    """Call ``callback(status)`` at each change until it returns a true value or ``timeout`` seconds pass.

    Returns how many changes were reported."""
    deadline = None if timeout is None else time.monotonic() + timeout
    if mandate.backend == "postgresql":
        return _listen(mandate, callback, deadline)
    seen = _fingerprint(mandate)
    reported = 0
    while deadline is None or time.monotonic() < deadline:
        time.sleep(poll_interval if deadline is None else max(0.0, min(poll_interval, deadline - time.monotonic())))
        now = _fingerprint(mandate)
        if now != seen:
            seen = now
            reported += 1
            if callback(status(mandate)):
                break
    return reported


def _listen(mandate: Mandate, callback: Callable[[Status], object], deadline: float | None) -> int:
    reported = 0
    with guarded(mandate), mandate.engine.connect() as conn:
        try:
            listening = conn.execution_options(isolation_level="AUTOCOMMIT")
            # The channel is the mandate's role name: 'cm_' + 32 hex digits, checked when the ticket was parsed.
            listening.execute(text(f'LISTEN "cm_{mandate.mandate_id}"'))
            driver = listening.connection.driver_connection
            while deadline is None or time.monotonic() < deadline:
                left = None if deadline is None else max(0.0, deadline - time.monotonic())
                got = False
                for _notice in driver.notifies(timeout=left, stop_after=1):
                    got = True
                if not got:
                    continue
                # Several publishes may arrive together: drain them so one status covers them all.
                for _notice in driver.notifies(timeout=0.05):
                    pass
                reported += 1
                if callback(status(mandate)):
                    break
        finally:
            # Never hand a listening connection back to the pool: stale notifications would wake the next watch.
            conn.invalidate()
    return reported
