"""Refusals and hints that named a Settings key (or a sheet) in English while the book shows its own words (issue 18):
in a German and a French book they name MWST-Methode in Einstellungen, Méthode TVA in Paramètres, and speak the
book's language; the year end's opening lines and the opening entries' labels are the ledger's words."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from engine import i18n
from engine.cli import main
from engine.errors import ComptoirError
from engine.formats import ech0217
from engine.services import reports
from engine.store.book import Book
from engine.store.translate import translate
from tests.vat_return.books import Q1, on_disk
from tests.yearend.books import ledger_2026
from tests.yearend.test_audit_year_end import _corrected_after_the_opening


@pytest.fixture(autouse=True)
def english_system(monkeypatch):
    monkeypatch.setenv("COMPTOIR_LANGUAGE", "en")  # the system says English: only the book can say German


def _books(tmp_path, language: str):
    invoicing, ledger = tmp_path / f"factures-{language}.xlsx", tmp_path / f"compta-{language}.xlsx"
    assert main(["new", "invoicing", str(invoicing), "--language", language]) == 0
    assert main(["new", "ledger", str(ledger), "--language", language]) == 0
    return invoicing, ledger


@pytest.mark.parametrize("language, words, english", [
    ("de", ["MWST-Methode ist weder tdfn noch flat", "setzen Sie MWST-Methode in Einstellungen auf tdfn"],
     "VatMethod"),
    ("fr", ["Méthode TVA n'est ni tdfn ni flat", "mettez Méthode TVA à tdfn (ou flat) dans Paramètres"], "VatMethod"),
])
def test_vat_close_under_the_effective_method_names_the_key_as_the_book_does(tmp_path, capsys, language, words,
                                                                              english):
    invoicing, ledger = _books(tmp_path, language)
    capsys.readouterr()
    assert main(["vat-close", str(invoicing), "--from", "2026-01-01", "--to", "2026-03-31",
                 "--ledger", str(ledger)]) == 2
    err = capsys.readouterr().err
    assert all(word in err for word in words) and english not in err and "Settings" not in err


@pytest.mark.parametrize("language, words", [
    ("de", ["Saldosteuersatz ist leer", "in Einstellungen Saldosteuersatz, z. B. 6.2"]),
    ("fr", ["Taux de la dette fiscale nette est vide", "dans Paramètres Taux de la dette fiscale nette, p. ex. 6.2"]),
])
def test_vat_close_without_its_net_tax_rate_names_it_as_the_book_does(tmp_path, capsys, language, words):
    invoicing, ledger = _books(tmp_path, language)
    book = Book.open(invoicing)
    book.set_settings(VatMethod="tdfn", TdfnRate=None)
    book.save()
    capsys.readouterr()
    assert main(["vat-close", str(invoicing), "--from", "2026-01-01", "--to", "2026-03-31",
                 "--ledger", str(ledger)]) == 2
    err = capsys.readouterr().err
    assert all(word in err for word in words) and "TdfnRate" not in err


@pytest.mark.parametrize("language, words", [
    ("de", ["Einstellungen: Firmenname ist leer", "erfassen Sie den Namen der Firma"]),
    ("fr", ["Paramètres : Raison sociale est vide", "saisissez le nom de l'entreprise"]),
])
def test_the_vat_return_names_the_companys_keys_as_its_invoicing_book_does(tmp_path, capsys, language, words):
    ledger, invoicing = on_disk(tmp_path, Q1, CompanyName="")
    for path in (ledger, invoicing):
        translate(path, language)
    capsys.readouterr()
    assert main(["ledger", "vat-return", str(ledger), "--period", "2026-Q1", "--invoicing", str(invoicing)]) == 2
    err = capsys.readouterr().err
    assert all(word in err for word in words) and "CompanyName" not in err and "Settings" not in err


def test_a_report_in_an_unknown_language_names_the_language_keys_as_the_book_does(tmp_path):
    invoicing, _ = _books(tmp_path, "de")
    with pytest.raises(ComptoirError) as raised:
        reports.language_of(Book.open(invoicing), "xx")
    # said in the system's English (no command runs), the keys and sheet as the German book shows them
    assert "(Einstellungen Sprache der Mappe or Sprache der Belege, or --language)" in raised.value.hint


def test_a_rate_the_form_cannot_take_names_the_columns_and_key_in_the_books_words():
    tokens = i18n.command_started([])
    try:
        i18n.book_opened("fr")  # a French ledger's command
        with pytest.raises(ComptoirError) as raised:
            ech0217.rate_text(Decimal("8.125"))
    finally:
        i18n.command_ended(tokens)
    assert raised.value.message == "le taux 8.125 % ne peut pas être déclaré"
    assert "vérifiez Codes TVA Taux ou Paramètres Taux de la dette fiscale nette" in raised.value.hint


@pytest.mark.parametrize("language, stale", [
    ("de", "1020: Eröffnung 10'781.00, Abschluss 2026 10'681.00; 2970: Eröffnung -450.00, Abschluss 2026 -350.00"),
    ("fr", "1020 : ouverture 10'781.00, clôture 2026 10'681.00; 2970 : ouverture -450.00, clôture 2026 -350.00"),
])
def test_an_opening_older_than_a_correction_is_named_account_by_account_in_the_ledgers_words(
        tmp_path, capsys, language, stale):
    path = _corrected_after_the_opening(tmp_path)  # 1020 and 2970 opened before a late rent of 100.00
    translate(path, language)
    capsys.readouterr()
    before = path.read_bytes()
    assert main(["ledger", "close", str(path), "--year", "2027"]) == 2
    err = capsys.readouterr().err
    assert stale in err and "opening" not in err and "closing of" not in err and path.read_bytes() == before


@pytest.mark.parametrize("language, carried, result", [
    ("de", "Saldovortrag 2026", "Ergebnisvortrag 2026"),
    ("fr", "Report à nouveau 2026", "Résultat 2026 reporté"),
    ("en", "Balance carried forward 2026", "Result 2026 carried forward"),
])
def test_the_opening_entries_are_labelled_in_the_ledgers_language(tmp_path, capsys, language, carried, result):
    path = ledger_2026(tmp_path)
    if language != "en":
        translate(path, language)
    assert main(["ledger", "close", str(path), "--year", "2026"]) == 0
    assert main(["ledger", "open", str(path), "--year", "2027"]) == 0
    opening = [(e.debit, e.credit, e.amount, e.label) for e in Book.open(path).records("Journal")
               if e.source == "opening 2027"]  # the voucher is the book's too (EB2027, OUV2027, OPEN2027)
    # the profit 450.00 (tests/yearend/books.py) to 2970, every other balance carried forward
    assert ("9100", "2970", Decimal("450.00"), result) in opening
    assert {label for *_, label in opening} == {carried, result}
    # nothing stale: the opening is 2026's closing, so 2027 closes (9100 nets to zero)
    assert main(["ledger", "close", str(path), "--year", "2027"]) == 0


def test_an_opening_made_in_english_and_translated_still_finds_its_result(tmp_path, capsys):
    """Opened to 2979 (not the default 2970): the stale check finds the retained account by the result entry's
    label — in English after the book was translated to German — else it would expect 2970 and refuse."""
    path = ledger_2026(tmp_path)
    assert main(["ledger", "close", str(path), "--year", "2026"]) == 0
    assert main(["ledger", "open", str(path), "--year", "2027", "--retained", "2979"]) == 0
    translate(path, "de")  # the labels stay English (a Journal label is the bookkeeper's text)
    capsys.readouterr()
    assert main(["ledger", "close", str(path), "--year", "2027"]) == 0, capsys.readouterr().err


@pytest.mark.parametrize("language, label", [
    ("DE", "MWST Saldosteuersatz 6.2 % auf 972.90"), ("FR", "TVA TDFN 6.2 % sur 972.90"),
    ("IT", "IVA aliquota saldo 6.2 % su 972.90"),
])
def test_the_net_tax_rate_entry_is_labelled_in_the_books_language(language, label):
    from tests.posting.books import books, invoice
    from engine.services import posting, vat_close

    book, ledger = books(VatMethod="tdfn", TdfnRate="6.2", Language=language)
    # 1000.00 + 8.1 % = 1081.00 taxable, less the credit note 100.00 + 8.10 = 108.10: 972.90 (× 6.2 % = 60.32)
    invoice(book, "F-1", [("3400", "TVA", "1000.00", "81.00")], on=date(2026, 3, 2))
    invoice(book, "N-1", [("3400", "TVA", "100.00", "8.10")], stage="N", refers_to="F-1", on=date(2026, 4, 1))
    posting.post(book, ledger, date(2026, 6, 30), save=False)
    _, turnover, entry = vat_close.close_period(book, ledger, date(2026, 1, 1), date(2026, 6, 30), save=False)
    assert turnover == Decimal("972.90") and entry.amount == Decimal("60.32") and entry.label == label
