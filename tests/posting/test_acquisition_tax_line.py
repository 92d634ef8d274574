"""Acquisition tax (Bezugsteuer, impôt sur les acquisitions, MWSTG art. 45) on a received invoice's line: consulting
bought from a supplier abroad, 1,000.00 without Swiss VAT, its line coded BEZ (an output code with ReturnBox 383,
8.1 %). It was refused at entry and posting (audit 19: it had been booked 4200 / 2000 1000.00 and 2200 / 2000 81.00,
the supplier owed 1,081.00 and the tax due turned into a deduction). By hand, what the books must say:
- the supplier is owed 1,000.00: 4200 / 2000 1000.00, code BEZ with its tax 1000.00 × 8.1 % = 81.00 (the base of
  box 383);
- the acquisition tax is due (credit 2200) and deducted at once (debit 1170): 1170 / 2200 81.00, code BEZ;
- the VAT return of the quarter: 383 = 1000.00, 399 = 1000.00 × 8.1 % = 81.00, 400 = 81.00, 479 = 81.00, 500 =
  81.00 − 81.00 = 0.00; 200 = 0 (no turnover of the company's);
- balances: 4200 +1000.00, 1170 +81.00, 2200 −81.00, 2000 −1000.00 until paid, then 1020 −1000.00 and 2000 0.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from engine.domain import ledger_reports, vat_return
from engine.domain.vat import VatRates
from engine.services import purchases
from engine.services.posting import post
from tests.posting.books import balances, books, journal, pay, received

Q1 = (date(2026, 1, 1), date(2026, 3, 31))


def _acquisition_code(*books_):
    for book in books_:
        book.put("VatCodes", [*book.records("VatCodes"), book.new(
            "VatCodes", code="BEZ", label="Impôt sur les acquisitions", rate=D("8.1"), valid_from=date(2024, 1, 1),
            account="2200", kind="output", return_box="383")])


def _boxes(ledger) -> dict:
    rates = VatRates.from_records(ledger.records("VatCodes"))
    rows = ledger_reports.vat_statement(ledger.records("Journal"), rates, None, *Q1)
    return vat_return.from_statement(rows, *Q1).boxes()


@pytest.mark.parametrize("kind", ["net", "gross"])  # no Swiss VAT in what a supplier abroad bills: the amount
def test_a_service_bought_abroad_books_the_tax_due_and_its_deduction(kind):
    book, ledger = books()
    _acquisition_code(book, ledger)
    received(book, "R-1", "1000.00", lines=[("4200", "BEZ", "1000.00", kind, None)])
    post(book, ledger, Q1[1], save=False)
    assert journal(ledger) == [("4200", "2000", "1000.00", "BEZ", "81.00"), ("1170", "2200", "81.00", "BEZ", "0.00")]
    assert balances(ledger) == {"4200": D("1000.00"), "2000": D("-1000.00"), "1170": D("81.00"), "2200": D("-81.00")}
    boxes = _boxes(ledger)
    assert (boxes["383"], boxes["399"], boxes["400"], boxes["479"], boxes["500"]) == (
        D("1000.00"), D("81.00"), D("81.00"), D("81.00"), D("0.00"))
    assert boxes["200"] == 0
    # `ledger vat`: the tax booked as due on 2200 (+81.00, as a sale's) and as deducted on 1170 (+81.00)
    rows = ledger_reports.vat_statement(ledger.records("Journal"), VatRates.from_records(ledger.records("VatCodes")),
                                        None, *Q1)
    assert [(r.box, r.code, r.base, r.tax, r.booked) for r in rows] == [
        ("383", "BEZ", D("1000.00"), D("81.00"), D("81.00")), ("400", "BEZ", D("0.00"), D("81.00"), D("81.00"))]


def test_under_the_net_tax_rate_it_is_due_and_a_cost():
    """VatMethod tdfn (no input tax): the acquisition tax is due and not deducted, a cost of the service:
    4200 / 2000 1000.00 (BEZ, 81.00) and 4200 / 2200 81.00; 4200 ends at 1081.00; no box 400."""
    book, ledger = books(VatMethod="tdfn", TdfnRate="6.2")
    _acquisition_code(book, ledger)
    received(book, "R-1", "1000.00", lines=[("4200", "BEZ", "1000.00", "net", None)])
    post(book, ledger, Q1[1], save=False)
    assert journal(ledger) == [("4200", "2000", "1000.00", "BEZ", "81.00"), ("4200", "2200", "81.00", "BEZ", "0.00")]
    assert balances(ledger) == {"4200": D("1081.00"), "2000": D("-1000.00"), "2200": D("-81.00")}


def test_received_basis_books_it_at_payment():
    """VatBasis received: nothing at the invoice; at the payment of 31 March, 4200 / 1020 1000.00 (BEZ, 81.00) and
    1170 / 2200 81.00: the same boxes."""
    book, ledger = books(VatBasis="received")
    _acquisition_code(book, ledger)
    received(book, "R-1", "1000.00", lines=[("4200", "BEZ", "1000.00", "net", None)])
    pay(book, "R-1", "1000.00", date(2026, 3, 31), side="purchases")
    post(book, ledger, Q1[1], save=False)
    assert journal(ledger) == [("4200", "1020", "1000.00", "BEZ", "81.00"), ("1170", "2200", "81.00", "BEZ", "0.00")]
    boxes = _boxes(ledger)
    assert (boxes["383"], boxes["400"], boxes["500"]) == (D("1000.00"), D("81.00"), D("0.00"))


def test_a_credit_note_from_the_supplier_abroad_takes_it_back():
    """R-1 1000.00 and the supplier's credit note R-2 of 200.00: 2000 / 4200 200.00 (BEZ, its tax 200 × 8.1 % =
    16.20, the entry's sides saying it is taken back) and 2200 / 1170 16.20. Box 383 = 1000.00 − 200.00 = 800.00, 399 = 64.80, 400 = 81.00 − 16.20 = 64.80."""
    book, ledger = books()
    _acquisition_code(book, ledger)
    received(book, "R-1", "1000.00", lines=[("4200", "BEZ", "1000.00", "net", None)])
    received(book, "R-2", "200.00", stage="N", lines=[("4200", "BEZ", "200.00", "net", None)])
    post(book, ledger, Q1[1], save=False)
    assert journal(ledger)[2:] == [("2000", "4200", "200.00", "BEZ", "16.20"), ("2200", "1170", "16.20", "BEZ", "0.00")]
    boxes = _boxes(ledger)
    assert (boxes["383"], boxes["399"], boxes["400"], boxes["500"]) == (D("800.00"), D("64.80"), D("64.80"), D("0.00"))


def test_entering_it_keeps_the_amount_owed_without_tax():
    """`purchases new` with the code BEZ on 1000.00: the invoice is 1000.00 (what the supplier abroad is owed), its
    line 1000.00 without VAT (the tax is the company's, booked at posting)."""
    book, _ = books()
    _acquisition_code(book)
    purchases.new_received_invoice(book, creditor_id=1, date=date(2026, 3, 5), amount=D("1000.00"), vat_code="BEZ",
                                   number="R-1")
    invoice, = book.records("ReceivedInvoices")
    assert invoice.amount == D("1000.00")
    allocations = purchases.expense_allocations(book, "R-1")
    assert [(a.vat_code, a.gross, a.vat) for a in allocations] == [("BEZ", D("1000.00"), D("0.00"))]


def test_a_eur_invoice_from_abroad_is_taxed_on_its_chf_value():
    """The common case: a German consultant bills EUR 1000.00, the invoice's rate 0.95: CHF 950.00 is the expense
    and the base; the tax 950.00 × 8.1 % = 76.95, due and deducted: 4200 / 2000 950.00 (BEZ, 76.95) and
    1170 / 2200 76.95; box 383 = 950.00, 399 = 76.95, 400 = 76.95, 500 = 0.00."""
    book, ledger = books()
    _acquisition_code(book, ledger)
    received(book, "R-1", "1000.00", lines=[("4200", "BEZ", "1000.00", "net", None)], currency="EUR",
             exchange_rate=D("0.95"))
    post(book, ledger, Q1[1], save=False)
    assert journal(ledger) == [("4200", "2000", "950.00", "BEZ", "76.95"), ("1170", "2200", "76.95", "BEZ", "0.00")]
    boxes = _boxes(ledger)
    assert (boxes["383"], boxes["399"], boxes["400"], boxes["500"]) == (D("950.00"), D("76.95"), D("76.95"), D("0.00"))
