"""Mandate store speed (issue 8): publish 100 batches of 1,000 entries and pull them, on SQLite and PostgreSQL;
notification latency on PostgreSQL (goal < 1 s); one 1,000-entry batch round-trip, publish + pull (goal < 0.5 s).

    .venv/bin/python bench/mandate.py [--batches 100] [--entries 1000]

PostgreSQL: $COMPTOIR_TEST_PG_DSN if set, else a private cluster started for the run (tests/mandate/pg_server.py).
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine import mandate as mandates  # noqa: E402
from tests.mandate.conftest import batch  # noqa: E402
from tests.mandate.pg_server import PgServer  # noqa: E402


def fresh(folder: Path, dsn: str | None) -> mandates.Mandate:
    local = mandates.create_local(folder, "Bench", invoicing=["ventes.xlsx"], ledger="compta.xlsx")
    if dsn:
        mandates.publish(local, dsn)
        return mandates.open_folder(folder)
    return local


def bulk(m, batches: int, entries: int) -> dict:
    made = [batch(f"b-{i}", count=entries, start=i * entries) for i in range(batches)]
    started = time.perf_counter()
    for b in made:
        mandates.publish_batch(m, b)
    published = time.perf_counter() - started
    started = time.perf_counter()
    with mandates.pull(m) as pulled:
        count = sum(len(b.entries) for b in pulled)
    pulled_s = time.perf_counter() - started
    assert count == batches * entries, count
    return {"publish_s": published, "pull_s": pulled_s, "entries_per_s": count / (published + pulled_s)}


def round_trip(m, entries: int, runs: int = 5) -> float:
    times = []
    for i in range(runs):
        b = batch(f"rt-{i}", count=entries, start=10_000_000 + i * entries)
        started = time.perf_counter()
        mandates.publish_batch(m, b)
        with mandates.pull(m) as pulled:
            assert len(pulled[0].entries) == entries
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def latency(m, folder: Path, runs: int = 5) -> float:
    publisher = mandates.open_folder(folder)
    delays = []
    for i in range(runs):
        sent = []

        def later():
            time.sleep(0.2)
            sent.append(time.perf_counter())  # from the start of the publish: an upper bound of the latency
            mandates.publish_batch(publisher, batch(f"n-{i}", count=10, start=20_000_000 + 10 * i))

        thread = threading.Thread(target=later)
        thread.start()
        seen = []
        mandates.watch(m, lambda s: seen.append(time.perf_counter()) or True, timeout=10)
        thread.join()
        delays.append(seen[0] - sent[0])
    publisher.close()
    return statistics.median(delays)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--batches", type=int, default=100)
    parser.add_argument("--entries", type=int, default=1000)
    args = parser.parse_args()
    with ExitStack() as stack:
        dsn = os.environ.get("COMPTOIR_TEST_PG_DSN") or stack.enter_context(PgServer()).dsn
        results = {}
        for backend, server in (("sqlite", None), ("postgresql", dsn)):
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
            m = fresh(folder / "bulk", server)
            results[backend] = bulk(m, args.batches, args.entries)
            results[backend]["round_trip_s"] = round_trip(m, args.entries)
            results[backend]["notify_s"] = latency(m, folder / "bulk")
            m.close()
        total = args.batches * args.entries
        print(f"{args.batches} batches x {args.entries} entries = {total:,} entries")
        print(f"{'backend':<11} {'publish s':>10} {'pull s':>8} {'entries/s':>10} {'1k round-trip s':>16} "
              f"{'notify s':>9}")
        for backend, r in results.items():
            print(f"{backend:<11} {r['publish_s']:>10.2f} {r['pull_s']:>8.2f} {r['entries_per_s']:>10,.0f} "
                  f"{r['round_trip_s']:>16.3f} {r['notify_s']:>9.3f}")
        pg, lite = results["postgresql"], results["sqlite"]
        print(f"ratio postgresql/sqlite: publish {pg['publish_s'] / lite['publish_s']:.2f}x, "
              f"pull {pg['pull_s'] / lite['pull_s']:.2f}x")
        print(f"goals: notification < 1 s on PostgreSQL: {pg['notify_s']:.3f} s "
              f"({'met' if pg['notify_s'] < 1 else 'MISSED'}); 1,000-entry round-trip < 0.5 s: "
              f"sqlite {lite['round_trip_s']:.3f} s, postgresql {pg['round_trip_s']:.3f} s "
              f"({'met' if max(lite['round_trip_s'], pg['round_trip_s']) < 0.5 else 'MISSED'})")


if __name__ == "__main__":
    main()
