"""The Settings sheet in the bookkeeper's language (issue 18, audit: a French book's Settings read PaymentTermDays,
VatBasis, received): keys and list values in the book's words; the code keeps asking by the English key and reads a
key typed in any of the four languages; book translate moves them into the new language."""
from __future__ import annotations

from decimal import Decimal as D

import pytest
from python_calamine import CalamineWorkbook

from engine import templates
from engine.schema import terms
from engine.schema.invoicing import INVOICING
from engine.store.book import Book
from engine.store.translate import translate


def _settings_rows(path) -> dict:
    workbook = CalamineWorkbook.from_path(str(path))
    title = next(n for n in workbook.sheet_names if terms.english_sheet(n) == "Settings")
    return {row[0]: row[1] for row in workbook.get_sheet_by_name(title).to_python()[1:] if row and row[0]}


def test_every_setting_has_its_four_words_and_no_word_names_two():
    owner = {}
    for key in INVOICING.settings:
        for language in terms.LANGUAGES:
            word = terms.setting_key(key.key, language)
            assert word and (language == "en" or word != key.key or key.key in ("CompanyUID",)), (key.key, language)
            assert owner.setdefault(terms.norm_header(word), key.key) == key.key, word


def test_a_french_book_shows_french_keys_and_values_and_reads_them(tmp_path):
    path = templates.write("invoicing", tmp_path / "f.xlsx", "fr")
    book = Book.open(path)
    book.set_settings(PaymentTermDays=20, VatBasis="received", CompanyName="Menuiserie Favre SA")
    book.save()
    rows = _settings_rows(path)
    assert rows["Délai de paiement (jours)"] == "20" and rows["Raison sociale"] == "Menuiserie Favre SA"
    assert rows["Décompte TVA selon"] == "reçu"  # the drop-down's French word, not "received"
    assert not {"PaymentTermDays", "VatBasis", "CompanyName"} & set(rows)
    settings = Book.open(path).settings
    assert (settings["PaymentTermDays"], settings["VatBasis"], settings["Reminder2Fee"]) == (20, "received", D("20.00"))


@pytest.mark.parametrize("typed", ["PaymentTermDays", "Zahlungsfrist (Tage)", "délai de paiement (jours)"])
def test_a_key_typed_in_any_language_reads(typed):
    book = Book.from_rows({"Paramètres": [["Clé", "Valeur"], [typed, 45]]}, kind="invoicing")
    assert book.settings["PaymentTermDays"] == 45
    book.set_settings(PaymentTermDays=10)  # replaced in its row, the key left as typed
    book.save()
    assert book.source.sheets["Paramètres"][1][:2] == [typed, "10"]


def test_translate_moves_the_keys_and_list_values_into_the_new_language(tmp_path):
    path = templates.write("invoicing", tmp_path / "f.xlsx", "fr")
    book = Book.open(path)
    book.set_settings(VatBasis="received", VatMethod="tdfn", PaymentTermDays=20)
    book.save()
    translate(path, "de")
    rows = _settings_rows(path)
    assert rows["Zahlungsfrist (Tage)"] == "20" and rows["MWST-Abrechnung nach"] == "vereinnahmt"
    assert rows["MWST-Methode"] == "Saldosteuersatz" and rows["Sprache der Mappe"] == "DE"
    settings = Book.open(path).settings
    assert (settings["VatBasis"], settings["VatMethod"], settings["Language"]) == ("received", "tdfn", "DE")
    translate(path, "en")
    rows = _settings_rows(path)
    assert rows["PaymentTermDays"] == "20" and rows["VatBasis"] == "received" and rows["Language"] == "EN"


def test_list_values_of_a_new_german_book_are_german_and_read_as_codes(tmp_path):
    path = templates.write("invoicing", tmp_path / "d.xlsx", "de")
    rows = _settings_rows(path)
    assert rows["Adressfenster"] == "rechts" and rows["MWST-Methode"] == "effektiv"
    assert rows["MWST-Abrechnung nach"] == "vereinbart" and rows["Referenz für den Abgleich"] == "Name"
    settings = Book.open(path).settings
    assert (settings["AddressWindow"], settings["VatMethod"], settings["VatBasis"],
            settings["PointageReference"]) == ("right", "effective", "agreed", "name")
    assert Book.open(path).check() == []


def test_every_list_value_of_a_setting_has_its_words_and_they_name_one_value():
    for key in INVOICING.settings:
        seen = {}
        for code in key.codes:
            for language in terms.LANGUAGES:
                word = terms.value(code, language)
                assert word, (key.key, code, language)
                assert seen.setdefault(word.casefold(), code) == code, (key.key, word)


def test_a_value_that_cannot_be_read_is_named_by_the_key_the_sheet_shows():
    book = Book.from_rows({"Paramètres": [["Clé", "Valeur"], ["Méthode TVA", "bidon"]]}, kind="invoicing")
    (problem,) = book.settings.problems()
    # said in the French book's language (issue 18: the store's words), the key as its sheet shows it
    assert "paramètre Méthode TVA : « bidon » n'est pas une de ses valeurs" in str(problem)
    assert "VatMethod" not in str(problem)
    with pytest.raises(Exception, match="paramètre Méthode TVA : "):
        book.settings["VatMethod"]


def test_the_hint_lists_the_values_in_the_books_words():
    book = Book.from_rows({"Paramètres": [["Clé", "Valeur"], ["Méthode TVA", "bidon"]]}, kind="invoicing")
    (problem,) = book.settings.problems()
    assert "choisissez parmi effective, TDFN, taux forfaitaires (ou laissez vide pour effective)" in str(problem)


def test_a_german_book_written_with_erhalten_reads_received_and_a_translation_writes_vereinnahmt(tmp_path):
    """The VAT basis of the received consideration is "vereinnahmte Entgelte" (MWSTG art. 40): a German book says
    vereinnahmt (audit of issue 18: "erhalten"); a book written before with erhalten still posts on the received basis,
    and a translation puts the new word (in French: reçu)."""
    old = Book.from_rows({"Einstellungen": [["Schlüssel", "Wert"], ["MWST-Abrechnung nach", "erhalten"]]},
                         kind="invoicing")
    assert old.settings["VatBasis"] == "received" and old.settings.problems() == []
    path = templates.write("invoicing", tmp_path / "d.xlsx", "de")
    book = Book.open(path)
    book.set_settings(VatBasis="received")
    book.save()
    assert _settings_rows(path)["MWST-Abrechnung nach"] == "vereinnahmt"
    translate(path, "fr")
    assert _settings_rows(path)["Décompte TVA selon"] == "reçu"
    assert Book.open(path).settings["VatBasis"] == "received"
