"""The reminder fee of a EUR invoice (audit: it was recorded as EUR 20.00 — Settings' CHF 20.00 taken for euros — and
posted at the invoice's rate, CHF 19.00). Settings fees are CHF; the client owes the fee in the invoice's currency,
converted at the reminder day's rate, and the ledger books it back at that rate, so the fee is CHF 20.00 there.

F-1 of 5 January, EUR 1000.00 + 8.1 % 81.00 = EUR 1081.00 at its rate 0.95: 1100 / 3200 950.00 + 2200 76.95.
Reminder of 1 March (level 1, CHF 20.00), the day's EUR rate 0.94: 20.00 / 0.94 = 21.2766 → EUR 21.28; in CHF
21.28 × 0.94 = 20.0032 → 20.00, its VAT 20 × 8.1 / 108.1 = 1.4986 → 1.50: 1100 / 3600 18.50 + 2200 1.50.
The client pays EUR 1102.28 (1081.00 + 21.28) on 20 March, rate 0.93: worth 1102.28 × 0.93 = 1025.1204 → 1025.12.
The payment pays the fee first (CO 85) at its CHF, 20.00, and the invoice at its rate, 950.00 + 76.95 = 1026.95:
it clears 1046.95 of 1100; the bank got 1025.12, so 1046.95 − 1025.12 = 21.83 is an exchange loss (6949).
Balances: 1100 0.00, 1020 +1025.12, 6949 +21.83, 3200 −950.00, 3600 −18.50, 2200 −76.95 − 1.50 = −78.45.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from engine.errors import BusinessRuleError
from engine.services import sales_payments, sales_reminders
from engine.services.posting import post
from tests.posting.books import account_balance, balances, books, invoice, pay


def _reminded(rates=((date(2026, 1, 5), "0.9500"), (date(2026, 3, 1), "0.9400"), (date(2026, 3, 20), "0.9300"))):
    book, ledger = books(Reminder1Days=10, Reminder1Fee="20", DefaultInterest=False)
    book.put("Rates", [book.new("Rates", date=d, currency="EUR", rate=D(r)) for d, r in rates])
    invoice(book, "F-1", [("3200", "TVA", "1000.00", "81.00")], on=date(2026, 1, 5), currency="EUR",
            exchange_rate=D("0.95"), due_date=date(2026, 2, 4))
    sales_payments.refresh(book, "F-1")
    return book, ledger


def test_the_fee_of_a_eur_invoice_is_the_chf_fee_at_the_reminder_days_rate_and_posts_as_chf_20():
    book, ledger = _reminded()
    issued, = sales_reminders.reminder_run(book, today=date(2026, 3, 1)).issued
    assert issued.fee == D("21.28")
    fee, = [p for p in book.records("Payments") if p.kind == "fee"]
    assert (fee.amount, fee.currency) == (D("21.28"), "EUR")
    pay(book, "F-1", "1102.28", date(2026, 3, 20))
    post(book, ledger, date(2026, 3, 31), save=False)
    assert balances(ledger) == {"1020": D("1025.12"), "6949": D("21.83"), "3200": D("-950.00"), "3600": D("-18.50"),
                                "2200": D("-78.45")}
    on_reminder = [(e.debit, e.credit, e.amount) for e in ledger.records("Journal") if e.date == date(2026, 3, 1)]
    assert sorted(on_reminder) == [("1100", "2200", D("1.50")), ("1100", "3600", D("18.50"))]


def test_without_a_rate_on_the_reminder_day_the_run_is_refused_naming_the_invoice():
    book, _ = _reminded(rates=())
    book.set_settings(EURRate=None)
    before = book.records("Payments")
    with pytest.raises(BusinessRuleError) as refused:
        sales_reminders.reminder_run(book, today=date(2026, 3, 1))
    assert "F-1 is in EUR" in refused.value.message and "Rates sheet" in refused.value.hint
    assert book.records("Payments") == before


@pytest.mark.parametrize("settings, expected", [
    (dict(VatBasis="received"), {"1020": D("1025.12"), "3200": D("-930.00"), "2200": D("-76.81"),
                                 "3600": D("-18.31")}),
    (dict(ReminderFeePosting="payment"), {"1020": D("1025.12"), "6949": D("21.62"), "3200": D("-950.00"),
                                          "2200": D("-78.43"), "3600": D("-18.31")}),
])
def test_a_fee_booked_when_paid_is_valued_at_the_payments_day(settings, expected):
    """The fee waits for its money (received basis, or ReminderFeePosting payment): it is booked at the rate of the
    payment that pays it, when its tax claim arises (MWSTV art. 45): EUR 21.28 × 0.93 = 19.7904 → 19.79, its VAT
    19.79 × 8.1 / 108.1 = 1.4829 → 1.48, 18.31 net.
    - received: the invoice's EUR 1081.00 at the day's rate: 1000 × 0.93 = 930.00 + 81 × 0.93 = 75.33 = 1005.33;
      with the fee 1005.33 + 19.79 = 1025.12, what the bank got; 2200 −75.33 − 1.48 = −76.81 (it was 3200 −929.81,
      2200 −75.31 and the fee 20.00: the fee's exchange difference put on the invoice's turnover);
    - agreed, fees at payment: 1100 is cleared of 1026.95 + 19.79 = 1046.74, the bank got 1025.12: 21.62 exchange
      loss; 2200 −76.95 − 1.48 = −78.43."""
    book, ledger = _reminded()
    book.set_settings(**settings)
    sales_reminders.reminder_run(book, today=date(2026, 3, 1))
    pay(book, "F-1", "1102.28", date(2026, 3, 20))
    post(book, ledger, date(2026, 3, 31), save=False)
    assert balances(ledger) == expected


@pytest.mark.parametrize("paid, expected", [
    (None, D("1046.95")),  # 1026.95 + the fee at the reminder's rate 20.00 (at the invoice's: 20.22, 1047.17)
    ("500.00", D("572.17")),  # the fee paid first (20.00), 478.72 × 0.95 = 454.784 → 454.78 of capital:
])                            # 1026.95 + 20.00 − 20.00 − 454.78
def test_the_debtors_report_and_the_revaluation_carry_what_1100_holds(paid, expected):
    from engine.services import reports, revaluation
    book, ledger = _reminded()
    sales_reminders.reminder_run(book, today=date(2026, 3, 1))
    if paid:
        pay(book, "F-1", paid, date(2026, 3, 20))
    post(book, ledger, date(2026, 3, 31), save=False)
    assert account_balance(ledger, "1100") == expected
    detail = reports.report(book, "debtors", until=date(2026, 3, 31))
    row, = detail.rows
    assert detail.value(row, "open_chf") == expected
    position, = revaluation.open_items(book, date(2026, 3, 31))
    assert position.carried == expected
