"""Période d'imputation (issue 17; banking manual §6.2.1 "Période d'imputation : il est possible de saisir une
Période"): a movement carries the months its entry belongs to, typed in the Movements sheet or set by `comptoir bank
period`; the entry carries it into the ledger on both roads (`bank post --ledger`, and the mandate + `mandate pull`:
the same Journal), and `ledger balance --imputation` counts each entry in the months it is imputed to.

The 2024 statement, by hand before running anything (GoLiveDate 1 January 2024, all paid from 1020):
- the annual liability insurance 1200.00 paid on 15.01 (6300), imputed 2024-01..2024-12 (kept as "2024"):
  1200.00 / 12 = 100.00 a month;
- the rent of the second quarter 1000.00 paid in advance on 28.03 (6000), Period typed in the sheet "2024-Q2":
  1000.00 / 3 = 333.333… → 333.33 in April and May, June the rest 1000.00 - 666.66 = 333.34;
- bank charges 12.50 on 31.03 (6940), no Period: they count in March, the month of their date.
Imputed balances:
- 2024-Q1: 6300 3 × 100.00 = 300.00, 6940 12.50 (the rent is for Q2: nothing); 1020 credit 312.50;
- 2024-06: 6300 100.00, 6000 333.34; 1020 credit 433.34;
- 2024-04..2024-05: 6300 200.00, 6000 333.33 + 333.33 = 666.66; 1020 credit 866.66;
- 2024: 6000 1000.00, 6300 1200.00, 6940 12.50 — the year's plain trial balance, 1020 credit 2212.50.
"""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal as D

import openpyxl

from engine.cli import main
from engine.store.book import Book
from tests.bank.test_movement_actions import make_books
from tests.bank.test_movement_typing import _entry, _statement

STATEMENT = _statement(
    _entry("1200.00", "DBIT", "PMNT/ICDT/DMCT", day="2024-01-15", text="PRIME RC ENTREPRISE 2024"),
    _entry("1000.00", "DBIT", "PMNT/ICDT/DMCT", day="2024-03-28", text="LOYER AVRIL-JUIN"),
    _entry("12.50", "DBIT", "ACMT/MDOP/CHRG", day="2024-03-31", text="FRAIS TENUE DE COMPTE"))
ACCOUNTS = {D("1200.00"): "6300", D("1000.00"): "6000", D("12.50"): "6940"}


def _books(folder):
    folder.mkdir()
    return make_books(folder, STATEMENT, go_live="2024-01-01")


def _type(book, amount: D, **cells) -> None:
    """What a user types in the Movements sheet, in Excel, on the row of the movement of ``amount``."""
    workbook = openpyxl.load_workbook(book)
    sheet = workbook["Movements"]
    head = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[head.index("Amount")].value is not None and D(str(row[head.index("Amount")].value)) == amount:
            for column, value in cells.items():
                row[head.index(column)].value = value
    workbook.save(book)


def _ids(book) -> dict:
    return {m.amount: str(m.movement_id) for m in Book.open(book).records("Movements")}


def _prepare(book) -> None:
    for amount, account in ACCOUNTS.items():  # the counter-accounts, chosen by hand
        _type(book, amount, DebitAccount=account, Action="post")
    _type(book, D("1000.00"), Period="2024-Q2")  # typed in the sheet
    assert main(["bank", "recognise", str(book)]) == 0  # recognition keeps what was typed
    assert main(["bank", "period", str(book), "2024-01..2024-12", "--ids", _ids(book)[D("1200.00")]]) == 0
    periods = {m.amount: m.period for m in Book.open(book).records("Movements")}
    assert periods == {D("1200.00"): "2024", D("1000.00"): "2024-Q2", D("12.50"): None}


def _journal(ledger) -> list:
    return sorted((e.date, e.debit, e.credit, e.amount, e.period) for e in Book.open(ledger).records("Journal"))


def _balance(ledger, period, capsys) -> dict:
    assert main(["ledger", "balance", str(ledger), "--imputation", period]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"Imputed to {period}"
    # Account, Name, then Debit, Credit, Balance 16 wide each ("1'200.00": the Swiss apostrophe between thousands)
    return {line.split()[0]: tuple(D(line[-50:][i:i + 16].replace(" ", "").replace("'", "")) for i in (0, 17, 34))
            for line in lines[2:-1]}


def test_both_roads_carry_the_period_and_the_balance_counts_it_by_month(tmp_path, capsys):
    direct_book, direct_ledger = _books(tmp_path / "direct")
    mandate_book, mandate_ledger = _books(tmp_path / "mandate")
    for book in (direct_book, mandate_book):
        _prepare(book)
    assert main(["bank", "post", str(direct_book), "--ledger", str(direct_ledger)]) == 0
    assert main(["mandate", "create", "--invoicing", str(mandate_book), "--ledger", str(mandate_ledger)]) == 0
    assert main(["bank", "post", str(mandate_book)]) == 0
    assert main(["mandate", "pull", str(mandate_ledger)]) == 0
    expected = [(date(2024, 1, 15), "6300", "1020", D("1200.00"), "2024"),
                (date(2024, 3, 28), "6000", "1020", D("1000.00"), "2024-Q2"),
                (date(2024, 3, 31), "6940", "1020", D("12.50"), None)]
    assert _journal(direct_ledger) == _journal(mandate_ledger) == expected
    capsys.readouterr()
    for ledger in (direct_ledger, mandate_ledger):
        # (debit, credit, balance) per account, from the hand calculation in the module docstring
        assert _balance(ledger, "2024-Q1", capsys) == {
            "1020": (D(0), D("312.50"), D("-312.50")), "6300": (D("300.00"), D(0), D("300.00")),
            "6940": (D("12.50"), D(0), D("12.50"))}
        assert _balance(ledger, "2024-06", capsys) == {
            "1020": (D(0), D("433.34"), D("-433.34")), "6000": (D("333.34"), D(0), D("333.34")),
            "6300": (D("100.00"), D(0), D("100.00"))}
        assert _balance(ledger, "2024-04..2024-05", capsys) == {
            "1020": (D(0), D("866.66"), D("-866.66")), "6000": (D("666.66"), D(0), D("666.66")),
            "6300": (D("200.00"), D(0), D("200.00"))}
        assert _balance(ledger, "2024", capsys) == {
            "1020": (D(0), D("2212.50"), D("-2212.50")), "6000": (D("1000.00"), D(0), D("1000.00")),
            "6300": (D("1200.00"), D(0), D("1200.00")), "6940": (D("12.50"), D(0), D("12.50"))}


def test_a_bad_period_is_refused_naming_its_cell_and_nothing_changes(tmp_path, capsys):
    book, ledger = _books(tmp_path / "books")
    for amount, account in ACCOUNTS.items():
        _type(book, amount, DebitAccount=account, Action="post")
    _type(book, D("1000.00"), Period="2024-13")  # no 13th month
    capsys.readouterr()
    # as any movement posting refuses, the others are posted and this one waits, named at its cell (exit 1: an error)
    assert main(["bank", "post", str(book), "--ledger", str(ledger)]) == 1
    said = capsys.readouterr().out
    head = [c.value for c in openpyxl.load_workbook(book)["Movements"][1]]
    column = openpyxl.utils.get_column_letter(head.index("Period") + 1)
    rent = next(m for m in Book.open(book).records("Movements") if m.amount == D("1000.00"))
    assert f"Movements!{column}{rent.row}" in said and "the Period" in said and "no month 13" in said
    assert "a quarter 2026-Q1" in said and rent.state == "pending"
    assert sorted(e.amount for e in Book.open(ledger).records("Journal")) == [D("12.50"), D("1200.00")]
    before = book.read_bytes(), ledger.read_bytes()
    assert main(["bank", "period", str(book), "2024-Q5", "--ids", _ids(book)[D("12.50")]]) == 2
    assert "2024-Q5" in capsys.readouterr().err and book.read_bytes() == before[0]
    assert main(["bank", "period", str(book), "2024-12..2024-01", "--ids", _ids(book)[D("12.50")]]) == 2
    assert "ends before it starts" in capsys.readouterr().err and book.read_bytes() == before[0]


def test_a_period_typed_wrong_in_the_journal_is_named_by_the_balance(tmp_path, capsys):
    _book, ledger = _books(tmp_path / "books")
    b = Book.open(ledger)
    b.put("Journal", [b.new("Journal", entry_id=1, date=date(2024, 1, 15), debit="6300",
                            credit="1020", amount=D("1200.00"), period="janvier")])
    b.save()
    capsys.readouterr()
    assert main(["ledger", "balance", str(ledger), "--imputation", "2024-01"]) == 2
    err = capsys.readouterr().err
    assert "Journal entry 1" in err and '"janvier" is not an imputation period' in err and "Journal!" in err


def _without_period(path, sheet_name: str) -> None:
    """The book as made before the Period column: the column gone from the sheet and its table."""
    workbook = openpyxl.load_workbook(path)
    sheet = workbook[sheet_name]
    head = [c.value for c in sheet[1]]
    sheet.delete_cols(head.index("Period") + 1)
    for table in sheet.tables.values():
        table.ref = f"A1:{openpyxl.utils.get_column_letter(len(head) - 1)}{max(sheet.max_row, 2)}"
    workbook.save(path)


def test_older_books_ask_for_the_column_and_never_drop_a_period(tmp_path, capsys):
    book, ledger = _books(tmp_path / "books")
    _without_period(book, "Movements")
    before = book.read_bytes()
    capsys.readouterr()
    assert main(["bank", "period", str(book), "2024", "--ids", _ids(book)[D("12.50")]]) == 2
    assert "no Period column" in capsys.readouterr().err and book.read_bytes() == before
    book, ledger = _books(tmp_path / "again")
    _prepare(book)
    _without_period(ledger, "Journal")
    before = book.read_bytes(), ledger.read_bytes()
    capsys.readouterr()
    main(["bank", "post", str(book), "--ledger", str(ledger)])
    out = capsys.readouterr()
    assert "Journal of compta.xlsx has no Period column" in out.out + out.err
    assert (book.read_bytes(), ledger.read_bytes()) == before


def test_check_names_a_period_that_cannot_be_read_in_either_book(tmp_path, capsys):
    book, ledger = _books(tmp_path / "books")
    _type(book, D("1000.00"), Period="T2 2024")
    b = Book.open(ledger)
    b.put("Journal", [b.new("Journal", entry_id=7, date=date(2024, 1, 15), debit="6300", credit="1020",
                            amount=D("1200.00"), period="2024-00")])
    b.save()
    capsys.readouterr()
    assert main(["check", str(book)]) != 0
    said = capsys.readouterr()
    assert 'movement 2: the Period "T2 2024" is not an imputation period' in said.out + said.err
    assert main(["check", str(ledger)]) != 0
    said = capsys.readouterr()
    assert 'entry 7: the Period "2024-00": there is no month 0' in said.out + said.err


def test_a_month_excel_turned_into_a_date_still_means_that_month(tmp_path):
    # typed "2024-04" in Excel, the cell holds the date 1 April 2024; typed "05.2024", the number 5.2024
    book, ledger = _books(tmp_path / "books")
    for amount, account in ACCOUNTS.items():
        _type(book, amount, DebitAccount=account, Action="post")
    _type(book, D("1000.00"), Period=datetime(2024, 4, 1))
    _type(book, D("12.50"), Period=5.2024)
    _type(book, D("1200.00"), Period=datetime(2024, 4, 15))  # a real date, no month: refused (exit 1)
    assert main(["bank", "post", str(book), "--ledger", str(ledger)]) == 1
    assert _journal(ledger) == [(date(2024, 3, 28), "6000", "1020", D("1000.00"), "2024-04"),
                                (date(2024, 3, 31), "6940", "1020", D("12.50"), "2024-05")]
    assert next(m for m in Book.open(book).records("Movements") if m.amount == D("1200.00")).state == "pending"


def test_the_balance_month_by_month(tmp_path, capsys):
    book, ledger = _books(tmp_path / "books")
    _prepare(book)
    assert main(["bank", "post", str(book), "--ledger", str(ledger)]) == 0
    capsys.readouterr()
    assert main(["ledger", "balance", str(ledger), "--imputation", "2024-Q1..2024-Q2", "--monthly"]) == 0
    lines = capsys.readouterr().out.replace("'", " ").splitlines()  # 1'200.00: the Swiss apostrophe
    assert lines[0] == "Imputed to 2024-01..2024-06"
    assert lines[1].split() == ["Account", "2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06", "Total"]
    table = {line[:8].strip(): [D(line[8 + 13 * i:8 + 13 * (i + 1)].replace(" ", "")) for i in range(6)]
             + [D(line[8 + 78:].replace(" ", ""))] for line in lines[2:]}
    # 6300: 100.00 a month, 6 × 100.00 = 600.00; 6000: the Q2 rent 333.33, 333.33, 333.34 = 1000.00;
    # 6940: 12.50 in March; 1020 the opposite of their sum month by month: -100.00, -100.00, -112.50, -433.33,
    # -433.33, -433.34, in all -(600.00 + 1000.00 + 12.50) = -1612.50
    z = D("0.00")
    assert table == {
        "1020": [D("-100.00"), D("-100.00"), D("-112.50"), D("-433.33"), D("-433.33"), D("-433.34"), D("-1612.50")],
        "6000": [z, z, z, D("333.33"), D("333.33"), D("333.34"), D("1000.00")],
        "6300": [D("100.00")] * 6 + [D("600.00")],
        "6940": [z, z, D("12.50"), z, z, z, D("12.50")]}
    assert main(["ledger", "balance", str(ledger), "--monthly"]) == 2  # months of what? refused
