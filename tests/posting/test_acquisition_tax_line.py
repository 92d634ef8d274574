"""Audit 19: a received invoice of 1,000.00 from a foreign supplier (services bought abroad), its line coded with an
output-kind code of ReturnBox 383 (acquisition tax, Bezugsteuer 8.1 %), was booked 4200 / 2000 1000.00 and 2200 /
2000 81.00: the supplier owed 1,081.00 and the tax due turned into a deduction. By hand, what the books must say:
the supplier is owed 1,000.00 (4200 / 2000 1000.00); the acquisition tax 1000.00 × 8.1 % = 81.00 is due (credit
2200, box 383) and deductible (debit 1170, box 400): 1170 / 2200 81.00, never on 2000. Until posting books that
second entry, such a line is refused — at entry and at posting — saying how to book it; nothing is written."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from engine.errors import BusinessRuleError, ProblemsFound
from engine.services import purchases
from engine.services.posting import post
from tests.posting.books import books, received


def _acquisition_code(book):
    book.put("VatCodes", [*book.records("VatCodes"), book.new(
        "VatCodes", code="BEZ", label="Impôt sur les acquisitions", rate=D("8.1"), valid_from=date(2024, 1, 1),
        account="2200", kind="output", return_box="383")])


def test_a_received_line_coded_for_acquisition_tax_is_refused_with_how_to_book_it():
    book, ledger = books()
    _acquisition_code(book)
    received(book, "R-1", "1000.00", lines=[("4200", "BEZ", "1000.00", "net", "0.00")])
    with pytest.raises(ProblemsFound) as refused:
        post(book, ledger, date(2026, 3, 31), save=False)
    problem, = refused.value.problems
    assert "R-1: VAT code BEZ is acquisition tax (box 383): the supplier is owed the amount without it" in \
        problem.message
    assert "debit 1170 (input tax), credit 2200, code BEZ (1000.00 × 8.1 % = 81.00)" in problem.hint
    assert problem.source.sheet == "ReceivedLines"
    assert not [e for e in ledger.records("Journal") if "2000" in (e.debit, e.credit)]  # nothing owed to anyone


def test_entering_it_is_refused_too():
    book, _ = books()
    _acquisition_code(book)
    before = book.records("ReceivedInvoices")
    with pytest.raises(BusinessRuleError, match="acquisition tax"):
        purchases.new_received_invoice(book, creditor_id=1, date=date(2026, 3, 5), amount=D("1000.00"),
                                       vat_code="BEZ")
    assert book.records("ReceivedInvoices") == before
