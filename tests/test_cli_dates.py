"""Every command's date options take ISO and Swiss dates; every help text prints (issue 14, item 11)."""
from __future__ import annotations

import pytest

from engine.cli import main


@pytest.mark.parametrize("command", ["ledger", "post", "unpost", "repost", "report", "purchases", "vat-close",
                                     "unposted", "bank", "documents", "mandate"])
def test_every_help_prints(command, capsys):
    # argparse formats help texts with %: a bare "%" crashed `comptoir ledger --help`.
    with pytest.raises(SystemExit) as done:
        main([command, "--help"])
    assert done.value.code == 0
    assert "usage:" in capsys.readouterr().out


def test_post_takes_a_swiss_date(tmp_path, capsys):
    book, ledger = str(tmp_path / "invoicing.xlsx"), str(tmp_path / "ledger.xlsx")
    assert main(["new", "invoicing", book]) == 0 and main(["new", "ledger", ledger]) == 0
    capsys.readouterr()
    assert main(["post", book, "--until", "31.12.2026", "--ledger", ledger]) == 0
    assert "2026-12-31" in capsys.readouterr().out
    # Nothing posted yet: reposting the year undoes nothing and posts nothing, but takes both date shapes.
    assert main(["repost", book, "--from", "01.01.2026", "--to", "2026-12-31", "--ledger", ledger]) == 0
    assert "0 entries" in capsys.readouterr().out


def test_a_wrong_date_is_named_with_both_shapes(tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["post", str(tmp_path / "x.xlsx"), "--until", "31.13.2026"])
    err = capsys.readouterr().err
    assert '"31.13.2026" is not a date' in err and "31.03.2026" in err
