"""The journal entries of DOMAIN.md §4 ("sale CHF 1000.00 net, VAT 8.1 % = 81.00"), typed by hand from the table,
for both VAT bases, plus the purchase mirror, the TDFN method and the 5-Rappen rounding."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from engine.services.posting import post
from tests.posting.books import books, invoice, journal, pay, received

MARCH, APRIL = date(2026, 3, 2), date(2026, 4, 1)
SALE = [("3200", "TVA", "1000.00", "81.00")]


def test_agreed_invoice_then_full_payment():
    book, ledger = books()
    invoice(book, "F-1", SALE)
    pay(book, "F-1", "1081.00", APRIL)
    post(book, ledger, date(2026, 3, 31), save=False)
    assert journal(ledger) == [("1100", "3200", "1000.00", "TVA", "81.00"), ("1100", "2200", "81.00", "TVA", "0.00")]
    post(book, ledger, date(2026, 4, 30), save=False)
    assert journal(ledger)[2:] == [("1020", "1100", "1081.00", "", "0.00")]


def test_agreed_payment_with_two_percent_discount():
    book, ledger = books()
    invoice(book, "F-1", SALE)
    pay(book, "F-1", "1059.38", APRIL)
    pay(book, "F-1", "21.62", APRIL, kind="discount", account=None)
    post(book, ledger, date(2026, 4, 30), save=False)
    assert journal(ledger)[2:] == [("1020", "1100", "1059.38", "", "0.00"),
                                   ("3800", "1100", "20.00", "TVA", "1.62"), ("2200", "1100", "1.62", "TVA", "0.00")]


def test_agreed_credit_note():
    book, ledger = books()
    invoice(book, "N-1", [("3200", "TVA", "100.00", "8.10")], stage="N")
    post(book, ledger, date(2026, 3, 31), save=False)
    assert journal(ledger) == [("3200", "1100", "100.00", "TVA", "8.10"), ("2200", "1100", "8.10", "TVA", "0.00")]


def test_received_invoice_posts_nothing_payment_posts_revenue_and_tax():
    book, ledger = books(VatBasis="received")
    invoice(book, "F-1", SALE)
    assert post(book, ledger, date(2026, 3, 31), save=False).session is None
    pay(book, "F-1", "1081.00", APRIL)
    post(book, ledger, date(2026, 4, 30), save=False)
    assert journal(ledger) == [("1020", "3200", "1000.00", "TVA", "81.00"), ("1020", "2200", "81.00", "TVA", "0.00")]


def test_received_discount_taxes_only_what_came_in():
    book, ledger = books(VatBasis="received")
    invoice(book, "F-1", SALE)
    pay(book, "F-1", "1059.38", APRIL)
    pay(book, "F-1", "21.62", APRIL, kind="discount", account=None)
    post(book, ledger, date(2026, 4, 30), save=False)
    assert journal(ledger) == [("1020", "3200", "980.00", "TVA", "79.38"), ("1020", "2200", "79.38", "TVA", "0.00")]


def test_received_credit_note_posts_only_when_refunded():
    book, ledger = books(VatBasis="received")
    invoice(book, "N-1", [("3200", "TVA", "100.00", "8.10")], stage="N")
    pay(book, "N-1", "108.10", APRIL)
    post(book, ledger, date(2026, 4, 30), save=False)
    assert journal(ledger) == [("3200", "1020", "100.00", "TVA", "8.10"), ("2200", "1020", "8.10", "TVA", "0.00")]


@pytest.mark.parametrize("basis", ["agreed", "received"])
def test_interest_has_no_vat(basis):
    book, ledger = books(VatBasis=basis)
    invoice(book, "F-1", SALE)
    pay(book, "F-1", "12.00", APRIL, kind="interest", account=None)
    pay(book, "F-1", "1093.00", date(2026, 5, 4))
    post(book, ledger, date(2026, 5, 31), save=False)
    rows = journal(ledger)
    if basis == "agreed":  # interest charged at its date; the payment clears the receivable
        assert rows[2:] == [("1100", "6950", "12.00", "", "0.00"), ("1020", "1100", "1093.00", "", "0.00")]
    else:  # at payment only: the 12.00 beyond the invoice goes through the receivable to 6950
        assert rows == [("1020", "3200", "1000.00", "TVA", "81.00"), ("1020", "2200", "81.00", "TVA", "0.00"),
                        ("1020", "1100", "12.00", "", "0.00"), ("1100", "6950", "12.00", "", "0.00")]


def test_reminder_fee_at_issue_or_at_payment():
    book, ledger = books(ReminderFeePosting="payment")
    invoice(book, "F-1", SALE)
    pay(book, "F-1", "20.00", APRIL, kind="fee", account=None)
    post(book, ledger, date(2026, 4, 30), save=False)
    assert len(journal(ledger)) == 2  # the fee waits for its payment
    pay(book, "F-1", "1101.00", date(2026, 5, 4))
    post(book, ledger, date(2026, 5, 31), save=False)
    # DOMAIN §4 "VAT on fees": the fee follows the supply's VAT — 20.00 × 8.1 / 108.1 = 1.4986 → 1.50, net 18.50
    assert journal(ledger)[2:] == [("1020", "1100", "1101.00", "", "0.00"), ("1100", "3600", "18.50", "TVA", "1.50"),
                                   ("1100", "2200", "1.50", "TVA", "0.00")]


def test_purchase_agreed_invoice_discount_and_payment():
    book, ledger = books()
    received(book, "R-1", "1081.00")  # simple form: 4200 / IPM from the creditor
    pay(book, "R-1", "21.62", APRIL, kind="discount", side="purchases", account=None)
    pay(book, "R-1", "1059.38", APRIL, side="purchases", account="2003")
    post(book, ledger, date(2026, 4, 30), what="purchases", save=False)
    assert journal(ledger) == [("4200", "2000", "1000.00", "IPM", "81.00"), ("1170", "2000", "81.00", "IPM", "0.00"),
                               ("2000", "4900", "20.00", "IPM", "1.62"), ("2000", "1170", "1.62", "IPM", "0.00"),
                               ("2000", "2003", "1059.38", "", "0.00")]


def test_purchase_lines_net_and_gross_investment_tax_to_1171():
    book, ledger = books()
    received(book, "R-1", "1286.20", creditor=2, lines=[
        ("6200", "IPI", "1000.00", "net", None), ("4200", "IPMRED", "205.20", "gross", None)])
    post(book, ledger, date(2026, 4, 30), save=False)
    # 1000 net × 8.1 % = 81.00; 205.20 gross × 2.6 / 102.6 = 5.20
    assert journal(ledger) == [("6200", "2000", "1000.00", "IPI", "81.00"), ("4200", "2000", "200.00", "IPMRED", "5.20"),
                               ("1171", "2000", "81.00", "IPI", "0.00"), ("1170", "2000", "5.20", "IPMRED", "0.00")]


def test_purchase_received_basis_spreads_partial_payment_pro_rata():
    book, ledger = books(VatBasis="received")
    received(book, "R-1", "2162.00", lines=[("4200", "IPM", "1081.00", "gross", None),
                                            ("6500", "IPI", "1081.00", "gross", None)])
    pay(book, "R-1", "540.50", APRIL, side="purchases")
    post(book, ledger, date(2026, 4, 30), save=False)
    # a quarter of each line: 270.25 gross = 250.00 net + 20.25 tax
    assert journal(ledger) == [("4200", "1020", "250.00", "IPM", "20.25"), ("6500", "1020", "250.00", "IPI", "20.25"),
                               ("1170", "1020", "20.25", "IPM", "0.00"), ("1171", "1020", "20.25", "IPI", "0.00")]


def test_supplier_credit_note_used_on_invoice_goes_through_clearing_account():
    book, ledger = books()
    received(book, "R-1", "1081.00")
    received(book, "R-2", "108.10", stage="N")
    pay(book, "R-1", "108.10", APRIL, kind="credit_note", side="purchases", account=None)
    pay(book, "R-2", "108.10", APRIL, kind="credit_note", side="purchases", account=None)
    book.put("Payments", [replace(p, linked_document="R-2" if p.document_number == "R-1" else "R-1")
                          for p in book.records("Payments")])
    post(book, ledger, date(2026, 4, 30), save=False)
    # each document's row posts its own half: R-1 2000 debit / 2009, R-2 2009 / 2000 credit
    assert journal(ledger)[2:] == [("2000", "2009", "108.10", "", "0.00"),
                                   ("2000", "4200", "100.00", "IPM", "8.10"), ("2000", "1170", "8.10", "IPM", "0.00"),
                                   ("2009", "2000", "108.10", "", "0.00")]


def test_tdfn_books_revenue_gross():
    book, ledger = books(VatMethod="tdfn", TdfnRate="6.2")
    invoice(book, "F-1", SALE)
    post(book, ledger, date(2026, 3, 31), save=False)
    assert journal(ledger) == [("1100", "3200", "1081.00", "TVA", "81.00")]


def test_rounding_difference_to_rounding_account():
    book, ledger = books()
    invoice(book, "F-1", [("3400", "TVA", "99.95", "8.10")], rounding="-0.05")  # 108.05 → payable 108.00
    post(book, ledger, date(2026, 3, 31), save=False)
    assert journal(ledger) == [("1100", "3400", "99.95", "TVA", "8.10"), ("6943", "1100", "0.05", "", "0.00"),
                               ("1100", "2200", "8.10", "TVA", "0.00")]


def test_entry_label_group_reference_and_voucher():
    book, ledger = books(PostingLabel="{number} {partner} {comment}")
    invoice(book, "F-7", SALE, client=2, comment="cuisine")
    pay(book, "F-7", "1081.00", APRIL)
    post(book, ledger, date(2026, 4, 30), save=False)
    first, payment = ledger.records("Journal")[0], ledger.records("Journal")[-1]
    assert (first.label, first.group, first.reference, first.voucher) == ("F-7 Anne Dubois cuisine", "F-7",
                                                                           "C Anne Dubois", "F-7")
    assert (payment.group, payment.reference, payment.voucher, payment.session) == ("F-7", "C Anne Dubois", "P-1", "1")
