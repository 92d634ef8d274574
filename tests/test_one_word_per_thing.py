"""One thing, one word in a language (second audit of issue 18): the German ribbon said Dashboard where the sheet it
opens is Cockpit, and Zuordnungsperiode where bank period --help, the refusals and the ledger's balance say
Abgrenzungsperiode (the manual's période d'imputation)."""
from __future__ import annotations

import re

import pytest

from engine import i18n
from engine.cli import main
from tests.test_command_words import _said
from tests.test_help_system_language import _term  # a word of terms.tsv itself


@pytest.mark.parametrize("language", ["fr", "de", "it"])
def test_the_ribbons_dashboard_is_the_sheet_it_opens(language):
    sheet = _term("report:Dashboard", language)  # Tableau de bord, Cockpit, Cruscotto
    catalogue = i18n.catalogue(language)
    assert catalogue.pgettext("ribbon", "Dashboard") == sheet
    assert catalogue.pgettext("ribbon-tip", "btnDashboard").casefold().count(sheet.casefold()) == 1


def test_german_says_abgrenzungsperiode_everywhere(monkeypatch, capsys):
    german = i18n.parse_po(i18n.po_text("de")).values()
    # every German compound naming the imputation period is the same word
    words = {word for text in german for word in re.findall(r"\w*(?:Zuordnungs|Abgrenzungs|Imputations)periode", text)}
    assert words == {"Abgrenzungsperiode"}
    assert i18n.catalogue("de").pgettext("ribbon", "Imputation period") == "Abgrenzungsperiode"
    monkeypatch.delenv("COMPTOIR_LANGUAGE", raising=False)
    monkeypatch.setenv("LANG", "de_CH.UTF-8")
    with pytest.raises(SystemExit):
        main(["bank", "--help"])  # the list of its actions says what period sets
    assert "Abgrenzungsperiode" in " ".join(_said(capsys).split())
