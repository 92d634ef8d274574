"""Several processes on one mandate: publishers never collide, and a pull racing publishes loses nothing and applies
nothing twice — on SQLite and on PostgreSQL."""
from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor

from engine import mandate as mandates
from tests.mandate import workers

SPAWN = multiprocessing.get_context("spawn")


def test_two_publishers_at_once_both_arrive_numbered_without_collision(make_mandate):
    m = make_mandate()
    with ProcessPoolExecutor(2, mp_context=SPAWN) as pool:
        jobs = [pool.submit(workers.publish_many, str(m.folder), who, 15, 20) for who in ("anna", "marc")]
        published = [j.result(timeout=120) for j in jobs]
    waiting = mandates.waiting_batches(m)
    assert sorted(b.batch_id for b in waiting) == sorted(published[0] + published[1])
    seqs = [e.seq for b in waiting for e in b.entries]
    assert sorted(seqs) == list(range(1, 2 * 15 * 20 + 1))  # every number once, no gap
    for b in waiting:  # each batch holds one contiguous run of numbers
        own = [e.seq for e in b.entries]
        assert own == list(range(own[0], own[0] + 20))


def test_pulls_racing_publishes_apply_every_batch_exactly_once(make_mandate, tmp_path):
    m = make_mandate()
    stop = tmp_path / "stop"
    results = SPAWN.Manager().Queue()
    with ProcessPoolExecutor(4, mp_context=SPAWN) as pool:
        pullers = [pool.submit(workers.pull_until, str(m.folder), str(stop), results) for _ in range(2)]
        publishers = [pool.submit(workers.publish_many, str(m.folder), who, 25, 10, 0.005) for who in ("a", "b")]
        published = [i for p in publishers for i in p.result(timeout=120)]
        # Withdraw some while the pullers run: each must be removed exactly once too.
        for batch_id in published[::10]:
            mandates.withdraw_batch(m, batch_id)
        stop.touch()
        for p in pullers:
            p.result(timeout=120)
    applied = []
    while not results.empty():
        applied += results.get()
    imports = [b for b, action, _ in applied if action == "import"]
    removals = [b for b, action, _ in applied if action == "remove"]
    withdrawn = set(published[::10])
    for batch_id in published:  # nothing lost, nothing twice
        if batch_id in withdrawn:  # imported then removed, or withdrawn before any pull saw it: removed only
            assert (removals.count(batch_id), imports.count(batch_id) <= 1) == (1, True), batch_id
        else:
            assert (imports.count(batch_id), removals.count(batch_id)) == (1, 0), batch_id
    assert len(imports) + len(removals) == len(applied)
    assert all(n == 10 for _, _, n in applied)
    assert mandates.waiting_batches(m) == []


def test_a_publisher_killed_mid_publish_leaves_nothing_on_sqlite(tmp_path):
    import os
    import signal
    import sqlite3
    import time

    m = mandates.create_local(tmp_path, "Local")
    child = SPAWN.Process(target=workers.publish_many, args=(str(tmp_path), "big", 1, 40_000))
    child.start()
    database = tmp_path / ".comptoir" / "mandate.sqlite"
    inside = False
    wal = database.with_name("mandate.sqlite-wal")
    for _ in range(4000):
        # Inside its publish transaction the child holds the write lock and its inserts spill into the WAL.
        if not wal.exists() or wal.stat().st_size < 512 * 1024:
            time.sleep(0.002)
            continue
        probe = sqlite3.connect(database, timeout=0, isolation_level=None)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
        except sqlite3.OperationalError:
            inside = True
            break
        finally:
            probe.close()
        time.sleep(0.002)
    assert inside, "the publisher never took the write lock"
    os.kill(child.pid, signal.SIGKILL)
    child.join(10)
    assert mandates.waiting_batches(m) == []  # nothing half-published
    with sqlite3.connect(database) as raw:
        assert raw.execute("SELECT count(*) FROM entries").fetchone()[0] == 0
    assert workers.publish_many(str(tmp_path), "big", 1, 10) == ["big-0"]  # the retry works
    assert [len(b.entries) for b in mandates.waiting_batches(m)] == [10]
    m.close()
