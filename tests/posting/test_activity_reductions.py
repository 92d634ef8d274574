"""A reduction belongs to the activity of the document it reduces (audit of issue 14e, finding 1; DOMAIN.md §4,
MWSTG art. 37 al. 5): a discount, loss or credit note booked on a reduction account (3800, 3805) is spread over its
document's revenue accounts (same Group) pro rata of their turnover, and taxed at their activities' rates.
TdfnRate 6.5 %, TdfnRates "3400=2.1", agreed basis, revenue booked gross. By hand:

Loss (book t4):
    F-1 3400 1000.00 + 81.00 = 1081.00, written off as a loss (3805 / 1100 1081.00): 3400 1081.00 − 1081.00 = 0.00
    F-2 3200 1000.00 + 81.00 = 1081.00
    tax 0.00 × 2.1 % = 0.00 ; 1081.00 × 6.5 % = 70.265 → 70.27       (was 2.1 % on 1081.00 = 22.70, 6.5 % on 0.00)

Discount on a mixed invoice (book t3):
    F-1 3200 900.00 + 72.90 = 972.90 ; 3400 360.00 + 29.16 = 389.16 ; revenue 1362.06
    discount 62.06 (3800 / 1100): to 3200 62.06 × 972.90 / 1362.06 = 44.3284 → 44.33 ; to 3400 62.06 − 44.33 = 17.73
    3200 972.90 − 44.33 = 928.57 × 6.5 % = 60.357 → 60.36 ; 3400 389.16 − 17.73 = 371.43 × 2.1 % = 7.800 → 7.80
    tax 60.36 + 7.80 = 68.16                      (was all off 6.5 %: 910.84 × 6.5 % = 59.20 + 389.16 × 2.1 % = 8.17)
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal as D

import pytest

from engine.cli import main
from engine.store.book import Book
from tests.posting.books import invoice, pay, two_roads

Q1 = ("--from", "01.01.2026", "--to", "31.03.2026")


def _loss(book):
    invoice(book, "F-1", [("3400", "TVA", "1000.00", "81.00")], on=date(2026, 2, 1))
    invoice(book, "F-2", [("3200", "TVA", "1000.00", "81.00")], on=date(2026, 2, 1))
    pay(book, "F-1", "1081.00", date(2026, 2, 10), kind="loss")


def _discount(book):
    invoice(book, "F-1", [("3200", "TVA", "900.00", "72.90"), ("3400", "TVA", "360.00", "29.16")],
            on=date(2026, 2, 1))
    pay(book, "F-1", "1300.00", date(2026, 2, 10))
    pay(book, "F-1", "62.06", date(2026, 2, 10), kind="discount")


@pytest.mark.parametrize("fill, taxes", [(_loss, {"2.1": "0.00", "6.5": "70.27"}),
                                         (_discount, {"2.1": "7.80", "6.5": "60.36"})], ids=["loss", "discount"])
def test_a_reduction_is_taxed_at_the_rate_of_the_activity_it_reduces(tmp_path, capsys, fill, taxes):
    for road, extra in two_roads(tmp_path, fill, VatMethod="tdfn", TdfnRate="6.5", TdfnRates="3400=2.1"):
        assert main(["post", str(road / "ventes.xlsx"), "--until", "31.03.2026", *extra]) == 0
        assert main(["vat-close", str(road / "ventes.xlsx"), *Q1, *extra]) == 0
        if not extra:
            assert main(["mandate", "pull", str(road / "compta.xlsx")]) == 0
        capsys.readouterr()
        closing = [(e.amount, e.label) for e in Book.open(road / "compta.xlsx").records("Journal")
                   if e.debit == "3809"]
        assert sorted(f"{a:.2f}" for a, _ in closing) == sorted(t for t in taxes.values() if t != "0.00")
        assert main(["ledger", "vat", str(road / "compta.xlsx"), "--from", "2026-01-01", "--to", "2026-03-31",
                     "--tdfn-rate", "6.5", "--tdfn-rates", "3400=2.1"]) == 0
        out = capsys.readouterr().out
        for rate, tax in taxes.items():
            assert f"TDFN tax at {rate}%: {tax}" in out, out
        assert main(["report", "vat", str(road / "ventes.xlsx"), "--from", "01.01.2026", "--until", "31.03.2026",
                     "--ledger", str(road / "compta.xlsx")]) == 0
        out = capsys.readouterr().out
        for rate, tax in taxes.items():
            assert any(f"\t{rate}\t" in line and line.endswith(f"\t{tax}") for line in out.splitlines()), out


def test_a_reduction_of_a_later_period_goes_to_its_earlier_invoices_activities():
    """The discount of 10 April on the mixed invoice of 1 February (above), Q1 closed before it. By hand:
    Q1  972.90 × 6.5 % = 63.2385 → 63.24 ; 389.16 × 2.1 % = 8.17236 → 8.17
    Q2  −44.33 × 6.5 % = −2.88145 → −2.88 (2200 / 3809) ; −17.73 × 2.1 % = −0.37233 → −0.37
    the year 63.24 + 8.17 − 2.88 − 0.37 = 68.16, as when both fall in one period. `report vat` of Q2 (read from the
    ledger, whose Journal holds the invoice of Q1) says the same."""
    from engine.services import posting, reports, vat_close
    from tests.posting.books import books
    book, ledger = books(VatMethod="tdfn", TdfnRate="6.5", TdfnRates="3400=2.1")
    _discount(book)
    book.put("Payments", [replace(p, date=date(2026, 4, 10)) for p in book.records("Payments")])
    posting.post(book, ledger, date(2026, 3, 31), save=False)
    _, _, q1 = vat_close.close_period_entries(book, ledger, date(2026, 1, 1), date(2026, 3, 31), save=False)
    assert sorted((e.debit, e.amount) for e in q1) == [("3809", D("8.17")), ("3809", D("63.24"))]
    posting.post(book, ledger, date(2026, 6, 30), save=False)
    _, turnover, q2 = vat_close.close_period_entries(book, ledger, date(2026, 4, 1), date(2026, 6, 30), save=False)
    assert turnover == D("-62.06")
    assert sorted((e.debit, e.amount) for e in q2) == [("2200", D("0.37")), ("2200", D("2.88"))]
    report = reports.report(book, "vat", ledger=ledger, start=date(2026, 4, 1), until=date(2026, 6, 30))
    assert sorted((report.value(r, "rate"), report.value(r, "vat")) for r in report.rows) == [
        ("2.1", D("-0.37")), ("6.5", D("-2.88"))]
