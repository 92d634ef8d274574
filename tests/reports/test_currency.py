"""EUR documents (issue 4): the rate comes from Settings EURRate at creation, the total is rounded to 0.01 (the
0.05 rounding is for CHF only), the QR-bill read back out of the PDF says EUR, and the debtors / sales reports show
the EUR amount beside the CHF amount — the CHF figures are recomputed here by hand, not taken from the code."""
from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal as D

import pytest

from engine.domain.reports import debtors, sales
from engine.errors import BusinessRuleError
from engine.formats import qr_payload
from engine.services import documents as docs
from engine.services import documents_print, reports
from engine.store.book import Book
from tests.company import blank, book  # noqa: F401 (fixtures)
from tests.formats.test_qr_render import scan

RATE = D("0.9312")  # CHF per 1 EUR
ON = dt.date(2026, 3, 2)
UNTIL = dt.date(2026, 3, 31)
CENT = D("0.01")


def chf(amount: D) -> D:
    return (amount * RATE).quantize(CENT, rounding=ROUND_HALF_UP)




@pytest.fixture
def eur_book(book):
    """One EUR invoice (4 h × 95.00 at 8.1 %) with 100 EUR paid, and one CHF invoice, both in March 2026."""
    book.set_settings(EURRate=RATE)
    eur = docs.new_document(book, client_id=1001, stage="F", on=ON, currency="EUR",
                            lines=[dict(article_id="H-MEN", quantity=D(4))])
    chf_number = docs.new_document(book, client_id=1002, stage="F", on=ON,
                                   lines=[dict(article_id="H-MEN", quantity=D(4))])
    book.put("Payments", [*book.records("Payments"),
                          book.new("Payments", payment_id=9001, side="sales", document_number=eur, date=ON,
                                   kind="payment", amount=D("100.00"), currency="EUR")])
    book.save()
    return Book.open(book.path), eur, chf_number


def test_eur_invoice_takes_the_rate_and_is_rounded_to_the_cent(eur_book):
    book, eur, chf_number = eur_book
    d = docs.db.find_document(book, eur)
    # 380.00 + 8.1 % VAT 30.78 = 410.78 EUR: to the cent; the same invoice in CHF is rounded to 410.80
    assert (d.currency, d.exchange_rate) == ("EUR", RATE)
    assert d.total_gross == D("410.78") and d.total_payable == D("410.78")
    other = docs.db.find_document(book, chf_number)
    assert other.currency == "CHF" and other.exchange_rate is None and other.total_payable == D("410.80")


def test_eur_qr_bill_decoded_from_the_pdf_says_eur(eur_book):
    book, eur, _ = eur_book
    pdf, payload = documents_print.render(book, eur)
    decoded = [r.text for r in scan(pdf)]
    assert decoded == [payload]
    bill = qr_payload.parse(decoded[0])
    assert bill.currency == "EUR" and bill.amount == D("410.78")
    # IG QR-bill v2.3 §4.2.2: after header (3), account, creditor (7) and ultimate creditor (7): Amt, Ccy
    assert decoded[0].splitlines()[18:20] == ["410.78", "EUR"]


def test_eur_document_needs_settings_eur_rate(book):
    book.set_settings(EURRate=None)  # the demo company has one
    with pytest.raises(BusinessRuleError, match="EURRate"):
        docs.new_document(book, client_id=1001, stage="F", on=ON, currency="EUR",
                          lines=[dict(article_id="H-MEN", quantity=D(1))])


def test_debtors_show_the_eur_amount_and_its_chf_value(eur_book):
    book, eur, chf_number = eur_book
    r = reports.report(book, "debtors", until=UNTIL, language="en",
                       columns=["number", "currency", "total", "open", "rate", "open_chf", "not_due"], group_by="")
    rows = {row[0]: row for row in r.rows}
    assert r.value(rows[eur], "currency") == "EUR" and r.value(rows[eur], "open") == D("310.78")
    assert r.value(rows[eur], "open_chf") == chf(D("310.78")) == D("289.40")
    assert r.value(rows[eur], "not_due") == D("289.40")  # the buckets are in CHF
    assert r.value(rows[chf_number], "open_chf") == D("410.80")
    # EUR and CHF cannot be added: no total in the document currency, the CHF column adds up
    assert r.value(r.totals, "open") is None and r.value(r.totals, "open_chf") == D("289.40") + D("410.80")
    summary = reports.report(book, "debtors-summary", until=UNTIL, columns=["client_id", "open"])
    assert {row[0]: row[1] for row in summary.rows} == {1001: D("289.40"), 1002: D("410.80")}


def test_sales_show_eur_and_chf(eur_book):
    book, _eur, _chf = eur_book
    r = reports.report(book, "sales-month", start=dt.date(2026, 1, 1), until=UNTIL, language="en")
    rows = {(row[0], row[1]): row for row in r.rows}
    eur_row, chf_row = rows[("2026-03", "EUR")], rows[("2026-03", "CHF")]
    assert [r.value(eur_row, k) for k in ("net", "vat", "gross")] == [D("380.00"), D("30.78"), D("410.78")]
    assert [r.value(eur_row, k) for k in ("net_chf", "vat_chf", "gross_chf")] == \
        [chf(D("380.00")), chf(D("30.78")), chf(D("410.78"))] == [D("353.86"), D("28.66"), D("382.52")]
    assert r.value(chf_row, "net_chf") == r.value(chf_row, "net") == D("380.00")
    assert r.value(r.totals, "net_chf") == D("733.86") and r.value(r.totals, "net") is None
    by_client = reports.report(book, "sales-client", start=dt.date(2026, 1, 1), until=UNTIL,
                               columns=["client_id", "currency", "gross", "gross_chf"])
    assert [tuple(row) for row in by_client.rows] == [(1001, "EUR", D("410.78"), D("382.52")),
                                                      (1002, "CHF", D("410.78"), D("410.78"))]


def test_dashboard_counts_eur_in_chf(eur_book):
    book, _eur, _chf = eur_book
    figures = reports.dashboard(book, until=UNTIL, language="en")
    assert dict(figures.figures)["Open receivables"] == D("289.40") + D("410.80")
    assert dict((m, this) for m, this, _last in figures.revenue)["Mar"] == D("380.00") + D("353.86")


def test_eur_document_without_rate_is_named_in_the_error():
    from types import SimpleNamespace as R
    doc = R(number="F-9", stage="F", client_id=1, date=ON, due_date=ON, total_payable=D("10"), do_not_post=False,
            reminder_level=0, last_reminder=None, currency="EUR", exchange_rate=None)
    with pytest.raises(BusinessRuleError, match="F-9 is in EUR but has no ExchangeRate"):
        debtors.detail([doc], [], {}, UNTIL)
    with pytest.raises(BusinessRuleError, match="ExchangeRate"):
        sales.by_month([doc], ON, UNTIL)
