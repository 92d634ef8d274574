"""The store's errors in the book's language (issue 18): a book open in Excel, a read-only book, a report sheet of the
bookkeeper's own, a Settings value, a rate; and a problem's place named as the book names its sheet (Écritures!D5,
Buchungen Zeile 5), the English words gone."""
from __future__ import annotations

import os
from contextlib import contextmanager
from datetime import date
from decimal import Decimal

import pytest

from engine import i18n, templates
from engine.errors import BookError, BookLocked, Problem, ProblemsFound, Source
from engine.store.book import Book
from engine.store.report_sheets import refuse_own_sheets


@pytest.fixture(autouse=True)
def english_system(monkeypatch):
    monkeypatch.setenv("COMPTOIR_LANGUAGE", "en")  # the system says English: what is not English is the book's


@contextmanager
def command(*argv):
    """As engine.cli runs a command on ``argv``."""
    tokens = i18n.command_started([str(word) for word in argv])
    try:
        yield
    finally:
        i18n.command_ended(tokens)


def _book(tmp_path, kind, language, name):
    return templates.write(kind, tmp_path / name, language)


def _changed(path):
    book = Book.open(path)
    book.put("Clients", [book.new("Clients", client_id=1, company="Favre SA")])
    return book


@pytest.mark.parametrize("language, said, hint", [
    ("fr", "ventes.xlsx est ouvert dans Excel (~$ventes.xlsx existe)", "fermez-le dans Excel, ou lancez la commande"),
    ("de", "ventes.xlsx ist in Excel geöffnet (~$ventes.xlsx existiert)", "schliessen Sie die Mappe in Excel, oder"),
])
def test_a_book_open_in_excel_is_refused_in_its_language(tmp_path, language, said, hint):
    path = _book(tmp_path, "invoicing", language, "ventes.xlsx")
    (tmp_path / "~$ventes.xlsx").write_bytes(b"owner")
    before = path.read_bytes()
    with command("contacts", "add", path):
        book = _changed(path)
        with pytest.raises(BookLocked) as refused:
            book.save()
    assert refused.value.message == said and refused.value.hint.startswith(hint)
    assert "is open in" not in str(refused.value) and "close it" not in str(refused.value)
    assert path.read_bytes() == before


@pytest.mark.parametrize("language, said, hint", [
    ("fr", "ventes.xlsx est en lecture seule", "rien n'a été modifié ; enlevez sa protection en écriture"),
    ("de", "ventes.xlsx ist schreibgeschützt", "nichts wurde geändert; heben Sie den Schreibschutz auf"),
])
def test_a_read_only_book_is_refused_in_its_language(tmp_path, language, said, hint):
    path = _book(tmp_path, "invoicing", language, "ventes.xlsx")
    os.chmod(path, 0o444)
    try:
        with command("contacts", "add", path):
            book = _changed(path)
            with pytest.raises(BookError) as refused:
                book.save()
    finally:
        os.chmod(path, 0o644)
    assert refused.value.message == said and refused.value.hint.startswith(hint)


def test_a_book_that_is_not_a_workbook_is_refused_in_the_systems_language(tmp_path, monkeypatch):
    """Nothing is read of it, so no book speaks: the system's language (here German) does."""
    monkeypatch.setenv("COMPTOIR_LANGUAGE", "de")
    path = tmp_path / "ventes.xlsx"
    path.write_text("Kunde;Betrag\n", encoding="utf-8")
    with command("check", path), pytest.raises(BookError) as refused:
        Book.open(path)
    assert str(refused.value) == ("ventes.xlsx ist keine Excel-Mappe (.xlsx/.xlsm) — speichern Sie die Datei in "
                                  "Excel als .xlsx; .xls und .csv werden nicht unterstützt")


def test_a_report_sheet_of_ones_own_is_refused_in_the_ledgers_language(tmp_path):
    import openpyxl
    path = _book(tmp_path, "ledger", "de", "buchhaltung.xlsx")
    workbook = openpyxl.load_workbook(path)
    workbook.create_sheet("Bilanz")["A1"] = "meine eigene Tabelle"
    workbook.save(path)
    with command("ledger", "statements", path):
        Book.open(path)
        with pytest.raises(BookError) as refused:
            refuse_own_sheets(path, ["Bilanz"])
    assert refused.value.message == ("buchhaltung.xlsx: das Blatt «Bilanz» ist kein von Comptoir geschriebener "
                                     "Bericht (es hat keine Tabelle tblReport) und wird darum nicht ersetzt")
    assert refused.value.hint.startswith("benennen Sie Ihr Blatt «Bilanz» um")


@pytest.mark.parametrize("language, journal, row", [("fr", "Écritures", "ligne"), ("de", "Buchungen", "Zeile"),
                                                     ("it", "Registrazioni", "riga")])
def test_a_problem_names_the_sheet_as_the_book_names_it(tmp_path, language, journal, row):
    """Code that names the Journal by its English name (Source(ledger.name, "Journal", 5)) is shown the book's."""
    path = _book(tmp_path, "ledger", language, "compta.xlsx")
    cell = Problem(Source("compta.xlsx", "Journal", 5, "D"), "Debit is empty")
    line = Problem(Source("compta.xlsx", "Journal", 5), "this entry does not balance")
    settings = Source("compta.xlsx", "Settings")
    own = Source("compta.xlsx", "Mes notes", 3)  # a sheet of the user's own stays as it is
    with command("ledger", "close", path):
        Book.open(path)
        assert str(cell) == f"compta.xlsx: {journal}!D5: Debit is empty"
        assert str(line) == f"compta.xlsx: {journal} {row} 5: this entry does not balance"
        assert "Settings" not in str(settings)
        assert str(own) == f"compta.xlsx: Mes notes {row} 3"
        assert cell.as_dict()["sheet"] == journal  # check --json: the sheet a tool finds in the book
    # outside a command (a test, the add-in) the code's names stay
    assert str(cell) == "compta.xlsx: Journal!D5: Debit is empty"
    assert str(line) == "compta.xlsx: Journal row 5: this entry does not balance"


def test_a_name_already_the_books_is_not_translated_again(tmp_path):
    path = _book(tmp_path, "ledger", "fr", "compta.xlsx")
    with command("ledger", "close", path):
        Book.open(path)
        assert str(Source("compta.xlsx", "Écritures", 2, "C")) == "compta.xlsx: Écritures!C2"
        found = ProblemsFound([Problem(Source("compta.xlsx", "Journal", 2, "C"), "x")])
        assert str(found) == "1 problème(s) trouvé(s): compta.xlsx: Écritures!C2: x"


def test_an_english_book_keeps_the_sheet_names_though_the_system_speaks_french(tmp_path, monkeypatch):
    monkeypatch.setenv("COMPTOIR_LANGUAGE", "fr")
    path = _book(tmp_path, "ledger", "en", "ledger.xlsx")
    with command("ledger", "close", path):
        Book.open(path)
        # the book's name for the sheet, the system's French words around it
        assert str(Source("ledger.xlsx", "Journal", 5)) == "ledger.xlsx: Journal ligne 5"


@pytest.mark.parametrize("language, said", [
    ("fr", "Paramètres!B2: paramètre Méthode TVA : « bidon » n'est pas une de ses valeurs — choisissez parmi "
           "effective, TDFN, taux forfaitaires (ou laissez vide pour effective)"),
    ("de", "Einstellungen!B2: Einstellung MWST-Methode: «bidon» ist keiner seiner Werte — wählen Sie eines von: "),
])
def test_a_settings_value_outside_its_list_is_said_in_the_books_language(language, said):
    from engine.schema import terms
    sheet, key, value = (terms.sheet_name("Settings", language), terms.header("Key", language),
                         terms.header("Value", language))
    book = Book.from_rows({sheet: [[key, value], [terms.setting_key("VatMethod", language), "bidon"]]},
                          kind="invoicing")
    (problem,) = book.settings.problems()
    assert said in str(problem) and "setting" not in str(problem) and "VatMethod" not in str(problem)
    with pytest.raises(Exception) as refused:
        book.settings["VatMethod"]
    assert "is not one of" not in str(refused.value)


def test_a_settings_number_that_cannot_be_read_is_said_in_the_books_language():
    from engine.schema import terms
    book = Book.from_rows({"Paramètres": [["Clé", "Valeur"], [terms.setting_key("PaymentTermDays", "fr"), "trente"]]},
                          kind="invoicing")
    with pytest.raises(Exception) as refused:
        book.settings["PaymentTermDays"]
    said = str(refused.value)
    assert said.startswith("memory: Paramètres!B2: paramètre Délai de paiement (jours) : « trente »"), said
    assert "whole number" not in said and "digits" not in said


def test_a_rate_at_zero_is_named_in_the_books_language():
    """Rates: 31.12.2026 EUR 0 → the rate of a day at 0 cannot value anything: named at its cell, in German."""
    from engine.schema import terms
    headers = [terms.header(h, "de", "Rates") for h in ("Date", "Currency", "Rate")]
    rows = {terms.sheet_name("Rates", "de"): [headers, [date(2026, 12, 31), "EUR", Decimal("0")]]}
    book = Book.from_rows(rows, kind="invoicing")
    book.table("Rates")
    said = [str(p) for p in book.check() if "EUR" in str(p)]
    assert said == [f"memory: {terms.sheet_name('Rates', 'de')}!C2: der EUR-Kurs vom 31.12.2026 ist 0 — "
                    "schreiben Sie CHF pro 1 Einheit, über 0 (z. B. 0.9312), oder löschen Sie die Zeile"], said


def test_a_settings_key_is_named_as_the_book_shows_it():
    """terms.tsv's setting:PointageReference row: Référence de pointage, Referenz für den Abgleich, Riferimento di
    spunta; outside a command the code's key."""
    from engine.schema import terms
    assert [terms.shown_setting("PointageReference", lang) for lang in ("fr", "de", "it", "en")] == [
        "Référence de pointage", "Referenz für den Abgleich", "Riferimento di spunta", "PointageReference"]
    assert terms.shown_setting("PointageReference") == "PointageReference"
    # with the book at hand: the row as typed (a key typed in English stays English), else the book's word
    book = Book.from_rows({"Paramètres": [["Clé", "Valeur"], ["PointageReference", "name"]]}, kind="invoicing")
    assert book.settings.shown_key("PointageReference") == "PointageReference"
    assert book.settings.shown_key("VatMethod") == "Méthode TVA"


def test_the_hints_naming_a_setting_name_it_in_the_books_words(tmp_path):
    """A supplier credit note without its clearing account, on a German book: the key Durchlaufkonto
    Lieferantengutschriften on the sheet Einstellungen (terms.tsv), nothing of SupplierCreditClearingAccount."""
    from engine.domain.purchases import check_clearing_account
    from engine.domain.vat_close import activity_rates
    path = _book(tmp_path, "invoicing", "de", "verkauf.xlsx")
    with command("purchases", "credit", path):
        Book.open(path)
        with pytest.raises(Exception) as refused:
            check_clearing_account("", "2000")
        assert str(refused.value) == ("kein Durchlaufkonto für die Gutschrift — setzen Sie Durchlaufkonto "
                                      "Lieferantengutschriften in Einstellungen (z. B. 2009)")
        with pytest.raises(Exception) as refused:
            check_clearing_account("2000", "2000")
        assert refused.value.hint == ("verwenden Sie ein Durchlaufkonto wie 2009 (Einstellungen Durchlaufkonto "
                                      "Lieferantengutschriften)")
        with pytest.raises(Exception) as refused:
            activity_rates("3400:2.1")
        assert str(refused.value).startswith("Saldosteuersätze pro Konto: «3400:2.1» hat nicht die Form KONTO=SATZ")


def test_the_vat_returns_refusals_name_the_settings_as_the_italian_ledger_does(tmp_path):
    """terms.tsv: VatMethod → Metodo IVA, TdfnRate → Aliquota saldo, Settings → Impostazioni."""
    from engine.domain.vat_return import from_statement
    path = _book(tmp_path, "ledger", "it", "contabilita.xlsx")
    with command("ledger", "vat-return", path):
        Book.open(path)
        with pytest.raises(Exception) as refused:
            from_statement([], date(2026, 1, 1), date(2026, 3, 31), method="bogus")
        assert str(refused.value) == ("Metodo IVA «bogus» non è tra effective, tdfn, flat — correggete Metodo IVA in "
                                      "Impostazioni")
        with pytest.raises(Exception) as refused:
            from_statement([], date(2026, 1, 1), date(2026, 3, 31), method="tdfn")
        assert refused.value.hint == "indicate Aliquota saldo in Impostazioni (p. es. 6.2)"


def test_a_header_renamed_to_another_languages_word_is_named_as_the_sheet_heads_it():
    """A French Journal whose bookkeeper typed Soll over Débit: the store reads it (any language's word), and the
    empty cell under it is named by the word the sheet shows, Soll, in the French message."""
    from engine.schema import LEDGER, terms
    heads = [terms.header(c.header, "fr", "Journal") for c in LEDGER.sheet("Journal").columns]
    heads[heads.index("Débit")] = "Soll"
    row = {"EntryId": 1, "Date": date(2026, 3, 2), "Voucher": "B-1", "Credit": "1020", "Amount": 100}
    body = [row.get(c.header) for c in LEDGER.sheet("Journal").columns]
    book = Book.from_rows({"Écritures": [heads, body]}, kind="ledger")
    debit = "ABCDEFGHIJ"[heads.index("Soll")]
    said = [str(p) for p in book.check() if p.source.sheet == "Écritures" and p.source.column == debit]
    assert said == [f"memory: Écritures!{debit}2: Soll est vide — remplissez Soll, ou supprimez la ligne"], said


def test_a_book_another_run_is_changing_is_refused_in_its_language(tmp_path):
    from engine.store.atomic import exclusive
    path = _book(tmp_path, "invoicing", "it", "vendite.xlsx")
    with command("contacts", "add", path):
        Book.open(path)
        with exclusive(path), pytest.raises(BookLocked) as refused:
            with exclusive(path, timeout=0.2):
                pass
    assert refused.value.message == "vendite.xlsx è in corso di modifica da un'altra esecuzione di Comptoir"
    assert refused.value.hint == "attendete che finisca (atteso 0 s) e riprovate"
