"""Benchmark: our camt parse against the floor, a bare lxml iterparse that only counts ``Ntry`` elements.

Generates camt.053.001.08 statements of 10,000 and 100,000 entries in /tmp (bench/camt_gen.py), then times
each run in a fresh process (so the peak RSS is the run's own), best of ``--repeat`` runs, and prints the
ratio to the floor (target: within ~2x) and the growth from 10k to 100k (linear: ~10x).

    .venv/bin/python bench/camt.py [--repeat 3] [--sizes 10000 100000]
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _floor(path: str) -> int:
    from lxml import etree
    count = 0
    for _, element in etree.iterparse(path, events=("end",), tag="{*}Ntry"):
        count += 1
        element.clear()
        while element.getprevious() is not None:
            del element.getparent()[0]
    return count


def _ours(path: str) -> int:
    from engine.formats import camt
    with open(path, "rb") as stream:
        document = camt.parse(stream, source=path)
    return sum(len(statement.entries) for statement in document.statements)


def _one(mode: str, path: str) -> None:
    """Child process: one timed run, printed as JSON."""
    if mode == "ours":
        from engine.formats import camt  # noqa: F401 - import cost is not parse cost
    start = time.perf_counter()
    count = (_ours if mode == "ours" else _floor)(path)
    seconds = time.perf_counter() - start
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"count": count, "seconds": seconds, "peak_mib": peak_mib}))


def _run(mode: str, path: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--one", mode, path], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--one", nargs=2, metavar=("MODE", "FILE"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    args = parser.parse_args()
    if args.one:
        _one(*args.one)
        return 0
    from bench.camt_gen import generate
    results = {}
    for size in args.sizes:
        path = f"/tmp/comptoir_bench_camt053_{size}.xml"
        if not os.path.exists(path):
            with open(path, "wb") as out:
                generate(out, entries=size)
        mib = os.path.getsize(path) / 2**20
        runs = {"floor": [], "ours": []}
        for _ in range(args.repeat):  # interleaved, so a busy machine slows both alike
            for mode in runs:
                runs[mode].append(_run(mode, path))
        floor = min(r["seconds"] for r in runs["floor"])
        ours = min(r["seconds"] for r in runs["ours"])
        assert runs["ours"][0]["count"] == runs["floor"][0]["count"] == size
        results[size] = ours
        print(f"{size:>7} entries, {mib:5.1f} MiB: floor (iterparse, count Ntry) {floor:6.2f} s, "
              f"{max(r['peak_mib'] for r in runs['floor']):6.0f} MiB peak | camt.parse {ours:6.2f} s, "
              f"{max(r['peak_mib'] for r in runs['ours']):6.0f} MiB peak | ratio {ours / floor:4.2f}x "
              f"({size / ours:,.0f} entries/s)")
    if len(results) > 1:
        small, large = min(results), max(results)
        print(f"growth {small} -> {large} entries: {results[large] / results[small]:.1f}x time "
              f"for {large / small:.0f}x entries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
