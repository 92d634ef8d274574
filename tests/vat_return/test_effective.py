"""The eMWST file of a quarter under the effective method, checked against a hand calculation, against
`comptoir ledger vat` and against the schema.

Q1 2026 by hand (tests/vat_return/books.py Q1; the April sale is outside the period):
    303 at 8.1 %: 1000.00 − 100.00 (credit note) =   900.00, tax 81.00 − 8.10 = 72.90 (the form: 900 × 8.1 % = 72.90)
    313 at 2.6 %:                                    200.00, tax 5.20
    220 exports 500.00, 230 excluded 300.00, 235 the credit note 100.00 → 289 = 900.00
    299 = 900.00 + 200.00 = 1100.00; 200 = 299 + 289 = 2000.00 (1000.00 + 200.00 + 500.00 + 300.00 invoiced)
    399 = 72.90 + 5.20 = 78.10; 400 = 32.40, 405 = 81.00 → 479 = 113.40
    500 − 510: 78.10 − 113.40 = −35.30, a credit of 35.30 (box 510); 900 subsidies 5000.00 (not turnover)
"""
from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal as D

from engine.cli import main
from engine.services import vat_return
from tests.vat_return.books import Q1, SUBSIDY, on_disk
from tests.vat_return.ech0217 import NS, amount, per_rate, validated

AT = datetime(2026, 4, 10, 8, 30, tzinfo=UTC)


def test_the_quarters_boxes_by_hand(tmp_path):
    ledger, invoicing = on_disk(tmp_path, Q1, [SUBSIDY])
    path, vat = vat_return.write_return(ledger, "2026-Q1", invoicing=invoicing, generated=AT)
    assert vat.boxes() == {"200": D("2000.00"), "220": D("500.00"), "230": D("300.00"), "235": D("100.00"),
                           "289": D("900.00"),
                           "299": D("1100.00"), "303": D("900.00"), "313": D("200.00"), "399": D("78.10"),
                           "400": D("32.40"), "405": D("81.00"), "479": D("113.40"), "510": D("35.30"),
                           "900": D("5000.00")}
    root = validated(path.read_bytes())
    assert path.name == "eMWST-CHE109322551-20260101-20260331.xml"
    info = {e.tag.split("}")[1]: e.text for e in root.find("e:generalInformation", NS) if len(e) == 0}
    assert info == {"uid": "CHE109322551", "organisationName": "Menuiserie Test SA",
                    "generationTime": "2026-04-10T08:30:00Z", "reportingPeriodFrom": "2026-01-01",
                    "reportingPeriodTill": "2026-03-31", "typeOfSubmission": "1", "formOfReporting": "1",
                    "businessReferenceId": "CHE109322551-20260101-20260331-1"}
    assert amount(root, "e:turnoverComputation/e:totalConsideration") == D("2000.00")
    assert amount(root, "e:turnoverComputation/e:reductionOfConsideration") == D("100.00")
    assert amount(root, "e:turnoverComputation/e:suppliesToForeignCountries") == D("500.00")
    assert amount(root, "e:turnoverComputation/e:suppliesExemptFromTax") == D("300.00")
    assert per_rate(root, "effectiveReportingMethod") == {D("8.1"): D("900.00"), D("2.6"): D("200.00")}
    assert amount(root, "e:effectiveReportingMethod/e:grossOrNet") == 1
    assert amount(root, "e:effectiveReportingMethod/e:inputTaxMaterialAndServices") == D("32.40")
    assert amount(root, "e:effectiveReportingMethod/e:inputTaxInvestments") == D("81.00")
    assert amount(root, "e:payableTax") == D("-35.30")
    assert amount(root, "e:otherFlowsOfFunds/e:subsidies") == D("5000.00")


def test_the_file_equals_ledger_vat_to_the_cent(tmp_path, capsys):
    ledger, invoicing = on_disk(tmp_path, Q1, [SUBSIDY])
    capsys.readouterr()
    assert main(["ledger", "vat", str(ledger), "--from", "2026-01-01", "--to", "2026-03-31"]) == 0
    base, tax = {}, {}
    printed = capsys.readouterr().out.splitlines()
    assert printed[-1].startswith("VAT payable")  # the bottom line: output − input tax, not a box
    for line in printed[1:-1]:  # Box(4) Code(8) Rate(8) Base(16) Tax(14) Booked(14)
        plain = line.replace("'", " ")  # 1'081.00: the Swiss apostrophe between thousands
        box, b, t = line[:4].strip(), plain[23:39].replace(" ", ""), plain[40:54].replace(" ", "")
        base[box] = base.get(box, D(0)) + D(b)
        tax[box] = tax.get(box, D(0)) + D(t)
    assert set(base) == {"220", "230", "303", "313", "400", "405", "900"}
    out = tmp_path / "q1.xml"
    assert main(["ledger", "vat-return", str(ledger), "--period", "2026-Q1", "--invoicing", str(invoicing),
                 "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "510" in printed and "35.30" in printed
    root = validated(out.read_bytes())
    assert per_rate(root, "effectiveReportingMethod") == {D("8.1"): base["303"], D("2.6"): base["313"]}
    assert amount(root, "e:effectiveReportingMethod/e:inputTaxMaterialAndServices") == tax["400"]
    assert amount(root, "e:payableTax") == tax["303"] + tax["313"] - tax["400"] - tax["405"]


def test_a_correction_says_so(tmp_path):
    ledger, invoicing = on_disk(tmp_path, Q1, [SUBSIDY])
    path, _ = vat_return.write_return(ledger, "2026-Q1", invoicing=invoicing, correction=True, generated=AT)
    root = validated(path.read_bytes())
    assert path.name.endswith("-correction.xml")
    assert root.findtext("e:generalInformation/e:typeOfSubmission", namespaces=NS) == "2"


def test_received_basis_is_declared(tmp_path):
    ledger, invoicing = on_disk(tmp_path, Q1, [SUBSIDY], VatBasis="received")
    path, _ = vat_return.write_return(ledger, "2026-Q1", invoicing=invoicing, generated=AT)
    assert validated(path.read_bytes()).findtext("e:generalInformation/e:formOfReporting", namespaces=NS) == "2"


def test_an_empty_quarter_is_a_valid_zero_return(tmp_path):
    ledger, invoicing = on_disk(tmp_path, Q1)
    path, vat = vat_return.write_return(ledger, "2026-Q3", invoicing=invoicing, generated=AT)
    root = validated(path.read_bytes())
    assert vat.boxes() == {"200": D(0), "289": D(0), "299": D(0), "399": D(0), "479": D(0),
                           "500": D(0)}
    assert amount(root, "e:payableTax") == D("0.00")


def test_the_form_taxes_the_turnover_and_the_command_names_the_books_roundings(tmp_path, capsys):
    """Two invoices of 10.05 at 8.1 %: each 0.814 → 0.81, so the books hold 1.62; the form computes
    20.10 × 8.1 % = 1.6281 → 1.63, and that is what the ESTV bills: payableTax 1.63, the cent named."""
    entries = [(date(2026, 1, 5), f"F-{n}", "1100", "3200", "10.05", "TVA", "0.81") for n in (1, 2)] + \
              [(date(2026, 1, 5), f"F-{n}", "1100", "2200", "0.81", "TVA", None) for n in (1, 2)]
    ledger, invoicing = on_disk(tmp_path, entries)
    out = tmp_path / "q1.xml"
    assert main(["ledger", "vat-return", str(ledger), "--period", "2026-Q1", "--invoicing", str(invoicing),
                 "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "the form's tax 1.63 (turnover × rate) differs from the 1.62 booked by 0.01" in printed
    root = validated(out.read_bytes())
    assert per_rate(root, "effectiveReportingMethod") == {D("8.1"): D("20.10")}
    assert amount(root, "e:payableTax") == D("1.63")


def test_the_file_equals_the_vat_report(tmp_path):
    """`comptoir report vat` (engine/domain/reports/vat_statement.py) shows the same bases per box."""
    from engine.domain.reports.vat_statement import payable
    from engine.domain.vat import VatRates
    from engine.services import reports
    from engine.store.book import Book
    ledger, invoicing = on_disk(tmp_path, Q1, [SUBSIDY])
    report = reports.report(Book.open(invoicing), "vat", ledger=Book.open(ledger), start=date(2026, 1, 1),
                            until=date(2026, 3, 31))
    box, base = report.column("box"), report.column("base")
    by_box = {}
    for row in report.rows:
        by_box[row[box]] = by_box.get(row[box], D(0)) + row[base]
    path, vat = vat_return.write_return(ledger, "2026-Q1", invoicing=invoicing, generated=AT)
    root = validated(path.read_bytes())
    assert per_rate(root, "effectiveReportingMethod") == {D("8.1"): by_box["303"], D("2.6"): by_box["313"]}
    assert (by_box["220"], by_box["230"], by_box["900"]) == (vat.deductions["220"], vat.deductions["230"],
                                                             vat.flows["900"])
    books = Book.open(ledger)
    assert payable(books.records("Journal"), VatRates.from_records(books.records("VatCodes")), date(2026, 1, 1),
                   date(2026, 3, 31)) == vat.payable == D("-35.30")
