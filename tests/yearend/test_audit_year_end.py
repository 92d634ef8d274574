"""The findings of the independent audit of the year end (ledger close / open / statements), each on the small
ledger of :mod:`tests.yearend.books` (its balances by hand there: 1020 10'781.00, 2000 −250, 2200 −81, 2800
−10'000, profit 2026 450.00)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from engine.cli import main
from engine.services import statements
from engine.store.book import Book
from tests.yearend.books import add, ledger_2026

D = Decimal


def _run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out + out.err


@pytest.mark.parametrize("account", ["1020", "6000", "9100"])
def test_retained_must_be_an_equity_account(tmp_path, capsys, account):
    """ret1020 / ret6000 / ret9100: the result carried to the bank, an expense or the opening account."""
    path = ledger_2026(tmp_path)
    assert main(["ledger", "close", str(path), "--year", "2026"]) == 0
    before = path.read_bytes()
    code, text = _run(capsys, "ledger", "open", str(path), "--year", "2027", "--retained", account)
    assert code == 2 and f"--retained {account} is not an equity account" in text and "--retained 2970" in text
    assert path.read_bytes() == before
    # an equity account of group 29 is accepted: the profit 450.00 to 2900 (Réserves)
    code, text = _run(capsys, "ledger", "open", str(path), "--year", "2027", "--retained", "2900")
    assert code == 0 and "2026 profit 450.00 to 2900" in text


def _with_1091(tmp_path, cleared: bool):
    """A client credit note of 30.00 registered on 1091 and, when ``cleared``, used on an invoice:
    01.10 NC-1 3400 / 1091 30.00 (the note: revenue reduced, 1091 credited), 02.10 NC-1 1091 / 1100 30.00 (used)."""
    path = ledger_2026(tmp_path)
    ledger = Book.open(path)
    add(ledger, [(date(2026, 10, 1), "NC-1", "3400", "1091", "30.00", "NC-1")]
        + ([(date(2026, 10, 2), "NC-1", "1091", "1100", "30.00", "NC-1")] if cleared else []))
    ledger.save()
    return path


def test_close_refuses_while_1091_holds_money(tmp_path, capsys):
    path = _with_1091(tmp_path, cleared=False)
    before = path.read_bytes()
    code, text = _run(capsys, "ledger", "close", str(path), "--year", "2026")
    assert code == 2 and "1091: credit balance 30.00" in text and "group NC-1: -30.00" in text
    assert path.read_bytes() == before
    assert main(["ledger", "close", str(_with_1091(tmp_path / "b", cleared=True)), "--year", "2026"]) == 0


def test_1091_is_not_cash_in_the_statements(tmp_path):
    """c1091: a debit balance of 1091 is a claim (other short-term receivables), not Liquidités.
    02.10 1091 / 1100 30.00 alone: 1091 +30.00, 1100 −30.00 (trade receivables 0 + ... −30.00)."""
    path = ledger_2026(tmp_path)
    ledger = Book.open(path)
    add(ledger, [(date(2026, 10, 2), "NC-1", "1091", "1100", "30.00", "NC-1")])
    ledger.save()
    got = {line.code: (line.amount, line.accounts) for line in statements.lines(Book.open(path), 2026)}
    assert got["A1a"] == (D("10781.00"), ("1020",))  # the bank alone, as before
    assert got["A1c"] == (D("30.00"), ("1091",))
    assert got["A1b"][0] == D("-30.00")
