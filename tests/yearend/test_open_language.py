"""``ledger open`` writes the new year in the ledger's language (issue 18, audit 18b item 1): a German ledger opened
``--into`` a new book made an English book (Accounts, Journal, asset, output) whose opening entries were labelled in
French (Report à nouveau 2026, OUV2027), and opening in place labelled them in French in Buchungen too.

The company is tests/yearend/books.py's 2026 (balances by hand there, the entries expected in test_close_open's
EXPECTED): its ledger made in English and translated into German with ``book translate``."""
from __future__ import annotations

import shutil
from decimal import Decimal

import openpyxl
import pytest

from engine.cli import main
from engine.store.book import Book
from engine.store.translate import translate
from tests.yearend.books import ledger_2026

D = Decimal


@pytest.fixture
def german(tmp_path, monkeypatch):
    monkeypatch.setenv("COMPTOIR_LANGUAGE", "en")  # only the book can say German
    english = ledger_2026(tmp_path)
    path = shutil.copy2(english, tmp_path / "ledger-de.xlsx")
    translate(path, "de")
    assert main(["ledger", "close", str(path), "--year", "2026"]) == 0
    return path


# By hand from tests/yearend/books.py: 1020 holds 10'000 + 1'081 + 200 - 500 = 10'781.00 (debit); 2000 250.00,
# 2200 81.00, 2800 10'000.00 (credit); the profit 1'000 revenue - 500 rent - 50 (credit note) = 450.00 to 2970.
GERMAN = [("1020", "9100", D("10781.00"), "Saldovortrag 2026"),
          ("9100", "2000", D("250.00"), "Saldovortrag 2026"),
          ("9100", "2200", D("81.00"), "Saldovortrag 2026"),
          ("9100", "2800", D("10000.00"), "Saldovortrag 2026"),
          ("9100", "2970", D("450.00"), "Ergebnisvortrag 2026")]


def _opening(path):
    return sorted((e.debit, e.credit, e.amount, e.label) for e in Book.open(path).records("Journal")
                  if e.source == "opening 2027")


def test_a_german_ledger_opened_into_a_new_book_makes_a_german_book(german, tmp_path, capsys):
    new = tmp_path / "ledger-2027.xlsx"
    assert main(["ledger", "open", str(german), "--year", "2027", "--into", str(new)]) == 0
    workbook = openpyxl.load_workbook(new)
    for sheet in ("Kontenplan", "MWST-Codes", "Perioden", "Buchungen"):
        assert sheet in workbook.sheetnames
    assert not {"Accounts", "VatCodes", "Periods", "Journal"} & set(workbook.sheetnames)
    headers = [cell.value for cell in workbook["Buchungen"][1]]
    assert "Beleg-Nr." in headers and "Buchungstext" in headers and "Voucher" not in headers
    values = {cell for row in workbook["Kontenplan"].iter_rows(min_row=2, values_only=True) for cell in row}
    assert "Aktiven" in values and "Passiven" in values and "asset" not in values
    kinds = {cell for row in workbook["MWST-Codes"].iter_rows(min_row=2, values_only=True) for cell in row}
    assert "Umsatzsteuer" in kinds and "output" not in kinds
    assert _opening(new) == GERMAN
    vouchers = {e.voucher for e in Book.open(new).records("Journal") if e.source == "opening 2027"}
    assert vouchers == {"EB2027"}  # Eröffnungsbuchung, not the French OUV2027
    assert Book.open(new).language == "de"


def test_a_german_ledger_opened_in_place_labels_its_entries_in_german(german, capsys):
    assert main(["ledger", "open", str(german), "--year", "2027"]) == 0
    assert _opening(german) == GERMAN
    # the statements of 2027 find the result's entry by its German label: the opening is the closing, no warning
    assert main(["ledger", "statements", str(german), "--year", "2027"]) == 0
    assert "Warnung" not in capsys.readouterr().out


def test_statements_in_another_language_are_written_under_that_languages_sheet_names(german, capsys):
    """audit 18b item 2: --language it on a German ledger wrote Italian statements into sheets named Bilanz and
    Erfolgsrechnung. The sheets are named as their words are; the German statements written before stay beside
    (each language's under its own names), and writing Italian again replaces the Italian ones."""
    import openpyxl
    assert main(["ledger", "statements", str(german), "--year", "2026"]) == 0
    assert main(["ledger", "statements", str(german), "--year", "2026", "--language", "it"]) == 0
    out = capsys.readouterr().out.splitlines()
    # the command speaks the ledger's German; the sheets it names are the Italian ones it wrote
    assert out[-1] == "Blätter Bilancio, Conto economico in ledger-de.xlsx geschrieben"
    workbook = openpyxl.load_workbook(german)
    assert workbook["Bilancio"]["A1"].value.startswith("Bilancio")
    assert workbook["Conto economico"]["A1"].value.startswith("Conto economico")
    assert workbook["Bilanz"]["A1"].value.startswith("Bilanz")  # the German ones, untouched
    assert main(["ledger", "statements", str(german), "--year", "2026", "--language", "it"]) == 0
    assert openpyxl.load_workbook(german).sheetnames.count("Bilancio") == 1


@pytest.mark.parametrize("language, voucher, carried, result", [
    ("it", "APE2027", "Riporto a nuovo 2026", "Risultato 2026 riportato"),
    ("fr", "OUV2027", "Report à nouveau 2026", "Résultat 2026 reporté")])
def test_an_italian_or_french_ledger_labels_its_opening_in_its_words(tmp_path, monkeypatch, language, voucher,
                                                                      carried, result):
    monkeypatch.setenv("COMPTOIR_LANGUAGE", "en")
    path = shutil.copy2(ledger_2026(tmp_path), tmp_path / f"ledger-{language}.xlsx")
    translate(path, language)
    assert main(["ledger", "close", str(path), "--year", "2026"]) == 0
    assert main(["ledger", "open", str(path), "--year", "2027"]) == 0
    entries = [e for e in Book.open(path).records("Journal") if e.source == "opening 2027"]
    assert {e.voucher for e in entries} == {voucher}
    # by hand as GERMAN above: four balances carried, the 450.00 profit to 2970
    assert sorted((e.debit, e.credit, e.amount, e.label) for e in entries) == [
        (d, c, a, carried if label == "Saldovortrag 2026" else result) for d, c, a, label in GERMAN]
