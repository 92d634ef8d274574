"""The night's queue (issue 20): a mandate is held by one worker at a time; a lease that runs out hands it to
another; a mandate whose workers keep dying is marked failed for a person; many takers at once never take one job
twice (FOR UPDATE SKIP LOCKED on PostgreSQL, BEGIN IMMEDIATE on SQLite)."""
from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import insert, text

from engine.errors import BusinessRuleError
from engine.office import queue, registry
from engine.office.database import MANDATES, open_office
from tests.office.clients import make_client


def _mandates(office, count: int) -> None:
    with office.engine.begin() as conn:  # the queue reads only ids: paths that are never opened here
        conn.execute(insert(MANDATES), [dict(name=f"m{n}", folder=f"/nowhere/m{n}", invoicing="i.xlsx",
                                             ledger="l.xlsx", added_at=0.0) for n in range(count)])


def test_a_lease_that_runs_out_hands_the_mandate_to_another_worker(database):
    with open_office(database) as office:
        _mandates(office, 2)
        assert queue.enqueue(office, "n") == 2
        assert queue.enqueue(office, "n") == 0  # a second starter adds nothing
        first = queue.take(office, "n", "A", lease=0.5, max_attempts=3)
        second = queue.take(office, "n", "B", lease=30, max_attempts=3)
        assert first.mandate != second.mandate
        assert queue.take(office, "n", "B", lease=30, max_attempts=3) is None  # A holds the other one
        time.sleep(0.7)  # A died: its lease runs out
        again = queue.take(office, "n", "B", lease=30, max_attempts=3)
        assert (again.id, again.attempts) == (first.id, 2)
        assert queue.tally(office, "n") == queue.Tally(running=2)


def test_a_worker_renewing_its_lease_keeps_the_mandate(database):
    with open_office(database) as office:
        _mandates(office, 1)
        queue.enqueue(office, "n")
        job = queue.take(office, "n", "A", lease=0.6, max_attempts=3)
        for _ in range(4):
            time.sleep(0.3)
            assert queue.renew(office, job, "A", 0.6)
        assert queue.take(office, "n", "B", lease=30, max_attempts=3) is None
        assert not queue.renew(office, job, "B", 0.6)  # only the holder renews


def test_a_mandate_whose_workers_keep_dying_is_left_for_a_person(database):
    with open_office(database) as office:
        _mandates(office, 1)
        queue.enqueue(office, "n")
        for attempt in (1, 2, 3):
            assert queue.take(office, "n", f"W{attempt}", lease=0.01, max_attempts=3).attempts == attempt
            time.sleep(0.05)
        assert queue.take(office, "n", "W4", lease=0.01, max_attempts=3) is None
        assert queue.tally(office, "n") == queue.Tally(failed=1)
        [job] = queue.jobs(office, "n")
        assert "interrupted 3 times" in job["error"]
        queue.enqueue(office, "n", retry_failed=True)  # the person looked: take it again
        assert queue.take(office, "n", "W5", lease=30, max_attempts=3).attempts == 1


def test_many_takers_at_once_never_take_one_mandate_twice(database):
    with open_office(database) as office:
        _mandates(office, 60)
        queue.enqueue(office, "n")
    taken: list[tuple[str, int]] = []

    def taker(name: str) -> None:
        with open_office(database) as own:  # each its own connections, as on another machine
            while (job := queue.take(own, "n", name, lease=60, max_attempts=3)) is not None:
                taken.append((name, job.mandate))
                queue.finish(own, job, name, counts={"n": 1}, details=None)

    threads = [threading.Thread(target=taker, args=(f"T{n}",)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(m for _, m in taken) == sorted(set(m for _, m in taken)) and len(taken) == 60
    with open_office(database) as office:
        assert queue.tally(office, "n") == queue.Tally(done=60)


def test_the_registry_holds_paths_only_and_refuses_what_it_cannot_run(tmp_path, database):
    """The mandate is named after its folder, not after the company its link names (audit of issue 20: the office
    database held "Menuiserie Favre SA", though it keeps paths and counts, nothing else)."""
    folder = make_client(tmp_path / "echo", movements=0, invoices=0, name="Menuiserie Favre SA")
    with open_office(database) as office:
        m = registry.add(office, folder, bank_folder=str(folder / "bank"))
        assert (m.name, m.path(m.invoicing), m.path(m.ledger)) == ("echo", folder / "invoicing.xlsx",
                                                                  folder / "ledger.xlsx")
        with office.engine.connect() as conn:
            held = [str(value) for table in ("office_mandates", "office_jobs")
                    for row in conn.execute(text(f"SELECT * FROM {table}")) for value in row]
        assert not [value for value in held if "Favre" in value]
        with pytest.raises(BusinessRuleError, match="already in the office"):
            registry.add(office, folder, bank_folder=str(folder / "bank"))
        with pytest.raises(Exception, match="no mandate here"):
            registry.add(office, tmp_path)
        with pytest.raises(BusinessRuleError, match="bank folder .* does not exist"):
            registry.add(office, folder, name="Other", bank_folder=str(tmp_path / "missing"))
        registry.remove(office, "echo")
        assert registry.listed(office) == []
    assert (folder / "invoicing.xlsx").exists()


def test_a_mandate_without_a_bank_folder_needs_a_watch_folder(tmp_path, database):
    folder = make_client(tmp_path / "a", movements=0, invoices=0, name="Atelier A")
    with open_office(database) as office:
        with pytest.raises(BusinessRuleError, match="no bank account has a WatchFolder"):
            registry.add(office, folder)
        assert registry.listed(office) == []


def test_an_office_database_that_cannot_be_reached_is_said_plainly(tmp_path, capsys):
    from tests.office.conftest import office
    assert office("list", database=str(tmp_path / "missing" / "office.sqlite")) == 2
    assert "does not exist" in capsys.readouterr().err
    assert office("list", database="postgresql://nobody:secret@127.0.0.1:1/office") == 2
    said = capsys.readouterr().err
    assert "office database" in said and "secret" not in said


def test_a_late_worker_does_not_overwrite_what_the_one_that_took_over_recorded(database):
    with open_office(database) as office:
        _mandates(office, 1)
        queue.enqueue(office, "n")
        slow = queue.take(office, "n", "A", lease=0.2, max_attempts=3)
        time.sleep(0.3)  # A's lease ran out (its machine paused): B takes over and finishes
        fast = queue.take(office, "n", "B", lease=30, max_attempts=3)
        queue.finish(office, fast, "B", counts={"movements": 1000}, details="/b.json")
        queue.finish(office, slow, "A", counts={"movements": 0}, details="/a.json")  # A comes back
        [job] = queue.jobs(office, "n")
        assert (job["state"], job["worker"], job["counts"], job["details"]) == ("done", "B", {"movements": 1000},
                                                                                  "/b.json")


def test_a_stalled_worker_refused_by_the_books_does_not_fail_the_mandate_another_one_holds(database):
    """A's machine stalled past its lease; B took the mandate and is at work. A wakes up, its save is refused by the
    book ("changed by another run since it was read"): that is no failure of the mandate, and B's run decides."""
    with open_office(database) as office:
        _mandates(office, 1)
        queue.enqueue(office, "n")
        stalled = queue.take(office, "n", "A", lease=0.2, max_attempts=3)
        time.sleep(0.3)
        queue.take(office, "n", "B", lease=30, max_attempts=3)
        assert not queue.holds(office, stalled, "A")
        queue.finish(office, stalled, "A", counts={}, details=None, error="the books refused the run (BookLocked)")
        assert queue.tally(office, "n") == queue.Tally(running=1)


def test_a_folder_added_twice_is_named_with_the_name_it_has_and_another_name_does_not_help(tmp_path, database):
    """Audit of issue 20: `office add` of a folder already registered hinted "give another --name", which would have
    registered the same books twice; a name taken by another folder is what --name is for."""
    folder = make_client(tmp_path / "Atelier A", movements=0, invoices=0)
    other = make_client(tmp_path / "bienne" / "Atelier A", movements=0, invoices=0)
    with open_office(database) as office:
        registry.add(office, folder, bank_folder=str(folder / "bank"))
        with pytest.raises(BusinessRuleError) as again:
            registry.add(office, folder, name="Atelier A bis", bank_folder=str(folder / "bank"))
        assert str(folder) in again.value.message and "'Atelier A'" in again.value.message
        assert "--name" not in again.value.hint and "comptoir office remove 'Atelier A'" in again.value.hint
        with pytest.raises(BusinessRuleError) as taken:
            registry.add(office, other, bank_folder=str(other / "bank"))
        assert "the name 'Atelier A' is taken by" in taken.value.message and "--name" in taken.value.hint
        registry.add(office, other, name="Atelier A (Bienne)", bank_folder=str(other / "bank"))
        assert [m.name for m in registry.listed(office)] == ["Atelier A", "Atelier A (Bienne)"]


def test_a_mandate_linking_two_invoicing_books_is_refused_until_one_is_named(tmp_path, database, capsys):
    """Audit of issue 20: the night took the mandate's first invoicing book silently. Last year's book beside this
    year's: which one a statement belongs to is the fiduciary's choice, named with --invoicing."""
    import json

    from engine import templates
    from tests.office.conftest import office
    folder = make_client(tmp_path / "a", movements=0, invoices=0, name="Atelier A")
    templates.write("invoicing", folder / "invoicing-2025.xlsx")
    templates.write("invoicing", folder / "stray.xlsx")
    link = folder / ".comptoir" / "mandate.json"
    linked = json.loads(link.read_text())
    linked["invoicing"] = ["invoicing-2025.xlsx", *linked["invoicing"]]
    link.write_text(json.dumps(linked))
    bank = str(folder / "bank")
    assert office("add", str(folder), "--bank", bank, database=database) == 2
    said = capsys.readouterr().err
    assert "links 2 invoicing books (invoicing-2025.xlsx, invoicing.xlsx)" in said and "--invoicing BOOK" in said
    assert office("add", str(folder), "--bank", bank, "--invoicing", "stray.xlsx", database=database) == 2
    assert "stray.xlsx is not an invoicing book of the mandate" in capsys.readouterr().err
    assert office("add", str(folder), "--bank", bank, "--invoicing", "invoicing.xlsx", database=database) == 0
    assert f"go into {folder / 'invoicing.xlsx'}" in capsys.readouterr().out
    with open_office(database) as db:
        [m] = registry.listed(db)
    assert m.invoicing == "invoicing.xlsx"


def test_a_mandate_interrupted_once_is_said_once_not_1_times(monkeypatch):
    monkeypatch.setenv("COMPTOIR_LANGUAGE", "en")
    assert "was interrupted once (a worker died" in queue.interrupted(1)
    assert "was interrupted 2 times" in queue.interrupted(2)
    monkeypatch.setenv("COMPTOIR_LANGUAGE", "fr")
    assert "a été interrompu une fois" in queue.interrupted(1)
