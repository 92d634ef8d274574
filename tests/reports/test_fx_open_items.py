"""A EUR invoice's open amount in CHF is the sum of its items' CHF values, as the ledger's 1100 carries it, not its
EUR balance × the rate (audit 14e, finding 7: 589.92 beside 1100 589.93). Book r2's F-2, rate 0.95 CHF/EUR, by hand
(the posting values the total and the settlements so far at the rate, each fee and interest on its own):
    invoice 100.00 + 8.10 = 108.10 EUR × 0.95 = 102.695 → 102.70
    fee 10.00 → 9.50 ; interest 0.30 → 0.285 → 0.29 ; fee 20.00 → 19.00 ; interest 0.46 → 0.437 → 0.44
    paid 50.00 on 10 May: first the fees and interest due (CO 85 al. 1), 10.00 + 0.30 + 20.00 + 0.46 = 30.76 EUR,
    cleared at their CHF 9.50 + 0.29 + 19.00 + 0.44 = 29.23; the rest, 19.24 EUR of capital, at the rate:
    19.24 × 0.95 = 18.278 → 18.28; the payment clears 29.23 + 18.28 = 47.51
    1100 = 102.70 + 29.23 − 47.51 = 84.42 (capital first it was 102.70 + 29.23 − 47.50 = 84.43)
    open 108.10 + 10.00 + 0.30 + 20.00 + 0.46 − 50.00 = 88.86 EUR; what 1100 holds is the capital left,
    108.10 − 19.24 = 88.86 EUR: 102.70 − 18.28 = 84.42 (here also 88.86 × 0.95 = 84.417 → 84.42)
Received side: R-1 EUR 621.30 × 0.95 = 590.235 → 590.24, paid 300.11 → 285.1045 → 285.10;
    2000 = 590.24 − 285.10 = 305.14, not 321.19 × 0.95 = 305.1305 → 305.13.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from engine.services import reports
from engine.services.posting import post
from tests.posting.books import account_balance, books, invoice, pay, received

UNTIL = date(2026, 5, 31)


def test_a_eur_invoices_open_chf_is_what_1100_carries():
    book, ledger = books()
    invoice(book, "F-2", [("3200", "TVA", "100.00", "8.10")], on=date(2026, 1, 10), currency="EUR",
            exchange_rate=D("0.95"))
    for amount, on, kind in (("10.00", date(2026, 3, 1), "fee"), ("0.30", date(2026, 3, 1), "interest"),
                             ("20.00", date(2026, 4, 1), "fee"), ("0.46", date(2026, 4, 1), "interest"),
                             ("50.00", date(2026, 5, 10), "payment")):
        pay(book, "F-2", amount, on, kind=kind)
    post(book, ledger, UNTIL, save=False)
    assert account_balance(ledger, "1100") == D("84.42")
    detail = reports.report(book, "debtors", until=UNTIL)
    row, = detail.rows
    assert (detail.value(row, "open"), detail.value(row, "open_chf")) == (D("88.86"), D("84.42"))
    summary = reports.report(book, "debtors-summary", until=UNTIL)
    assert summary.value(summary.totals, "open") == D("84.42")


def test_a_eur_received_invoices_open_chf_is_what_2000_carries():
    book, ledger = books()
    received(book, "R-1", "621.30", on=date(2026, 3, 1), currency="EUR", exchange_rate=D("0.95"))
    pay(book, "R-1", "300.11", date(2026, 3, 20), side="purchases")
    post(book, ledger, UNTIL, save=False)
    assert account_balance(ledger, "2000") == D("-305.14")
    report = reports.report(book, "creditors", until=UNTIL)
    row, = report.rows
    assert (report.value(row, "open"), report.value(row, "open_chf")) == (D("321.19"), D("305.14"))


def test_a_eur_quote_without_a_rate_does_not_stop_the_debtors_report():
    """Only the invoices and credit notes the report lists are valued: a EUR quote (stage O) with no ExchangeRate is
    none of them. The CHF invoice F-1 1081.00 is listed alone."""
    book, _ledger = books()
    invoice(book, "O-1", [("3200", "TVA", "100.00", "8.10")], stage="O", currency="EUR")
    invoice(book, "F-1", [("3200", "TVA", "1000.00", "81.00")])
    detail = reports.report(book, "debtors", until=UNTIL)
    assert [(detail.value(r, "number"), detail.value(r, "open_chf")) for r in detail.rows] == [("F-1", D("1081.00"))]
