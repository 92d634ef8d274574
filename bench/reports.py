"""Debtors ageing and the liquidity forecast over 100,000 invoices and 50,000 payments (issue 9 goal: each < 2 s
and within 2x a hand-written pandas group-by of the same figure, measured in the same run).

Run: .venv/bin/python bench/reports.py
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

from engine.domain.reports import debtors, liquidity  # noqa: E402
from engine.store.book import Book  # noqa: E402

UNTIL = dt.date(2026, 6, 30)


def records(n_invoices=100_000, n_payments=50_000):
    book = Book.from_rows({}, "invoicing")
    rng = random.Random(9)
    docs = []
    for i in range(n_invoices):
        day = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randint(0, 540))
        amount = Decimal(rng.randint(1000, 2_000_000)) / 100
        docs.append(book.new("Documents", number=f"F-{i:06d}", stage="F", client_id=rng.randint(1, 2000), date=day,
                             due_date=day + dt.timedelta(days=30), total_payable=amount, do_not_post=False,
                             reminder_level=0))
    pays = [book.new("Payments", payment_id=k, side="sales", document_number=f"F-{rng.randrange(n_invoices):06d}",
                     date=dt.date(2025, 1, 1) + dt.timedelta(days=rng.randint(0, 600)), kind="payment",
                     amount=Decimal(rng.randint(1000, 500_000)) / 100) for k in range(n_payments)]
    return docs, pays


def best(fn, runs=3):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def pandas_open(docs, pays):
    d = pd.DataFrame({"number": [x.number for x in docs], "client": [x.client_id for x in docs],
                      "date": [x.date for x in docs], "due": [x.due_date for x in docs],
                      "total": [x.total_payable for x in docs]})
    p = pd.DataFrame({"number": [x.document_number for x in pays], "date": [x.date for x in pays],
                      "amount": [x.amount for x in pays]})
    paid = p[p.date <= UNTIL].groupby("number").amount.sum()
    d = d[d.date <= UNTIL]
    d = d.assign(open=d.total - d.number.map(paid).fillna(Decimal(0)))
    return d[d.open != 0]


def pandas_ageing(docs, pays):
    d = pandas_open(docs, pays)
    days = (pd.Timestamp(UNTIL) - pd.to_datetime(d.due)).dt.days
    d = d.assign(bucket=pd.cut(days, [-10**6, 0, 30, 60, 90, 10**6], labels=False))
    return d.pivot_table(index="client", columns="bucket", values="open", aggfunc="sum", fill_value=0)


def pandas_forecast(docs, pays):
    d = pandas_open(docs, pays)
    due = pd.to_datetime(d.due.clip(lower=UNTIL))
    slot = (due.dt.year * 24 + (due.dt.month - 1) * 2 + (due.dt.day > 15) - (UNTIL.year * 24 + (UNTIL.month - 1) * 2
                                                                              + (UNTIL.day > 15))).clip(upper=12)
    return d.groupby(slot).open.sum()


def main() -> None:
    t0 = time.perf_counter()
    docs, pays = records()
    print(f"data: {len(docs):,} invoices, {len(pays):,} payments (built in {time.perf_counter() - t0:.1f} s)")
    ours, per_client = best(lambda: debtors.ageing_by_client(docs, pays, UNTIL))
    theirs, table = best(lambda: pandas_ageing(docs, pays))
    assert len(per_client) == len(table)
    print(f"debtors ageing by client : {ours:.3f} s  pandas {theirs:.3f} s  ratio {ours / theirs:.2f}x")
    detail, report = best(lambda: debtors.summary(docs, pays, {}, UNTIL), runs=1)
    print(f"debtors summary report   : {detail:.3f} s ({len(report.rows)} clients, sorted + totals)")
    ours_f, _ = best(lambda: liquidity.flows(docs, pays, [], [], UNTIL, 12))
    theirs_f, _ = best(lambda: pandas_forecast(docs, pays))
    print(f"liquidity by fortnight   : {ours_f:.3f} s  pandas {theirs_f:.3f} s  ratio {ours_f / theirs_f:.2f}x")
    full, _ = best(lambda: liquidity.forecast(docs, pays, [], [], {"x": Decimal(0)}, UNTIL), runs=1)
    print(f"liquidity report         : {full:.3f} s")
    goal = all(t < 2 for t in (ours, ours_f)) and ours <= 2 * theirs and ours_f <= 2 * theirs_f
    print("goal (< 2 s and within 2x pandas):", "met" if goal else "NOT met")


if __name__ == "__main__":
    main()
