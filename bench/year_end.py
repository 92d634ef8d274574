"""The year end over a 550,000-entry journal (the posting benchmark's size): the close's clearing check and the
opening entries, and both financial statements with the previous year, against a hand-written pandas group-by of
the same balances measured in the same run (goal: each under 2 s and within 3x pandas, which does less: no
headings, no grouping of what is left).

Run: .venv/bin/python bench/year_end.py [ENTRIES]
"""
from __future__ import annotations

import datetime as dt
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pandas as pd  # noqa: E402

from engine.domain import statements, year_end  # noqa: E402
from engine.store.book import Book  # noqa: E402

ACCOUNTS = ("1020", "1010", "1100", "1170", "2000", "2200", "2800", "3000", "3200", "3400", "4200", "5000", "6000",
            "6500", "6940", "9907")


def journal(n: int) -> tuple:
    book = Book.from_rows({}, "ledger")
    rng = random.Random(19)
    return tuple(book.new("Journal", entry_id=i, date=dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(730)),
                          debit=rng.choice(ACCOUNTS), credit=rng.choice(ACCOUNTS),
                          amount=Decimal(rng.randint(100, 5_000_000)) / 100, group=f"F-{rng.randrange(50_000)}")
                 for i in range(n))


def timed(label: str, work) -> float:
    start = time.perf_counter()
    work()
    took = time.perf_counter() - start
    print(f"{label:58} {took:6.2f} s")
    return took


def main(n: int = 550_000) -> None:
    entries = journal(n)
    year, previous = (dt.date(2026, 1, 1), dt.date(2026, 12, 31)), (dt.date(2025, 1, 1), dt.date(2025, 12, 31))

    def by_pandas():
        frame = pd.DataFrame({"date": [e.date for e in entries], "debit": [e.debit for e in entries],
                              "credit": [e.credit for e in entries], "amount": [e.amount for e in entries]})
        for start, end in (year, previous):
            part = frame[(frame.date >= start) & (frame.date <= end)]
            pd.concat([part.groupby("debit").amount.sum(), -part.groupby("credit").amount.sum()]).groupby(level=0).sum()

    reference = timed(f"pandas balances of two years ({n:,} entries)", by_pandas)
    close = timed("close: clearing accounts left, with their groups",
                  lambda: year_end.clearing_left(entries, *year))
    opening = timed("open: balances and opening entries",
                    lambda: year_end.opening_entries(year_end.balances(entries, *year)))
    both = timed("statements: balance sheet and income statement, two years",
                 lambda: statements.build(entries, year, previous))
    print(f"close {close / reference:.2f}x, open {opening / reference:.2f}x, statements {both / reference:.2f}x "
          "the pandas reference")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 550_000)
