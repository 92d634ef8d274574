"""Yes/no cells in the book's words (audit 18b item 4): a German book offered "TRUE,FALSE" in every yes/no drop-down
(Archiviert, Lagerartikel, Aktiv…) and its Settings showed "False" (Verzugszins), while `check` asked for "WAHR oder
FALSCH". A French, German or Italian book's yes/no cells hold its words — oui/non, ja/nein, sì/no: text, read alike
by Excel, LibreOffice and openpyxl —, an English one Excel's TRUE/FALSE; each reads every language's words, and
``book translate`` converts them (cells, lists, Settings values)."""
from __future__ import annotations

import openpyxl
import pytest

from engine import templates
from engine.cli import main
from engine.store.book import Book
from engine.store.translate import translate

WORDS = {"fr": "oui,non", "de": "ja,nein", "it": "sì,no", "en": "TRUE,FALSE"}


def _yes_no_lists(path) -> dict:
    """Sheet → the lists of its drop-downs that are yes/no lists (two items)."""
    workbook = openpyxl.load_workbook(path)
    return {ws.title: {dv.formula1.strip('"') for dv in ws.data_validations.dataValidation
                       if dv.formula1 and dv.formula1.strip('"') in set(WORDS.values())}
            for ws in workbook.worksheets}


@pytest.mark.parametrize("language", ["fr", "de", "it", "en"])
def test_a_new_books_yes_no_drop_downs_offer_its_words(tmp_path, language):
    path = templates.write("invoicing", tmp_path / "b.xlsx", language)
    lists = _yes_no_lists(path)
    # Clients' Archived, Articles' Stocked, MovementTypes' Exclude, Rules' Active (at least): all in the book's words
    assert sum(1 for found in lists.values() if found) >= 4
    assert set().union(*lists.values()) == {WORDS[language]}


def test_a_german_books_settings_say_nein_and_ja_and_read_them(tmp_path):
    path = templates.write("invoicing", tmp_path / "de.xlsx", "de")
    settings = {r[0]: r[1] for r in openpyxl.load_workbook(path)["Einstellungen"].iter_rows(values_only=True)}
    assert settings["Verzugszins"] == "nein"  # was "False"
    book = Book.open(path)
    assert book.settings["DefaultInterest"] is False
    book.set_settings(DefaultInterest=True)
    book.save()
    settings = {r[0]: r[1] for r in openpyxl.load_workbook(path)["Einstellungen"].iter_rows(values_only=True)}
    assert settings["Verzugszins"] == "ja"  # was "True"
    assert Book.open(path).settings["DefaultInterest"] is True


def test_the_engine_writes_a_german_books_yes_no_as_ja_nein_and_an_english_one_as_booleans(tmp_path):
    for language, yes, no in (("de", "ja", "nein"), ("en", True, False)):
        path = templates.write("invoicing", tmp_path / f"{language}.xlsx", language)
        book = Book.open(path)
        book.put("Clients", [book.new("Clients", client_id=1, company="A", archived=True),
                             book.new("Clients", client_id=2, company="B", archived=False)])
        book.save()
        sheet = openpyxl.load_workbook(path).worksheets[[n for n in Book.open(path).sheet_titles].index("Clients")]
        head = [c.value for c in sheet[1]]
        column = head.index({"de": "Archiviert", "en": "Archived"}[language])
        assert [row[column] for row in sheet.iter_rows(min_row=2, max_row=3, values_only=True)] == [yes, no]
        assert [c.archived for c in Book.open(path).records("Clients")] == [True, False]


def test_check_asks_for_the_books_words(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("COMPTOIR_LANGUAGE", "en")
    path = templates.write("invoicing", tmp_path / "de.xlsx", "de")
    book = Book.open(path)
    book.put("Clients", [book.new("Clients", client_id=1, company="A")])
    book.save()
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Debitoren"]
    sheet.cell(2, [c.value for c in sheet[1]].index("Archiviert") + 1, "vielleicht")
    workbook.save(path)
    assert main(["check", str(path)]) != 0
    said = capsys.readouterr().out
    assert "geben Sie ja oder nein ein (oder x für ja)" in said and "WAHR" not in said


def test_translate_converts_yes_no_cells_lists_and_settings_and_leaves_an_x(tmp_path):
    """A French book whose cells hold oui, non, VRAI typed as text, Excel's boolean TRUE (a book written before)
    and an x: translated to German, ja / nein / VRAI / ja / x — what Comptoir writes is converted, what the
    bookkeeper typed otherwise (VRAI, x: both read as yes) stays as typed, so a translation back gives it back; its
    lists ja,nein; Settings nein."""
    path = templates.write("invoicing", tmp_path / "fr.xlsx", "fr")
    book = Book.open(path)
    book.put("Clients", [book.new("Clients", client_id=n, company=str(n)) for n in range(1, 6)])
    book.save()
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Débiteurs"]
    column = [c.value for c in sheet[1]].index("Archivé") + 1
    for row, typed in zip(range(2, 7), ["oui", "non", "VRAI", True, "x"]):
        sheet.cell(row, column, typed)
    workbook.save(path)
    translate(path, "de")
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Debitoren"]
    column = [c.value for c in sheet[1]].index("Archiviert")
    assert [r[column] for r in sheet.iter_rows(min_row=2, max_row=6, values_only=True)] == [
        "ja", "nein", "VRAI", "ja", "x"]
    assert set().union(*_yes_no_lists(path).values()) == {"ja,nein"}
    settings = {r[0]: r[1] for r in workbook["Einstellungen"].iter_rows(values_only=True)}
    assert settings["Verzugszins"] == "nein"
    translate(path, "en")  # English: Excel's booleans, its lists TRUE,FALSE, Settings FALSE
    workbook = openpyxl.load_workbook(path)
    column = [c.value for c in workbook["Clients"][1]].index("Archived")
    assert [r[column] for r in workbook["Clients"].iter_rows(min_row=2, max_row=6, values_only=True)] == [
        True, False, "VRAI", True, "x"]
    assert set().union(*_yes_no_lists(path).values()) == {"TRUE,FALSE"}
    assert {r[0]: r[1] for r in workbook["Settings"].iter_rows(values_only=True)}["DefaultInterest"] == "FALSE"
    assert [c.archived for c in Book.open(path).records("Clients")] == [True, False, True, True, True]


def test_translating_an_older_german_book_into_german_puts_its_true_false_into_ja_nein(tmp_path):
    """A German book made before: Settings Verzugszins "False", an archived client's cell Excel's TRUE, and the
    drop-downs' "TRUE,FALSE" — `book translate --to de` gives nein, ja, ja,nein."""
    path = templates.write("invoicing", tmp_path / "de.xlsx", "de")
    book = Book.open(path)
    book.put("Clients", [book.new("Clients", client_id=1, company="A")])
    book.save()
    workbook = openpyxl.load_workbook(path)
    for ws in workbook.worksheets:
        for dv in ws.data_validations.dataValidation:
            if dv.formula1 == '"ja,nein"':
                dv.formula1 = '"TRUE,FALSE"'
    sheet = workbook["Debitoren"]
    sheet.cell(2, [c.value for c in sheet[1]].index("Archiviert") + 1, True)
    settings = workbook["Einstellungen"]
    row = next(r for r in settings.iter_rows(min_row=2) if r[0].value == "Verzugszins")
    row[1].value = "False"
    workbook.save(path)
    assert set().union(*_yes_no_lists(path).values()) == {"TRUE,FALSE"}
    translate(path, "de")
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Debitoren"]
    assert sheet.cell(2, [c.value for c in sheet[1]].index("Archiviert") + 1).value == "ja"
    assert {r[0]: r[1] for r in workbook["Einstellungen"].iter_rows(values_only=True)}["Verzugszins"] == "nein"
    assert set().union(*_yes_no_lists(path).values()) == {"ja,nein"}
