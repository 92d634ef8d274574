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


@pytest.mark.parametrize("language, said, hint", [
    ("de", "Buchungen!D2: Konto «9998» (Soll) existiert nicht in Kontenplan",
     "erfassen Sie das Konto zuerst in Kontenplan oder wählen Sie ein bestehendes"),
    ("fr", "Écritures!D2: compte « 9998 » (Débit) n'existe pas dans Plan comptable",
     "ajoutez d'abord le compte dans Plan comptable"),
    ("it", "Registrazioni!D2: conto «9998» (Dare) non esiste in Piano dei conti", "aggiungete prima il conto"),
])
def test_a_journal_account_not_in_the_chart_is_named_an_account(tmp_path, capsys, language, said, hint):
    """The second audit of issue 18 read "Soll «9998» existiert nicht in Kontenplan — erfassen Sie ihn": as if the
    debit side were missing. The account is missing; its column says which side (D2: the Debit of the first row)."""
    import datetime as dt
    from decimal import Decimal

    from engine import templates
    from engine.store.book import Book

    path = templates.write("ledger", tmp_path / f"l-{language}.xlsx", language)
    book = Book.open(path)
    book.put("Journal", [book.new("Journal", entry_id=1, date=dt.date(2026, 3, 2), debit="9998", credit="1020",
                                  amount=Decimal("100.00"), label="?")])
    book.save()
    assert main(["check", str(path)]) == 1
    out = " ".join(_said(capsys).split())
    assert said in out and hint in out, out


def test_a_posting_session_is_a_buchungslauf_in_the_list_of_commands(monkeypatch, capsys):
    """`comptoir --help` under a German system said post "in einer Mappeungslauf" (Buch → Mappe replaced inside
    Buchungslauf): the session is a Buchungslauf wherever German names it."""
    german = i18n.parse_po(i18n.po_text("de")).values()
    assert {word for text in german for word in re.findall(r"\w*ungslauf\w*", text)} == {"Buchungslauf"}
    assert not [text for text in german if re.search(r"Mappe[a-zäöü]", text.replace("Mappen", ""))]
    monkeypatch.delenv("COMPTOIR_LANGUAGE", raising=False)
    monkeypatch.setenv("LANG", "de_CH.UTF-8")
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "bis zu einem Datum in einem Buchungslauf verbuchen" in " ".join(_said(capsys).split())
