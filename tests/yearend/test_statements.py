"""``ledger statements``: balance sheet (CO art. 959a) and income statement (art. 959b) with the previous year.

The ledger of :mod:`tests.yearend.books` is closed for 2026 and opened for 2027 in the same book, then 2027 gets
  02.02.2027 V-1  1020 / 3400  100.00 (a sale)      28.02.2027 S-2  5000 / 1020  40.00 (wages)
By hand, 2027 (previous: 2026, from books.py):
  cash 1020: 10'781.00 carried + 100 − 40 = 10'841.00 (10'781.00)       trade payables 2000: 250.00 (250.00)
  other short-term 2200: 81.00 (81.00)   capital 2800: 10'000.00 (10'000.00)
  voluntary reserves 2970: the 2026 profit carried, 450.00 (0.00)      profit of the year: 60.00 (450.00)
  total assets = 10'841.00 = 250 + 81 + 10'000 + 450 + 60 = total liabilities and equity (10'781.00 both in 2026)
  income: net revenue 100.00 (1'200.00), materials 0.00 (−250.00), personnel −40.00 (0.00), other operating 0.00
  (−500.00); profit 60.00 (450.00)
Every line is also recomputed from the Journal with pandas and the law's ranges written here again.
"""
from __future__ import annotations

import subprocess
from datetime import date
from decimal import Decimal

import openpyxl
import pandas as pd
import pytest

from engine.cli import main
from engine.services import statements
from engine.store.book import Book
from tests.yearend.books import add, ledger_2026

D = Decimal


@pytest.fixture
def ledger(tmp_path):
    path = ledger_2026(tmp_path)
    assert main(["ledger", "close", str(path), "--year", "2026"]) == 0
    assert main(["ledger", "open", str(path), "--year", "2027"]) == 0
    book = Book.open(path)
    add(book, [(date(2027, 2, 2), "V-1", "1020", "3400", "100.00", None),
               (date(2027, 2, 28), "S-2", "5000", "1020", "40.00", None)])
    book.save()
    return path


def _by_code(path, year, language="fr"):
    return {line.code: (line.amount, line.previous) for line in statements.lines(Book.open(path), year)}


def test_the_hand_computed_statements_with_the_previous_year(ledger):
    got = _by_code(ledger, 2027)
    expected = {"A1a": (D("10841.00"), D("10781.00")), "A1b": (0, 0), "A1": (D("10841.00"), D("10781.00")),
                "A=": (D("10841.00"), D("10781.00")), "P1a": (D("250.00"), D("250.00")),
                "P1c": (D("81.00"), D("81.00")), "P1": (D("331.00"), D("331.00")),
                "P3a": (D("10000.00"), D("10000.00")), "P3d": (D("450.00"), 0), "P3r": (D("60.00"), D("450.00")),
                "P3": (D("10510.00"), D("10450.00")), "P=": (D("10841.00"), D("10781.00")),
                "I1": (D("100.00"), D("1200.00")), "I3": (0, D("-250.00")), "I4": (D("-40.00"), 0),
                "I5": (0, D("-500.00")), "I11": (D("60.00"), D("450.00"))}
    for code, amounts in expected.items():
        assert got[code] == amounts, code
    assert "P9" not in got  # class 9 is at zero: no line for it


# The law's headings by the first digits of the account, written again for the oracle (CO 959a/959b, SME chart)
ORACLE = [("10", "A1a"), ("110", "A1b"), ("111", "A1b"), ("112", "A1b"), ("113", "A1b"), ("11", "A1c"),
          ("12", "A1d"), ("13", "A1e"), ("15", "A2c"), ("16", "A2c"), ("20", "P1a"), ("21", "P1b"), ("22", "P1c"),
          ("23", "P1d"), ("28", "P3a"), ("297", "P3d"), ("29", "P3b"), ("3", "I1"), ("4", "I3"), ("5", "I4"),
          ("68", "I6"), ("69", "I7"), ("6", "I5"), ("8", "I8"), ("9", "P9")]


def _oracle(path, start, end) -> dict:
    journal = pd.DataFrame([{"date": e.date, "debit": e.debit, "credit": e.credit, "amount": e.amount}
                            for e in Book.open(path).records("Journal")])
    journal = journal[(journal.date >= start) & (journal.date <= end)]
    sides = pd.concat([journal.assign(account=journal.debit, signed=journal.amount),
                       journal.assign(account=journal.credit, signed=-journal.amount)])
    sides["code"] = sides.account.map(lambda a: next(code for prefix, code in ORACLE if a.startswith(prefix)))
    # assets are debit balances; liabilities, equity and the income statement's contributions credit balances
    sides["shown"] = sides.apply(lambda r: r.signed if r.code.startswith("A") else -r.signed, axis=1)
    return {code: D(sum(group.shown)) for code, group in sides.groupby("code")}


@pytest.mark.parametrize("year", [2026, 2027])
def test_every_line_equals_a_pandas_computation_from_the_journal(ledger, year):
    oracle = _oracle(ledger, date(year, 1, 1), date(year, 12, 31))
    got = _by_code(ledger, year)
    for code, amount in oracle.items():
        assert got.get(code, (D(0),))[0] == amount, code  # class 9 at zero has no line
    result = sum(amount for code, amount in oracle.items() if code.startswith("I"))
    assert got["I11"][0] == got["P3r"][0] == result
    assets = sum(amount for code, amount in oracle.items() if code.startswith("A"))
    passives = sum(amount for code, amount in oracle.items() if code.startswith("P"))
    assert got["A="][0] == assets == passives + result == got["P="][0]


def test_added_accounts_fall_under_the_heading_of_their_number(ledger):
    book = Book.open(ledger)
    book.put("Accounts", [*book.records("Accounts"),
                          book.new("Accounts", number="2005", name="Créanciers étrangers", account_class="liability"),
                          book.new("Accounts", number="6321", name="Assurance atelier", account_class="expense"),
                          book.new("Accounts", number="1020.01", name="Banque 2", account_class="asset")])
    add(book, [(date(2027, 3, 1), "X", "6321", "2005", "70.00", None),
               (date(2027, 3, 2), "Y", "1020.01", "1020", "5.00", None)])
    book.save()
    got = _by_code(ledger, 2027)
    # 2005 is a trade payable (2000–2099): 250 + 70; 6321 other operating (6000–6799): −70; 1020.01 still cash
    assert got["P1a"][0] == D("320.00") and got["I5"][0] == D("-70.00") and got["A1a"][0] == D("10841.00")
    assert got["I11"][0] == D("-10.00") and got["A="][0] == got["P="][0]


def test_sheets_and_pdf_in_the_language_asked(ledger, tmp_path, capsys):
    pdf = tmp_path / "statements.pdf"
    assert main(["ledger", "statements", str(ledger), "--year", "2027", "--pdf", str(pdf), "--language", "de",
                 "--company", "Muster AG"]) == 0
    workbook = openpyxl.load_workbook(ledger)
    sheet = workbook["Bilanz"]  # named in the statements' language, as their words are (audit 18b)
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=5)]
    assert sheet["A1"].value == "Bilanz — Muster AG"
    assert next(row[:3] for row in values if row[0] == "Total Aktiven") == ["Total Aktiven", 10841, 10781]
    assert workbook["Erfolgsrechnung"]["A1"].value.startswith("Erfolgsrechnung")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Bilanz" in text and "Erfolgsrechnung" in text and "10'841.00" in text and "Jahresgewinn" in text
    assert main(["check", str(ledger)]) == 0  # the book still reads: the statements are sheets beside the records
    assert main(["ledger", "statements", str(ledger), "--year", "2027"]) == 0  # in French (no mandate): Bilan
    assert openpyxl.load_workbook(ledger)["Bilan"]["A1"].value == "Bilan"
    assert main(["ledger", "statements", str(ledger), "--year", "2027", "--language", "de"]) == 0  # replaced
    assert openpyxl.load_workbook(ledger).sheetnames.count("Bilanz") == 1


def test_first_year_has_no_previous_column_and_class_9_left_shows(tmp_path):
    path = ledger_2026(tmp_path, cleared=False)
    got = _by_code(path, 2026)
    assert got["A1a"] == (D("10781.00"), None)
    # Not cleared: 9907 holds the 200.00 receipt of F-2, 2009 the 50.00 credit note. By hand:
    # assets: 1020 10'781.00 + 1100 (1'000 + 81 − 1'081 + 200 = 200.00) = 10'981.00
    # P1a: 2000 (−300 + 50 → 250.00) + 2009 (50.00) = 300.00; P1c 81.00; P3a 10'000.00;
    # profit 1'200 − 300 (4200, the credit note not used) − 500 = 400.00; 9907 200.00 on its own line
    # 300 + 81 + 10'000 + 400 + 200 = 10'981.00
    assert got["P1a"][0] == D("300.00") and got["P9"][0] == D("200.00") and got["P3r"][0] == D("400.00")
    assert got["A="][0] == got["P="][0] == D("10981.00")


def test_the_previous_year_from_the_book_it_was_kept_in(tmp_path, capsys):
    path = ledger_2026(tmp_path)
    assert main(["ledger", "close", str(path), "--year", "2026"]) == 0
    new = tmp_path / "ledger-2027.xlsx"
    assert main(["ledger", "open", str(path), "--year", "2027", "--into", str(new)]) == 0
    book = Book.open(new)
    add(book, [(date(2027, 2, 2), "V-1", "1020", "3400", "100.00", None)])
    book.save()
    alone = {line.code: line for line in statements.lines(Book.open(new), 2027)}
    assert alone["A1a"].amount == D("10881.00") and alone["A1a"].previous is None  # 10'781 + 100; no 2026 here
    both = {line.code: line for line in statements.lines(Book.open(new), 2027, Book.open(path))}
    # 2026 from the old book: cash 10'781.00, profit 450.00; 2027: 2970 450.00 carried, profit 100.00
    assert (both["A1a"].amount, both["A1a"].previous) == (D("10881.00"), D("10781.00"))
    assert (both["P3d"].amount, both["P3d"].previous) == (D("450.00"), 0)
    assert (both["I11"].amount, both["I11"].previous) == (D("100.00"), D("450.00"))
    assert main(["ledger", "statements", str(new), "--year", "2027", "--previous", str(path)]) == 0
    assert "10'881.00" in capsys.readouterr().out


def test_the_sme_charts_closing_entries_do_not_empty_the_income_statement(tmp_path):
    """A bookkeeper who closes the SME way (3400 / 9200, 9200 / 4200, 9200 / 6000, 9200 / 2979) gets the same
    statements as without those entries: net revenue 1'200.00, materials −250.00, other −500.00, result 450.00
    shown once (not also in 2979's reserves line)."""
    plain = _by_code(ledger_2026(tmp_path / "a"), 2026)
    path = ledger_2026(tmp_path / "b")
    from tests.yearend.books import book_closing_entries
    book_closing_entries(path)
    closed = _by_code(path, 2026)
    assert closed == plain
    assert closed["I1"][0] == D("1200.00") and closed["P3r"][0] == D("450.00") and closed["P3d"][0] == 0


def test_a_financial_year_across_two_calendar_years_is_named_by_both(tmp_path):
    path = tmp_path / "ledger.xlsx"
    assert main(["new", "ledger", str(path)]) == 0
    book = Book.open(path)
    book.put("Periods", [book.new("Periods", period="2025/26", start=date(2025, 7, 1), end=date(2026, 6, 30))])
    add(book, [(date(2025, 9, 1), "V", "1020", "3400", "700.00", None)])
    book.save()
    made = statements.reports(Book.open(path), 2025)
    assert [c.label for c in made[0].columns][1:3] == ["2025/26", "2024/25"]
    assert made[0].period == "Exercice 01.07.2025 – 30.06.2026"


def test_an_entry_without_a_debit_account_is_named_and_nothing_is_written(tmp_path, capsys):
    path = ledger_2026(tmp_path)
    workbook = openpyxl.load_workbook(path)
    workbook["Journal"]["D5"] = None  # the Debit of the fourth entry (F-1 1100 / 2200 81.00): the year no longer
    workbook.save(path)  # balances, so no statement of it can be right
    before = path.read_bytes()
    assert main(["ledger", "statements", str(path), "--year", "2026"]) == 1
    said = capsys.readouterr().err
    assert "Journal" in said and "D5" in said and "Debit" in said, said
    assert path.read_bytes() == before


@pytest.mark.parametrize("report", [["balance"], ["extract", "--account", "1100"]])
def test_a_balance_of_an_entry_without_a_debit_account_names_it(tmp_path, capsys, report):
    # ledger balance crashed on the empty Debit (TypeError sorting None among the account numbers); without it
    # the totals would not balance (81.00 credited to 2200 with no debit), so the cell is named instead
    path = ledger_2026(tmp_path)
    workbook = openpyxl.load_workbook(path)
    workbook["Journal"]["D5"] = None
    workbook.save(path)
    assert main(["ledger", *report[:1], str(path), *report[1:]]) == 1
    said = capsys.readouterr().err
    assert "Journal" in said and "D5" in said and "Debit" in said, said


def test_a_french_ledgers_entry_without_a_debit_is_named_at_the_close(tmp_path, capsys):
    # the unreadable-row guard compared the problem's sheet with "Journal", and a French ledger's problems name
    # "Écritures": the row went through and the close crashed sorting None among the account numbers
    from engine.store.translate import translate
    path = ledger_2026(tmp_path, cleared=True)
    translate(path, "fr")
    workbook = openpyxl.load_workbook(path)
    workbook["Écritures"]["D5"] = None
    workbook.save(path)
    before = path.read_bytes()
    assert main(["ledger", "close", str(path), "--year", "2026"]) == 1
    said = capsys.readouterr().err
    assert "Écritures" in said and "D5" in said, said
    assert path.read_bytes() == before
