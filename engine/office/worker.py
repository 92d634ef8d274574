"""Workers: take a mandate from the night's queue, run its steps, record the counts, take the next.

``office run --workers N`` forks N worker processes on this machine and shows the progress; more machines join by
running the same command against the same PostgreSQL database (each enqueues what is missing — nothing, after the
first — and takes jobs until none is left). A worker that dies leaves its job running until the lease runs out;
then any worker takes it again, so the run ends even when machines do not.
"""
from __future__ import annotations

import json
import multiprocessing
import os
import socket
import sys
import threading
import time
import traceback
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from engine import i18n
from engine.errors import ComptoirError, Source
from engine.i18n import tr
from engine.office import queue, report_only, steps
from engine.office.attempts import Attempts, clear_stale
from engine.office.database import open_office
from engine.office.registry import listed
from engine.progress import silent
from engine.store.whole_file import write_whole

# how worker processes start: fork shares the imports with them; Windows has no fork, and macOS's is unsafe with
# some libraries (spawn: each imports what it needs)
START = "fork" if sys.platform.startswith("linux") else "spawn"
LEASE = 300.0  # seconds a worker holds a mandate without renewing; it renews every third of it
ATTEMPTS = 3


@dataclass(frozen=True, slots=True)
class Plan:
    database: str | None
    night: str
    lease: float = LEASE
    attempts: int = ATTEMPTS
    post_until: date | None = None  # also post documents and payments up to this date
    retry_failed: bool = False  # take again the mandates that failed their attempts
    check_only: bool = False  # a report-only night: check the books, import and post nothing


def name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def findings_path(folder: str, night: str) -> Path:
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in night)
    return Path(folder) / ".comptoir" / "office" / f"{safe}.json"


def write_findings(folder: str, night: str, findings: steps.Findings) -> str:
    """The findings beside the mandate's books (atomic), where only people with access to its books read them."""
    path = findings_path(folder, night)
    write_whole(path, json.dumps({"night": night, "counts": findings.counts, "items": findings.items},
                                 ensure_ascii=False, indent=1, default=str).encode("utf-8"), "the night's findings")
    return str(path)


def _heartbeat(office, job, worker: str, lease: float, stop: threading.Event) -> None:
    while not stop.wait(lease / 3):
        try:
            if not queue.renew(office, job, worker, lease):
                return
        except Exception:  # a lost connection: the lease may run out and another worker take over (harmless)
            pass


def do_job(office, plan: Plan, job: queue.Job, worker: str) -> None:
    mandate = next(iter(listed(office, job.mandate)), None)
    if mandate is None:
        queue.finish(office, job, worker, counts={}, details=None, error=tr("the mandate was removed from the office"))
        return
    stop = threading.Event()
    beat = threading.Thread(target=_heartbeat, args=(office, job, worker, plan.lease, stop), daemon=True)
    beat.start()
    findings, error = steps.Findings(), None
    # what earlier attempts of the night did counts too (a worker died after importing and posting)
    taker = f"{worker}#{job.attempts}#{uuid.uuid4().hex[:8]}"  # one take (a --retry-failed run takes #1 again)
    clear_stale(mandate.folder)
    attempts = Attempts(mandate.folder, plan.night, taker, mandate.path(mandate.invoicing))
    # each mandate's findings in its own books' language (the first it opens), not the night's first mandate's
    spoken = i18n.command_started()
    try:
        if plan.check_only:
            report_only.check_only(mandate, findings)
        else:
            steps.run(mandate, findings, post_until=plan.post_until, attempts=attempts)
    except ComptoirError as refused:
        error = tr("the books refused the run ({kind})", kind=type(refused).__name__)  # the mandate's language
    except Exception as crash:  # a bug: named in the findings with where it happened, the next mandate goes on
        error = tr("the run stopped on an unexpected error ({kind})", kind=type(crash).__name__)
        frame = traceback.extract_tb(crash.__traceback__)[-1]  # where it happened, for the bug report
        findings.add("failed", Source(mandate.folder), f"{type(crash).__name__}: {crash}",
                     tr("report it with this line: {line}", line=f"{frame.filename}:{frame.lineno} {frame.line}"))
    finally:
        i18n.command_ended(spoken)
        stop.set()
    if not queue.holds(office, job, worker):  # taken over while this one stalled: the holder reports, not this
        return
    findings.counts = attempts.total(findings.counts)
    if attempts.read_again["files"]:  # the statements an earlier attempt imported before it stopped, read again:
        findings.items = [i for i in findings.items if i["kind"] != "already imported"]  # no copy was dropped
    findings.items = attempts.found(findings.items, findings.counts)  # what they found is the night's too
    if job.attempts > 1 or attempts.retried:
        findings.counts["retried"] = 1  # the morning report says it was taken again after a worker stopped
    try:
        details = write_findings(mandate.folder, plan.night, findings)
    except OSError as cannot:
        details, error = None, tr("its findings could not be written beside its books ({why})", why=cannot.strerror)
    queue.finish(office, job, worker, counts=findings.counts, details=details,
                 error=tr("{error}: see {details}", error=error, details=details) if error and details else error)
    try:
        attempts.finished()  # a --retry-failed run of it later is no worker having stopped
    except ComptoirError:
        pass  # then a later run of it says "retried" once too often; the counts are right
    beat.join(timeout=1)


def _given_up(office, plan: Plan, job: queue.Job) -> None:
    """A mandate given up after its attempts: what they saved is the night's (second audit of issue 20, finding 3:
    "failed 0 file(s), 0 new movement(s)" while its book held 100 new movements, 80 posted, a batch published)."""
    mandate = next(iter(listed(office, job.mandate)), None)
    if mandate is None:
        return
    try:
        attempts = Attempts(mandate.folder, plan.night, f"given up#{uuid.uuid4().hex[:8]}",
                            mandate.path(mandate.invoicing))
        findings = steps.Findings()
        findings.counts = attempts.total(findings.counts)
        findings.items = attempts.found(findings.items, findings.counts)
        findings.counts["retried"] = 1
        details = write_findings(mandate.folder, plan.night, findings)
    except (OSError, ComptoirError):  # its folder cannot be read or written: the error alone is said
        return
    queue.record(office, job, counts=findings.counts, details=details)


def work(plan: Plan, *, worker: str | None = None, after=None) -> int:
    """Take jobs until every job of the night is finished; returns how many this worker did. ``after(office)`` is
    called after each job (the progress of a one-process run)."""
    worker = worker or name()
    done = 0
    with open_office(plan.database) as office:
        while True:
            given_up: list = []
            job = queue.take(office, plan.night, worker, plan.lease, plan.attempts, given_up)
            for failed in given_up:
                _given_up(office, plan, failed)
            if job is not None:
                try:
                    do_job(office, plan, job, worker)
                except KeyboardInterrupt:  # a person stopped the run: the mandate is given back, for the next run
                    queue.release(office, job, worker)  # to take at once instead of after the lease
                    raise
                done += 1
                if after:
                    after(office)
                continue
            left = queue.tally(office, plan.night)
            if not left.todo and not left.running:
                return done
            time.sleep(min(0.2, plan.lease / 4))  # another worker holds the rest; take over if its lease runs out


def _child(plan: Plan) -> None:
    try:
        work(plan)
    except KeyboardInterrupt:  # Ctrl-C reaches every worker: its mandate is given back; no traceback to show
        pass


def run(plan: Plan, workers: int = 1, progress=silent, *, restarts: int | None = None,
        start: str | None = None) -> queue.Tally:
    """Enqueue the night and work it with ``workers`` processes (1: in this process); returns the final tally.
    A worker process that dies is replaced (up to ``restarts`` times) while mandates remain."""
    with open_office(plan.database) as office:
        queue.enqueue(office, plan.night, retry_failed=plan.retry_failed)
        started, first = time.monotonic(), queue.tally(office, plan.night)
        if workers <= 1:
            def show(_office) -> None:
                tally = queue.tally(office, plan.night)
                progress(tally.finished, tally.total, label(tally, first, time.monotonic() - started))
            show(office)
            work(plan, after=show)
            return queue.tally(office, plan.night)
        office.engine.dispose()  # no connection crosses the fork
        steps.preload()
        context = multiprocessing.get_context(start or START)
        children = [context.Process(target=_child, args=(plan,), daemon=False) for _ in range(workers)]
        for child in children:
            child.start()
        budget = [workers * 3 if restarts is None else restarts]

        def alive() -> bool:
            for index, child in enumerate(children):
                if child.exitcode not in (None, 0) and budget[0] > 0:
                    tally = queue.tally(office, plan.night)
                    if tally.todo or tally.running:
                        budget[0] -= 1
                        children[index] = context.Process(target=_child, args=(plan,), daemon=False)
                        children[index].start()
            return any(child.is_alive() for child in children)

        _watch_progress(office, plan, progress, started, first, alive)
        for child in children:
            child.join()
        return queue.tally(office, plan.night)


def _watch_progress(office, plan: Plan, progress, started: float, first: queue.Tally, alive) -> None:
    while True:
        running = alive()
        tally = queue.tally(office, plan.night)
        progress(tally.finished, tally.total, label(tally, first, time.monotonic() - started))
        if not running:
            return
        time.sleep(0.2)


def label(tally: queue.Tally, first: queue.Tally, elapsed: float) -> str:
    """"~3 min, 87 to do, 1 failed" beside the bar's finished/total (the bar shows 30 characters of it); the time
    left is this run's pace so far times what is left."""
    finished_now = tally.finished - first.finished
    left = tally.todo + tally.running
    eta = ""
    if finished_now and left:
        seconds = elapsed / finished_now * left
        eta = f"~{seconds / 60:.0f} min, " if seconds >= 90 else f"~{seconds:.0f} s, "
    return tr("{eta}{left} to do, {failed} failed", eta=eta, left=left, failed=tally.failed)
