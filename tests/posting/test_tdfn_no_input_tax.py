"""Under the net tax rate method no input tax is deducted (MWSTG art. 37 al. 1; DOMAIN.md §4): `ledger vat
--tdfn-rate` listed box 400 IPM 1081.00 / 81.00 while `report vat` left it out (audit 14e, finding 4). Both leave
the input codes out now. By hand, TdfnRate 6.2 %: F-1 3200 1000.00 + 81.00 = 1081.00 gross → 1081.00 × 6.2 % =
67.022 → 67.02 payable; R-1 4200 IPM 1081.00 gross: nothing deducted."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from engine.cli import main
from engine.money import format_amount
from engine.services import reports
from engine.store.book import Book
from tests.posting.books import books_on_disk, invoice, received, two_roads


def _sales_and_purchase(book):
    invoice(book, "F-1", [("3200", "TVA", "1000.00", "81.00")], on=date(2026, 3, 2))
    book.put("Creditors", [book.new("Creditors", creditor_id=1, name="Papeterie SA", expense_account="4200",
                                    vat_code="IPM")])
    received(book, "R-1", "1081.00", on=date(2026, 3, 5))


def test_ledger_vat_and_report_vat_deduct_no_input_tax_under_tdfn(tmp_path, capsys):
    for road, extra in two_roads(tmp_path, _sales_and_purchase, VatMethod="tdfn", TdfnRate="6.2"):
        assert main(["post", str(road / "ventes.xlsx"), "--until", "31.03.2026", *extra]) == 0
        if not extra:
            assert main(["mandate", "pull", str(road / "compta.xlsx")]) == 0
        ledger = Book.open(road / "compta.xlsx")
        assert any(e.vat_code == "IPM" for e in ledger.records("Journal"))  # the purchase is posted with its code
        capsys.readouterr()
        assert main(["ledger", "vat", str(road / "compta.xlsx"), "--tdfn-rate", "6.2"]) == 0
        out = capsys.readouterr().out
        assert "TDFN tax at 6.2%: 67.02" in out
        assert "IPM" not in out and "400 " not in out, out
        report = reports.report(Book.open(road / "ventes.xlsx"), "vat", ledger=ledger, start=date(2026, 1, 1),
                                until=date(2026, 3, 31))
        assert [report.value(r, "code") for r in report.rows] == ["TDFN"]
        assert report.value(report.totals, "vat") == report.value(report.rows[0], "vat") == D("67.02")


def test_tdfn_figures_on_a_ledger_that_books_its_tax_per_invoice_come_with_a_warning(tmp_path, capsys):
    """Audit of issue 17: `ledger vat --tdfn-rate` on the demo (effective method: 1100/3200 net, 1100/2200 tax) called
    its total gross while it summed net revenue (214,170.88 for 231,321.13). By hand here: F-1 1,000.00 + 81.00
    posted the effective way; the 'gross' turnover shown is 1,000.00, and the warning names the 81.00 booked."""
    book, ledger = books_on_disk(tmp_path, [("3200", "TVA", "1000.00", "81.00")], date(2026, 3, 2))
    assert main(["post", str(book), "--until", "2026-03-31", "--ledger", str(ledger)]) == 0
    capsys.readouterr()
    assert main(["ledger", "vat", str(ledger), "--tdfn-rate", "6.2"]) == 0
    out = capsys.readouterr()
    assert f"Taxable turnover (gross, net tax rate method): {format_amount(D('1000.00'))}" in out.out
    assert "warning: this ledger books output tax per invoice" in out.err and "81.00" in out.err
