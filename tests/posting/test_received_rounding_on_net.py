"""On the received basis a EUR payment's capital part is booked at its day's rate with the tax of the part at that
rate, the centime the rounding leaves going to the net, never to the tax (audit 14f, finding 4).

F-3 EUR 100.00 + 8.10 = 108.10 (rate 0.93), its fees and interest EUR 10.75 + 0.24 (20.02) and 21.05 + 0.36
(16.03) = 32.40, paid first (CO 85), each valued on its own at the paying day's rate.

rec: EUR 140.50 paid 10.04 (0.96), the bank booked CHF 134.88 (= 140.50 × 0.96 exactly). Charges 10.75 × 0.96 =
10.32, 0.24 × 0.96 = 0.2304 → 0.23, 21.05 × 0.96 = 20.208 → 20.21, 0.36 × 0.96 = 0.3456 → 0.35: 31.11. Capital
134.88 − 31.11 = 103.77; its tax 8.10 × 0.96 = 7.776 → 7.78 (= 103.77 × 8.1 / 108.1 = 7.7756 → 7.78); net the
rest, 103.77 − 7.78 = 95.99 (the product booked 96.00 / 7.77: the centime on the tax).

t2: EUR 50.00 paid 31.03 (0.95): worth 47.50. Charges 10.75 × 0.95 = 10.2125 → 10.21, 0.24 × 0.95 = 0.228 →
0.23, 21.05 × 0.95 = 19.9975 → 20.00, 0.36 × 0.95 = 0.342 → 0.34: 30.78. Capital EUR 50.00 − 32.40 = 17.60, CHF
47.50 − 30.78 = 16.72; its tax 17.60 × 8.1 / 108.1 = 1.31877 EUR × 0.95 = 1.2528 → 1.25; net 16.72 − 1.25 = 15.47
(the product: 15.46 / 1.26).
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal as D

import pytest

from engine.services.posting import post
from tests.posting.books import books, invoice, pay


def _books():
    book, ledger = books(VatBasis="received")
    book.put("Rates", [book.new("Rates", date=d, currency="EUR", rate=D(r)) for d, r in (
        (date(2026, 1, 5), "0.93"), (date(2026, 3, 2), "0.95"), (date(2026, 4, 10), "0.96"))])
    invoice(book, "F-3", [("3200", "TVA", "100.00", "8.10")], on=date(2026, 1, 5), due_date=date(2026, 2, 4),
            currency="EUR", exchange_rate=D("0.93"))
    for amount, on, kind in (("10.75", date(2026, 2, 20), "fee"), ("0.24", date(2026, 2, 20), "interest"),
                             ("21.05", date(2026, 3, 16), "fee"), ("0.36", date(2026, 3, 16), "interest")):
        pay(book, "F-3", amount, on, kind=kind)
    return book, ledger


def _capital(ledger, voucher) -> tuple:
    """(net to 3200, tax to 2200) of the payment's capital part."""
    rows = [e for e in ledger.records("Journal") if e.voucher == voucher]
    return (sum((e.amount for e in rows if e.credit == "3200"), D(0)),
            sum((e.amount for e in rows if e.credit == "2200"), D(0)))


@pytest.mark.parametrize("amount, on, chf, net, tax", [
    ("140.50", date(2026, 4, 10), D("134.88"), D("95.99"), D("7.78")),  # rec
    ("50.00", date(2026, 3, 31), None, D("15.47"), D("1.25")),  # t2
])
def test_the_rounding_centime_goes_to_the_net(amount, on, chf, net, tax):
    book, ledger = _books()
    pid = pay(book, "F-3", amount, on)
    if chf is not None:
        book.put("Payments", [replace(p, amount_chf=chf) if p.payment_id == pid else p
                              for p in book.records("Payments")])  # the CHF the bank booked
    post(book, ledger, date(2026, 4, 30), save=False)
    assert _capital(ledger, f"P-{pid}") == (net, tax)
    bank = sum((e.amount for e in ledger.records("Journal") if e.debit == "1020"), D(0))
    assert bank == (chf if chf is not None else D("47.50"))  # the bank's CHF, exactly


def test_a_eur_received_invoice_paid_on_the_received_basis_deducts_its_rate_of_the_part():
    """R-1 EUR 100.00 + 8.10 input tax (IPM 8.1 %) = 108.10 at 0.93, paid 10.04 at 0.96: worth 108.10 × 0.96 =
    103.776 → 103.78; input tax 8.10 × 0.96 = 7.776 → 7.78 (= 103.78 × 8.1 / 108.1 = 7.7763 → 7.78), the expense the
    rest, 103.78 − 7.78 = 96.00 (scaling the invoice's 93.00 / 7.53 gave 96.01 / 7.77)."""
    from tests.posting.books import received
    book, ledger = books(VatBasis="received")
    book.put("Rates", [book.new("Rates", date=d, currency="EUR", rate=D(r)) for d, r in (
        (date(2026, 1, 5), "0.93"), (date(2026, 4, 10), "0.96"))])
    received(book, "R-1", "108.10", on=date(2026, 1, 5), currency="EUR", exchange_rate=D("0.93"),
             lines=[("4200", "IPM", "100.00", "net", None)])
    pid = pay(book, "R-1", "108.10", date(2026, 4, 10), side="purchases")
    post(book, ledger, date(2026, 4, 30), save=False)
    rows = [e for e in ledger.records("Journal") if e.voucher == f"P-{pid}"]
    assert sorted((e.debit, e.credit, e.amount) for e in rows) == [("1170", "1020", D("7.78")),
                                                                   ("4200", "1020", D("96.00"))]


def test_a_tax_typed_from_the_suppliers_invoice_is_scaled_not_recomputed():
    """R-1 EUR 100.00 with the tax the supplier's invoice states, typed: 8.50 (not 8.1 % of anything on the line) =
    108.50 at 0.93: 93.00 + 8.50 × 0.93 = 7.905 → 7.91 = 100.91. Paid 10.04 at 0.96: worth 108.50 × 0.96 = 104.16;
    the typed tax is what he billed, scaled to the day: 7.91 × 104.16 / 100.91 = 8.1648 → 8.16, the expense
    104.16 − 8.16 = 96.00 (recomputed at 8.1 % it would be 7.80, deducting less than the invoice shows)."""
    from tests.posting.books import received
    book, ledger = books(VatBasis="received")
    book.put("Rates", [book.new("Rates", date=d, currency="EUR", rate=D(r)) for d, r in (
        (date(2026, 1, 5), "0.93"), (date(2026, 4, 10), "0.96"))])
    received(book, "R-1", "108.50", on=date(2026, 1, 5), currency="EUR", exchange_rate=D("0.93"),
             lines=[("4200", "IPM", "100.00", "net", "8.50")])
    pid = pay(book, "R-1", "108.50", date(2026, 4, 10), side="purchases")
    post(book, ledger, date(2026, 4, 30), save=False)
    rows = [e for e in ledger.records("Journal") if e.voucher == f"P-{pid}"]
    assert sorted((e.debit, e.credit, e.amount) for e in rows) == [("1170", "1020", D("8.16")),
                                                                   ("4200", "1020", D("96.00"))]
