"""A code's ReturnBox in VatCodes puts its base in that box of the form: supplies abroad (221), the notification
procedure (225), various (280), donations (910), an input-tax correction (415). By hand, first quarter 2026:
    303 at 8.1 %: 2000.00 → the form's tax 162.00
    221 abroad 700.00, 225 notification 5000.00, 280 various 120.00 → 289 = 5820.00; 299 = 2000.00; 200 = 7820.00
    400: 1000.00 × 8.1 % = 81.00; 415: the private share of a cost, 500.00, its input tax 40.50 taken back
    479 = 81.00 − 40.50 = 40.50; 500 = 162.00 − 40.50 = 121.50; 910 donations 300.00 (not turnover)"""
from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal as D

from engine.services import vat_return
from tests.vat_return.books import on_disk
from tests.vat_return.ech0217 import amount, validated


def _code(code, kind, box, rate="0", account=""):
    return {"code": code, "label": code, "rate": D(rate), "valid_from": date(2024, 1, 1), "kind": kind,
            "return_box": box, "account": account}


CODES = [_code("ETR", "exempt", "221"), _code("PROC", "exempt", "225"), _code("DIV", "excluded", "280"),
         _code("DON", "excluded", "910"), _code("IPCORR", "input_materials", "415", "8.1", "1170")]
ENTRIES = [
    (date(2026, 1, 10), "F-1", "1100", "3200", "2000.00", "TVA", "162.00"),
    (date(2026, 1, 10), "F-1", "1100", "2200", "162.00", "TVA", None),
    (date(2026, 1, 12), "F-2", "1100", "3400", "700.00", "ETR", None),  # work done on a site in France
    (date(2026, 1, 15), "F-3", "1100", "3400", "5000.00", "PROC", None),  # a business sold, notified (form 764)
    (date(2026, 1, 20), "F-4", "1020", "3600", "120.00", "DIV", None),
    (date(2026, 2, 1), "R-1", "4200", "2000", "1000.00", "IPM", "81.00"),
    (date(2026, 2, 1), "R-1", "1170", "2000", "81.00", "IPM", None),
    (date(2026, 3, 31), "K-1", "2850", "6500", "500.00", "IPCORR", "40.50"),  # the owner's private share
    (date(2026, 3, 31), "K-1", "2850", "1170", "40.50", "IPCORR", None),
    (date(2026, 3, 20), "D-1", "1020", "3600", "300.00", "DON", None),
]


def test_each_code_lands_in_its_box(tmp_path):
    ledger, invoicing = on_disk(tmp_path, ENTRIES, CODES)
    path, vat = vat_return.write_return(ledger, "2026-Q1", invoicing=invoicing,
                                        generated=datetime(2026, 4, 10, tzinfo=UTC))
    assert vat.boxes() == {"200": D("7820.00"), "221": D("700.00"), "225": D("5000.00"), "280": D("120.00"),
                           "289": D("5820.00"), "299": D("2000.00"), "303": D("2000.00"), "399": D("162.00"),
                           "400": D("81.00"), "415": D("40.50"), "479": D("40.50"), "500": D("121.50"),
                           "910": D("300.00")}
    root = validated(path.read_bytes())
    for path_, expected in (("e:turnoverComputation/e:suppliesAbroad", "700.00"),
                            ("e:turnoverComputation/e:transferNotificationProcedure", "5000.00"),
                            ("e:turnoverComputation/e:variousDeduction/e:amountVariousDeduction", "120.00"),
                            ("e:effectiveReportingMethod/e:inputTaxMaterialAndServices", "81.00"),
                            ("e:effectiveReportingMethod/e:inputTaxCorrections", "40.50"),
                            ("e:payableTax", "121.50"), ("e:otherFlowsOfFunds/e:donations", "300.00")):
        assert amount(root, path_) == D(expected), path_


def test_acquisition_tax_declares_what_was_bought(tmp_path):
    """Consulting bought from a German firm, 1000.00 without Swiss VAT: acquisition tax (Bezugsteuer, box 383) at
    8.1 % = 81.00, booked 6500 / 2000 with a code whose ReturnBox is 383 and its tax 1171 / 2200. The statement gives
    the 1000.00 bought (positive, as the form wants), taxed 81.00 (399). The tax line debits 1171, the input tax
    account of investments and other operating expenses: it is deducted there, 405 = 81.00, so 479 = 81.00 and
    500 = 81.00 − 81.00 = 0.00 (it was 500 = 81.00: the deduction was not derived)."""
    code = _code("BEZ", "output", "383", "8.1", "2200")
    ledger, invoicing = on_disk(tmp_path, [
        (date(2026, 2, 3), "R-9", "6500", "2000", "1000.00", "BEZ", "81.00"),
        (date(2026, 2, 3), "R-9", "1171", "2200", "81.00", "BEZ", None)], [code])
    path, vat = vat_return.write_return(ledger, "2026-Q1", invoicing=invoicing,
                                        generated=datetime(2026, 4, 10, tzinfo=UTC))
    boxes = vat.boxes()
    assert (boxes["200"], boxes["383"], boxes["399"], boxes["405"], boxes["479"], boxes["500"]) == (
        D("0"), D("1000.00"), D("81.00"), D("81.00"), D("81.00"), D("0.00"))
    root = validated(path.read_bytes())
    assert amount(root, "e:effectiveReportingMethod/e:acquisitionTax/e:turnover") == D("1000.00")
    assert amount(root, "e:effectiveReportingMethod/e:acquisitionTax/e:taxRate") == D("8.1")
    assert amount(root, "e:effectiveReportingMethod/e:inputTaxInvestments") == D("81.00")
