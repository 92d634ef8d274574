"""The Balance line (the manual's "ligne Balance": what the invoiced total adds to the lines) is written in the
book's words and read in any of the four languages (issue 18: the German demo's Lieferantenzeilen said "balance").

By hand, as tests/purchases/test_received_stages.py: the order's lines total 133.42 (PLQ 40.05 + LIV 93.37), the
supplier invoices 140.00, so the Balance line is 140.00 - 133.42 = 6.58 gross on the creditor's 4200 / IPM, its VAT
6.58 × 8.1 / 108.1 = 0.493 → 0.49. Completed again, the line is recognised (not counted as a line of its own): the
total stays 140.00 and there is still one Balance line of 6.58.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from engine import templates
from engine.cli import main
from engine.services import purchases
from engine.services.purchases_stages import advance, complete_lines
from engine.store.book import Book
from tests.purchases.test_received_articles import with_articles
from tests.purchases.test_received_stages import LINES

BALANCE = (None, "4200", "IPM", D("6.58"), D("0.49"))


def _book(folder, language: str) -> Book:
    path = templates.write("invoicing", folder / "invoicing.xlsx", language)
    book = with_articles(Book.open(path))
    book.put("Creditors", [book.new("Creditors", creditor_id=1, name="Papeterie SA", expense_account="4200",
                                    vat_code="IPM")])
    book.save()
    return Book.open(path)


def _balance_lines(book, number):
    return [(r.designation, r.article_id, r.account, r.vat_code, r.amount, r.vat_amount)
            for r in book.records("ReceivedLines") if r.invoice_number == number and not r.article_id]


@pytest.mark.parametrize("language, word", [("de", "Saldo"), ("fr", "Balance"), ("it", "Saldo"),
                                            ("en", "balance")])
def test_the_balance_line_is_written_in_the_books_words_and_found_again(tmp_path, language, word):
    book = _book(tmp_path, language)
    number = purchases.new_received_invoice(book, creditor_id=1, date=date(2026, 3, 2), stage="order",
                                            lines=LINES).ids[0]
    advance(book, number, "invoice", on=date(2026, 3, 12), amount="140.00")
    assert _balance_lines(book, number) == [(word, *BALANCE)]
    complete_lines(book, number)  # the Balance line is found again: kept as it is, not a new line of 6.58 more
    assert _balance_lines(book, number) == [(word, *BALANCE)]
    assert purchases.invoice(book, number).amount == D("140.00")


def test_a_balance_line_written_in_german_is_found_again_once_the_book_is_french(tmp_path):
    book = _book(tmp_path, "de")
    number = purchases.new_received_invoice(book, creditor_id=1, date=date(2026, 3, 2), stage="order",
                                            lines=LINES).ids[0]
    advance(book, number, "invoice", on=date(2026, 3, 12), amount="140.00")
    book.save()
    assert main(["book", "translate", str(book.path), "--to", "fr"]) == 0
    book = Book.open(book.path)
    complete_lines(book, number)
    # the German word read as the Balance line (its 6.58 kept), then written in the French book's word
    assert _balance_lines(book, number) == [("Balance", *BALANCE)]
    assert purchases.invoice(book, number).amount == D("140.00")
