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


@pytest.mark.parametrize("basis", ["agreed", "received"])
def test_discounts_losses_and_fees_are_taxed_as_the_ledger_report_taxes_them(basis):
    """(From the vat branch's work.) F-1 = 1081.00 taxable (1000 + 8.1 %) + 280.00 excluded = 1361.00. The client
    takes a 2 % discount (27.22) and pays 1358.78 = 1333.78 for the invoice + a reminder fee of 20.00 (follows the
    supply's VAT: its taxable share 20 × 1081/1361 = 15.8854 → 15.89, the other 4.11 on the excluded line) + 5.00
    default interest (damages, no supply). F-2 = 216.20 (200 + 8.1 %) is lost.
    Agreed: 1081.00 − discount's taxable share 27.22 × 1081/1361 = 21.62 + fee 15.89 + F-2 216.20 − loss 216.20
            = 1075.27.
    Received: the payment pays the fee and interest first (CO 85: 25.00), then 1333.78 of the invoice:
    1333.78 × 1081/1361 = 1059.38 + fee 15.89 = 1075.27 (the discount and the loss bring nothing in).
    Tax 1075.27 × 6.2 % = 66.66674 → 66.67, and `ledger vat --tdfn-rate 6.2` on the posted Journal says the same."""
    from engine.domain import ledger_reports
    from engine.domain.vat import VatRates
    book, ledger = books(VatMethod="tdfn", VatBasis=basis, TdfnRate="6.2")
    _sales(book)
    invoice(book, "F-2", [("3400", "TVA", "200.00", "16.20")], on=date(2026, 3, 9))
    pay(book, "F-1", "27.22", date(2026, 5, 10), kind="discount")
    pay(book, "F-1", "20.00", date(2026, 4, 15), kind="fee")
    pay(book, "F-1", "5.00", date(2026, 4, 15), kind="interest")
    pay(book, "F-1", "1358.78", date(2026, 5, 10))
    pay(book, "F-2", "216.20", date(2026, 6, 1), kind="loss")
    posting.post(book, ledger, Q1[1], save=False)
    session, turnover, entry = vat_close.close_period(book, ledger, *Q1, save=False)
    assert (turnover, entry.amount) == (D("1075.27"), D("66.67"))
    rates = VatRates.from_records(ledger.records("VatCodes") or book.records("VatCodes"))
    statement = ledger_reports.vat_statement(ledger.records("Journal"), rates, start=Q1[0], end=Q1[1])
    assert ledger_reports.tdfn_tax(statement, D("6.2")) == D("66.67")


def test_the_second_half_year_is_not_closed_before_the_first():
    """Audit 19: `vat-close` of July–December before January–June answered rc 0 ("0.00"); January–June could then
    never be closed (the later closing covers it), its tax never booked. By hand: F-1 of 2 March is 1081.00 taxable
    (1000 + 8.1 %) in the first half-year, so closing the second one first is refused, naming the first; once the
    first is closed (1081.00 × 6.2 % = 67.022 → 67.02), the second closes (nothing in it: no entry)."""
    book, ledger = books(VatMethod="tdfn", TdfnRate="6.2")
    _sales(book)
    posting.post(book, ledger, date(2026, 12, 31), save=False)
    with pytest.raises(BusinessRuleError, match=r"before 01\.07\.2026 is not closed: 1.081\.00|1'081\.00") as refused:
        vat_close.close_period(book, ledger, date(2026, 7, 1), date(2026, 12, 31), save=False)
    assert "--to 30.06.2026" in refused.value.hint
    assert not [e for e in ledger.records("Journal") if e.debit == "3809"]
    session, turnover, entry = vat_close.close_period(book, ledger, *Q1, save=False)
    assert (turnover, entry.amount) == (D("1081.00"), D("67.02"))
    assert vat_close.close_period(book, ledger, date(2026, 7, 1), date(2026, 12, 31), save=False) == (
        None, D("0.00"), None)


def test_a_year_closed_before_the_first_closing_made_here_does_not_stop_the_next():
    """A company that took its books over on 1 January 2026 closed 2025 in its former program: its 2025 invoice (here
    posted by this book) was taxed there, so closing 2026-S1 is not refused for it. By hand: 2026-S1 has no sale,
    no tax, no entry."""
    book, ledger = books(VatMethod="tdfn", TdfnRate="6.2")
    invoice(book, "F-0", [("3400", "TVA", "1000.00", "81.00")], on=date(2025, 11, 2))
    posting.post(book, ledger, date(2026, 6, 30), save=False)
    assert vat_close.close_period(book, ledger, *Q1, save=False) == (None, D("0.00"), None)
