"""Audit of issue 20: a mandate taken again after its worker stopped (its lease ran out) reported near-zero counts —
the first attempt had imported, posted and pulled, the second found everything known. The morning report now shows
what the night did for the mandate in total, and says it was retried.

The statement is test_night's, written by hand: 5 entries in 1 file; 4 recognised (all but the unknown credit of
250.00); 3 posted with an entry each (card 84.30, charges 12.00, salaries 4,000.00); 1 without an entry (the QR
credit paying F-1); batch B-1 of those 3 entries pulled into the ledger; 1 left to sort. Whichever attempt did which
part, the night's counts are these, and the ledger holds the 3 entries once.
"""
from __future__ import annotations

import json
import time
from datetime import date
from decimal import Decimal

import pytest

from engine import mandate as mandates
from engine.office import queue, seen, worker
from engine.office.database import open_office
from engine.store import book as book_module
from tests.office.clients import statement
from tests.office.conftest import office
from tests.office.test_night import _client, _journal

CLEAN = {"files": 1, "movements": 5, "duplicates": 0, "recognised": 4, "posted": 3, "without_entry": 1,
         "entries": 3, "batches_pulled": 1, "entries_pulled": 3, "to_sort": 1}


class Killed(BaseException):
    """The worker's process died here."""


def _dies(patch, where: str) -> None:
    """The first attempt dies right after the invoicing book's save (before its files are listed as read), right after
    they are (before it notes that its save took place), right before the ledger's save (the pull not done), or right
    after the mandate hears the batch was pulled."""
    saves, acknowledge, remember = book_module.save_together, mandates.acknowledge, seen.remember
    done = []

    def save(*books):
        done.append(books)
        if where == "before the ledger save" and len(done) == 2:
            raise Killed()
        saves(*books)
        if where == "after the invoicing save":
            raise Killed()

    def acknowledged(*args, **kwargs):
        acknowledge(*args, **kwargs)
        raise Killed()

    def listed(*args, **kwargs):
        remember(*args, **kwargs)
        raise Killed()

    patch.setattr(book_module, "save_together", save)
    if where == "after the acknowledgement":
        patch.setattr(mandates, "acknowledge", acknowledged)
    if where == "after listing its files as read":
        patch.setattr(seen, "remember", listed)


def _taken_over(database, night, monkeypatch, where) -> None:
    """Worker A takes the night's mandate and dies ``where``; once its lease runs out, B takes it over and ends it."""
    plan = worker.Plan(database=database, night=night, lease=0.5)
    with open_office(database) as db:
        queue.enqueue(db, night)
        job = queue.take(db, night, "A", plan.lease, plan.attempts)
        with monkeypatch.context() as patch:
            _dies(patch, where)
            with pytest.raises(Killed):
                worker.do_job(db, plan, job, "A")
    time.sleep(0.7)  # A's lease runs out: B takes the mandate over
    assert worker.work(plan, worker="B") == 1


@pytest.mark.parametrize("where", ["after the invoicing save", "after listing its files as read",
                                   "before the ledger save", "after the acknowledgement"])
def test_a_mandate_taken_again_reports_the_nights_counts_in_total_and_says_it_was_retried(tmp_path, monkeypatch,
                                                                                         capsys, where):
    database = str(tmp_path / "office.sqlite")
    folder = _client(tmp_path)
    assert office("add", str(folder), "--bank", str(folder / "bank"), database=database) == 0
    _taken_over(database, "n1", monkeypatch, where)
    with open_office(database) as db:
        [job] = queue.jobs(db, "n1")
    assert (job["state"], job["attempts"], job["worker"]) == ("done", 2, "B")
    assert {k: job["counts"][k] for k in CLEAN} == CLEAN
    assert _journal(folder) == [("2002", "1020", Decimal("4000.00")), ("6500", "1020", Decimal("84.30")),
                                ("6940", "1020", Decimal("12.00"))]
    capsys.readouterr()
    assert office("report", "--night", "n1", database=database) == 0
    said = capsys.readouterr().out
    assert "done (retried)" in said and "retried after a worker stopped" in said
    assert "1 file(s), 5 new movement(s), 3 posted" in said
    assert "already imported" not in said  # the file the first attempt imported, read again: no copy was dropped


def test_a_mandate_run_again_with_retry_failed_is_not_said_retried_by_a_worker(tmp_path, capsys):
    """A mandate that failed on its books (not a worker stopping) and is run again by a person with --retry-failed:
    its counts are still the night's, but no worker stopped on it."""
    database = str(tmp_path / "office.sqlite")
    folder = _client(tmp_path)
    office("add", str(folder), "--bank", str(folder / "bank"), database=database)
    (folder / "~$ledger.xlsx").write_bytes(b"owner")  # the ledger open in Excel: the pull fails
    assert office("run", "--night", "n1", database=database) == 1
    (folder / "~$ledger.xlsx").unlink()
    assert office("run", "--night", "n1", "--retry-failed", database=database) == 0
    capsys.readouterr()
    assert office("report", "--night", "n1", "--json", database=database) == 0
    [m] = json.loads(capsys.readouterr().out)["mandates"]
    assert {k: m["counts"][k] for k in CLEAN} == CLEAN
    assert not m["counts"].get("retried")


@pytest.mark.parametrize("where", ["after the invoicing save", "after listing its files as read"])
def test_a_mandate_taken_again_keeps_what_its_first_attempt_found(tmp_path, monkeypatch, capsys, where):
    """Re-audit of issue 20, finding 1: the first attempt imported a statement opening at 0.00 (a statement missing
    before it), saved, and died; the second found the file listed as read, or read it again as known, and the
    night's report lost the warning for good (210 items where the clean run has 211). Night n1 imports test_night's
    statement, which closes at 6,290.71 on 04.03.2024; night n2's statement of 05.03.2024 opens at 0.00 (charges
    7.50): "opens at 0.00 … the statement before it closed … at 6,290.71 … a difference of -6,290.71"."""
    database = str(tmp_path / "office.sqlite")
    folder = _client(tmp_path)
    office("add", str(folder), "--bank", str(folder / "bank"), database=database)
    office("run", "--night", "n1", database=database)
    statement(folder / "bank" / "camt053_2024-03-05.xml", [(12, "charges", "7.50", None)], day=date(2024, 3, 5),
              opening=Decimal("0.00"))
    _taken_over(database, "n2", monkeypatch, where)
    capsys.readouterr()
    office("report", "--night", "n2", "--json", database=database)
    [m] = json.loads(capsys.readouterr().out)["mandates"]
    [gap] = [i for i in m["items"] if "opens at 0.00" in i["message"]]
    assert "closed" in gap["message"] and "6,290.71" in gap["message"] and "a difference of -6,290.71" in gap["message"]
    assert gap["kind"] == "bank file"
    # the night's counts as one clean run's: 1 file, 1 movement posted with its entry, 1 warning
    assert {k: m["counts"][k] for k in ("files", "movements", "posted", "entries", "warnings")} == {
        "files": 1, "movements": 1, "posted": 1, "entries": 1, "warnings": 1}


def test_a_mandate_given_up_after_its_attempts_shows_what_the_saved_attempt_did(tmp_path, monkeypatch, capsys):
    """Second audit of issue 20, finding 3 (her killer4 on ralpha, --attempts 1): the only attempt dies right after
    the invoicing book's save. The night gives the mandate up — but that attempt imported test_night's 5 movements,
    posted 3 with an entry each (84.30, 12.00, 4,000.00) and 1 without (the QR credit), its batch B-1 of 3 entries
    published and not pulled: the report says so (not "0 file(s), 0 new movement(s), 0 posted"), and its hint is a
    run that helps (office run --retry-failed; the batch: mandate pull), not `bank import BOOK`."""
    database = str(tmp_path / "office.sqlite")
    folder = _client(tmp_path)
    assert office("add", str(folder), "--bank", str(folder / "bank"), database=database) == 0
    plan = worker.Plan(database=database, night="n1", lease=0.5, attempts=1)
    with open_office(database) as db:
        queue.enqueue(db, "n1")
        job = queue.take(db, "n1", "A", plan.lease, plan.attempts)
        with monkeypatch.context() as patch:
            _dies(patch, "after the invoicing save")
            with pytest.raises(Killed):
                worker.do_job(db, plan, job, "A")
    time.sleep(0.7)
    assert worker.work(plan, worker="B") == 0  # nothing taken: given up
    with open_office(database) as db:
        [job] = queue.jobs(db, "n1")
    assert job["state"] == "failed"
    assert {k: job["counts"].get(k) for k in ("files", "movements", "posted", "without_entry", "entries")} == {
        "files": 1, "movements": 5, "posted": 3, "without_entry": 1, "entries": 3}
    assert "--retry-failed" in job["error"] and "bank import BOOK" not in job["error"]
    capsys.readouterr()
    office("report", "--night", "n1", database=database)
    said = capsys.readouterr().out
    assert "1 file(s), 5 new movement(s), 3 posted" in said


def test_the_temporary_files_a_killed_worker_left_are_removed_by_the_next_attempt(tmp_path):
    """Second audit of issue 20, finding 6: .comptoir/office/.r1.attempts.json.12205.tmp stayed after kill -9."""
    database = str(tmp_path / "office.sqlite")
    folder = _client(tmp_path)
    assert office("add", str(folder), "--bank", str(folder / "bank"), database=database) == 0
    stale = folder / ".comptoir" / "office" / ".r1.attempts.json.12205.tmp"
    stale.parent.mkdir(parents=True, exist_ok=True)
    stale.write_bytes(b'{"attempts": [')
    assert office("run", "--night", "r1", database=database) == 0
    assert not stale.exists()
    assert not list(stale.parent.glob(".*.tmp"))
