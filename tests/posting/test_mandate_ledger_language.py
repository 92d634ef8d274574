"""The mandate's ledger out of reach is named in the invoicing book's language (issue 18): test_closed_periods'
remote invoicing side, its book German, refuses to unpost a session of the closed 2025."""
from __future__ import annotations

from engine.cli import main
from engine.store.translate import translate
from tests.posting.test_closed_periods import (
    _books_with_an_invoice_of_2025,
    _write_periods,
)


def test_the_mandates_ledger_out_of_reach_is_named_in_the_books_words(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("COMPTOIR_LANGUAGE", "en")
    folder = _books_with_an_invoice_of_2025(tmp_path / "m", closed_2025=False)
    invoicing, ledger = str(folder / "ventes.xlsx"), str(folder / "compta.xlsx")
    assert main(["mandate", "create", "--invoicing", invoicing, "--ledger", ledger]) == 0
    assert main(["post", invoicing, "--until", "31.12.2025"]) == 0
    assert main(["mandate", "pull", ledger]) == 0
    _write_periods(folder / "compta.xlsx", closed_2025=True)
    assert main(["mandate", "pull", ledger]) == 0  # the periods travel
    (folder / "compta.xlsx").rename(folder / "elsewhere.xlsx")
    translate(folder / "ventes.xlsx", "de")
    capsys.readouterr()
    assert main(["unpost", invoicing, "--session", "1"]) == 2
    err = capsys.readouterr().err
    assert "die Buchhaltung des Mandats" in err and "the mandate's ledger" not in err
