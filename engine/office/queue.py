"""The night's queue: one job per mandate and night, taken by one worker at a time under a lease.

A worker takes the oldest job that is to do, or running with its lease run out (its worker died), in one
transaction: ``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL, so workers on any number of machines never wait
for nor take the same row; on SQLite the transaction begins IMMEDIATE (the write lock first: one taker at a time,
one machine). While it works, the worker renews its lease; a worker that dies stops renewing it and the job is taken
again once the lease has run out. Doing a mandate's steps twice is harmless because the books guard themselves (a
file or entry already imported is skipped, a processed movement is not posted again, a batch is pulled once); the
queue only makes it rare. A job taken ``max_attempts`` times without finishing is marked failed for a person.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import and_, func, insert, or_, select, update

from engine.i18n import tr
from engine.office.database import JOBS, MANDATES, Office

STATES = ("todo", "running", "done", "failed")


@dataclass(frozen=True, slots=True)
class Job:
    id: int
    night: str
    mandate: int
    attempts: int


@dataclass(frozen=True, slots=True)
class Tally:
    todo: int = 0
    running: int = 0
    done: int = 0
    failed: int = 0

    @property
    def total(self) -> int:
        return self.todo + self.running + self.done + self.failed

    @property
    def finished(self) -> int:
        return self.done + self.failed


def enqueue(office: Office, night: str, *, retry_failed: bool = False) -> int:
    """A job for every registered mandate that has none this night (several starters: each inserts what is
    missing; the unique (night, mandate) keeps one). ``retry_failed`` puts the night's failed jobs back to do."""
    with office.engine.begin() as conn:
        have = set(conn.execute(select(JOBS.c.mandate).where(JOBS.c.night == night)).scalars())
        missing = [dict(night=night, mandate=m.id, state="todo", attempts=0, name=m.name, folder=m.folder)
                   for m in conn.execute(select(MANDATES.c.id, MANDATES.c.name, MANDATES.c.folder)
                                         .order_by(MANDATES.c.id)) if m.id not in have]
        added = 0
        if missing and office.postgres:  # another machine may insert the same rows meanwhile: theirs stay
            from sqlalchemy.dialects.postgresql import insert as pg_insert
            added = len(conn.execute(pg_insert(JOBS).values(missing).on_conflict_do_nothing(
                constraint="office_jobs_night_mandate").returning(JOBS.c.id)).all())
        elif missing:  # SQLite: this transaction holds the write lock since BEGIN IMMEDIATE
            conn.execute(insert(JOBS), missing)
            added = len(missing)
        if retry_failed:
            conn.execute(update(JOBS).where((JOBS.c.night == night) & (JOBS.c.state == "failed"))
                         .values(state="todo", attempts=0, error=None))
    return added


def take(office: Office, night: str, worker: str, lease: float, max_attempts: int,
         given_up: list | None = None) -> Job | None:
    """The next job for ``worker`` (marked running, its lease started), or None when nothing is left to take.
    A job given up on the way (taken ``max_attempts`` times) is marked failed and added to ``given_up``: what its
    attempts did is for the caller to record (:func:`record`), once this transaction holds no lock."""
    with office.engine.begin() as conn:
        now = float(conn.execute(select(office.now())).scalar())
        open_ = or_(JOBS.c.state == "todo", and_(JOBS.c.state == "running", JOBS.c.lease_until < now))
        query = select(JOBS.c.id, JOBS.c.attempts, JOBS.c.mandate).where((JOBS.c.night == night) & open_) \
            .order_by(JOBS.c.id).limit(1)
        if office.postgres:
            query = query.with_for_update(skip_locked=True)
        while True:
            row = conn.execute(query).first()
            if row is None:
                return None
            if row.attempts < max_attempts:
                break
            conn.execute(update(JOBS).where(JOBS.c.id == row.id).values(  # its workers died this often on it
                state="failed", lease_until=None, finished_at=now, error=interrupted(row.attempts)))
            if given_up is not None:
                given_up.append(Job(id=row.id, night=night, mandate=row.mandate, attempts=row.attempts))
        conn.execute(update(JOBS).where(JOBS.c.id == row.id).values(
            state="running", worker=worker, attempts=row.attempts + 1, lease_until=now + lease, started_at=now))
    return Job(id=row.id, night=night, mandate=row.mandate, attempts=row.attempts + 1)


def interrupted(times: int) -> str:
    """Why a mandate whose workers kept dying waits for a person ("interrupted 1 times" said the audit)."""
    # what its attempts saved stays (counted in the report); the rest is the next run's: the night again for it,
    # and a batch it published that no attempt pulled, the ledger's pull (second audit of issue 20, finding 3)
    if times == 1:
        return tr("stopped: the run of this mandate was interrupted once (a worker died or its machine stopped); "
                  "run it again (comptoir office run --retry-failed); a batch it published and did not pull waits "
                  "in the mandate for the next night (or comptoir mandate pull LEDGER)")
    return tr("stopped: the run of this mandate was interrupted {count} times (a worker died or its machine "
              "stopped); run it again (comptoir office run --retry-failed); a batch it published and did not pull "
              "waits in the mandate for the next night (or comptoir mandate pull LEDGER)", count=times)


def renew(office: Office, job: Job, worker: str, lease: float) -> bool:
    """Extend ``worker``'s lease on ``job``; False when it no longer holds it."""
    with office.engine.begin() as conn:
        done = conn.execute(update(JOBS).where((JOBS.c.id == job.id) & (JOBS.c.worker == worker)
                                               & (JOBS.c.state == "running"))
                            .values(lease_until=office.now() + lease))
    return bool(done.rowcount)


def holds(office: Office, job: Job, worker: str) -> bool:
    """Whether ``worker`` still holds ``job`` (no other worker took it after its lease ran out)."""
    with office.engine.connect() as conn:
        row = conn.execute(select(JOBS.c.worker, JOBS.c.state).where(JOBS.c.id == job.id)).first()
    return row is not None and row.worker == worker and row.state == "running"


def release(office: Office, job: Job, worker: str) -> None:
    """Give the job back at once (its worker was interrupted by a person): to do again, this take not counted."""
    with office.engine.begin() as conn:
        conn.execute(update(JOBS).where((JOBS.c.id == job.id) & (JOBS.c.worker == worker)
                                        & (JOBS.c.state == "running"))
                     .values(state="todo", lease_until=None, attempts=JOBS.c.attempts - 1))


def finish(office: Office, job: Job, worker: str, *, counts: dict, details: str | None,
           error: str | None = None) -> None:
    """Record the job done (or failed, with ``error``); ``counts`` are numbers only. Only the worker holding the job
    records it: one whose lease ran out while it worked (a stalled machine) and whose job another worker took since
    records nothing — its run may even have been refused by the books ("changed by another run since it was read"),
    which is no failure of the mandate; the holder's run records what happened."""
    with office.engine.begin() as conn:
        conn.execute(update(JOBS).where((JOBS.c.id == job.id) & (JOBS.c.worker == worker)
                                        & (JOBS.c.state == "running")).values(
            state="failed" if error else "done", worker=worker, lease_until=None, finished_at=office.now(),
            counts=json.dumps({k: int(v) for k, v in counts.items()}, sort_keys=True), details=details,
            error=error))


def record(office: Office, job: Job, *, counts: dict, details: str | None) -> None:
    """What the attempts of a job given up did (its state and error stay)."""
    with office.engine.begin() as conn:
        conn.execute(update(JOBS).where((JOBS.c.id == job.id) & (JOBS.c.state == "failed")).values(
            counts=json.dumps({k: int(v) for k, v in counts.items()}, sort_keys=True), details=details))


def tally(office: Office, night: str) -> Tally:
    with office.engine.connect() as conn:
        rows = conn.execute(select(JOBS.c.state, func.count()).where(JOBS.c.night == night)
                            .group_by(JOBS.c.state)).all()
    return Tally(**{state: count for state, count in rows if state in STATES})


def jobs(office: Office, night: str) -> list[dict]:
    """Every job of the night with its mandate's name and folder as they were that night (a mandate removed since
    stays in its past nights' reports), by name."""
    name = func.coalesce(JOBS.c.name, MANDATES.c.name).label("name")
    query = select(*(c for c in JOBS.c if c.name not in ("name", "folder")), name,
                   func.coalesce(JOBS.c.folder, MANDATES.c.folder).label("folder")) \
        .join(MANDATES, MANDATES.c.id == JOBS.c.mandate, isouter=True).where(JOBS.c.night == night) \
        .order_by(name, JOBS.c.id)
    with office.engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(query)]
    for row in rows:
        row["counts"] = json.loads(row["counts"]) if row["counts"] else {}
        if row["started_at"] and row["finished_at"]:
            row["seconds"] = round(row["finished_at"] - row["started_at"], 2)
    return rows


def last_night(office: Office) -> str | None:
    with office.engine.connect() as conn:
        return conn.execute(select(JOBS.c.night).order_by(JOBS.c.id.desc()).limit(1)).scalar()
