"""The demo runs its year end (issue 19): 2026 refused while 9100 and 9907 hold money, then closed; 2027 opened in
ledger-2027.xlsx; the statements of 2026 in the ledger and statements-2026.pdf. Checked against the Journal with
pandas, not against what the step printed."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pandas as pd
import pytest

from engine.cli import main
from engine.services import statements
from engine.store.book import Book


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo") / "favre"
    assert main(["demo", str(folder)]) == 0
    return folder


def _balances(path, start, end) -> pd.Series:
    j = pd.DataFrame([{"date": e.date, "debit": e.debit, "credit": e.credit, "amount": e.amount}
                      for e in Book.open(path).records("Journal")])
    j = j[(j.date >= start) & (j.date <= end)]
    sides = pd.concat([pd.DataFrame({"account": j.debit, "signed": j.amount}),
                       pd.DataFrame({"account": j.credit, "signed": -j.amount})])
    return sides.groupby("account").signed.sum()


def test_the_demo_closes_2026_and_opens_2027_from_its_balances(demo, capsys):
    year = _balances(demo / "ledger.xlsx", date(2026, 1, 1), date(2026, 12, 31))
    assert [p.closed for p in Book.open(demo / "ledger.xlsx").records("Periods")] == [True]
    for account in ("9100", "9907", "9908", "9909", "2009", "2002"):
        assert year.get(account, Decimal(0)) == 0, account  # cleared before the close
    opening = _balances(demo / "ledger-2027.xlsx", date(2027, 1, 1), date(2027, 1, 1))
    carried = year[[a[:1] in "12" for a in year.index]]
    carried = carried[carried != 0]
    profit = -year[[a[:1] in "345678" for a in year.index]].sum()
    assert profit > 0
    for account, amount in carried.items():
        expected = amount + (-profit if account == "2970" else 0)  # 2970 also receives the year's profit
        assert opening[account] == expected, account
    assert opening["2970"] == carried.get("2970", 0) - profit
    assert opening.get("9100", 0) == 0  # every opening entry against 9100, and they add up to nothing
    assert main(["check", str(demo / "ledger-2027.xlsx")]) == 0


def test_the_demo_statements_balance_and_equal_the_journal(demo):
    lines = {line.code: line.amount for line in statements.lines(Book.open(demo / "ledger.xlsx"), 2026)}
    year = _balances(demo / "ledger.xlsx", date(2026, 1, 1), date(2026, 12, 31))
    assets = year[[a[:1] == "1" for a in year.index]].sum()
    profit = -year[[a[:1] in "345678" for a in year.index]].sum()
    assert lines["A="] == assets == lines["P="]
    assert lines["P3r"] == lines["I11"] == profit
    # the donations booked to 8100, an account the demo added, fall under the non-operating heading (7000–8499)
    # (the 9907 receipts of 17.03, 250.00 "M. Keller merci", and 02.09, 80.00 "Anonyme": 330.00)
    assert lines["I8"] == -year["8100"] == Decimal("330.00")
    assert (demo / "statements-2026.pdf").read_bytes().startswith(b"%PDF")
    assert "P9" not in lines  # class 9 cleared: no line
