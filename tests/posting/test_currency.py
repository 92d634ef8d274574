"""Documents in EUR (or another currency) posted in CHF at their ExchangeRate; their payments at the same rate,
cumulatively, so the partner account is cleared once they are settled (engine.domain.posting.currency)."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal as D

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from engine.domain.vat import vat_of_net
from engine.errors import ProblemsFound
from engine.services import purchases
from engine.services.posting import post
from tests.posting.books import books, invoice, journal, pay, received
from tests.posting.test_properties import balances

START = date(2026, 3, 2)


def _chf(amount: D, rate: D) -> D:
    return (amount * rate).quantize(D("0.01"), rounding=ROUND_HALF_UP)


def test_a_eur_invoice_and_its_payments_in_chf_by_hand():
    """1,000 EUR + 8.1 % VAT at 0.95: 950.00 + 76.95 = 1,026.95 CHF; paid 500 + 581 EUR = 475.00 + 551.95 CHF."""
    book, ledger = books()
    invoice(book, "F-1", [("3400", "TVA", "1000.00", "81.00")], currency="EUR", exchange_rate=D("0.95"))
    pay(book, "F-1", "500.00", date(2026, 4, 1))
    pay(book, "F-1", "581.00", date(2026, 5, 1))
    post(book, ledger, date(2026, 12, 31), save=False)
    assert journal(ledger) == [("1100", "3400", "950.00", "TVA", "76.95"), ("1100", "2200", "76.95", "TVA", "0.00"),
                               ("1020", "1100", "475.00", "", "0.00"), ("1020", "1100", "551.95", "", "0.00")]
    assert balances(ledger)["1100"] == 0


def test_a_eur_received_invoice_entered_with_the_settings_rate():
    """540.50 EUR incl. 8.1 % input tax at Settings EURRate 0.95: 500.00 + 40.50 EUR = 475.00 + 38.48 CHF, and
    2000 gets 513.48 = 540.50 × 0.95 to the cent."""
    book, ledger = books(EURRate=D("0.95"))
    purchases.new_received_invoice(book, creditor_id=1, date=START, amount="540.50", currency="EUR",
                                   vat_code="IPM", expense_account="4200")
    record = book.records("ReceivedInvoices")[-1]
    assert record.exchange_rate == D("0.95")
    post(book, ledger, date(2026, 12, 31), save=False)
    assert balances(ledger)["2000"] == D("-513.48")
    assert sorted(journal(ledger)) == sorted([("4200", "2000", "475.00", "IPM", "38.48"),
                                              ("1170", "2000", "38.48", "IPM", "0.00")])


def test_a_foreign_invoice_without_rate_is_named_and_nothing_posts():
    book, ledger = books()
    received(book, "R-1", "100.00", currency="USD", expense_account="4200", vat_code="IPM")
    with pytest.raises(ProblemsFound) as raised:
        post(book, ledger, date(2026, 12, 31), save=False)
    problem = raised.value.problems[0]
    assert "R-1 is in USD but has no ExchangeRate" in problem.message and problem.source.sheet == "ReceivedInvoices"
    assert not ledger.records("Journal")


line = st.tuples(st.sampled_from(["3200", "3400"]), st.sampled_from(["TVA", "TVARED"]),
                 st.integers(1, 2_000_000).map(lambda c: D(c) / 100))
RATES = st.integers(5_000, 20_000).map(lambda r: D(r) / 10_000)  # 0.5000 .. 2.0000 CHF per unit


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(line, min_size=1, max_size=4), RATES, st.lists(st.integers(1, 99), max_size=3),
       st.sampled_from(["agreed", "received"]))
def test_a_settled_foreign_invoice_leaves_the_receivable_at_zero(lines, rate, cuts, basis):
    """Whatever the lines, rate and instalments: the invoice posts its total's CHF value to the cent, every
    session balances, and once paid in full the receivable is exactly cleared."""
    book, ledger = books(VatBasis=basis)
    rows = [(a, c, str(net), str(vat_of_net(net, D("8.1") if c == "TVA" else D("2.6")))) for a, c, net in lines]
    invoice(book, "F-1", rows, currency="EUR", exchange_rate=rate)
    total = sum(D(r[2]) + D(r[3]) for r in rows)
    paid = D("0.00")
    for n, cut in enumerate(sorted(cuts)):
        amount = (total * cut / 100).quantize(D("0.01")) - paid
        if amount > 0:
            pay(book, "F-1", amount, START + timedelta(days=n + 1))
            paid += amount
    pay(book, "F-1", total - paid, START + timedelta(days=30))
    post(book, ledger, date(2026, 12, 31), save=False)
    totals = balances(ledger)
    assert sum(totals.values()) == 0
    assert totals["1100"] == 0
    assert totals["1020"] == _chf(total, rate)  # the bank got the invoice's CHF value, to the cent
