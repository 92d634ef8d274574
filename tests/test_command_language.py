"""Which book speaks for a command that opens two (issue 18): the one the user named on the command line (its first
workbook), else the first one opened, unless the command says otherwise."""
from __future__ import annotations

from engine import i18n
from engine.cli import main
from engine.store.translate import translate
from tests.rates.test_revaluation import year_on_disk


def test_the_named_book_speaks_though_another_is_opened_first_or_after(monkeypatch, tmp_path):
    monkeypatch.setenv("COMPTOIR_LANGUAGE", "en")
    ledger, invoicing = tmp_path / "compta.xlsx", tmp_path / "ventes.xlsx"
    tokens = i18n.command_started(["unpost", str(invoicing), "--session", "3", "--ledger", str(ledger)])
    try:
        i18n.book_opened("de", ledger)  # unpost opens the --ledger first: it speaks until the named book opens
        assert i18n.language() == "de"
        i18n.book_opened("fr", invoicing)  # the book the user named
        assert i18n.language() == "fr" and i18n.book_language() == "fr"
        i18n.book_opened("it", tmp_path / "autre.xlsx")  # a third book opened later does not take over
        assert i18n.language() == "fr"
        i18n.speak("it")  # the command says otherwise
        assert i18n.language() == "it"
    finally:
        i18n.command_ended(tokens)
    assert i18n.language() == "en" and i18n.book_language() is None  # outside a command: the system's


def test_an_english_named_book_keeps_the_systems_words_though_a_french_one_is_opened_after_it(monkeypatch, tmp_path):
    monkeypatch.setenv("COMPTOIR_LANGUAGE", "en")
    tokens = i18n.command_started(["ledger", "balance", str(tmp_path / "compta.xlsx")])
    try:
        i18n.book_opened("en", tmp_path / "compta.xlsx")
        i18n.book_opened("fr", tmp_path / "ventes.xlsx")  # before: the last non-English book opened spoke
        assert i18n.language() == "en" and i18n.book_language() == "en"
    finally:
        i18n.command_ended(tokens)


def test_revalue_on_an_english_ledger_speaks_english_though_its_invoicing_book_is_french(tmp_path, capsys,
                                                                                         monkeypatch):
    monkeypatch.setenv("COMPTOIR_LANGUAGE", "en")
    year_on_disk(tmp_path)
    translate(tmp_path / "ventes.xlsx", "fr")
    capsys.readouterr()
    assert main(["ledger", "revalue", str(tmp_path / "compta.xlsx"), "--date", "31.12.2026", "--book",
                 str(tmp_path / "ventes.xlsx")]) == 0
    out = capsys.readouterr().out
    assert out.split()[:2] == ["Account", "Item"]  # not Compte, Poste: the ledger named speaks, in English

