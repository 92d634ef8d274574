"""Received invoices detailed by article and quantity (manual §3.8.6), from the service and `comptoir purchases new
--line ARTICLE:QTY[:PRICE]`; posted into the ledger and compared with entries computed by hand.

The Articles sheet gives each article its expense account, its purchase price (without VAT, as every price of the
sheet) and its VatCode, the sales code: buying bears the input tax of the same rate on goods, TVA 8.1 % → IPM,
TVARED 2.6 % → IPMRED (both return box 400, booked on 1170).

Hand calculation, invoice of 5 March 2026 from Papeterie SA:
    PLQ  3 × 12.35 = 37.05 net, VAT 8.1 %: 37.05 × 0.081 = 3.00105 → 3.00, gross 40.05   (4200, IPM)
    LIV  2 × 45.50 = 91.00 net (price typed on the line, the sheet says 48.00),
                               VAT 2.6 %: 91.00 × 0.026 = 2.366 → 2.37,  gross 93.37   (6500, IPMRED)
    total 40.05 + 93.37 = 133.42; input tax 3.00 + 2.37 = 5.37.
Posted (agreed basis): 4200 / 2000 37.05 (IPM 3.00), 1170 / 2000 3.00, 6500 / 2000 91.00 (IPMRED 2.37),
1170 / 2000 2.37 — debits 37.05 + 3.00 + 91.00 + 2.37 = 133.42 = the creditor's credit.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from engine.cli import main
from engine.errors import BusinessRuleError
from engine.services import posting, purchases, purchases_settle
from engine.services.purchases_lines import received_articles
from engine.store.book import Book
from tests.posting.books import books, journal

ON = date(2026, 3, 5)
ARTICLES = (("PLQ", "Planche de chêne 27 mm", "4200", "TVA", "12.35"), ("LIV", "Manuel du menuisier", "6500",
                                                                         "TVARED", "48.00"),
            ("VIS", "Vis inox, la boîte", "", "TVA", None))


def with_articles(book):
    book.put("Articles", [book.new("Articles", article_id=a, designation=d, expense_account=acct or None,
                                   vat_code=code, purchase_price=D(price) if price else None, unit_price=D("99.00"))
                          for a, d, acct, code, price in ARTICLES])
    return book


def lines_of(book, number):
    return [(r.article_id, r.quantity, r.unit_price, r.account, r.vat_code, r.amount, r.amount_type, r.vat_amount)
            for r in book.records("ReceivedLines") if r.invoice_number == number]


def test_lines_by_article_give_account_vat_code_price_and_total():
    book, _ = books()
    with_articles(book)
    done = purchases.new_received_invoice(book, creditor_id=1, date=ON, lines=[
        {"article_id": "PLQ", "quantity": "3"}, {"article_id": "liv", "quantity": 2, "unit_price": "45.50"}])
    number = done.ids[0]
    assert lines_of(book, number) == [
        ("PLQ", D("3"), D("12.35"), "4200", "IPM", D("37.05"), "net", D("3.00")),
        ("LIV", D("2"), D("45.50"), "6500", "IPMRED", D("91.00"), "net", D("2.37"))]
    record = purchases.invoice(book, number)
    assert (record.amount, record.balance, record.status) == (D("133.42"), D("133.42"), "F")
    assert [r.designation for r in book.records("ReceivedLines")] == ["Planche de chêne 27 mm", "Manuel du menuisier"]


def test_posting_an_article_invoice_books_each_rate_on_its_account():
    book, ledger = books()
    with_articles(book)
    purchases.new_received_invoice(book, creditor_id=1, date=ON, lines=[
        {"article_id": "PLQ", "quantity": "3"}, {"article_id": "LIV", "quantity": 2, "unit_price": "45.50"}])
    posting.post(book, ledger, date(2026, 3, 31), save=False)
    assert sorted(journal(ledger)) == sorted([
        ("4200", "2000", "37.05", "IPM", "3.00"), ("1170", "2000", "3.00", "IPM", "0.00"),
        ("6500", "2000", "91.00", "IPMRED", "2.37"), ("1170", "2000", "2.37", "IPMRED", "0.00")])


def test_an_article_without_account_or_price_and_bad_quantities():
    book, _ = books()
    with_articles(book)
    # VIS has no ExpenseAccount: the creditor's (4200); no PurchasePrice: the line must give one.
    # 10 × 4.20 = 42.00 net, VAT 8.1 % 3.402 → 3.40, gross 45.40.
    number = purchases.new_received_invoice(book, creditor_id=1, date=ON, lines=[
        {"article_id": "VIS", "quantity": "10", "unit_price": "4.20"}]).ids[0]
    assert lines_of(book, number) == [("VIS", D("10"), D("4.20"), "4200", "IPM", D("42.00"), "net", D("3.40"))]
    assert purchases.invoice(book, number).amount == D("45.40")
    with pytest.raises(BusinessRuleError, match='"VIS" has no purchase price'):
        purchases.new_received_invoice(book, creditor_id=1, date=ON, lines=[{"article_id": "VIS", "quantity": 1}])
    with pytest.raises(BusinessRuleError, match='no article "NOPE"'):
        purchases.new_received_invoice(book, creditor_id=1, date=ON, lines=[{"article_id": "NOPE", "quantity": 1}])
    with pytest.raises(BusinessRuleError, match="quantity of -2 is not received"):
        purchases.new_received_invoice(book, creditor_id=1, date=ON, lines=[{"article_id": "PLQ", "quantity": -2}])


def test_the_rate_of_the_invoice_date_applies():
    book, _ = books()
    with_articles(book)
    # 2023: 7.7 % → IPM at 7.7: 3 × 12.35 = 37.05, VAT 2.85285 → 2.85; LIV at 2.5 %: 96.00 × 0.025 = 2.40.
    number = purchases.new_received_invoice(book, creditor_id=1, date=date(2023, 11, 20), lines=[
        {"article_id": "PLQ", "quantity": 3}, {"article_id": "LIV", "quantity": 2}]).ids[0]
    assert [(r[4], r[5], r[7]) for r in lines_of(book, number)] == [("IPM", D("37.05"), D("2.85")),
                                                                     ("IPMRED", D("96.00"), D("2.40"))]
    assert purchases.invoice(book, number).amount == D("138.30")  # 39.90 + 98.40


def saved_book(folder) -> Book:
    """A saved template book with the articles and the creditor Papeterie SA (4200, IPM)."""
    from engine import templates
    path = folder / "invoicing.xlsx"
    templates.write("invoicing", path)
    book = with_articles(Book.open(path))
    book.put("Creditors", [book.new("Creditors", creditor_id=1, name="Papeterie SA", expense_account="4200",
                                    vat_code="IPM")])
    book.save()
    return book


def test_cli_mixes_article_and_account_lines(tmp_path, capsys):
    path = saved_book(tmp_path).path
    # PLQ 40.05 (above) + 6570 IPI 54.05 gross (VAT 54.05 × 8.1/108.1 = 4.05) = 94.10
    assert main(["purchases", "new", str(path), "--creditor", "1", "--date", "05.03.2026", "--line", "PLQ:3",
                 "--line", "6570:IPI:54.05"]) == 0
    book = Book.open(path)
    assert lines_of(book, "R-2026-0001") == [
        ("PLQ", D("3"), D("12.35"), "4200", "IPM", D("37.05"), "net", D("3.00")),
        (None, None, None, "6570", "IPI", D("54.05"), "gross", D("4.05"))]
    assert purchases.invoice(book, "R-2026-0001").amount == D("94.10")
    with pytest.raises(SystemExit):
        main(["purchases", "new", str(path), "--creditor", "1", "--date", "05.03.2026", "--line", "PLQ:-1"])
    assert "PLQ:-1" in capsys.readouterr().err
    assert received_articles(Book.open(path))[0][:4] == ("PLQ", D("3"), ON, "R-2026-0001")


def test_an_invoice_in_euros_needs_the_price_in_euros():
    book, _ = books()
    with_articles(book)
    with pytest.raises(BusinessRuleError, match='purchase price of "PLQ" is in CHF, the document in EUR'):
        purchases.new_received_invoice(book, creditor_id=1, date=ON, currency="EUR", exchange_rate="0.95",
                                       lines=[{"article_id": "PLQ", "quantity": 3}])
    # 3 × 11.80 = 35.40 EUR net, VAT 8.1 %: 2.8674 → 2.87, gross 38.27 EUR
    number = purchases.new_received_invoice(book, creditor_id=1, date=ON, currency="EUR", exchange_rate="0.95",
                                            lines=[{"article_id": "PLQ", "quantity": 3, "unit_price": "11.80"}]).ids[0]
    assert lines_of(book, number) == [("PLQ", D("3"), D("11.80"), "4200", "IPM", D("35.40"), "net", D("2.87"))]
    assert (purchases.invoice(book, number).amount, purchases.invoice(book, number).currency) == (D("38.27"), "EUR")


def test_a_quantity_with_decimals_rounds_half_up_to_the_cent():
    book, _ = books()
    with_articles(book)
    # 2.5 m × 12.35 = 30.875 → 30.88 (half up); VAT 30.88 × 0.081 = 2.50128 → 2.50; gross 33.38
    number = purchases.new_received_invoice(book, creditor_id=1, date=ON, lines=[
        {"article_id": "PLQ", "quantity": "2.5"}]).ids[0]
    assert lines_of(book, number)[0][5:] == (D("30.88"), "net", D("2.50"))
    assert purchases.invoice(book, number).amount == D("33.38")


def test_a_part_payment_on_received_basis_is_shared_over_the_article_lines():
    # VatBasis received: 100.00 paid of 133.42 is booked pro rata of the lines' gross amounts:
    # 100 × 40.05 / 133.42 = 30.018 → 30.02 on 4200 (IPM), 100 × 93.37 / 133.42 = 69.982 → 69.98 on 6500 (IPMRED).
    # (The tax within is 30.02 × 8.1 / 108.1 = 2.2494 → 2.25; for 6500 the engine shares the invoice's 2.37 pro rata,
    # 1.7764 → 1.78, where 69.98 × 2.6 / 102.6 gives 1.7734 → 1.77: the same gross either way.)
    book, ledger = books(VatBasis="received")
    with_articles(book)
    number = purchases.new_received_invoice(book, creditor_id=1, date=ON, lines=[
        {"article_id": "PLQ", "quantity": "3"}, {"article_id": "LIV", "quantity": 2, "unit_price": "45.50"}]).ids[0]
    purchases_settle.record_payment(book, number, date=date(2026, 4, 20), amount="100.00", account="1020")
    posting.post(book, ledger, date(2026, 4, 30), save=False)
    gross = {}
    for debit, credit, amount, code, vat in journal(ledger):
        if debit != "1170":
            assert credit == "1020"
            gross[debit] = D(amount) + D(vat)
    assert gross == {"4200": D("30.02"), "6500": D("69.98")}
    assert ("4200", "1020", "27.77", "IPM", "2.25") in journal(ledger)


def test_an_article_whose_rate_has_no_input_tax_code_on_goods_is_refused_saying_what_to_do():
    book, _ = books()
    book.put("Articles", [book.new("Articles", article_id="NUIT", designation="Nuitée", vat_code="TVAHEB",
                                   purchase_price=D("120.00"))])
    # 3.8 % (lodging) exists only as an output code: no IPM-like code of that rate to deduct it with
    with pytest.raises(BusinessRuleError, match=r"no input-tax code on goods has the rate 3\.8 % of \"TVAHEB\""):
        purchases.new_received_invoice(book, creditor_id=1, date=ON, lines=[{"article_id": "NUIT", "quantity": 1}])
    # the line's own code wins: NUIT:1 with IPI → 120.00 + 8.1 % 9.72 = 129.72
    number = purchases.new_received_invoice(book, creditor_id=1, date=ON, lines=[
        {"article_id": "NUIT", "quantity": 1, "vat_code": "IPI"}]).ids[0]
    assert purchases.invoice(book, number).amount == D("129.72")
