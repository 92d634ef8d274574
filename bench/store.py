"""Benchmark of the record store (issue 2): a Documents sheet of 100,000 rows.

Times, in one run on the same data:
  raw read      python-calamine reading the sheet into Python lists (the floor)
  load          Book.open + load + validate the sheet into typed records (goal ≤ 2× raw read)
  openpyxl      openpyxl's write-only writer writing the same rows (the reference writer)
  save          Book.save after changing 1,000 rows (goal ≤ 0.5× openpyxl write-only)
and the peak memory of the process (goal ≤ 1 GiB).

    .venv/bin/python bench/store.py [ROWS]
"""
from __future__ import annotations

import datetime as dt
import multiprocessing
import random
import resource
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from python_calamine import CalamineWorkbook

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engine.schema import INVOICING  # noqa: E402
from engine.store.book import Book  # noqa: E402


def documents(count: int, book: Book) -> list:
    rng = random.Random(42)
    start = dt.date(2025, 1, 1)
    rows = []
    for n in range(count):
        net = Decimal(rng.randrange(1000, 5_000_000)) / 100
        vat = (net * Decimal("0.081")).quantize(Decimal("0.01"))
        day = start + dt.timedelta(days=n % 700)
        rows.append(book.new(
            "Documents", number=f"F-{n:06d}", stage="F", status="F", client_id=1001 + n % 20, date=day,
            performance_date=day, due_date=day + dt.timedelta(days=30), currency="CHF", language="FR",
            title=f"Travaux de menuiserie no {n}", total_net=net, total_vat=vat, total_gross=net + vat,
            total_payable=net + vat, paid=Decimal("0.00"), balance=net + vat, qr_reference=f"{n:026d}0"))
    return rows


def timed(label: str, fn):
    began = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - began
    print(f"{label:<44} {seconds:8.2f} s")
    return seconds, result


def _setup(path: Path, count: int, queue) -> None:
    """In a child process, so generating the data does not count in the measured peak memory."""
    book = Book.open(path)
    records = documents(count, book)
    book.put("Documents", records)
    t_first, _ = timed(f"Book.save of {count} new rows (setup)", book.save)
    fields = INVOICING.sheet("Documents").fields

    def openpyxl_write():
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("Documents")
        sheet.append([c.header for c in INVOICING.sheet("Documents").columns])
        for record in records:
            sheet.append([getattr(record, f) for f in fields])
        workbook.save(path.with_name("openpyxl.xlsx"))
    t_openpyxl, _ = timed("openpyxl write-only, same rows", openpyxl_write)
    queue.put(t_openpyxl)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    folder = Path(tempfile.mkdtemp(prefix="comptoir-bench-"))
    path = folder / "invoicing.xlsx"
    shutil.copy(ROOT / "workbook_templates" / "invoicing.xlsx", path)
    print(f"{count} Documents rows × {len(INVOICING.sheet('Documents').fields)} columns in {folder}")
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_setup, args=(path, count, queue))
    child.start()
    t_openpyxl = queue.get()
    child.join()

    def raw_read():
        return CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Documents").to_python(skip_empty_area=False)
    t_raw, rows = timed("python-calamine raw read", raw_read)
    del rows

    def load():
        loaded = Book.open(path)
        table = loaded.table("Documents")
        assert len(table.records) == count and not loaded.errors(), loaded.errors()[:3]
        return loaded
    t_load, loaded = timed("load + validate into records", load)

    rng = random.Random(7)
    chosen = set(rng.sample(range(count), 1000))
    changed = [replace(r, paid=r.total_payable, balance=Decimal("0.00"), status="FX") if i in chosen else r
               for i, r in enumerate(loaded.records("Documents"))]
    loaded.put("Documents", changed)
    del changed
    t_save, _ = timed("save after changing 1,000 rows", loaded.save)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    del loaded
    check = Book.open(path).records("Documents")
    assert sum(1 for r in check if r.status == "FX") == 1000

    print(f"\nload / raw read       = {t_load / t_raw:5.2f}   (goal ≤ 2)")
    print(f"save / openpyxl write = {t_save / t_openpyxl:5.2f}   (goal ≤ 0.5)")
    print(f"peak memory (load + change + save) = {peak:7.0f} MiB (goal ≤ 1024)")
    shutil.rmtree(folder)


if __name__ == "__main__":
    main()
