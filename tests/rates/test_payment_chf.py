"""A payment recorded with the CHF the bank booked (`documents pay --chf`, `purchases pay --chf`): kept in
Payments AmountCHF, the exchange difference posted from it; refused on a CHF document, on a discount, and in a book
whose Payments sheet predates the column (the amount would be lost on save)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import openpyxl
import pytest

from engine.cli import main
from engine.errors import BusinessRuleError
from engine.services import purchases, purchases_settle, sales_payments
from engine.services.posting import post
from engine.store.book import Book
from tests.posting.books import books, invoice, journal


def test_documents_pay_with_the_banks_chf(tmp_path, capsys):
    path = tmp_path / "ventes.xlsx"
    assert main(["new", "invoicing", str(path)]) == 0
    book = Book.open(path)
    book.put("Clients", [book.new("Clients", client_id=1, company="Berlin GmbH", currency="EUR")])
    invoice(book, "F-1", [("3400", "", "1000.00", "0.00")], currency="EUR", exchange_rate=D("0.9400"), status="F")
    invoice(book, "F-2", [("3400", "", "100.00", "0.00")], status="F")
    book.save()
    assert main(["documents", "pay", str(path), "--number", "F-1", "--amount", "1000", "--date", "01.04.2026",
                 "--chf", "925.15"]) == 0
    assert main(["documents", "pay", str(path), "--number", "F-2", "--amount", "100", "--chf", "100"]) == 2
    assert "F-2 is in CHF" in capsys.readouterr().err
    book = Book.open(path)
    assert [(p.document_number, p.amount, p.amount_chf) for p in book.records("Payments")] == [
        ("F-1", D("1000.00"), D("925.15"))]
    _, ledger = books()
    post(book, ledger, date(2026, 12, 31), what="sales", save=False)
    # 940.00 at the invoice's rate, 925.15 came in: 14.85 loss
    assert journal(ledger)[1:3] == [("1020", "1100", "925.15", "", "0.00"), ("6949", "1100", "14.85", "", "0.00")]


def test_a_discount_has_no_chf_amount():
    book, _ = books()
    invoice(book, "F-1", [("3400", "", "1000.00", "0.00")], currency="EUR", exchange_rate=D("0.9400"), status="F")
    with pytest.raises(BusinessRuleError, match="moves no money"):
        sales_payments.record_payment(book, "F-1", "20", on=date(2026, 4, 1), kind="discount", amount_chf="18")


def test_purchases_pay_with_the_banks_chf():
    book, ledger = books()
    done = purchases.new_received_invoice(book, creditor_id=1, date=date(2026, 3, 2), amount="540.50",
                                          currency="EUR", vat_code="IPM", expense_account="4200",
                                          exchange_rate="0.9400")
    purchases_settle.record_payment(book, done.ids[0], date=date(2026, 4, 1), account="1020", amount_chf="510.00")
    post(book, ledger, date(2026, 12, 31), save=False)
    # 540.50 × 0.94 = 508.07 on 2000; 510.00 left the bank: 1.93 more, a loss
    assert journal(ledger)[-2:] == [("2000", "1020", "510.00", "", "0.00"), ("6949", "2000", "1.93", "", "0.00")]


def test_a_book_without_the_column_refuses_rather_than_loses(tmp_path):
    path = tmp_path / "old.xlsx"
    assert main(["new", "invoicing", str(path)]) == 0
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Payments"]
    column = [c.column for c in sheet[1] if c.value == "AmountCHF"][0]
    table = sheet.tables["tblPayments"]
    sheet.delete_cols(column)
    last = openpyxl.utils.get_column_letter(column - 1)
    table.ref = f"A1:{last}{table.ref.split(':')[1].lstrip('ABCDEFGHIJKLMNOPQRSTUVWXYZ')}"
    table.tableColumns = table.tableColumns[:column - 1]
    workbook.save(path)
    book = Book.open(path)
    book.put("Clients", [book.new("Clients", client_id=1, company="Berlin GmbH", currency="EUR")])
    invoice(book, "F-1", [("3400", "", "1000.00", "0.00")], currency="EUR", exchange_rate=D("0.9400"), status="F")
    with pytest.raises(BusinessRuleError, match="no AmountCHF column"):
        sales_payments.record_payment(book, "F-1", "1000", on=date(2026, 4, 1), amount_chf="930")


@pytest.mark.parametrize("typed, after", [("925.15", "930.00"), ("925.15", None), (None, "930.00")])
def test_amount_chf_is_locked_once_posted(typed, after):
    from dataclasses import replace

    from engine.domain.posting import locks
    book, ledger = books()
    invoice(book, "F-1", [("3400", "", "1000.00", "0.00")], currency="EUR", exchange_rate=D("0.9400"), status="F")
    sales_payments.record_payment(book, "F-1", "1000", on=date(2026, 4, 1), amount_chf=typed)
    post(book, ledger, date(2026, 12, 31), save=False)
    assert locks.edited(book) == {}
    book.put("Payments", [replace(p, amount_chf=None if after is None else D(after))
                          for p in book.records("Payments")])
    [problem] = locks.edited(book)[("Payments", 1)]
    assert problem.source.column and "AmountCHF changed after it was posted in session 1" in problem.message
    [edited] = book.records("Payments")
    posted = replace(edited, amount_chf=None if typed is None else D(typed))
    with pytest.raises(BusinessRuleError, match="amount_chf cannot change"):  # a service changing it is refused
        locks.refuse_edit("Payments", posted, edited)
