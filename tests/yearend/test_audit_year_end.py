"""The findings of the independent audit of the year end (ledger close / open / statements), each on the small
ledger of :mod:`tests.yearend.books` (its balances by hand there: 1020 10'781.00, 2000 −250, 2200 −81, 2800
−10'000, profit 2026 450.00)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from engine.cli import main
from engine.services import statements
from engine.store.book import Book
from tests.yearend.books import add, ledger_2026

D = Decimal


def _run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out + out.err


@pytest.mark.parametrize("account", ["1020", "6000", "9100"])
def test_retained_must_be_an_equity_account(tmp_path, capsys, account):
    """ret1020 / ret6000 / ret9100: the result carried to the bank, an expense or the opening account."""
    path = ledger_2026(tmp_path)
    assert main(["ledger", "close", str(path), "--year", "2026"]) == 0
    before = path.read_bytes()
    code, text = _run(capsys, "ledger", "open", str(path), "--year", "2027", "--retained", account)
    assert code == 2 and f"--retained {account} is not an equity account" in text and "--retained 2970" in text
    assert path.read_bytes() == before
    # an equity account of group 29 is accepted: the profit 450.00 to 2900 (Réserves)
    code, text = _run(capsys, "ledger", "open", str(path), "--year", "2027", "--retained", "2900")
    assert code == 0 and "2026 profit 450.00 to 2900" in text


def _with_1091(tmp_path, cleared: bool):
    """A client credit note of 30.00 registered on 1091 and, when ``cleared``, used on an invoice:
    01.10 NC-1 3400 / 1091 30.00 (the note: revenue reduced, 1091 credited), 02.10 NC-1 1091 / 1100 30.00 (used)."""
    path = ledger_2026(tmp_path)
    ledger = Book.open(path)
    add(ledger, [(date(2026, 10, 1), "NC-1", "3400", "1091", "30.00", "NC-1")]
        + ([(date(2026, 10, 2), "NC-1", "1091", "1100", "30.00", "NC-1")] if cleared else []))
    ledger.save()
    return path


def test_close_refuses_while_1091_holds_money(tmp_path, capsys):
    path = _with_1091(tmp_path, cleared=False)
    before = path.read_bytes()
    code, text = _run(capsys, "ledger", "close", str(path), "--year", "2026")
    assert code == 2 and "1091: credit balance 30.00" in text and "group NC-1: -30.00" in text
    assert "ledger extract LEDGER --account 1091" in text  # the account to look at, not 9907
    assert path.read_bytes() == before
    assert main(["ledger", "close", str(_with_1091(tmp_path / "b", cleared=True)), "--year", "2026"]) == 0


def test_1091_is_not_cash_in_the_statements(tmp_path):
    """c1091: a debit balance of 1091 is a claim (other short-term receivables), not Liquidités.
    02.10 1091 / 1100 30.00 alone: 1091 +30.00, 1100 −30.00 (trade receivables 0 + ... −30.00)."""
    path = ledger_2026(tmp_path)
    ledger = Book.open(path)
    add(ledger, [(date(2026, 10, 2), "NC-1", "1091", "1100", "30.00", "NC-1")])
    ledger.save()
    got = {line.code: (line.amount, line.accounts) for line in statements.lines(Book.open(path), 2026)}
    assert got["A1a"] == (D("10781.00"), ("1020",))  # the bank alone, as before
    assert got["A1c"] == (D("30.00"), ("1091",))
    assert got["A1b"][0] == D("-30.00")


def _year_2027_typed_without_opening(tmp_path):
    """noopen: 2026 closed, then 2027 typed in the same book without `ledger open --year 2027`:
    Periods 2027 added by hand, 02.02.2027 V-1 1020 / 3400 100.00."""
    path = ledger_2026(tmp_path)
    assert main(["ledger", "close", str(path), "--year", "2026"]) == 0
    ledger = Book.open(path)
    ledger.put("Periods", [*ledger.records("Periods"),
                           ledger.new("Periods", period="2027", start=date(2027, 1, 1), end=date(2027, 12, 31))])
    add(ledger, [(date(2027, 2, 2), "V-1", "1020", "3400", "100.00", None)])
    ledger.save()
    return path


@pytest.mark.parametrize("argv", [["statements", "--year", "2027"], ["close", "--year", "2027"],
                                  ["open", "--year", "2028", "--force"]])
def test_a_year_never_opened_is_refused(tmp_path, capsys, argv):
    """Without the opening, 2027's cash would be 100.00 alone (not 10'781 + 100) and the capital 2800 gone."""
    path = _year_2027_typed_without_opening(tmp_path)
    before = path.read_bytes()
    code, text = _run(capsys, "ledger", argv[0], str(path), *argv[1:])
    assert code == 2 and "2027 was never opened in ledger.xlsx" in text
    assert "comptoir ledger open ledger.xlsx --year 2027" in text
    assert path.read_bytes() == before


def test_a_year_closed_without_its_opening_says_to_reopen_it_first(tmp_path, capsys):
    """noopen.xlsx as audited: 2027 was closed (the close passed then) without ever being opened."""
    path = _year_2027_typed_without_opening(tmp_path)
    ledger = Book.open(path)
    from dataclasses import replace
    ledger.put("Periods", [replace(p, closed=True) for p in ledger.records("Periods")])
    ledger.save()
    code, text = _run(capsys, "ledger", "statements", str(path), "--year", "2027")
    assert code == 2 and "reopen it (comptoir ledger reopen ledger.xlsx --year 2027), then open it" in text


def test_once_opened_the_year_has_its_carried_balances(tmp_path, capsys):
    path = _year_2027_typed_without_opening(tmp_path)
    assert main(["ledger", "open", str(path), "--year", "2027"]) == 0
    got = {line.code: line.amount for line in statements.lines(Book.open(path), 2027)}
    # 1020: 10'781.00 carried + 100.00 = 10'881.00; capital 2800 10'000.00 carried; 2970 the 450.00 of 2026
    assert (got["A1a"], got["P3a"], got["P3d"], got["P3r"]) == (D("10881.00"), D("10000.00"), D("450.00"),
                                                                D("100.00"))


def test_the_first_year_of_a_book_needs_no_opening(tmp_path):
    """A Periods row of 2025 without entries (the book starts in 2026) is nothing to carry."""
    path = ledger_2026(tmp_path)
    ledger = Book.open(path)
    ledger.put("Periods", [ledger.new("Periods", period="2025", start=date(2025, 1, 1), end=date(2025, 12, 31),
                                      closed=True), *ledger.records("Periods")])
    ledger.save()
    assert main(["ledger", "close", str(path), "--year", "2026"]) == 0


def _corrected_after_the_opening(tmp_path):
    """corr-stale: 2026 closed and opened into 2027, reopened, the late rent 31.12.2026 C-1 6000 / 1020 100.00
    booked, closed again, without `open --replace`: 2027 still opens 1020 10'781.00 and 2970 450.00, where 2026
    now ends on 1020 10'781 − 100 = 10'681.00 and a profit of 450 − 100 = 350.00."""
    path = ledger_2026(tmp_path)
    for argv in (["close", "--year", "2026"], ["open", "--year", "2027"], ["reopen", "--year", "2026"]):
        assert main(["ledger", argv[0], str(path), *argv[1:]]) == 0
    ledger = Book.open(path)
    add(ledger, [(date(2026, 12, 31), "C-1", "6000", "1020", "100.00", None)])
    ledger.save()
    assert main(["ledger", "close", str(path), "--year", "2026"]) == 0
    return path


STALE = ("1020: opening 10'781.00, closing of 2026 10'681.00; "
         "2970: opening -450.00, closing of 2026 -350.00")


def test_an_opening_older_than_a_correction_is_named_and_refuses_the_close(tmp_path, capsys):
    path = _corrected_after_the_opening(tmp_path)
    capsys.readouterr()
    code, text = _run(capsys, "ledger", "statements", str(path), "--year", "2027")
    assert code == 0 and f"warning: the opening of 2027 in ledger.xlsx is not 2026's closing balances" in text
    assert STALE in text and "--year 2027 --replace" in text
    before = path.read_bytes()
    code, text = _run(capsys, "ledger", "close", str(path), "--year", "2027")
    assert code == 2 and STALE in text and "--replace" in text and path.read_bytes() == before
    assert main(["ledger", "open", str(path), "--year", "2027", "--replace"]) == 0
    code, text = _run(capsys, "ledger", "statements", str(path), "--year", "2027")
    assert code == 0 and "warning" not in text
    assert main(["ledger", "close", str(path), "--year", "2027"]) == 0


def _opened_into_a_new_book_and_another_company(tmp_path):
    """ledger.xlsx closed for 2026 and opened into ledger-2027.xlsx; other/ledger.xlsx the same entries plus
    31.12.2026 C-1 6000 / 1020 100.00."""
    path = ledger_2026(tmp_path)
    new = tmp_path / "ledger-2027.xlsx"
    assert main(["ledger", "close", str(path), "--year", "2026"]) == 0
    assert main(["ledger", "open", str(path), "--year", "2027", "--into", str(new)]) == 0
    other = ledger_2026(tmp_path / "other")
    ledger = Book.open(other)
    add(ledger, [(date(2026, 12, 31), "C-1", "6000", "1020", "100.00", None)])
    ledger.save()
    return path, new, other


def test_previous_must_be_the_book_the_opening_came_from(tmp_path, capsys):
    """2026 in ledger.xlsx, 2027 opened into ledger-2027.xlsx: --previous ledger.xlsx agrees; another company's
    book (the same entries plus 31.12.2026 6000 / 1020 100.00: 1020 10'681.00, profit 350.00) does not."""
    path, new, other = _opened_into_a_new_book_and_another_company(tmp_path)
    capsys.readouterr()
    code, text = _run(capsys, "ledger", "statements", str(new), "--year", "2027", "--previous", str(path))
    assert code == 0 and "warning" not in text
    before = new.read_bytes()
    code, text = _run(capsys, "ledger", "statements", str(new), "--year", "2027", "--previous", str(other))
    assert code == 2 and "is not the closing balances of ledger.xlsx" in text and STALE in text
    assert new.read_bytes() == before


def test_check_names_a_row_typed_into_a_closed_year(tmp_path, capsys):
    """late: 2026 closed (12 entries), then 20.12.2026 L-9 6000 / 1020 700.00 typed into the Journal: the 2026
    profit would read 450 − 700 = −250.00 and `open --replace` carry it."""
    path = ledger_2026(tmp_path)
    assert main(["ledger", "close", str(path), "--year", "2026"]) == 0
    closing = Book.open(path).records("Closings")
    # 12 entries: 10'000 + 10'000 + 1'000 + 81 + 1'081 + 500 + 200 + 200 + 300 + 50 + 200 + 50 = 23'662.00
    assert [(c.period, c.entries, c.total, c.last_entry) for c in closing] == [("2026", 12, D("23662.00"), 12)]
    assert main(["check", str(path)]) == 0
    ledger = Book.open(path)
    add(ledger, [(date(2026, 12, 20), "L-9", "6000", "1020", "700.00", None)])
    ledger.save()
    code, text = _run(capsys, "check", str(path))
    assert code != 0
    assert "entry L-9 of 20.12.2026 (6000 / 1020 700.00) was typed into the closed period 2026 after its close" in text
    assert "Journal" in text and "ledger reopen" in text


def test_check_names_a_closed_period_whose_entry_was_changed(tmp_path, capsys):
    """The rent L-3 6000 / 1020 500.00 typed over as 5000.00 after the close: no new row, the period is named
    (12 entries totalling 23'662.00 then, 23'662 − 500 + 5'000 = 28'162.00 now)."""
    path = ledger_2026(tmp_path)
    assert main(["ledger", "close", str(path), "--year", "2026"]) == 0
    ledger = Book.open(path)
    from dataclasses import replace
    ledger.put("Journal", [replace(e, amount=D("5000.00")) if e.voucher == "L-3" else e
                           for e in ledger.records("Journal")])
    ledger.save()
    code, text = _run(capsys, "check", str(path))
    assert code != 0 and ("the entries of the closed period 2026 changed since its close: 12 entries totalling "
                          "23662.00 then, 12 totalling 28162.00 now") in text
    # reopened, corrected on purpose and closed again: the new control totals, no problem
    assert main(["ledger", "reopen", str(path), "--year", "2026"]) == 0
    assert main(["ledger", "close", str(path), "--year", "2026"]) == 0
    assert main(["check", str(path)]) == 0


def test_open_replace_does_not_carry_a_row_typed_into_the_closed_year(tmp_path, capsys):
    path = ledger_2026(tmp_path)
    assert main(["ledger", "close", str(path), "--year", "2026"]) == 0
    assert main(["ledger", "open", str(path), "--year", "2027"]) == 0
    ledger = Book.open(path)
    add(ledger, [(date(2026, 12, 20), "L-9", "6000", "1020", "700.00", None)])
    ledger.save()
    before = path.read_bytes()
    code, text = _run(capsys, "ledger", "open", str(path), "--year", "2027", "--replace")
    assert code != 0 and "entry L-9 of 20.12.2026" in text and "after its close" in text
    assert path.read_bytes() == before


def test_no_offsetting_in_the_balance_sheet(tmp_path):
    """CO 958c para. 1 item 7. Added to 2026: 15.12 2200 / 1020 200.00 (VAT paid where 81.00 was due: 2200 a debit
    balance of 119.00), 20.12 6000 / 1021 50.00 (the second bank overdrawn by 50.00), 25.12 5000 / 2002 300.00
    (salaries to pay). By hand:
      cash 1020 10'781 − 200 = 10'581.00 (1021 not netted in); other receivables 2200 119.00;
      total assets 10'581 + 119 = 10'700.00
      trade payables 2000 250.00; short-term interest-bearing 1021 50.00; other short-term 2002 300.00;
      capital 10'000.00; profit 450 − 50 − 300 = 100.00; total 250 + 50 + 300 + 10'000 + 100 = 10'700.00"""
    path = ledger_2026(tmp_path)
    ledger = Book.open(path)
    add(ledger, [(date(2026, 12, 15), "TVA", "2200", "1020", "200.00", None),
                 (date(2026, 12, 20), "L-12", "6000", "1021", "50.00", None),
                 (date(2026, 12, 25), "S-12", "5000", "2002", "300.00", None)])
    ledger.save()
    got = {line.code: (line.amount, line.accounts) for line in statements.lines(Book.open(path), 2026)}
    assert got["A1a"] == (D("10581.00"), ("1020",))
    assert got["A1c"] == (D("119.00"), ("2200",))
    assert got["A="][0] == D("10700.00")
    assert got["P1a"] == (D("250.00"), ("2000", "2009"))  # 2009 at zero once cleared
    assert got["P1b"] == (D("50.00"), ("1021",))
    assert got["P1c"] == (D("300.00"), ("2002",))
    assert got["P3r"][0] == D("100.00") and got["P="][0] == D("10700.00")


def test_close_with_previous_checks_the_opening_against_the_other_book(tmp_path, capsys):
    """2027 opened into ledger-2027.xlsx from ledger.xlsx (1020 10'781.00, 2970 450.00); another company's 2026
    ends on 1020 10'681.00 and a profit of 350.00: close --previous names both accounts, the right book passes."""
    path, new, other = _opened_into_a_new_book_and_another_company(tmp_path)
    before = new.read_bytes()
    code, text = _run(capsys, "ledger", "close", str(new), "--year", "2027", "--previous", str(other))
    assert code == 2 and STALE in text and new.read_bytes() == before
    assert main(["ledger", "close", str(new), "--year", "2027", "--previous", str(path)]) == 0


def test_previous_without_the_year_before_is_named(tmp_path, capsys):
    """--previous naming a book that holds only 2027 (the new book itself): no 2026 to compare the opening with."""
    path, new, _ = _opened_into_a_new_book_and_another_company(tmp_path)
    code, text = _run(capsys, "ledger", "statements", str(new), "--year", "2027", "--previous", str(new))
    assert code == 2 and "has no period of 2026" in text


def test_a_year_closed_before_the_closings_sheet_adopts_it_when_closed_again(tmp_path, capsys):
    """late.xlsx was closed by an earlier Comptoir: no Closings row, so nothing to compare; `ledger close` run
    again records today's 12 entries (23'662.00), and a row typed in afterwards is named."""
    path = ledger_2026(tmp_path)
    ledger = Book.open(path)
    from dataclasses import replace
    ledger.put("Periods", [replace(p, closed=True) for p in ledger.records("Periods")])  # closed the old way
    ledger.save()
    assert main(["check", str(path)]) == 0
    code, text = _run(capsys, "ledger", "close", str(path), "--year", "2026")
    assert code == 0 and "control totals of period(s) 2026 recorded in Closings" in text
    assert [(c.entries, c.total) for c in Book.open(path).records("Closings")] == [(12, D("23662.00"))]
    code, text = _run(capsys, "ledger", "close", str(path), "--year", "2026")
    assert code == 0 and "nothing changed" in text
    ledger = Book.open(path)
    add(ledger, [(date(2026, 12, 20), "L-9", "6000", "1020", "700.00", None)])
    ledger.save()
    assert main(["check", str(path)]) != 0
