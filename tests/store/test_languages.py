"""Books in the bookkeeper's language (issue 18): one table of terms; the store reads a book in French, German,
Italian or English — and one whose user renamed a header to another language's word — and writes in its words."""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from python_calamine import CalamineWorkbook

from engine import templates
from engine.schema import BOOKS, terms
from engine.store.book import Book
from engine.store.translate import translate

LANGS = terms.LANGUAGES


def _all_sheets():
    return [sheet for book in BOOKS.values() for sheet in book.sheets]


def test_every_sheet_header_and_value_has_its_four_words():
    table = terms._table()
    missing = []
    for sheet in _all_sheets():
        keys = [f"sheet:{sheet.name}"] + [f"column:{col.header}" for col in sheet.columns]
        keys += [f"value:{code}" for col in sheet.columns for code in col.codes
                 if code and not re.fullmatch(r"[A-Z>]+|Cc", code)]  # letters and ISO codes stay as they are
        missing += [key for key in keys if not all(table.get(key, {}).get(lang) for lang in LANGS)]
    # a column added to the schema needs its words: a row "column:Header<TAB>Header<TAB>fr<TAB>de<TAB>it"
    assert sorted(set(missing)) == [], "add these rows to engine/data/terms.tsv"


def test_sheet_names_fit_excel_and_never_name_two_sheets():
    owner = {}
    for sheet in {s.name: s for s in _all_sheets()}.values():
        for lang in LANGS:
            title = terms.sheet_name(sheet.name, lang)
            assert len(title) <= 31 and not set(title) & set("[]:*?/\\"), title
            assert owner.setdefault(terms.norm_sheet(title), sheet.name) == sheet.name, title


def test_no_word_names_two_columns_of_one_sheet():
    for sheet in _all_sheets():
        owner = {}
        for col in sheet.columns:
            for alias in terms.header_aliases(col.header):
                assert owner.setdefault(alias, col.header) == col.header, (sheet.name, alias)


def test_no_word_names_two_values_of_one_column():
    for sheet in _all_sheets():
        for col in sheet.columns:
            if not col.codes:
                continue
            seen = {code: code for code in col.codes}  # a word must not be another value's English code
            for code in col.codes:
                for lang in LANGS:
                    word = terms.value(code, lang)
                    for spelling in (word, word.casefold()):
                        assert seen.setdefault(spelling, code) == code, (sheet.name, col.header, word)


@pytest.mark.parametrize("language,clients,journal", [("fr", "Débiteurs", "Écritures"),
                                                     ("de", "Debitoren", "Buchungen"),
                                                     ("it", "Debitori", "Registrazioni")])
def test_a_new_book_speaks_its_language_and_reads_without_problems(tmp_path, language, clients, journal):
    invoicing = templates.write("invoicing", tmp_path / "i.xlsx", language)
    ledger = templates.write("ledger", tmp_path / "l.xlsx", language)
    names = CalamineWorkbook.from_path(str(invoicing)).sheet_names
    assert clients in names and "Clients" not in names
    assert journal in CalamineWorkbook.from_path(str(ledger)).sheet_names
    book = Book.open(invoicing)
    assert (book.kind, book.language) == ("invoicing", language)
    assert book.check() == []
    assert book.settings["Language"] == language.upper()
    # the chart's classes are written in the language and read back as the program's codes
    accounts = Book.open(ledger)
    assert accounts.kind == "ledger" and accounts.check() == []
    assert {a.number: a.account_class for a in accounts.records("Accounts")}["1020"] == "asset"


def test_a_french_book_reads_a_header_renamed_to_german_and_values_in_italian():
    rows = [["N° mouvement", "Sens", "Betrag", "Action", "État"],  # Betrag: a German word for Montant
            [1.0, "débit", 120.5, "registrare", "en attente"],
            [2.0, "Gutschrift", 80.0, "post", "processed"]]
    book = Book.from_rows({"Paramètres": [["Clé", "Valeur"]], "Mouvements bancaires": rows}, kind="invoicing")
    first, second = book.records("Movements")
    assert (first.movement_id, first.direction, first.amount, first.action, first.state) == \
        (1, "debit", Decimal("120.50"), "post", "pending")
    assert (second.direction, second.action, second.state) == ("credit", "post", "processed")
    bad = [p for p in book.problems if p.severity == "error"]
    assert bad == []


def test_a_bad_value_is_named_on_the_sheet_as_the_book_calls_it():
    rows = [["N° mouvement", "Sens"], [1.0, "de travers"]]
    book = Book.from_rows({"Paramètres": [["Clé", "Valeur"]], "Mouvements bancaires": rows}, kind="invoicing")
    book.records("Movements")
    [problem] = [p for p in book.problems if p.severity == "error"]
    assert str(problem.source) == "memory: Mouvements bancaires!B2"


def test_writes_drop_down_values_in_the_books_words_and_adds_sheets_in_its_language(tmp_path):
    path = templates.write("invoicing", tmp_path / "de.xlsx", "de")
    book = Book.open(path)
    book.put("Payments", [book.new("Payments", payment_id=1, side="sales", document_number="F-1",
                                   date=dt.date(2026, 3, 1), kind="credit_note", amount=Decimal("10.00"))])
    book.put("Clients", [book.new("Clients", client_id=7, company="Keller AG")])
    book.save()
    sheets = CalamineWorkbook.from_path(str(path))
    payments = sheets.get_sheet_by_name("Zahlungen").to_python()
    assert payments[0][:5] == ["Zahlungs-Nr.", "Seite", "Beleg-Nr.", "Datum", "Art"]
    assert payments[1][1] == "Verkauf" and payments[1][4] == "Gutschrift"
    again = Book.open(path)
    assert (again.records("Payments")[0].side, again.records("Payments")[0].kind) == ("sales", "credit_note")
    assert again.records("Clients")[0].company == "Keller AG"


def test_an_optional_sheet_added_to_a_french_book_gets_french_name_and_headers():
    rows = {"Paramètres": [["Clé", "Valeur"]], "Débiteurs": [["N° client", "Société"], [1.0, "Favre SA"]]}
    book = Book.from_rows(rows, kind="invoicing")
    assert book.records("Contacts") == ()
    book.put("Contacts", [book.new("Contacts", client_id=1, name="Anne Favre")])
    book.save()
    assert book.source.sheets["Contacts"][0][:3] == ["N° client", "Nom", "Fonction"]
    book.put("StockMoves", [book.new("StockMoves", move_id=1, date=dt.date(2026, 1, 5), article_id="A1",
                                     quantity=Decimal(2), reason="correction")])
    book.save()
    assert book.source.sheets["Mouvements de stock"][1][4] == "correction"
    assert Book.from_rows(book.source.sheets, kind="invoicing").records("StockMoves")[0].quantity == 2


def test_a_book_with_one_sheet_renamed_to_german_is_still_french_and_reads_both():
    rows = {"Paramètres": [["Clé", "Valeur"], ["Language", "FR"]],
            "Débiteurs": [["N° client", "Société"], [1.0, "A"]],
            "Kreditoren": [["Kreditoren-Nr.", "Name"], [7.0, "Holz AG"]], "Écritures": [["N° écriture"]],
            "Documents": [["Numéro", "Étape", "N° client", "Date"]]}
    book = Book.from_rows(rows, kind="invoicing")
    assert book.language == "fr"
    assert book.records("Creditors")[0].name == "Holz AG" and book.records("Clients")[0].company == "A"


def test_excels_own_words_for_true_and_false_read_in_every_language():
    # a French, German or Italian Excel shows VRAI/FAUX, WAHR/FALSCH, VERO/FALSO; typed as text they still read
    rows = [["N° client", "Archivé"], [1.0, "VRAI"], [2.0, "FALSCH"], [3.0, "VERO"], [4.0, "FALSO"], [5.0, "sì"]]
    book = Book.from_rows({"Paramètres": [["Clé", "Valeur"]], "Débiteurs": rows}, kind="invoicing")
    assert [c.archived for c in book.records("Clients")] == [True, False, True, False, True]
    assert [p for p in book.problems if p.severity == "error"] == []


def test_a_new_italian_book_makes_italian_documents_by_default(tmp_path):
    settings = Book.open(templates.write("invoicing", tmp_path / "b.xlsx", "it")).settings
    assert (settings["Language"], settings["DefaultLanguage"]) == ("IT", "IT")
    english = Book.open(templates.write("invoicing", tmp_path / "e.xlsx")).settings
    assert (english["Language"], english["DefaultLanguage"]) == (None, "FR")  # as before issue 18


def test_a_drop_downs_list_and_its_error_message_speak_the_books_language(tmp_path):
    import openpyxl
    sheet = openpyxl.load_workbook(templates.write("invoicing", tmp_path / "b.xlsx", "fr"))["Mouvements bancaires"]
    rules = {rule.formula1: rule.error for rule in sheet.data_validations.dataValidation}
    assert rules['"crédit,débit"'] == "Choisissez une valeur de la liste pour Sens"
    assert "'Plan comptable'!$A$2:$A$20000" in rules


def test_comptoir_new_with_a_language(tmp_path, capsys):
    from engine.cli import main
    assert main(["new", "ledger", str(tmp_path / "compta.xlsx"), "--language", "it"]) == 0
    assert "(it)" in capsys.readouterr().out
    assert CalamineWorkbook.from_path(str(tmp_path / "compta.xlsx")).sheet_names == \
        ["Piano dei conti", "Codici IVA", "Codici analitici", "Periodi", "Registrazioni", "Lotti", "Chiusure"]
    assert Book.open(tmp_path / "compta.xlsx").check() == []


def test_check_says_how_to_translate_a_book_whose_language_was_typed_by_hand(tmp_path):
    path = templates.write("invoicing", tmp_path / "b.xlsx", "fr")
    book = Book.open(path)
    book.set_settings(Language="DE")
    book.save()
    [problem] = Book.open(path).check()
    assert problem.severity == "warning" and problem.source.sheet == "Paramètres"
    # the key and its sheet as the French book names them (Settings Language: Paramètres, Langue du classeur)
    assert problem.message == ("le paramètre « Langue du classeur » (Paramètres) indique DE, mais les feuilles sont "
                               "en FR")
    assert problem.hint == "lancez comptoir book translate b.xlsx --to de pour les traduire"
    translate(path, "de")
    assert Book.open(path).check() == []


def test_settings_notes_are_in_the_books_language_and_follow_a_translation(tmp_path):
    path = templates.write("invoicing", tmp_path / "b.xlsx", "fr")
    notes = {terms.english_setting(r.key): r.note for r in Book.open(path).records("Settings")}  # keys in French
    assert notes["GoLiveDate"] == "Les mouvements bancaires antérieurs à cette date sont exclus"
    assert notes["NumberQuote"] == "Numérotation par étape : {year} et {seq}"
    book = Book.open(path)
    mine = [r if r.key != "Raison sociale" else __import__("dataclasses").replace(r, note="Notre raison sociale")
            for r in book.records("Settings")]
    book.put("Settings", mine)
    book.save()
    translate(path, "de")
    notes = {terms.english_setting(r.key): r.note for r in Book.open(path).records("Settings")}
    assert notes["GoLiveDate"] == "Bankbewegungen vor diesem Datum werden ausgeschlossen"
    assert notes["CompanyName"] == "Notre raison sociale"  # a note of the bookkeeper's own is theirs


def test_every_setting_note_is_in_the_catalogue():
    from engine import i18n
    from engine.schema.settings import INVOICING_SETTINGS
    known = {msgid for context, msgid in i18n.parse_po(i18n.po_text("en")) if context == "setting-note"}
    assert {key.note for key in INVOICING_SETTINGS if key.note} - known == set()


def test_a_setting_added_to_a_german_book_comes_with_its_german_note():
    book = Book.from_rows({"Einstellungen": [["Schlüssel", "Wert", "Bemerkung"]]}, kind="invoicing")
    book.set_settings(GoLiveDate="2026-01-01")
    book.save()
    assert book.source.sheets["Einstellungen"][1] == \
        ["Startdatum", "2026-01-01", "Bankbewegungen vor diesem Datum werden ausgeschlossen"]  # key in German too


def test_check_lists_a_language_setting_that_is_not_a_language(tmp_path, capsys):
    """Review of this session's change: Settings Language "bogus" stopped `comptoir check` (exit 2, one message)
    instead of being listed with the other problems, at its cell (exit 1)."""
    from engine.cli import main
    from engine.store.book import Book
    path = tmp_path / "ventes.xlsx"
    assert main(["new", "invoicing", str(path)]) == 0
    book = Book.open(path)
    book.set_settings(Language="bogus")
    book.save()
    capsys.readouterr()
    assert main(["check", str(path)]) == 1
    assert "bogus" in capsys.readouterr().out
