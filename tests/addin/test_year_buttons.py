"""The ribbon's Close year, Open year and Financial statements buttons (issue 19) on the small ledger of
tests/yearend/books.py: the same services as `comptoir ledger close | open | statements`, the year typed in
Excel's input box (a number comes back as a float)."""
from __future__ import annotations

import subprocess

from addin import ribbon
from engine.cli import main
from engine.store.book import Book
from tests.addin.fake_excel import FakeBook
from tests.addin.test_contact_and_stock_buttons import Answers
from tests.yearend.books import clear, ledger_2026


def _click(path, function, *answers, save=True):
    xl = FakeBook.from_file(path)
    xl.app.api = Answers(*answers)
    text = getattr(ribbon, function)(xl)
    if save:  # what Excel would save (the fake rewrites the file even when nothing changed)
        xl.save()
    return text


def test_close_refused_then_closed_then_opened_and_statements(tmp_path):
    path = ledger_2026(tmp_path, cleared=False)
    text = _click(path, "close_year", 2026.0)
    assert "9907: credit balance 200.00" in text and "2009: credit balance 50.00" in text
    assert [p.closed for p in Book.open(path).records("Periods")] == [None]
    clear(path)
    assert _click(path, "close_year", 2026.0) == ("2026 closed: period(s) 2026 marked Closed; clearing accounts "
                                                  "at zero.")
    text = _click(path, "open_year", 2027.0)
    # the profit of tests/yearend/books.py: 1'200 − 250 − 500 = 450.00
    assert text == "2027 opened: 5 opening entries dated 01.01.2027; 2026 profit 450.00 to 2970."
    assert len([e for e in Book.open(path).records("Journal") if e.source == "opening 2027"]) == 5
    text = _click(path, "financial_statements", 2026.0)
    pdf = tmp_path / "reports" / "statements-2026.pdf"
    assert str(pdf) in text
    shown = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Total des actifs" in shown and "10'781.00" in shown  # 1020 at 31.12.2026, by hand in books.py


def test_cancel_or_a_wrong_book_changes_nothing(tmp_path):
    path = ledger_2026(tmp_path)
    before = path.read_bytes()
    assert "cancelled" in _click(path, "close_year", False, save=False)
    assert "is not a year" in _click(path, "open_year", 26.0, save=False)
    assert path.read_bytes() == before
    invoicing = tmp_path / "invoicing.xlsx"
    assert main(["new", "invoicing", str(invoicing)]) == 0
    assert "is not a ledger book" in _click(invoicing, "close_year", 2026.0)
