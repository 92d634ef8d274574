"""The helps the second audit of issue 18 found English under LANG=de_CH.UTF-8 / it_CH.UTF-8 (/tmp/audit18c
help-de_CH.txt): the office and addin groups, id's description, ledger revalue --book, and bank portal naming the
column by the key PortalURL where the Settings-style sheet shows its header in the system's language."""
from __future__ import annotations

import pytest

from engine.cli import main
from tests.conftest import ROOT
from tests.test_command_words import _said


def _help(monkeypatch, capsys, language: str, *command: str) -> str:
    monkeypatch.delenv("COMPTOIR_LANGUAGE", raising=False)
    monkeypatch.setenv("LANG", f"{language}_CH.UTF-8")
    with pytest.raises(SystemExit):
        main([*command, "--help"])
    return " ".join(_said(capsys).split())  # argparse wraps the lines


def _term(key: str, language: str) -> str:
    """A sheet's or column's word in a book of that language, read from terms.tsv itself (not the catalogue)."""
    import csv
    with open(ROOT / "engine" / "data" / "terms.tsv", encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE) if row[:1] == [key]]
    return rows[0][2 + ("fr", "de", "it").index(language)]  # key, English, French, German, Italian


@pytest.mark.parametrize("language, command, said_so, english", [
    ("de", ("office",), "der Morgenbericht: was erledigt wurde und was eine Person braucht", "morning report"),
    ("de", ("office", "run"), "Prozesse auf diesem Rechner (standardmässig 1)", "report-only night"),
    ("de", ("office", "run"), "eine Nacht nur zum Prüfen", "default"),
    ("it", ("addin",), "costruire comptoir.xlam da macros/", "build comptoir.xlam"),
    ("it", ("addin", "build"), "le etichette e i suggerimenti della barra multifunzione (predefinita: la lingua del "
     "sistema, LANG)", "ribbon's"),
    ("it", ("addin", "build"), "un componente aggiuntivo quickstart di xlwings", "default"),
    ("de", ("id",), "Identifikatoren so prüfen, wie man sie tippt", "Check identifiers"),
    ("de", ("ledger", "revalue"), "die Fakturierungsmappe (ihre Devisenkurse, Bankkonten und Belege)", "invoicing"),
])
def test_the_help_the_audit_found_english_speaks_the_systems_language(monkeypatch, capsys, language, command,
                                                                       said_so, english):
    said = _help(monkeypatch, capsys, language, *command)
    assert said_so in said and english not in said, said


@pytest.mark.parametrize("language", ["de", "fr", "it"])
def test_bank_portal_names_the_column_as_the_sheet_shows_it(monkeypatch, capsys, language):
    header, sheet = _term("column:PortalURL", language), _term("sheet:BankAccounts", language)
    said = _help(monkeypatch, capsys, language, "bank")  # the group's list of actions says what portal does
    assert "PortalURL" not in said and f"({sheet}, {header})" in said, said
