"""Received invoices, payments, discounts, credit notes and payment orders on a fresh template book.

Oracles: amounts and VAT computed by hand in the comments; dates against the `holidays` package's SIX calendar and
the weekday; every exported file validated against SIX pain.001.001.09.ch.03.xsd (../shared/data/xsd).
"""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal as D

import holidays
import pytest
from lxml import etree

from engine import templates
from engine.errors import BusinessRuleError, ProblemsFound
from engine.formats import qr_payload
from engine.services import payments, purchases, purchases_qr, purchases_settle as settle
from engine.store.book import Book
from stdnum.ch import esr
from stdnum import iban as std_iban
from tests.formats.pain001_support import xsd_errors

DEBIT = "CH9300762011623852957"
QR_IBAN = "CH4431999123000889012"  # SIX IG example QR-IBAN
IBAN = "CH5800791123000889012"  # SIX IG example IBAN


@pytest.fixture
def book(tmp_path):
    path = tmp_path / "invoicing.xlsx"
    templates.write("invoicing", path)
    b = Book.open(path)
    b.set_settings(CompanyName="Muster AG", PaymentTermDays=30)
    b.put("BankAccounts", [b.new("BankAccounts", iban=DEBIT, name="BCV", currency="CHF", ledger_account="1020",
                                 bic="BCVLCH2LXXX")])
    b.put("Creditors", [
        b.new("Creditors", creditor_id=1, name="Scierie SA", street="Route de Berne", building_number="120",
              post_code="1010", town="Lausanne", country="CH", iban=IBAN, currency="CHF", expense_account="4200",
              vat_code="IPM", payment_term_days=30, discount_rate=D("2"), discount_days=10),
        b.new("Creditors", creditor_id=2, name="Robert Schneider AG", street="Rue du Lac", building_number="1268",
              post_code="2501", town="Biel", country="CH", iban=QR_IBAN, currency="CHF", expense_account="6570",
              vat_code="IPI", payment_term_days=20)])
    b.save()
    return Book.open(path)


def status(book, number):
    r = purchases.invoice(book, number)
    return r.status, r.paid, r.balance


def test_simple_invoice_defaults_from_creditor(book):
    number = purchases.new_received_invoice(book, creditor_id=1, date=date(2026, 3, 5), amount="1081.00").ids[0]
    r = purchases.invoice(book, number)
    assert number == "R-2026-0001"
    assert (r.expense_account, r.vat_code, r.discount_rate, r.discount_days) == ("4200", "IPM", D("2"), 10)
    assert r.due_date == date(2026, 4, 4) and (r.status, r.balance) == ("F", D("1081.00"))
    assert purchases.new_received_invoice(book, creditor_id=1, date=date(2026, 3, 6), amount=1).ids[0] == "R-2026-0002"


def test_detailed_invoice_lines_remainder_and_spread(book):
    lines = [{"account": "4200", "vat_code": "IPM", "amount": "1000.00", "amount_type": "net"},
             {"account": "6570", "vat_code": "IPI", "amount": "216.20"}]
    n = purchases.new_received_invoice(book, creditor_id=1, date=date(2026, 3, 5), amount="1500.00", lines=lines).ids[0]
    rows = [(r.account, r.amount, r.amount_type, r.vat_amount) for r in book.records("ReceivedLines")]
    # 1000 net × 8.1 % = 81.00; 216.20 gross × 8.1/108.1 = 16.20; rest 1500 − 1081 − 216.20 = 202.80 on 4200
    # (creditor default), VAT 202.80 × 8.1/108.1 = 15.196 → 15.20.
    assert rows == [("4200", D("1000.00"), "net", D("81.00")), ("6570", D("216.20"), "gross", D("16.20")),
                    ("4200", D("202.80"), "gross", D("15.20"))]
    m = purchases.new_received_invoice(book, creditor_id=1, date=date(2026, 3, 5), amount="1300.00",
                                       lines=[{"account": "4200", "vat_code": "IPM", "amount": "300"},
                                              {"account": "6570", "vat_code": "IPI", "amount": "900"}],
                                       spread_extra_costs=True).ids[0]
    spread = [r.amount for r in book.records("ReceivedLines") if r.invoice_number == m]
    assert spread == [D("325.00"), D("975.00")]  # 100 of extra costs, 1:3 → 25 + 75
    assert [a.gross for a in purchases.expense_allocations(book, n)] == [D("1081.00"), D("216.20"), D("202.80")]


def test_lines_above_total_and_quantity_mismatch_are_refused(book):
    with pytest.raises(BusinessRuleError, match="more than the invoice total"):
        purchases.new_received_invoice(book, creditor_id=1, date=date(2026, 3, 5), amount="100",
                                       lines=[{"account": "4200", "vat_code": "IPM", "amount": "200"}])
    with pytest.raises(BusinessRuleError, match="does not match quantity"):
        purchases.new_received_invoice(book, creditor_id=1, date=date(2026, 3, 5), amount="100", lines=[
            {"account": "4200", "quantity": 3, "unit_price": "10", "amount": "31"}])


def test_part_payment_then_discount_on_the_rest(book):
    n = purchases.new_received_invoice(book, creditor_id=1, date=date(2026, 3, 5), amount="1081.00").ids[0]
    settle.record_payment(book, n, date=date(2026, 3, 8), amount="500")
    assert status(book, n) == ("F", D("500.00"), D("581.00"))
    settle.take_discount(book, n, date=date(2026, 3, 10), rate=2)  # 2 % of 581.00 = 11.62
    assert status(book, n) == ("F", D("511.62"), D("569.38"))
    settle.record_payment(book, n, date=date(2026, 3, 10))
    assert status(book, n) == ("X", D("1081.00"), D("0.00"))
    kinds = [(p.kind, p.account, p.amount) for p in settle.settlements(book, n)]
    assert kinds == [("payment", "1020", D("500.00")), ("discount", "4900", D("11.62")),
                     ("payment", "1020", D("569.38"))]


def test_discount_spread_leaves_the_account_to_posting(book):
    book.set_settings(PurchaseDiscountSpread=True)
    n = purchases.new_received_invoice(book, creditor_id=1, date=date(2026, 3, 5), amount="100").ids[0]
    settle.record_payment(book, n, date=date(2026, 3, 8), amount="98", discount_rest=True)
    discount = [p for p in settle.settlements(book, n) if p.kind == "discount"][0]
    assert (discount.amount, discount.account) == (D("2.00"), None) and status(book, n)[0] == "X"


def test_credit_note_used_through_clearing_never_creditors_account(book):
    note = purchases.new_received_invoice(book, creditor_id=1, date=date(2026, 3, 1), amount="-200").ids[0]
    assert purchases.invoice(book, note).stage == "N" and purchases.invoice(book, note).amount == D("200.00")
    done = purchases.new_received_invoice(book, creditor_id=1, date=date(2026, 3, 5), amount="500")
    n = done.ids[0]
    assert [w.severity for w in done.warnings] == ["warning"] and note in done.warnings[0].message
    with pytest.raises(BusinessRuleError, match="creditors account"):
        settle.use_credit_note(book, n, note, date=date(2026, 3, 6), account="2000")
    settle.use_credit_note(book, n, note, date=date(2026, 3, 6))
    assert status(book, n) == ("F", D("200.00"), D("300.00")) and status(book, note) == ("X", D("200.00"), D("0.00"))
    rows = [(p.document_number, p.account, p.linked_document) for p in book.records("Payments")]
    assert rows == [(n, "2009", note), (note, "2009", n)]
    settle.undo_payment(book, book.records("Payments")[0].payment_id)  # both sides go
    assert book.records("Payments") == () and status(book, note)[0] == "N"


def test_credit_note_of_another_creditor_and_cash_in(book):
    note = purchases.new_received_invoice(book, creditor_id=2, date=date(2026, 3, 1), amount="-80").ids[0]
    n = purchases.new_received_invoice(book, creditor_id=1, date=date(2026, 3, 5), amount="500").ids[0]
    with pytest.raises(BusinessRuleError, match="same creditor"):
        settle.use_credit_note(book, n, note, date=date(2026, 3, 6))
    settle.cash_credit_note(book, note, date=date(2026, 3, 9))
    assert status(book, note) == ("X", D("80.00"), D("0.00"))


def test_posted_payment_cannot_be_undone(book):
    n = purchases.new_received_invoice(book, creditor_id=1, date=date(2026, 3, 5), amount="50").ids[0]
    pid = settle.record_payment(book, n, date=date(2026, 3, 6)).ids[0]
    from dataclasses import replace
    book.put("Payments", [replace(p, posted_session=3) for p in book.records("Payments")])
    with pytest.raises(BusinessRuleError, match="unpost session 3"):
        settle.undo_payment(book, pid)


def banking_day(day: date, closed) -> bool:
    return day.weekday() < 5 and day not in closed


def test_proposal_dates_against_the_six_calendar(book):
    closed = {d for d in holidays.financial_holidays("XSWX", years=2026)
              if (d.month, d.day) not in ((12, 24), (12, 31))}
    # Invoice 5 Mar, 2 % within 10 days: 5 Mar + 9 = Sat 14 Mar → back to Fri 13 Mar (Monday would lose the
    # discount); discount 2 % of 1081.00 = 21.62.
    a = purchases.new_received_invoice(book, creditor_id=1, date=date(2026, 3, 5), amount="1081.00").ids[0]
    # Invoice 23 Apr, 20 days (QR-IBAN creditor): 23 Apr + 19 = 12 May (Tue) — a plain banking day.
    b = purchases.new_received_invoice(book, creditor_id=2, date=date(2026, 4, 23), amount="99.90",
                                       reference="210000000003139471430009017").ids[0]
    done = payments.propose_payments(book, today=date(2026, 3, 6))
    orders = {o.invoice_number: o for o in book.records("PaymentOrders")}
    assert done.warnings == () and len(done.ids) == 2
    assert (orders[a].execution_date, orders[a].amount) == (date(2026, 3, 13), D("1059.38"))
    assert orders[b].execution_date == date(2026, 5, 12) and orders[b].reference_type == "QRR"
    for o in orders.values():
        assert banking_day(o.execution_date, closed)
    assert status(book, a) == (">B", D("1081.00"), D("0.00"))
    # Ascension 14 May 2026 is closed: an invoice of 15 Apr + 29 days lands on it and moves back to Wed 13 May.
    c = purchases.new_received_invoice(book, creditor_id=1, date=date(2026, 4, 15), amount="10", discount_rate=0).ids[0]
    payments.propose_payments(book, today=date(2026, 4, 20), numbers=[c])
    assert date(2026, 5, 14) in closed
    assert [o.execution_date for o in book.records("PaymentOrders") if o.invoice_number == c] == [date(2026, 5, 13)]


def test_proposal_names_every_missing_field_and_refuses_the_past(book):
    from dataclasses import replace
    book.put("Creditors", [replace(c, iban=None, town=None) if c.creditor_id == 1 else c
                           for c in book.records("Creditors")])
    a = purchases.new_received_invoice(book, creditor_id=1, date=date(2026, 3, 5), amount="10").ids[0]
    b = purchases.new_received_invoice(book, creditor_id=2, date=date(2026, 1, 5), amount="10",
                                       reference="210000000003139471430009017").ids[0]
    done = payments.propose_payments(book, today=date(2026, 3, 6))
    assert done.ids == ()
    first, second = (w.message for w in done.warnings)
    assert "IBAN" in first and "town" in first and a in first
    assert "in the past" in second and b in second
    assert "--date" in done.warnings[1].hint
    assert payments.propose_payments(book, today=date(2026, 3, 6), numbers=[b], on=date(2026, 3, 9)).ids == (1,)


def test_qr_iban_without_qr_reference_is_named(book):
    purchases.new_received_invoice(book, creditor_id=2, date=date(2026, 3, 5), amount="10")
    done = payments.propose_payments(book, today=date(2026, 3, 6))
    assert "QR reference" in done.warnings[0].message and "QR-IBAN" in done.warnings[0].message


def test_export_validates_against_the_xsd_and_remove_puts_back(book, tmp_path):
    a = purchases.new_received_invoice(book, creditor_id=1, date=date(2026, 3, 5), amount="1081.00",
                                       reference="RF18539007547034").ids[0]
    b = purchases.new_received_invoice(book, creditor_id=2, date=date(2026, 3, 5), amount="250.00",
                                       reference="210000000003139471430009017", message="Order 42").ids[0]
    c = purchases.new_received_invoice(book, creditor_id=1, date=date(2026, 3, 9), amount="40.00").ids[0]
    payments.propose_payments(book, today=date(2026, 3, 6))
    third = [o.order_id for o in book.records("PaymentOrders") if o.invoice_number == c][0]
    done = payments.remove_order(book, third)
    assert done.warnings[0].severity == "warning" and "open again" in done.warnings[0].message
    assert status(book, c) == ("F", D("0.00"), D("40.00"))
    export = payments.export_payments(book, account="CH93 0076 2011 6238 5295 7", out=tmp_path / "p.xml",
                                      today=date(2026, 3, 6), now=datetime(2026, 3, 6, 9))
    xml = export.path.read_bytes()
    assert xsd_errors(xml) == []
    tree = etree.fromstring(xml)
    ns = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"}
    assert tree.findtext(".//p:GrpHdr/p:NbOfTxs", namespaces=ns) == "2"
    assert tree.findtext(".//p:GrpHdr/p:CtrlSum", namespaces=ns) == "1309.38"  # 1081 − 2 % + 250
    assert sorted(tree.xpath("//p:ReqdExctnDt/p:Dt/text()", namespaces=ns)) == ["2026-03-13", "2026-03-24"]
    assert tree.xpath("//p:Prtry/text()", namespaces=ns) == ["QRR"]
    assert status(book, a)[0] == ">BA" and status(book, b)[0] == ">BA"
    with pytest.raises(BusinessRuleError, match="no payment order waiting"):
        payments.export_payments(book, account=DEBIT, out=tmp_path / "q.xml", today=date(2026, 3, 6))
    with pytest.raises(BusinessRuleError, match="remove the order"):
        settle.record_payment(book, a, date=date(2026, 3, 7))


def test_export_refuses_a_past_execution_date(book, tmp_path):
    purchases.new_received_invoice(book, creditor_id=1, date=date(2026, 3, 5), amount="10", discount_rate=0)
    payments.propose_payments(book, today=date(2026, 3, 6))
    with pytest.raises(ProblemsFound):
        payments.export_payments(book, account=DEBIT, out=tmp_path / "p.xml", today=date(2026, 5, 1))
    assert not (tmp_path / "p.xml").exists() and book.records("PaymentOrders")[0].status == ">B"


def test_from_qr_payload_finds_creditor_by_iban_and_creates_unknown(book):
    text = (_data("swissqrbill-java_sample1_lf.txt"))
    bill = qr_payload.parse(text)
    done = purchases_qr.from_qr(book, payload=text, date=date(2026, 3, 5))
    r = purchases.invoice(book, done.ids[0])
    assert (r.amount, r.currency, r.reference_type, r.iban) == (bill.amount, bill.currency, "NON", IBAN)
    assert r.creditor_id == 1  # the IG example IBAN is creditor 1's
    qr = qr_payload.QRBill(account=_qr_iban(), amount=D("12.50"),
                           creditor=qr_payload.Address(name="Neu GmbH", street="Bahnhofstrasse", building="1",
                                                       postcode="8001", town="Zürich", country="CH"),
                           reference_type="QRR", reference="1" * 26 + esr.calc_check_digit("1" * 26))
    done = purchases_qr.from_qr(book, payload=qr_payload.build(qr), date=date(2026, 3, 5))
    new = [c for c in book.records("Creditors") if c.name == "Neu GmbH"][0]
    assert new.payment_method == "QRIBAN" and new.bic == "POFICHBEXXX" and "PostFinance" in new.bank_name
    assert any("created" in w.message for w in done.warnings)


def test_from_qr_image_and_pdf(book, tmp_path):
    import segno
    from engine.formats import qrbill_render
    text = _data("swissqrbill-java_sample1_lf.txt")
    png = tmp_path / "bill.png"
    segno.make(text, error="m", micro=False).save(str(png), scale=6)  # an independent encoder
    n = purchases_qr.from_qr(book, image=png, date=date(2026, 3, 5)).ids[0]
    assert purchases.invoice(book, n).amount == D("3949.75")
    pdf = tmp_path / "bill.pdf"
    pdf.write_bytes(qrbill_render.render(qr_payload.parse(text), "FR"))
    m = purchases_qr.from_qr(book, image=pdf, date=date(2026, 3, 5)).ids[0]
    assert purchases.invoice(book, m).message == purchases.invoice(book, n).message


def test_from_qr_refuses_qr_reference_on_a_normal_iban(book):
    from tests.conftest import shared_file
    text = shared_file("qrbill", "metasfresh_QRR_PurchaseInvoice.txt").read_text("utf-8")
    with pytest.raises(Exception, match="QR-IBAN"):
        purchases_qr.from_qr(book, payload=text, date=date(2026, 3, 5))
    assert book.records("ReceivedInvoices") == ()


def _qr_iban() -> str:
    bban = "30000" + "001000806070"[-12:]
    return f"CH{std_iban.calc_check_digits('CH00' + bban)}{bban}"


def _data(name: str) -> str:
    from tests.conftest import TEST_DATA
    return (TEST_DATA / "qrbill" / name).read_text("utf-8")
