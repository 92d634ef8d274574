"""Sales services end to end on the demo company's book: the QR code read back out of every invoice PDF equals the
payload built and what the `qrbill` package builds; down payment, credit note, payments, reminders, refusals, CLI."""
from __future__ import annotations

import os
import re
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import qrbill
from stdnum.ch import esr

from engine.cli import main
from engine.errors import BusinessRuleError
from engine.formats import qr_payload
from engine.services import documents as docs
from engine.services import documents_print, sales_payments, sales_reminders
from engine.store.book import Book
from tests.company import blank, book  # noqa: F401 (fixtures)
from tests.formats.test_qr_render import scan




def invoice(book, client=1001, **kw):
    lines = kw.pop("lines", [dict(article_id="H-MEN", quantity=D(4)), dict(article_id="LIVRE", quantity=D(2))])
    return docs.new_document(book, client_id=client, stage="F", on=kw.pop("on", date(2026, 3, 2)), lines=lines, **kw)


def test_invoice_lines_totals_and_reference(book):
    number = invoice(book, shipping_fee="normal")
    d = docs.db.find_document(book, number)
    lines = docs.db.lines_of(book, number)
    # 4 h × 95 = 380.00 at 8.1 %; 2 books × 49 = 98.00 at 2.6 %; shipping 45.00 at 8.1 % (Settings).
    assert [(x.net_amount, x.account, x.kind) for x in lines] == [(D("380.00"), "3400", None),
                                                                  (D("98.00"), "3200", None), (D("45.00"), "3600", "fee")]
    # VAT on the total per rate (Settings VatRounding=total): 425 × 8.1 % = 34.425 → 34.43; 98 × 2.6 % = 2.548 → 2.55.
    assert (d.total_net, d.total_vat, d.total_gross, d.total_payable) == (D("523.00"), D("36.98"), D("559.98"),
                                                                          D("560.00"))
    assert d.rounding == D("0.02") and d.balance == D("560.00") and d.status == "F"
    assert esr.is_valid(d.qr_reference) and d.qr_reference[:10] == "0000001001"
    assert d.due_date == date(2026, 4, 1)


def review_dir(tmp_path) -> Path:
    folder = Path(os.environ.get("COMPTOIR_REVIEW_DIR", tmp_path / "review"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.parametrize("client, language", [(1001, "fr"), (1004, "de"), (1006, "it"), (1011, "en")])
def test_pdf_qr_code_is_the_payload_and_matches_qrbill(book, tmp_path, client, language):
    number = invoice(book, client=client)
    printed, = documents_print.print_documents(book, [number], out_dir=tmp_path)
    pdf = printed.path.read_bytes()
    assert [r.text for r in scan(pdf)] == [printed.payload]
    # The same bill built by the independent qrbill package (structured addresses) gives the same payload.
    bill = qr_payload.parse(printed.payload)
    address = lambda a: dict(name=a.name, street=a.street, house_num=a.building, pcode=a.postcode,  # noqa: E731
                             city=a.town, country=a.country)
    other = qrbill.QRBill(account=bill.account, creditor=address(bill.creditor), debtor=address(bill.debtor),
                          amount=str(bill.amount), currency=bill.currency, reference_number=bill.reference,
                          additional_information=bill.message, billing_information=bill.billing_information)
    assert other.qr_data().replace("\r\n", "\n") == printed.payload
    d = docs.db.find_document(book, number)
    assert bill.amount == d.total_payable and bill.reference == d.qr_reference and d.status == "F_"
    text = pdfium.PdfDocument(pdf)[0].get_textpage().get_text_range()
    title = {"fr": "Facture", "de": "Rechnung", "it": "Fattura", "en": "Invoice"}[language]
    assert f"{title} {number}" in text
    pdfium.PdfDocument(pdf)[0].render(scale=100 / 72).to_pil().save(review_dir(tmp_path) / f"invoice-{language}.png")


def test_scor_without_qr_iban(book, tmp_path):
    book.set_settings(InvoiceQRIBAN="")
    number = invoice(book)
    printed, = documents_print.print_documents(book, [number], out_dir=tmp_path)
    bill = qr_payload.parse(printed.payload)
    assert bill.reference_type == "SCOR" and bill.account == "CH9300762011623852957"
    assert [r.text for r in scan(printed.path.read_bytes())] == [printed.payload]


def test_stages_renumber_and_keep_their_origin(book):
    quote = docs.new_document(book, client_id=1002, stage="O", on=date(2026, 1, 5),
                              lines=[dict(article_id="TAB-CH", quantity=1)])
    order = docs.advance(book, quote, on=date(2026, 1, 10))
    final = docs.advance(book, order, "F", on=date(2026, 2, 1))
    d = docs.db.find_document(book, final)
    assert (quote, order, final) == ("O-2026-0001", "C-2026-0001", "F-2026-0001")
    assert d.origin == "O-2026-0001 C-2026-0001" and d.qr_reference and len(docs.db.lines_of(book, final)) == 1
    assert docs.new_document(book, client_id=1002, stage="O", on=date(2026, 3, 1)) == "O-2026-0002"
    with pytest.raises(BusinessRuleError, match="no next stage"):
        docs.advance(book, final)


def test_down_payment_is_deducted_on_the_final_invoice(book):
    down = invoice(book, client=1009, lines=[dict(designation="Acompte", quantity=1, unit_price="1000",
                                                  vat_code="TVA")], down_payment=True)
    assert down.endswith("a")
    assert [x.account for x in docs.db.lines_of(book, down)] == ["2030"]
    final = invoice(book, client=1009, refers_to=down, on=date(2026, 5, 1),
                    lines=[dict(article_id="TAB-NO", quantity=1)])
    deduction = docs.db.lines_of(book, final)[-1]
    assert (deduction.kind, deduction.account, deduction.net_amount, deduction.vat_amount) == \
        ("down_payment", "2030", D("-1000.00"), D("-81.00"))
    # 3890 − 1000 = 2890 net; VAT 315.09 − 81.00 = 234.09 → 3124.09 → 3124.10 payable.
    assert docs.db.find_document(book, final).total_payable == D("3124.10")


def test_fixed_total_and_back(book):
    number = invoice(book)
    d = docs.fix_total(book, number, "500")
    assert d.total_payable == D("500.00") and d.total_gross + d.rounding == D("500.00")
    # Back to the computed total: 380 + 30.78 VAT, 98 + 2.55 VAT = 511.33 → 511.35.
    assert docs.fix_total(book, number, None).total_payable == D("511.35")


def test_payments_discount_and_paid_status(book):
    number = invoice(book)  # 511.35
    d = sales_payments.record_payment(book, number, "300", on=date(2026, 3, 20))
    assert (d.paid, d.balance, d.status) == (D("300.00"), D("211.35"), "F")
    sales_payments.record_payment(book, number, "201.15", on=date(2026, 3, 25))
    d = sales_payments.record_payment(book, number, "10.20", on=date(2026, 3, 25), kind="discount")
    assert (d.paid, d.balance, d.status) == (D("501.15"), D("0.00"), "FX")
    rows = docs.db.payment_rows(book, number)
    assert [(r.kind, r.account) for r in rows] == [("payment", "1020"), ("payment", "1020"), ("discount", "3800")]
    with pytest.raises(BusinessRuleError):
        sales_payments.record_payment(book, number, "-5")


def test_credit_note_used_on_its_invoice(book):
    number = invoice(book)
    note = docs.new_document(book, client_id=1001, stage="N", on=date(2026, 3, 10), refers_to=number,
                             lines=[dict(designation="Rabais", quantity=1, unit_price="100", vat_code="TVA")])
    assert docs.db.find_document(book, note).total_payable == D("108.10")  # positive on the N document
    assert sales_payments.apply_credit_note(book, note, on=date(2026, 3, 10)) == D("108.10")
    assert docs.db.find_document(book, number).balance == D("403.25")
    assert docs.db.find_document(book, note).status == "NX"


def test_reminder_run_levels_fees_interest(book, tmp_path):
    book.set_settings(DefaultInterest=True, Reminder1Fee="0", Reminder2Fee="20")
    number = invoice(book)  # 511.35, due 01.04.2026
    sales_payments.record_payment(book, number, "111.35", on=date(2026, 4, 2))
    assert sales_reminders.reminder_run(book, today=date(2026, 4, 10)).issued == ()
    run = sales_reminders.reminder_run(book, today=date(2026, 4, 11), out_dir=tmp_path)
    r, = run.issued
    # Level 1, no fee; interest 400.00 × 5 % × 10 / 365 = 0.548 → 0.55 → CHF 0.55 (0.05 steps).
    assert (r.level, r.fee, r.interest, r.balance) == (1, D("0.00"), D("0.55"), D("400.55"))
    assert [x.text for x in scan(r.path.read_bytes())] == [r.payload]
    assert qr_payload.parse(r.payload).amount == D("400.55")
    r, = sales_reminders.reminder_run(book, today=date(2026, 5, 1), out_dir=tmp_path).issued
    # Level 2 after 20 days: fee 20; the interest of its own period, 11.04–01.05: 400 × 5 % × 20 / 365 = 1.096 → 1.10.
    assert (r.level, r.fee, r.interest, r.balance) == (2, D("20.00"), D("1.10"), D("421.65"))
    # Each interest line of the letter prints a period and that period's own interest (issue 14, item 9).
    text = "\n".join(p.get_textpage().get_text_range() for p in pdfium.PdfDocument(r.path.read_bytes()))
    periods = re.findall(r"(\d\d\.\d\d\.\d{4})[–-](\d\d\.\d\d\.\d{4})\D*?(\d+\.\d\d)", text)
    assert [(a, b, D(x)) for a, b, x in periods] == [("01.04.2026", "11.04.2026", D("0.55")),
                                                     ("11.04.2026", "01.05.2026", D("1.10"))]
    for a, b, amount in periods:  # by hand: 400.00 × 5 % × days / 365, to 0.05
        days = (date(*map(int, reversed(b.split(".")))) - date(*map(int, reversed(a.split("."))))).days
        assert D(amount) == (D("400.00") * 5 * days / 36500 / D("0.05")).quantize(D(1), "ROUND_HALF_UP") * D("0.05")
    d = docs.db.find_document(book, number)
    assert (d.reminder_level, d.last_reminder) == (2, date(2026, 5, 1))


def test_used_clients_and_articles_cannot_be_deleted(book):
    invoice(book)
    with pytest.raises(BusinessRuleError, match="archive the client"):
        docs.delete_client(book, 1001)
    with pytest.raises(BusinessRuleError, match="archive the article"):
        docs.delete_article(book, "H-MEN")
    docs.delete_client(book, 1020)
    docs.delete_article(book, "CIRE")
    assert 1020 not in {c.client_id for c in book.records("Clients")}
    docs.archive_client(book, 1001)
    with pytest.raises(BusinessRuleError, match="archived"):
        invoice(book)


def test_bad_lines_are_reported_with_their_cell(book):
    with pytest.raises(Exception) as error:
        invoice(book, lines=[dict(article_id="NOPE", quantity=1), dict(designation="Free", quantity=1,
                                                                       unit_price="5")])
    text = str(error.value)
    assert "NOPE" in text and "DocumentLines" in text
    assert len(error.value.problems) == 2


def test_cli_new_stage_pay_remind_render(book, tmp_path, capsys):
    path = str(book.path)
    assert main(["documents", "new", path, "--client", "1003", "--stage", "O", "--date", "02.02.2026",
                 "--line", "TAB-CH:1", "--free", "Livraison:1:80:TVA"]) == 0
    assert main(["documents", "stage", path, "--number", "O-2026-0001", "--to", "F", "--date", "03.02.2026"]) == 0
    assert main(["documents", "pay", path, "--number", "F-2026-0001", "--amount", "100", "--date", "10.02.2026"]) == 0
    assert main(["documents", "render", path, "--all-open", "--out", str(tmp_path / "pdf")]) == 0
    assert main(["documents", "remind", path, "--date", "31.12.2026", "--out", str(tmp_path / "pdf")]) == 0
    out = capsys.readouterr().out
    assert "O-2026-0001 → F-2026-0001" in out and "reminder 1" in out
    assert sorted(p.name for p in (tmp_path / "pdf").iterdir()) == ["F-2026-0001-R1.pdf", "F-2026-0001.pdf"]
    d = docs.db.find_document(Book.open(path), "F-2026-0001")
    assert d.status == "F_" and d.paid == D("100.00") and d.reminder_level == 1
    assert main(["documents", "pay", path, "--number", "F-2026-0099", "--amount", "1"]) == 2
