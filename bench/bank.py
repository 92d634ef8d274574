"""Benchmark: import + recognise + match of a camt.053 against open invoices and rules, against the floor (a bare
lxml iterparse counting ``Ntry``). Target (issue 7): ≤ 3× the floor, peak ≤ 1 GiB, linear growth 10k → 100k.

The book (in memory) holds as many open invoices as the file has entries, with QR references; 30 % of the entries
pay one of them (the generator's share of QR credits), the rest meet 200 rules (card merchants, suppliers) and the
bank-code types. Each run is a fresh process, so its peak RSS is its own.

    .venv/bin/python bench/bank.py [--sizes 10000 100000] [--repeat 3]

Each mode runs ``--repeat`` times, interleaved; the best run counts (the machine is shared).
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
RULES = 200


def _path(size: int) -> str:
    return f"/tmp/comptoir_bench_bank_{size}.xml"


def _book(size: int):
    from bench.camt_gen import NAMES
    from tests.bank.scenario import invoicing_book
    rules = [dict(title=f"Rule {n}", contains=f"{NAMES[n % len(NAMES)]} {n}" if n >= 8 else NAMES[n],
                  direction="debit", debit_account="6500", label="{partner} {month:%m.%Y}") for n in range(RULES)]
    return invoicing_book(size, rules=rules)


def _ours(size: int) -> dict:
    from engine.formats import camt
    from engine.services import bank
    book = _book(size)  # building the book is setup, not import
    start = time.perf_counter()
    with open(_path(size), "rb") as stream:
        document = camt.parse(stream, source=_path(size))
    parsed = time.perf_counter()
    imported = bank.import_documents(book, [document])
    result = bank.reconcile(book)
    end = time.perf_counter()
    return {"seconds": end - start, "parse": parsed - start, "count": imported.added, "rate": result.rate,
            "payments": result.payments}


def _floor(size: int) -> dict:
    from lxml import etree
    start, count = time.perf_counter(), 0
    for _, element in etree.iterparse(_path(size), events=("end",), tag="{*}Ntry"):
        count += 1
        element.clear()
        while element.getprevious() is not None:
            del element.getparent()[0]
    return {"seconds": time.perf_counter() - start, "count": count}


def _run(mode: str, size: int) -> dict:
    out = subprocess.run([sys.executable, __file__, "--one", mode, str(size)], check=True, capture_output=True,
                         text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--one", nargs=2)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if args.one:
        mode, size = args.one[0], int(args.one[1])
        found = (_ours if mode == "ours" else _floor)(size)
        found["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(found))
        return 0
    from bench.camt_gen import generate
    from tests.bank.scenario import amount
    from bench.camt_gen import qr_reference
    times = {}
    for size in args.sizes:
        if not os.path.exists(_path(size)):
            with open(_path(size), "wb") as out:
                paid = size * 3 // 10
                generate(out, entries=size, invoices=[(qr_reference(n), amount(n)) for n in range(1, paid + 1)])
        runs: dict = {"floor": [], "ours": []}
        for _ in range(args.repeat):  # interleaved, so a busy machine slows both alike
            for mode in runs:
                runs[mode].append(_run(mode, size))
        floor = min(runs["floor"], key=lambda r: r["seconds"])
        ours = min(runs["ours"], key=lambda r: r["seconds"])
        times[size] = ours["seconds"]
        print(f"{size:>7} entries vs {size:,} open invoices, {RULES} rules: floor {floor['seconds']:.2f} s | "
              f"ours {ours['seconds']:.2f} s (camt.parse {ours['parse']:.2f} s, import+recognise+match "
              f"{ours['seconds'] - ours['parse']:.2f} s) | ratio {ours['seconds'] / floor['seconds']:.2f}x "
              f"(target ≤ 3x) | peak {ours['peak_mib']:.0f} MiB | {ours['payments']} invoices paid, "
              f"recognised {ours['rate']:.1%}")
    if len(times) > 1:
        small, large = min(times), max(times)
        print(f"growth {small} -> {large}: {times[large] / times[small]:.1f}x time for {large / small:.0f}x entries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
