"""A purchase coded outside VAT (EXCLU: an insurance premium on 6300) is no turnover (audit of the VAT return file:
it came out as −3,120.00 in boxes 230 and 200, and the demo's Q1 file declared 230 at −674.69). By hand, Q1: one
sale of 1,000.00 + 81.00 at 8.1 % and the premium of 3,120.00: box 303 is 1,000.00 / 81.00; nothing in 230 and the
taxable turnover is 1,000.00; the excluded supplies of the quarter are 0."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from engine.domain import ledger_reports
from engine.domain.vat import VatRates
from engine.services import posting
from tests.posting.books import books, invoice, received


def test_a_purchase_outside_vat_is_no_turnover():
    book, ledger = books()
    invoice(book, "F-1", [("3200", "TVA", "1000.00", "81.00")], on=date(2026, 2, 2))
    received(book, "R-1", "3120.00", on=date(2026, 2, 5), lines=[("6300", "EXCLU", "3120.00", "gross", None)])
    posting.post(book, ledger, date(2026, 3, 31), save=False)
    rows = ledger_reports.vat_statement(ledger.records("Journal"), VatRates.from_records(ledger.records("VatCodes")),
                                        {a.number: a.account_class for a in ledger.records("Accounts")})
    by_code = {r.code: (r.base, r.tax) for r in rows if r.base or r.tax}
    assert by_code == {"TVA": (D("1000.00"), D("81.00"))}
    assert ledger_reports.taxable_turnover(rows) == D("1000.00")
