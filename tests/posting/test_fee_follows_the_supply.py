"""A reminder fee follows the VAT of the supply it is charged on (Swiss practice, DOMAIN §4 "VAT on fees": a fee is
an accessory of the supply, part of its consideration — altrimo 2024, BGer 2A.135/2001 —, unlike default interest,
damages outside VAT). On an invoice of several rates it was booked wholly at the main rate; it is now split in
proportion to each rate's gross, the same way on every invoice.

F-1: 3200 TVA 600.00 + 48.60 (8.1 %) and 3410 TVARED 400.00 + 10.40 (2.6 %) = 648.60 + 410.40 = 1059.00 gross.
A fee of 30.00 on 1 March: 30 × 648.60 / 1059 = 18.3739 and 30 × 410.40 / 1059 = 11.6261; to the cent by largest
remainder: 1837 + 1162 = 2999 cents, the cent left to the larger remainder (.61): 18.37 and 11.63.
- 18.37 at 8.1 %: 18.37 × 8.1 / 108.1 = 1.3765 → 1.38 VAT, 16.99 net (code TVA, box 303);
- 11.63 at 2.6 %: 11.63 × 2.6 / 102.6 = 0.2947 → 0.29 VAT, 11.34 net (code TVARED, box 313).
Wholly at 8.1 % it was 30 × 8.1 / 108.1 = 2.2479 → 2.25 VAT.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from engine.services.posting import post
from tests.posting.books import books, invoice, pay

MIXED = [("3200", "TVA", "600.00", "48.60"), ("3410", "TVARED", "400.00", "10.40")]


def _entries_on(ledger, day) -> list[tuple]:
    """The Journal's entries of ``day`` as (debit, credit, amount, vat code, vat amount)."""
    return sorted((e.debit, e.credit, str(e.amount), e.vat_code or "", str(e.vat_amount or "0.00"))
                  for e in ledger.records("Journal") if e.date == day)


def test_a_fee_on_a_mixed_rate_invoice_is_split_over_its_rates():
    book, ledger = books()
    invoice(book, "F-1", MIXED, on=date(2026, 1, 5))
    pay(book, "F-1", "30.00", date(2026, 3, 1), kind="fee")
    post(book, ledger, date(2026, 3, 31), save=False)
    assert _entries_on(ledger, date(2026, 3, 1)) == sorted([
        ("1100", "3600", "16.99", "TVA", "1.38"), ("1100", "2200", "1.38", "TVA", "0.00"),
        ("1100", "3600", "11.34", "TVARED", "0.29"), ("1100", "2200", "0.29", "TVARED", "0.00")])


def test_a_fee_on_lines_outside_vat_carries_no_vat():
    """F-1: 3200 TVA 100.00 + 8.10 and 3200 without a VAT code 108.10 (equal gross): the fee of 20.00 is 10.00 on
    each; 10 × 8.1 / 108.1 = 0.7493 → 0.75 VAT, 9.25 net; the other 10.00 without VAT."""
    book, ledger = books()
    invoice(book, "F-1", [("3200", "TVA", "100.00", "8.10"), ("3200", "", "108.10", "0.00")], on=date(2026, 1, 5))
    pay(book, "F-1", "20.00", date(2026, 3, 1), kind="fee")
    post(book, ledger, date(2026, 3, 31), save=False)
    assert _entries_on(ledger, date(2026, 3, 1)) == sorted([("1100", "3600", "9.25", "TVA", "0.75"), ("1100", "2200", "0.75", "TVA", "0.00"),
                          ("1100", "3600", "10.00", "", "0.00")])


def test_the_received_basis_splits_it_the_same_way_when_paid():
    """Received basis: the client pays 1089.00 (1059.00 + the fee 30.00) on 20 March; the fee paid first (CO 85)
    is booked on that date split as above: 3600 16.99 TVA + 11.34 TVARED, 2200 1.38 + 0.29."""
    book, ledger = books(VatBasis="received")
    invoice(book, "F-1", MIXED, on=date(2026, 1, 5))
    pay(book, "F-1", "30.00", date(2026, 3, 1), kind="fee")
    pay(book, "F-1", "1089.00", date(2026, 3, 20))
    post(book, ledger, date(2026, 3, 31), save=False)
    assert [e for e in _entries_on(ledger, date(2026, 3, 20)) if e[0] == "1100"] == sorted([("1100", "3600", "16.99", "TVA", "1.38"), ("1100", "2200", "1.38", "TVA", "0.00"),
                          ("1100", "3600", "11.34", "TVARED", "0.29"), ("1100", "2200", "0.29", "TVARED", "0.00")])
