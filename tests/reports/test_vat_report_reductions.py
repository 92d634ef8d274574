"""`comptoir report vat` is the same statement as `comptoir ledger vat` (audit of issue 14: the report added credit
notes, discounts and losses to their boxes instead of taking them off). Agreed basis, effective method, by hand:

Sales
- F-1 3200 TVA 1000.00 + 81.00; paid 1076.68 with a cash discount of 4.32, whose VAT is 4.32 × 8.1 / 108.1 =
  0.3237 → 0.32, net 4.00;
- F-2 3400 TVARED 200.00 + 5.20; credit note N-1 on it 50.00 + 1.30; paid 51.30, the rest 102.60 written off
  (loss: net 100.00, VAT 2.60).
  Box 303: base 1000.00 − 4.00 = 996.00, tax 81.00 − 0.32 = 80.68.
  Box 313: base 200.00 − 50.00 − 100.00 = 50.00, tax 5.20 − 1.30 − 2.60 = 1.30.
Purchases
- R-1 4200 IPM 1081.00 gross (1000.00 + 81.00); supplier credit note R-2 108.10 (100.00 + 8.10).
  Box 400: base 1000.00 − 100.00 = 900.00, tax 81.00 − 8.10 = 72.90.
Under TDFN at 6.2 %: gross taxable turnover 1076.68 (996.00 + 80.68) + 51.30 (50.00 + 1.30) = 1127.98,
tax 1127.98 × 6.2 % = 69.93476 → 69.93; no input tax.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from engine.services import reports
from engine.services.posting import post
from tests.posting.books import books, invoice, pay, received

MARCH = date(2026, 3, 20)


def _posted(**settings):
    book, ledger = books(**settings)
    invoice(book, "F-1", [("3200", "TVA", "1000.00", "81.00")])
    invoice(book, "F-2", [("3400", "TVARED", "200.00", "5.20")])
    invoice(book, "N-1", [("3400", "TVARED", "50.00", "1.30")], stage="N", refers_to="F-2")
    pay(book, "F-1", "1076.68", MARCH)
    pay(book, "F-1", "4.32", MARCH, kind="discount")
    pay(book, "F-2", "51.30", MARCH)
    pay(book, "F-2", "102.60", MARCH, kind="loss")
    received(book, "R-1", "1081.00")
    received(book, "R-2", "108.10", stage="N")
    post(book, ledger, date(2026, 3, 31), save=False)
    return book, ledger


def _rows(report, *keys) -> list:
    at = [report.column(k) for k in keys]
    return [tuple(row[i] for i in at) for row in report.rows]


def _boxes(report) -> dict:
    return {box: (base, vat) for box, base, vat in _rows(report, "box", "base", "vat") if box}


def test_reductions_come_off_their_boxes_as_in_ledger_vat():
    book, ledger = _posted()
    got = _boxes(reports.report(ledger, "vat", start=date(2026, 1, 1), until=date(2026, 12, 31)))
    assert got == {"303": (D("996.00"), D("80.68")), "313": (D("50.00"), D("1.30")),
                   "400": (D("900.00"), D("72.90"))}


def test_under_tdfn_the_report_taxes_the_gross_turnover_at_the_net_rate():
    book, ledger = _posted(VatMethod="tdfn", TdfnRate="6.2")
    report = reports.report(book, "vat", ledger=ledger, start=date(2026, 1, 1), until=date(2026, 12, 31))
    assert _rows(report, "code", "base", "vat") == [("TDFN", D("1127.98"), D("69.93"))]


def test_the_bottom_line_is_the_tax_payable_not_output_plus_input(tmp_path):
    """Audit 14e, finding 3: the report's "Total" added output and input tax (1300.00 / 77.80 twice gave
    "Total 2600.00 155.60"). The return's bottom line is output − input tax: here (80.68 + 1.30) − 72.90 = 9.08
    (the former sum: 81.98 + 72.90 = 154.88); turnover and purchases are not added (base column blank). The TSV,
    the R_ sheet and the PDF print the same line."""
    import io
    import shutil
    import subprocess

    import openpyxl

    from engine.formats import report_pdf, report_tsv, report_xlsx
    _book, ledger = _posted()
    report = reports.report(ledger, "vat", start=date(2026, 1, 1), until=date(2026, 12, 31), language="fr")
    assert report.value(report.totals, "vat") == D("9.08")
    assert report.value(report.totals, "base") is None
    assert report.totals[0] == "TVA à payer"
    assert report_tsv.build(report).decode().splitlines()[-1].endswith("\t\t9.08")
    ws = openpyxl.load_workbook(io.BytesIO(report_xlsx.build(report))).active
    last = [c.value for c in ws[ws.max_row]]
    assert last[0] == report.totals[0] and D(str(last[report.column("vat")])) == D("9.08") and last[5] is None
    if not shutil.which("pdftotext"):
        return
    (tmp_path / "vat.pdf").write_bytes(report_pdf.render(report))
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "vat.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "TVA à payer" in text and "154.88" not in text and "9.08" in text


def test_a_refund_is_a_negative_bottom_line():
    """Only the purchases: input tax 72.90 (81.00 − 8.10), no output tax → 0.00 − 72.90 = −72.90 to get back."""
    book, ledger = books()
    received(book, "R-1", "1081.00")
    received(book, "R-2", "108.10", stage="N")
    post(book, ledger, date(2026, 3, 31), save=False)
    report = reports.report(ledger, "vat", start=date(2026, 1, 1), until=date(2026, 12, 31))
    assert report.value(report.totals, "vat") == D("-72.90")


def test_ledger_vat_ends_on_the_same_payable(tmp_path, capsys):
    """`ledger vat` (effective method) prints the same bottom line as the report: 81.98 − 72.90 = 9.08."""
    from engine.cli import main
    from engine.store.book import Book
    _book, ledger = _posted()
    path = tmp_path / "compta.xlsx"
    assert main(["new", "ledger", str(path)]) == 0
    on_disk = Book.open(path)
    on_disk.put("Journal", list(ledger.records("Journal")))
    on_disk.save()
    capsys.readouterr()
    assert main(["ledger", "vat", str(path)]) == 0
    assert capsys.readouterr().out.splitlines()[-1].split()[-1] == "9.08"
