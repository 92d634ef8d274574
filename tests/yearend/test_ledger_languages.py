"""The ledger's commands speak the ledger's language (issue 18, audit: a German or French ledger answered in
English): a German and a French ledger of the same company give the same figures, with headers and lines in their
own words — whatever the system's language.

The company is tests/yearend/books.py's 2026 (balances worked out by hand there), its ledger made in English and
translated with ``comptoir book translate`` into French and German."""
from __future__ import annotations

import re
import shutil
from decimal import Decimal

import pytest

from engine.cli import main
from engine.store.translate import translate
from tests.yearend.books import ledger_2026

D = Decimal
AMOUNT = re.compile(r"-?\d{1,3}(?:'\d{3})*\.\d{2}")  # 1'390'682.71: the Swiss apostrophe in every language
ENGLISH = ("Account", "Name", "Debit", "Credit", "Balance", "Group", "Reference", "Box", "Rate", "Booked", "Tax",
           "written to", "closed in", "opened in", "VAT payable")


@pytest.fixture
def ledgers(tmp_path, monkeypatch):
    """The same ledger in English, French and German; the system says English, so only the book can say French."""
    monkeypatch.setenv("COMPTOIR_LANGUAGE", "en")
    (tmp_path / "en").mkdir()
    english = ledger_2026(tmp_path / "en")
    out = {"en": english}
    for language in ("fr", "de", "it"):
        folder = tmp_path / language
        folder.mkdir()
        out[language] = shutil.copy2(english, folder / "ledger.xlsx")
        translate(out[language], language)
    return out


def _run(capsys, *args) -> list[str]:
    assert main(list(map(str, args))) == 0
    return capsys.readouterr().out.splitlines()


def _figures(lines: list[str]) -> dict[str, tuple]:
    """Account → its amounts, from a balance's lines."""
    return {line.split()[0]: tuple(D(a.replace("'", "")) for a in AMOUNT.findall(line)) for line in lines[1:-1]}


def test_balance_same_figures_headers_in_the_books_language(ledgers, capsys):
    said = {language: _run(capsys, "ledger", "balance", path) for language, path in ledgers.items()}
    assert said["de"][0].split()[:2] == ["Konto", "Bezeichnung"] and said["de"][0].split()[2:] == [
        "Soll", "Haben", "Saldo"]
    assert said["fr"][0].split()[:2] == ["Compte", "Libellé"] and said["fr"][0].split()[2:] == [
        "Débit", "Crédit", "Solde"]
    assert said["it"][0].split() == ["Conto", "Descrizione", "Dare", "Avere", "Saldo"]
    assert said["en"][0].split()[2:] == ["Debit", "Credit", "Balance"]
    figures = {language: _figures(lines) for language, lines in said.items()}
    assert figures["fr"] == figures["de"] == figures["it"] == figures["en"]
    # By hand (tests/yearend/books.py): 1020 debit 10'000 + 1'081 + 200 = 11'281, credit 500 (rent), 10'781.00;
    # 2000 debit 50 (credit note), credit 300, −250.00; 3400 credit 1'000 + 200 = 1'200; 9907 200 in and out.
    assert figures["de"]["1020"] == (D("11281.00"), D("500.00"), D("10781.00"))
    assert figures["de"]["2000"] == (D("50.00"), D("300.00"), D("-250.00"))
    assert figures["de"]["3400"] == (D("0.00"), D("1200.00"), D("-1200.00"))
    assert figures["de"]["9907"] == (D("200.00"), D("200.00"), D("0.00"))
    # the total: every entry's amount once on each side, 10'000 + 10'000 + 1'000 + 81 + 1'081 + 500 + 200 + 200
    # + 300 + 50 + 200 + 50 = 23'662.00
    for language, total in (("de", "Total"), ("fr", "Total")):
        assert said[language][-1].split()[0] == total
        assert [D(a.replace("'", "")) for a in AMOUNT.findall(said[language][-1])] == [D("23662.00")] * 2
    for word in ENGLISH:
        assert word not in "\n".join(said["de"][:1] + said["de"][-1:]), word


def test_extract_in_the_books_language(ledgers, capsys):
    german = _run(capsys, "ledger", "extract", ledgers["de"], "--account", "1100")
    french = _run(capsys, "ledger", "extract", ledgers["fr"], "--account", "1100", "--by", "référence")
    assert french == _run(capsys, "ledger", "extract", ledgers["fr"], "--account", "1100", "--by", "reference")
    assert german[0].split() == ["Gruppe", "Soll", "Haben", "Saldo"]
    assert french[0].split() == ["Référence", "Débit", "Crédit", "Solde"]
    # 1100 by group: F-1 1'000 + 81 − 1'081 = 0, F-2 200 − 200 = 0
    assert {line.split()[0]: AMOUNT.findall(line)[-1] for line in german[1:]} == {"F-1": "0.00", "F-2": "0.00"}


def test_year_end_lines_in_the_books_language(ledgers, capsys):
    said = _run(capsys, "ledger", "close", ledgers["de"], "--year", "2026")
    assert said[0].startswith("2026 in ledger.xlsx abgeschlossen: Perioden 2026 als abgeschlossen markiert")
    said = _run(capsys, "ledger", "reopen", ledgers["de"], "--year", "2026")
    assert said[0] == "2026 in ledger.xlsx wieder geöffnet: Perioden 2026"
    _run(capsys, "ledger", "close", ledgers["fr"], "--year", "2026")
    said = _run(capsys, "ledger", "open", ledgers["fr"], "--year", "2027")
    # the 2026 profit by hand: revenue 1'200 − goods 250 − rent 500 = 450.00
    assert said[0].startswith("2027 ouvert dans ledger.xlsx :") and "bénéfice 2026 de 450.00 au 2970" in said[0]


def test_statements_same_figures_sheets_and_headings_in_the_ledgers_language(ledgers, capsys):
    """No --language, no mandate: each ledger's statements in its own words (before, French for all)."""
    import openpyxl
    said = {language: _run(capsys, "ledger", "statements", path, "--year", "2026")
            for language, path in ledgers.items() if language != "en"}
    assert said["it"][-1] == "fogli Bilancio, Conto economico scritti in ledger.xlsx"
    assert said["de"][-1] == "Blätter Bilanz, Erfolgsrechnung in ledger.xlsx geschrieben"
    assert said["fr"][-1] == "feuilles Bilan, Compte de résultat écrites dans ledger.xlsx"
    german = openpyxl.load_workbook(ledgers["de"])
    french = openpyxl.load_workbook(ledgers["fr"])
    assert {"Bilanz", "Erfolgsrechnung"} <= set(german.sheetnames) and "BalanceSheet" not in german.sheetnames
    assert {"Bilan", "Compte de résultat"} <= set(french.sheetnames) and "IncomeStatement" not in french.sheetnames

    def amounts(sheet):
        return [[c.value for c in row][1:3] for row in sheet.iter_rows(min_row=5) if row[0].value]
    assert amounts(german["Bilanz"]) == amounts(french["Bilan"])
    assert amounts(german["Erfolgsrechnung"]) == amounts(french["Compte de résultat"])
    # by hand (tests/yearend/books.py): assets = 1020 10'781.00 (1100 cleared to 0); the year's profit 1'200 −
    # 250 − 500 = 450.00
    rows = {row[0].value.strip(): row[1].value for row in german["Bilanz"].iter_rows(min_row=5) if row[0].value}
    assert rows["Total Aktiven"] == 10781
    income = {row[0].value.strip(): row[1].value for row in french["Compte de résultat"].iter_rows(min_row=5)
              if row[0].value}
    assert income["Bénéfice ou perte de l'exercice"] == 450
    # written again: the sheets are replaced, not added beside
    _run(capsys, "ledger", "statements", ledgers["de"], "--year", "2026")
    assert openpyxl.load_workbook(ledgers["de"]).sheetnames.count("Bilanz") == 1


def test_translating_a_ledger_renames_the_statements_sheets_too(ledgers, capsys):
    _run(capsys, "ledger", "statements", ledgers["en"], "--year", "2026", "--language", "en")
    done = translate(ledgers["en"], "de")
    assert {"BalanceSheet": "Bilanz", "IncomeStatement": "Erfolgsrechnung"}.items() <= done["renamed"].items()
    _run(capsys, "ledger", "statements", ledgers["en"], "--year", "2026")
    import openpyxl
    names = openpyxl.load_workbook(ledgers["en"]).sheetnames
    assert names.count("Bilanz") == 1 and "BalanceSheet" not in names


def test_a_refusal_is_said_in_the_ledgers_language(ledgers, capsys):
    assert main(["ledger", "extract", str(ledgers["de"])]) != 0
    said = capsys.readouterr().err
    assert "extract braucht --account" in said and "z. B. --account 1100" in said
    assert main(["ledger", "balance", str(ledgers["fr"]), "--monthly"]) != 0
    assert "--monthly va avec --imputation" in capsys.readouterr().err


def test_year_end_refusals_in_the_ledgers_language(tmp_path, capsys, monkeypatch):
    """Not cleared, 9907 holds the 200.00 receipt of F-2 and 2009 the 50.00 credit note (books.py): two clearing
    accounts not at zero."""
    monkeypatch.setenv("COMPTOIR_LANGUAGE", "en")
    path = ledger_2026(tmp_path, cleared=False)
    translate(path, "de")
    capsys.readouterr()
    assert main(["ledger", "close", str(path), "--year", "2026"]) != 0
    said = capsys.readouterr().err
    assert "2026 kann nicht abgeschlossen werden: 2 Durchlaufkonto/-konten nicht auf null" in said
    assert main(["ledger", "open", str(path), "--year", "2027"]) != 0
    assert "2026 ist nicht abgeschlossen: sein Eröffnungssaldo könnte sich noch ändern" in capsys.readouterr().err


def test_a_sheet_of_the_bookkeepers_own_named_like_a_statement_is_never_overwritten(ledgers, capsys, tmp_path):
    """A French ledger whose bookkeeper keeps an own "Compte de résultat" sheet: the statements are refused before
    anything is written (not even the Bilan, nor the PDF), naming the sheet."""
    import openpyxl
    path = ledgers["fr"]
    workbook = openpyxl.load_workbook(path)
    workbook.create_sheet("Compte de résultat")["A1"] = "mon propre tableau"
    workbook.save(path)
    before = path.read_bytes()
    pdf = tmp_path / "etats.pdf"
    assert main(["ledger", "statements", str(path), "--year", "2026", "--pdf", str(pdf)]) != 0
    said = capsys.readouterr().err
    assert "la feuille « Compte de résultat » n'est pas un rapport écrit par Comptoir" in said  # the ledger's words
    assert path.read_bytes() == before and not pdf.exists()


@pytest.mark.parametrize("language, lines", [
    ("de", ["2009: Habensaldo 50.00", "    Gruppe N-7: -50.00",
            "9907: Habensaldo 200.00", "    Buchung B-5 vom 31.05.2026: -200.00 (B-5 1020/9907)"]),
    ("fr", ["2009 : solde créditeur 50.00", "    groupe N-7: -50.00",
            "9907 : solde créditeur 200.00", "    écriture B-5 du 31.05.2026: -200.00 (B-5 1020/9907)"]),
])
def test_the_accounts_lines_under_a_close_refusal_speak_the_ledgers_language(tmp_path, capsys, monkeypatch, language,
                                                                               lines):
    """Not cleared (books.py): 9907 holds the receipt B-5 of 31.05, 1020 / 9907 200.00 with no group — a credit
    balance of 200.00, the entry named by its voucher and date, −200.00 on 9907; 2009 the credit note N-7,
    2000 / 2009 50.00 — a credit balance of 50.00, its group N-7 at −50.00."""
    said = _close_refused(tmp_path, capsys, monkeypatch, language, cleared=False, year=2026).splitlines()
    assert said[1:4] == lines[:3] and said[4].startswith(lines[3] + " — "), said  # the hint follows the last line
    english = [line for line in said if re.search(r"\b(balance|group|entry|debit|credit)\b", line)]
    assert english == [], english


def test_a_year_without_its_period_is_refused_naming_the_sheet_and_columns_as_the_ledger_does(tmp_path, capsys,
                                                                                             monkeypatch):
    said = _close_refused(tmp_path, capsys, monkeypatch, "fr", cleared=True, year=2025)
    assert ("la feuille Périodes de la comptabilité n'a pas de période de 2025 — ajoutez une ligne à Périodes : "
            "Période 2025, Début 01.01.2025, Fin 31.12.2025") in said, said


def _close_refused(tmp_path, capsys, monkeypatch, language: str, cleared: bool, year: int) -> str:
    """What `ledger close` says refusing ``year`` of books.py's ledger in ``language`` (the system speaking English)."""
    monkeypatch.setenv("COMPTOIR_LANGUAGE", "en")
    path = ledger_2026(tmp_path, cleared=cleared)
    translate(path, language)
    capsys.readouterr()
    assert main(["ledger", "close", str(path), "--year", str(year)]) != 0
    return capsys.readouterr().err
