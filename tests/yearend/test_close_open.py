"""``ledger close`` and ``ledger open`` on the small ledger of :mod:`tests.yearend.books` (amounts by hand there).

Issue 19 item 3: closing refuses while a clearing account holds money, listing it; opening carries classes 1 and 2
against 9100 and the result to 2970, once, and only after the year is closed (or with --force).
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from engine.cli import main
from engine.errors import BusinessRuleError
from engine.services.year_end import close_year, open_year
from engine.store.book import Book
from tests.yearend.books import clear, ledger_2026


def _close(path, capsys):
    code = main(["ledger", "close", str(path), "--year", "2026"])
    out = capsys.readouterr()
    return code, out.out + out.err


def test_close_refuses_with_what_is_left_in_the_clearing_accounts_and_changes_nothing(tmp_path, capsys):
    path = ledger_2026(tmp_path, cleared=False)
    before = path.read_bytes()
    code, text = _close(path, capsys)
    assert code == 2
    # 2009: the credit note N-7 registered 05.07 (2000 / 2009 50.00), never used: a credit balance of 50.00, group N-7
    assert "2009: credit balance 50.00" in text and "group N-7: -50.00" in text
    # 9907: the unidentified receipt of 31.05 (1020 / 9907 200.00) has no group: named by its voucher and date
    assert "9907: credit balance 200.00" in text and "entry B-5 of 31.05.2026: -200.00" in text
    assert "9100" not in text.split("—")[0]  # the opening balanced: 10'000 in, 10'000 out
    assert path.read_bytes() == before
    assert Book.open(path).records("Periods")[0].closed is not True


def test_close_marks_the_periods_closed_once_cleared(tmp_path, capsys):
    path = ledger_2026(tmp_path, cleared=False)
    clear(path)
    code, text = _close(path, capsys)
    assert code == 0 and "period(s) 2026 marked Closed (12 entries" in text
    assert [p.closed for p in Book.open(path).records("Periods")] == [True]
    before = path.read_bytes()
    code, text = _close(path, capsys)
    assert code == 0 and "already closed" in text and path.read_bytes() == before


def test_an_opening_that_does_not_balance_is_left_in_9100_and_refused(tmp_path):
    path = ledger_2026(tmp_path)
    ledger = Book.open(path)
    # the capital entry forgotten: 9100 keeps the bank's 10'000.00 on its credit side
    ledger.put("Journal", [e for e in ledger.records("Journal") if not (e.voucher == "OUV" and e.credit == "2800")])
    with pytest.raises(BusinessRuleError, match="9100: credit balance 10'000.00"):
        close_year(ledger, 2026)


def test_close_names_an_entry_outside_every_period_and_an_account_outside_the_chart(tmp_path):
    path = ledger_2026(tmp_path)
    ledger = Book.open(path)
    ledger.put("Periods", [ledger.new("Periods", period="2026", start=date(2026, 1, 1), end=date(2026, 6, 30)),
                           ledger.new("Periods", period="2026b", start=date(2026, 8, 1), end=date(2026, 12, 31))])
    journal = ledger.records("Journal")
    from dataclasses import replace
    ledger.put("Journal", [replace(e, debit="6998") if e.voucher == "L-3" else e for e in journal])  # no such account
    with pytest.raises(Exception) as refused:
        close_year(ledger, 2026)
    text = "\n".join(str(p) for p in refused.value.problems)
    assert "entry N-7 of 05.07.2026 lies in no period" in text  # July: between the two periods
    assert "the Debit account 6998 is not in the chart" in text and "Journal row" in text


def _opening(path):
    return sorted((e.debit, e.credit, e.amount, e.label) for e in Book.open(path).records("Journal")
                  if e.source == "opening 2027")


EXPECTED = [  # the balances of tests/yearend/books.py, each against 9100; the profit 450.00 to 2970
    ("1020", "9100", Decimal("10781.00"), "Balance carried forward 2026"),
    ("9100", "2000", Decimal("250.00"), "Balance carried forward 2026"),
    ("9100", "2200", Decimal("81.00"), "Balance carried forward 2026"),
    ("9100", "2800", Decimal("10000.00"), "Balance carried forward 2026"),
    ("9100", "2970", Decimal("450.00"), "Result 2026 carried forward"),
]


def test_open_refuses_a_year_not_closed_and_says_how_to_force(tmp_path, capsys):
    path = ledger_2026(tmp_path)
    before = path.read_bytes()
    assert main(["ledger", "open", str(path), "--year", "2027"]) == 2
    assert "2026 is not closed" in capsys.readouterr().err
    assert path.read_bytes() == before
    assert main(["ledger", "open", str(path), "--year", "2027", "--force"]) == 0
    assert _opening(path) == EXPECTED


def test_open_carries_the_balance_sheet_and_the_result_once(tmp_path, capsys):
    path = ledger_2026(tmp_path)
    assert main(["ledger", "close", str(path), "--year", "2026"]) == 0
    assert main(["ledger", "open", str(path), "--year", "2027"]) == 0
    assert "2026 profit 450.00 to 2970" in capsys.readouterr().out
    assert _opening(path) == EXPECTED
    ledger = Book.open(path)
    opening = [e for e in ledger.records("Journal") if e.source == "opening 2027"]
    assert {e.date for e in opening} == {date(2027, 1, 1)}
    # 9100 nets to zero: 10'781.00 credited, 250 + 81 + 10'000 + 450 = 10'781.00 debited
    assert sum(e.amount for e in opening if e.credit == "9100") == sum(e.amount for e in opening if e.debit == "9100")
    assert [(p.period, p.closed) for p in ledger.records("Periods")] == [("2026", True), ("2027", False)]
    before = path.read_bytes()
    assert main(["ledger", "open", str(path), "--year", "2027"]) == 2
    assert "2027 is already opened" in capsys.readouterr().err and path.read_bytes() == before


def test_a_loss_is_debited_to_retained_earnings(tmp_path):
    path = ledger_2026(tmp_path)
    ledger = Book.open(path)
    from tests.yearend.books import add
    add(ledger, [(date(2026, 11, 30), "L-11", "6000", "1020", "1000.00", None)])  # 450 − 1'000 = a loss of 550
    ledger.save()
    opened = open_year(Book.open(path), 2027, force=True)
    assert opened.result == Decimal("-550.00")
    carried = {(e.debit, e.credit): e.amount for e in Book.open(path).records("Journal") if e.source}
    assert carried[("2970", "9100")] == Decimal("550.00") and carried[("1020", "9100")] == Decimal("9781.00")


def test_open_into_a_new_book_copies_the_chart_and_vat_codes(tmp_path, capsys):
    path = ledger_2026(tmp_path)
    ledger = Book.open(path)
    ledger.put("Accounts", [*ledger.records("Accounts"), ledger.new("Accounts", number="6321", name="Atelier",
                                                                     account_class="expense")])
    ledger.save()
    assert main(["ledger", "close", str(path), "--year", "2026"]) == 0
    new = tmp_path / "2027" / "ledger-2027.xlsx"
    assert main(["ledger", "open", str(path), "--year", "2027", "--into", str(new)]) == 0
    assert _opening(new) == EXPECTED and _opening(path) == []
    old, book = Book.open(path), Book.open(new)
    assert [a.number for a in book.records("Accounts")] == [a.number for a in old.records("Accounts")]
    assert "6321" in {a.number for a in book.records("Accounts")}
    assert len(book.records("VatCodes")) == len(old.records("VatCodes"))
    assert [(p.period, p.start) for p in book.records("Periods")] == [("2027", date(2027, 1, 1))]
    assert main(["check", str(new)]) == 0
    before = new.read_bytes()
    assert main(["ledger", "open", str(path), "--year", "2027", "--into", str(new)]) == 2
    assert new.read_bytes() == before


def test_a_failed_open_into_a_new_book_leaves_no_file(tmp_path, capsys):
    path = ledger_2026(tmp_path)
    new = tmp_path / "ledger-2027.xlsx"
    assert main(["ledger", "open", str(path), "--year", "2027", "--force", "--into", str(new),
                 "--retained", "2999"]) == 2
    assert "2999 is not in the chart" in capsys.readouterr().err and not new.exists()


def test_replace_carries_a_correction_of_the_year_before(tmp_path, capsys):
    path = ledger_2026(tmp_path)
    assert main(["ledger", "open", str(path), "--year", "2027", "--force"]) == 0
    from tests.yearend.books import add
    ledger = Book.open(path)
    add(ledger, [(date(2026, 12, 31), "C-1", "6000", "1020", "100.00", None)])  # a late rent: profit 450 − 100
    ledger.save()
    assert main(["ledger", "open", str(path), "--year", "2027", "--force", "--replace"]) == 0
    assert "2026 profit 350.00 to 2970" in capsys.readouterr().out
    # 1020: 10'781 − 100 = 10'681.00; 2970: 450 − 100 = 350.00; the other lines as before; the first opening gone
    assert _opening(path) == [("1020", "9100", Decimal("10681.00"), "Balance carried forward 2026"), *EXPECTED[1:4],
                              ("9100", "2970", Decimal("350.00"), "Result 2026 carried forward")]


def test_a_closed_new_year_is_not_opened_again(tmp_path, capsys):
    path = ledger_2026(tmp_path)
    assert main(["ledger", "open", str(path), "--year", "2027", "--force"]) == 0
    ledger = Book.open(path)
    from dataclasses import replace
    ledger.put("Periods", [replace(p, closed=True) for p in ledger.records("Periods")])
    ledger.save()
    before = path.read_bytes()
    assert main(["ledger", "open", str(path), "--year", "2027", "--replace"]) == 2
    assert "would fall in a closed period: period 2027" in capsys.readouterr().err and path.read_bytes() == before


def test_retained_earnings_of_earlier_years_and_the_result_are_two_entries(tmp_path):
    path = ledger_2026(tmp_path)
    from tests.yearend.books import add
    ledger = Book.open(path)
    add(ledger, [(date(2026, 1, 1), "OUV", "9100", "2970", "1000.00", None),  # 2025's profit, carried in 2026
                 (date(2026, 1, 1), "OUV", "1020", "9100", "1000.00", None)])
    ledger.save()
    open_year(Book.open(path), 2027, force=True)
    # 2970 keeps its 1'000.00 (a balance carried) and gets the 2026 profit of 450.00 (the result), apart
    assert [(e.debit, e.credit, e.amount, e.label) for e in Book.open(path).records("Journal")
            if e.source and "2970" in (e.debit, e.credit)] == [
        ("9100", "2970", Decimal("1000.00"), "Balance carried forward 2026"),
        ("9100", "2970", Decimal("450.00"), "Result 2026 carried forward")]


def test_an_entry_without_a_credit_account_is_named_once(tmp_path):
    path = ledger_2026(tmp_path)
    import openpyxl
    workbook = openpyxl.load_workbook(path)
    workbook["Journal"]["E5"] = None  # the Credit of the fourth entry
    workbook.save(path)
    with pytest.raises(Exception) as refused:
        close_year(Book.open(path), 2026)
    messages = [p.message for p in refused.value.problems]
    assert messages == ["Credit is empty"] or (len(messages) == 1 and "Credit" in messages[0])


def test_a_row_of_the_year_before_emptied_since_is_named_by_the_next_close_and_open(tmp_path, capsys):
    import openpyxl
    path = ledger_2026(tmp_path)
    assert main(["ledger", "close", str(path), "--year", "2026"]) == 0
    assert main(["ledger", "open", str(path), "--year", "2027"]) == 0
    workbook = openpyxl.load_workbook(path)
    workbook["Journal"]["D5"] = None  # the Debit of 2026's fourth entry: 2027's opening can no longer be compared
    workbook.save(path)
    before = path.read_bytes()
    capsys.readouterr()
    for args in (["ledger", "close", str(path), "--year", "2027"],
                 ["ledger", "open", str(path), "--year", "2028", "--force"]):
        assert main(args) == 1
        said = capsys.readouterr().err
        assert "D5" in said and "Debit" in said, said
        assert path.read_bytes() == before


def test_quarters_sub_accounts_an_overdraft_and_years_in_order(tmp_path, capsys):
    """Four quarterly periods; a second bank 1020.01 overdrawn; 9907.02 and 2009.01 (sub-accounts) must be zero too;
    2025 still open in the same book refuses the close of 2026."""
    path = tmp_path / "ledger.xlsx"
    assert main(["new", "ledger", str(path)]) == 0
    from tests.yearend.books import add
    ledger = Book.open(path)
    ledger.put("Accounts", [*ledger.records("Accounts"), *(
        ledger.new("Accounts", number=n, name=n, account_class=c)
        for n, c in (("1020.01", "asset"), ("9907.02", "clearing"), ("2009.01", "liability")))])
    quarters = [(f"2026-Q{q}", date(2026, 3 * q - 2, 1), date(2026 + (q == 4), (3 * q) % 12 + 1, 1))
                for q in range(1, 5)]
    from datetime import timedelta
    ledger.put("Periods", [ledger.new("Periods", period="2025", start=date(2025, 1, 1), end=date(2025, 12, 31)),
                           *(ledger.new("Periods", period=name, start=start, end=after - timedelta(days=1))
                             for name, start, after in quarters)])
    add(ledger, [(date(2026, 2, 1), "A", "6000", "1020.01", "300.00", None),   # rent from the second bank: −300
                 (date(2026, 5, 1), "B", "1020", "9907.02", "40.00", None),     # unidentified, second bank's 9907
                 (date(2026, 8, 1), "C", "2000", "2009.01", "25.00", "N-9")])  # a credit note of a sub-ledger
    ledger.save()
    assert main(["ledger", "close", str(path), "--year", "2026"]) == 2
    assert "2026 cannot be closed before the earlier period(s) 2025" in capsys.readouterr().err
    ledger = Book.open(path)
    from dataclasses import replace
    ledger.put("Periods", [replace(p, closed=True) if p.period == "2025" else p for p in ledger.records("Periods")])
    ledger.save()
    assert main(["ledger", "close", str(path), "--year", "2026"]) == 2
    err = capsys.readouterr().err
    assert "9907.02: credit balance 40.00" in err and "2009.01: credit balance 25.00" in err
    ledger = Book.open(path)
    add(ledger, [(date(2026, 9, 1), "D", "9907.02", "3600", "40.00", None),
                 (date(2026, 9, 2), "E", "2009.01", "4200", "25.00", "N-9")])
    ledger.save()
    assert main(["ledger", "close", str(path), "--year", "2026"]) == 0
    assert "period(s) 2026-Q1, 2026-Q2, 2026-Q3, 2026-Q4 marked Closed" in capsys.readouterr().out
    assert main(["ledger", "open", str(path), "--year", "2027"]) == 0
    # by hand: 1020 +40; 1020.01 −300 (overdrawn: credited in the opening); 2000 −25 → debit balance 25 (a
    # supplier owes us): debited; result 40 (3600) + 25 (4200 credited) − 300 (6000) = a loss of 235
    assert _opening(path) == [("1020", "9100", Decimal("40.00"), "Balance carried forward 2026"),
                              ("2000", "9100", Decimal("25.00"), "Balance carried forward 2026"),
                              ("2970", "9100", Decimal("235.00"), "Result 2026 carried forward"),
                              ("9100", "1020.01", Decimal("300.00"), "Balance carried forward 2026")]
    assert Book.open(path).records("Periods")[-1].period == "2027"  # added after the quarters


def test_reopen_for_a_correction_then_close_and_carry_again(tmp_path, capsys):
    path = ledger_2026(tmp_path)
    assert main(["ledger", "close", str(path), "--year", "2026"]) == 0
    assert main(["ledger", "open", str(path), "--year", "2027"]) == 0
    capsys.readouterr()
    assert main(["ledger", "reopen", str(path), "--year", "2026"]) == 0
    out = capsys.readouterr().out
    assert "2026 reopened in ledger.xlsx: period(s) 2026" in out and "--year 2027 --replace" in out
    assert [p.closed for p in Book.open(path).records("Periods")] == [False, False]
    from tests.yearend.books import add
    ledger = Book.open(path)
    add(ledger, [(date(2026, 12, 31), "C-1", "6000", "1020", "100.00", None)])  # the late rent: profit 350.00
    ledger.save()
    assert main(["ledger", "close", str(path), "--year", "2026"]) == 0
    assert main(["ledger", "open", str(path), "--year", "2027", "--replace"]) == 0
    assert ("9100", "2970", Decimal("350.00"), "Result 2026 carried forward") in _opening(path)
    ledger = Book.open(path)
    from dataclasses import replace
    ledger.put("Periods", [replace(p, closed=True) for p in ledger.records("Periods")])
    ledger.save()
    assert main(["ledger", "reopen", str(path), "--year", "2026"]) == 2
    assert "while the later period(s) 2027 are closed" in capsys.readouterr().err


def test_a_forced_opening_says_what_it_did_not_carry(tmp_path, capsys):
    path = ledger_2026(tmp_path, cleared=False)
    assert main(["ledger", "open", str(path), "--year", "2027", "--force"]) == 0
    out = capsys.readouterr().out
    # 9907 holds 200.00 (credit): not a balance sheet account, so not carried (2009, class 2, is). By hand, 9100:
    # credited 1020 10'781 + 1100 200 = 10'981.00; debited 2000 250 + 2009 50 + 2200 81 + 2800 10'000 + the profit
    # (1'200 − 300 − 500 = 400) = 10'781.00: 200.00 more credited, the receipt still to allocate
    assert "not carried, the clearing accounts of 2026 not at zero (9907 -200.00)" in out
    opening = [e for e in Book.open(path).records("Journal") if e.source == "opening 2027"]
    nine = sum(e.amount for e in opening if e.debit == "9100") - sum(e.amount for e in opening if e.credit == "9100")
    assert nine == Decimal("-200.00")


def test_a_result_already_booked_to_2979_opens_in_2970(tmp_path):
    """The SME chart's closing entries: the income statement accounts emptied into 9200, 9200 into 2979."""
    path = ledger_2026(tmp_path)
    from tests.yearend.books import book_closing_entries
    book_closing_entries(path)
    assert main(["ledger", "close", str(path), "--year", "2026"]) == 0  # 9200 at zero
    opened = open_year(Book.open(path), 2027)
    assert opened.result == Decimal("450.00")
    assert _opening(path) == EXPECTED  # the same opening: 2979's 450.00 goes to 2970, nothing opens in 2979


def test_a_financial_year_from_july_to_june(tmp_path, capsys):
    """Exercice décalé: 2025 runs 01.07.2025 – 30.06.2026; 2026 opens on 01.07.2026 and runs to 30.06.2027."""
    path = tmp_path / "ledger.xlsx"
    assert main(["new", "ledger", str(path)]) == 0
    from tests.yearend.books import add
    ledger = Book.open(path)
    ledger.put("Periods", [ledger.new("Periods", period="2025/26", start=date(2025, 7, 1), end=date(2026, 6, 30))])
    add(ledger, [(date(2025, 7, 1), "OUV", "1020", "2800", "5000.00", None),    # capital paid in
                 (date(2026, 3, 1), "V", "1020", "3400", "700.00", None)])     # a sale: profit 700.00
    ledger.save()
    assert main(["ledger", "close", str(path), "--year", "2025"]) == 0
    assert main(["ledger", "open", str(path), "--year", "2026"]) == 0
    opening = [(e.date, e.debit, e.credit, e.amount) for e in Book.open(path).records("Journal")
               if e.source == "opening 2026"]
    # 1020: 5'000 + 700 = 5'700.00; 2800 5'000.00; the profit 700.00 to 2970; all dated 01.07.2026
    assert opening == [(date(2026, 7, 1), "1020", "9100", Decimal("5700.00")),
                       (date(2026, 7, 1), "9100", "2800", Decimal("5000.00")),
                       (date(2026, 7, 1), "9100", "2970", Decimal("700.00"))]
    assert [(p.start, p.end) for p in Book.open(path).records("Periods")][-1] == (date(2026, 7, 1),
                                                                                   date(2027, 6, 30))
