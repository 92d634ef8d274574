"""TDFN period-end entry, hand-computed (MWSTG art. 37; DOMAIN.md §4): gross taxable turnover × net tax rate,
booked 3809 / 2200; exports and excluded supplies are not taxable turnover; credit notes reduce it."""
from datetime import date
from decimal import Decimal as D

import pytest

from engine.errors import BusinessRuleError
from engine.services import posting, vat_close
from tests.posting.books import books, invoice, pay

Q1 = (date(2026, 1, 1), date(2026, 6, 30))


def _sales(book):
    # 1000.00 + 8.1 % = 1081.00 taxable, 280.00 excluded (a course, EXCLU)
    invoice(book, "F-1", [("3400", "TVA", "1000.00", "81.00"), ("3600", "EXCLU", "280.00", "0.00")],
            on=date(2026, 3, 2))


def test_agreed_basis_taxes_the_invoices_of_the_period():
    book, ledger = books(VatMethod="tdfn", TdfnRate="6.2")
    _sales(book)
    invoice(book, "N-1", [("3400", "TVA", "100.00", "8.10")], stage="N", refers_to="F-1", on=date(2026, 4, 1))
    posting.post(book, ledger, Q1[1], save=False)  # the closing taxes what is posted
    session, turnover, entry = vat_close.close_period(book, ledger, *Q1, save=False)
    assert turnover == D("972.90")  # 1081.00 − 108.10
    assert (entry.debit, entry.credit, entry.amount) == ("3809", "2200", D("60.32"))  # 972.90 × 6.2 % = 60.3198
    tdfn = [(e.debit, e.credit, e.amount) for e in ledger.records("Journal") if (e.voucher or "").startswith("TDFN")]
    assert tdfn == [("3809", "2200", D("60.32"))]
    posting.unpost(book, ledger, session, save=False)  # a closing is a session like any other
    assert [e for e in ledger.records("Journal") if (e.voucher or "").startswith("TDFN")] == []


def test_received_basis_taxes_the_payments_of_the_period():
    book, ledger = books(VatMethod="tdfn", VatBasis="received", TdfnRate="6.2")
    _sales(book)
    pay(book, "F-1", "680.50", date(2026, 5, 10))  # half of 1361.00; its taxable share is 1081 / 1361
    posting.post(book, ledger, Q1[1], save=False)
    session, turnover, entry = vat_close.close_period(book, ledger, *Q1, save=False)
    assert turnover == D("540.50")  # 680.50 × 1081.00 / 1361.00
    assert entry.amount == D("33.51")  # 540.50 × 6.2 % = 33.511


def test_effective_method_has_no_period_entry():
    book, ledger = books()
    _sales(book)
    with pytest.raises(BusinessRuleError, match="not tdfn"):
        vat_close.close_period(book, ledger, *Q1, save=False)
