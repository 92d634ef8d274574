"""Under the net tax rate method a service bought abroad is no turnover (audit 14f, finding 1): the acquisition tax
(MWSTG art. 45) is declared in box 383 at the statutory rate, beside the net tax rate's turnover, never in it.

The auditor's books, by hand: VatMethod tdfn, TdfnRate 6.2 %.
- sale F-1 3200 1,081.00 gross (1,000.00 + 81.00 at 8.1 %, posted gross under TDFN);
- R-1 from a supplier abroad, 4200 ACQ 1,000.00 (ACQ: 8.1 %, account 2200, ReturnBox 383): 4200 / 2000 1,000.00
  and 4200 / 2200 81.00 (due, not deducted under TDFN);
- closing 30.06: 1,081.00 × 6.2 % = 67.022 → 67.02, 3809 / 2200.
Return 2026-S1: 200 = 299 = 322 = 1,081.00, tax 67.02; 383 = 1,000.00, 1,000.00 × 8.1 % = 81.00;
399 = 67.02 + 81.00 = 148.02 = 500, which is what 2200 holds (81.00 + 67.02). The product had 2,081.00 / 129.02 /
210.02: the 1,000.00 bought counted as turnover.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from engine.cli import main
from engine.money import format_amount
from engine.services import reports
from engine.store.book import Book
from tests.posting.books import account_balance, invoice, received, two_roads


def _acquisition_code(book):
    book.put("VatCodes", [*book.records("VatCodes"), book.new(
        "VatCodes", code="ACQ", label="Impôt sur les acquisitions", rate=D("8.1"), valid_from=date(2024, 1, 1),
        account="2200", kind="output", return_box="383")])


def _sale_and_service_abroad(book):
    _acquisition_code(book)
    invoice(book, "F-1", [("3200", "TVA", "1000.00", "81.00")], on=date(2026, 1, 5))
    book.put("Creditors", [book.new("Creditors", creditor_id=1, name="Foreign Software Ltd", expense_account="4200",
                                    vat_code="ACQ")])
    received(book, "R-1", "1000.00", on=date(2026, 2, 15), lines=[("4200", "ACQ", "1000.00", "net", None)])


def _ledger_with_the_code(folder):
    ledger = Book.open(folder / "compta.xlsx")
    _acquisition_code(ledger)
    ledger.save()


def test_the_acquisition_tax_is_not_net_tax_rate_turnover(tmp_path, capsys):
    (_m, _), (road, extra) = two_roads(tmp_path, _sale_and_service_abroad, VatMethod="tdfn", TdfnRate="6.2",
                                       CompanyUID="CHE-109.322.551", CompanyName="Audit SA")
    _ledger_with_the_code(road)
    book, ledger = road / "ventes.xlsx", road / "compta.xlsx"
    assert main(["post", str(book), "--until", "30.06.2026", *extra]) == 0
    assert main(["vat-close", str(book), "--from", "01.01.2026", "--to", "30.06.2026", *extra]) == 0
    assert account_balance(Book.open(ledger), "2200") == D("-148.02")  # 81.00 + 67.02 owed to the ESTV
    capsys.readouterr()
    out_file = tmp_path / "s1.xml"
    assert main(["ledger", "vat-return", str(ledger), "--period", "2026-S1", "--activities", "6.2=12345",
                 "--invoicing", str(book), "--out", str(out_file)]) == 0
    printed = capsys.readouterr()
    # the boxes as printed (box, rate, amount, tax), the thousands' apostrophes left out (1'081.00)
    lines = {line.split()[0]: "".join(line.replace("'", "").split()[1:])
             for line in printed.out.splitlines()[1:] if line.strip()}
    assert (lines["200"], lines["299"]) == ("1081.00", "1081.00"), printed.out
    assert lines["322"] == "6.2%1081.0067.02" and lines["383"] == "8.1%1000.0081.00", printed.out
    assert (lines["399"], lines["500"]) == ("148.02", "148.02"), printed.out
    assert "81.00" not in printed.err  # the acquisition tax is no tax booked per invoice on a sale
    # the eMWST file, read independently: turnover 1081.00 at 6.2 %, acquisition 1000.00 at 8.1 %
    from lxml import etree
    root = etree.parse(str(out_file)).getroot()
    texts = [(etree.QName(e).localname, (e.text or "").strip()) for e in root.iter() if isinstance(e.tag, str)]
    amounts = [t for name, t in texts if t]
    assert "2081.00" not in amounts and "1081.00" in amounts and "1000.00" in amounts, amounts

    assert main(["ledger", "vat", str(ledger), "--tdfn-rate", "6.2", "--from", "01.01.2026", "--to",
                 "30.06.2026"]) == 0
    printed = capsys.readouterr()
    assert f"net tax rate method): {format_amount(D('1081.00'))}" in printed.out, printed.out
    assert "TDFN tax at 6.2%: 67.02" in printed.out, printed.out
    assert "ACQ" in printed.out and format_amount(D("1000.00")) in printed.out  # box 383 stays, apart from the turnover
    assert "books output tax per invoice" not in printed.err, printed.err

    report = reports.report(Book.open(book), "vat", ledger=Book.open(ledger), start=date(2026, 1, 1),
                            until=date(2026, 6, 30))
    rows = {report.value(r, "code"): (report.value(r, "base"), report.value(r, "vat")) for r in report.rows}
    assert rows == {"TDFN": (D("1081.00"), D("67.02")), "ACQ": (D("1000.00"), D("81.00"))}, rows
    assert report.value(report.totals, "vat") == D("148.02")  # 67.02 + 81.00, what 2200 holds


def test_with_two_activity_rates_the_acquisition_is_in_neither():
    """TdfnRates "3400=2.1": F-1 on 3200 1,081.00 at 6.2 % = 67.02, F-2 on 3400 500.00 at 2.1 % = 10.50; R-1's
    1,000.00 on 4200 (ACQ) is no activity's turnover: 322 = 1,081.00, 332 = 500.00, 383 = 1,000.00 / 81.00,
    399 = 67.02 + 10.50 + 81.00 = 158.52."""
    from types import SimpleNamespace as R

    from engine.domain import ledger_reports, vat_return
    from engine.domain.vat import VatRate, VatRates
    rates = VatRates([VatRate(code="TVA", rate=D("8.1"), valid_from=date(2024, 1, 1), account="2200"),
                      VatRate(code="ACQ", rate=D("8.1"), valid_from=date(2024, 1, 1), account="2200",
                              return_box="383")])
    on = date(2026, 3, 2)
    journal = [R(date=on, debit="1100", credit="3200", amount=D("1081.00"), vat_code="TVA", vat_amount=D("81.00"),
                 group="F-1"),
               R(date=on, debit="1100", credit="3400", amount=D("500.00"), vat_code="TVA", vat_amount=D("37.46"),
                 group="F-2"),
               R(date=on, debit="4200", credit="2000", amount=D("1000.00"), vat_code="ACQ", vat_amount=D("81.00"),
                 group="R-1"),
               R(date=on, debit="4200", credit="2200", amount=D("81.00"), vat_code="ACQ", vat_amount=None,
                 group="R-1")]
    start, end = date(2026, 1, 1), date(2026, 6, 30)
    by_account = ledger_reports.turnover_by_account(journal, rates, None, start, end)
    assert by_account == {"3200": D("1081.00"), "3400": D("500.00")}
    rows = ledger_reports.vat_statement(journal, rates, None, start, end)
    vat = vat_return.from_statement(rows, start, end, "tdfn", by_account, D("6.2"), {"3400": D("2.1")})
    boxes = vat.boxes()
    assert (boxes["322"], boxes["332"], boxes["383"], boxes["399"]) == (
        D("1081.00"), D("500.00"), D("1000.00"), D("158.52"))
