"""A ledger and an invoicing book on disk, the ledger's Journal written by hand (a bookkeeper's entries, not a
posting's), for the VAT return tests."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from engine.cli import main
from engine.store.book import Book

COMPANY = {"CompanyName": "Menuiserie Test SA", "CompanyUID": "CHE-109.322.551"}


def on_disk(tmp_path, entries, vat_codes=(), **settings):
    """(ledger path, invoicing path); ``entries``: (date, voucher, debit, credit, amount, code, vat amount)."""
    ledger_path, invoicing_path = tmp_path / "compta.xlsx", tmp_path / "ventes.xlsx"
    assert main(["new", "ledger", str(ledger_path)]) == 0
    assert main(["new", "invoicing", str(invoicing_path)]) == 0
    book = Book.open(invoicing_path)
    book.set_settings(**{**COMPANY, **settings})
    book.save()
    ledger = Book.open(ledger_path)
    if vat_codes:
        ledger.put("VatCodes", [*ledger.records("VatCodes"), *(ledger.new("VatCodes", **c) for c in vat_codes)])
    ledger.put("Journal", [ledger.new("Journal", entry_id=i, date=on, voucher=voucher, debit=debit, credit=credit,
                                      amount=D(amount), vat_code=code or None,
                                      vat_amount=D(vat) if vat else None)
                           for i, (on, voucher, debit, credit, amount, code, vat) in enumerate(entries, start=1)])
    ledger.save()
    return ledger_path, invoicing_path


SUBSIDY = {"code": "SUBV", "label": "Subventions (chiffre 900)", "rate": D(0), "valid_from": date(2018, 1, 1),
           "kind": "excluded", "return_box": "900"}

#: the first quarter of 2026, effective method, agreed basis (DOMAIN.md §4's entries)
Q1 = [
    (date(2026, 1, 10), "F-1", "1100", "3200", "1000.00", "TVA", "81.00"),  # sale at 8.1 %
    (date(2026, 1, 10), "F-1", "1100", "2200", "81.00", "TVA", None),
    (date(2026, 1, 20), "F-2", "1100", "3200", "200.00", "TVARED", "5.20"),  # sale at 2.6 %
    (date(2026, 1, 20), "F-2", "1100", "2200", "5.20", "TVARED", None),
    (date(2026, 2, 5), "F-3", "1100", "3400", "500.00", "EXPORT", None),  # export, box 220
    (date(2026, 2, 10), "N-1", "3200", "1100", "100.00", "TVA", "8.10"),  # credit note on F-1
    (date(2026, 2, 10), "N-1", "2200", "1100", "8.10", "TVA", None),
    (date(2026, 2, 15), "R-1", "4200", "2000", "400.00", "IPM", "32.40"),  # materials, box 400
    (date(2026, 2, 15), "R-1", "1170", "2000", "32.40", "IPM", None),
    (date(2026, 2, 20), "R-2", "6500", "2000", "1000.00", "IPI", "81.00"),  # other operating costs, box 405
    (date(2026, 2, 20), "R-2", "1171", "2000", "81.00", "IPI", None),
    (date(2026, 3, 1), "F-4", "1020", "3400", "300.00", "EXCLU", None),  # excluded supply, box 230
    (date(2026, 3, 31), "S-1", "1020", "3600", "5000.00", "SUBV", None),  # a subsidy, box 900
    (date(2026, 4, 2), "F-5", "1100", "3200", "999.00", "TVA", "80.92"),  # the second quarter's
    (date(2026, 4, 2), "F-5", "1100", "2200", "80.92", "TVA", None),
]
