"""`comptoir ledger balance` on a ledger nobody has posted to yet (issue 21, item 7)."""
from __future__ import annotations

from engine.cli import main


def test_balance_of_a_fresh_ledger_is_a_zero_total(tmp_path, capsys):
    ledger = str(tmp_path / "ledger.xlsx")
    assert main(["new", "ledger", ledger]) == 0
    capsys.readouterr()
    # No entry: nothing debited, nothing credited; the trial balance is a single total line of 0.00 / 0.00.
    assert main(["ledger", "balance", ledger]) == 0
    lines = [line.split() for line in capsys.readouterr().out.splitlines() if line.strip()]
    assert lines[0] == ["Account", "Name", "Debit", "Credit", "Balance"] and lines[-1] == ["Total", "0.00", "0.00"]
