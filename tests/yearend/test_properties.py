"""Invariants of the year end on any journal (hypothesis): the statements balance (assets = liabilities + equity,
the year's result included) and equal the income statement's result; the opening entries against 9100 add up to
the clearing accounts left (zero once they are cleared), and carry every balance sheet account exactly."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace as R

from hypothesis import given, settings
from hypothesis import strategies as st

from engine.domain import statements, year_end

ACCOUNTS = ["1020", "1020.01", "1100", "1109", "1170", "1500", "2000", "2009", "2200", "2800", "2970", "2979",
            "3400", "3800", "4200", "5000", "6000", "6800", "6950", "8000", "8900", "9907", "9200"]
entries = st.lists(st.tuples(st.integers(0, 364), st.sampled_from(ACCOUNTS), st.sampled_from(ACCOUNTS),
                             st.integers(-10**8, 10**8)), max_size=60)


def _journal(rows):
    return [R(date=date(2026, 1, 1) + timedelta(days=d), debit=a, credit=b, amount=Decimal(c) / 100, group=None,
              voucher="", label="", reference=None) for d, a, b, c in rows]


@settings(max_examples=300, deadline=None)
@given(entries)
def test_the_statements_balance_and_show_the_result(rows):
    journal = _journal(rows)
    span = (date(2026, 1, 1), date(2026, 12, 31))
    got = {line.code: line.amount for line in statements.build(journal, span)}
    assert got["A="] == got["P="]
    assert got["P3r"] == got["I11"]
    assert got["I11"] == sum(amount for code, amount in got.items()
                             if code.startswith("I") and code not in ("I", "I11") and amount is not None)


@settings(max_examples=300, deadline=None)
@given(entries)
def test_the_opening_carries_every_balance_and_nets_to_the_clearing_left(rows):
    balance = year_end.balances(_journal(rows))
    opening = year_end.opening_entries(balance)
    against = sum((o.amount if o.credit == "9100" else -o.amount) for o in opening)
    left = sum((amount for account, amount in balance.items() if account[:1] == "9"), Decimal(0))
    assert against == -left  # what 9100 is debited less than credited is what class 9 still holds, signed
    carried = {}
    for o in opening:
        carried[o.debit] = carried.get(o.debit, 0) + o.amount
        carried[o.credit] = carried.get(o.credit, 0) - o.amount
    for account, amount in balance.items():
        if year_end.is_balance_sheet(account) and account not in ("2970", "2979"):
            assert carried.get(account, 0) == amount, account
    assert carried.get("2970", 0) == balance.get("2970", 0) - year_end.carried_result(balance)
    assert all(o.amount > 0 for o in opening)
