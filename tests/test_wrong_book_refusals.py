"""What the second languages audit found on a German book: a bank command given the ledger answered with a Python
traceback (KeyError: the ledger book has no sheet 'Payments'), `bank pending --ids 9999` said one movement was put
back though there is none (exit 0, book unchanged), and `report debtors LEDGER` refused in English."""
from __future__ import annotations

from engine.cli import main


def _books(tmp_path):
    invoicing, ledger = tmp_path / "rechnungen.xlsx", tmp_path / "buchhaltung.xlsx"
    assert main(["new", "invoicing", str(invoicing), "--language", "de"]) == 0
    assert main(["new", "ledger", str(ledger), "--language", "de"]) == 0
    return invoicing, ledger


def test_a_bank_command_given_the_ledger_says_which_book_it_needs(tmp_path, capsys):
    _, ledger = _books(tmp_path)
    capsys.readouterr()
    before = ledger.read_bytes()
    for command in (["bank", "pending", str(ledger), "--ids", "1"], ["bank", "recognise", str(ledger)]):
        assert main(command) == 2
        said = capsys.readouterr().err
        assert "Buchhaltungsmappe hat kein Blatt" in said and "Fakturierungsmappe" in said, said
        assert "KeyError" not in said and "Traceback" not in said
    assert ledger.read_bytes() == before


def test_putting_back_a_movement_that_is_not_there_is_refused(tmp_path, capsys):
    invoicing, _ = _books(tmp_path)
    capsys.readouterr()
    before = invoicing.read_bytes()
    assert main(["bank", "pending", str(invoicing), "--ids", "9999"]) == 2
    said = capsys.readouterr()
    assert "es gibt keine Bewegung 9999" in said.err and "Bankbewegungen" in said.err, said
    assert "wieder offen" not in said.out
    assert invoicing.read_bytes() == before


def test_a_report_of_the_invoicing_book_given_the_ledger_refuses_in_its_language(tmp_path, capsys):
    _, ledger = _books(tmp_path)
    capsys.readouterr()
    assert main(["report", "debtors", str(ledger)]) == 2
    said = capsys.readouterr().err
    assert "wird aus der Fakturierungsmappe gelesen" in said and "is read from" not in said, said
