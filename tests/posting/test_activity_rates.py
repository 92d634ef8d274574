"""Two activities, two rates (issue 17: "more than one TDFN rate (an activity per rate)" and the flat-rate method of
public bodies and associations; MWSTG art. 37; DOMAIN.md §4). Settings TdfnRate 6.2 % for the main activity,
TdfnRates "3400=2.1" for the second one's revenue account. By hand, agreed basis, revenue booked gross:
    F-1 3200 1000.00 + 81.00 = 1081.00 at 6.2 % → 67.022 → 67.02
    F-2 3400  500.00 + 40.50 =  540.50 at 2.1 % → 11.3505 → 11.35
The closing posts 3809 / 2200 67.02 and 11.35 (78.37 in all) on a taxable turnover of 1621.50; `ledger vat` and
`report vat` show the same two taxes. The flat-rate method (VatMethod flat) books and closes the same way."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from engine.cli import main
from engine.services import posting, reports, vat_close
from tests.posting.books import books, invoice

H1 = (date(2026, 1, 1), date(2026, 6, 30))


@pytest.mark.parametrize("method", ["tdfn", "flat"])
def test_each_activity_is_taxed_at_its_rate(method):
    book, ledger = books(VatMethod=method, TdfnRate="6.2", TdfnRates="3400=2.1")
    invoice(book, "F-1", [("3200", "TVA", "1000.00", "81.00")], on=date(2026, 3, 2))
    invoice(book, "F-2", [("3400", "TVA", "500.00", "40.50")], on=date(2026, 4, 2))
    posting.post(book, ledger, H1[1], save=False)
    session, turnover, entries = vat_close.close_period_entries(book, ledger, *H1, save=False)
    assert turnover == D("1621.50")
    assert [(e.debit, e.credit, e.amount) for e in entries] == [("3809", "2200", D("11.35")),
                                                               ("3809", "2200", D("67.02"))]
    assert next(s for s in book.records("PostingSessions") if s.session == session).total == D("78.37")
    report = reports.report(book, "vat", ledger=ledger, start=H1[0], until=H1[1])
    at = [report.column(k) for k in ("code", "rate", "base", "vat")]
    assert sorted(tuple(r[i] for i in at) for r in report.rows) == [("TDFN", "2.1", D("540.50"), D("11.35")),
                                                                    ("TDFN", "6.2", D("1081.00"), D("67.02"))]


def test_ledger_vat_shows_each_activitys_tax(tmp_path, capsys):
    book, ledger = books(VatMethod="tdfn", TdfnRate="6.2", TdfnRates="3400=2.1")
    invoice(book, "F-1", [("3200", "TVA", "1000.00", "81.00")], on=date(2026, 3, 2))
    invoice(book, "F-2", [("3400", "TVA", "500.00", "40.50")], on=date(2026, 4, 2))
    posting.post(book, ledger, H1[1], save=False)
    from engine.store.book import Book
    path = tmp_path / "compta.xlsx"
    assert main(["new", "ledger", str(path)]) == 0
    on_disk = Book.open(path)
    on_disk.put("Journal", [on_disk.new("Journal", **{f: getattr(e, f) for f in ("entry_id", "date", "voucher",
                                                                                   "debit", "credit", "amount",
                                                                                   "vat_code", "vat_amount")})
                            for e in ledger.records("Journal")])
    on_disk.save()
    capsys.readouterr()
    assert main(["ledger", "vat", str(path), "--tdfn-rate", "6.2", "--tdfn-rates", "3400=2.1"]) == 0
    out = capsys.readouterr().out
    assert "TDFN tax at 6.2%: 67.02" in out
    assert "TDFN tax at 2.1%: 11.35" in out


def test_the_dashboards_vat_due_taxes_each_activity_at_its_rate():
    """The dashboard's "VAT due" read from the ledger took every turnover at the main rate: 1621.50 × 6.2 % =
    100.533 → 100.53, where the return asks 67.02 + 11.35 = 78.37 (the hand figures above)."""
    book, ledger = books(VatMethod="tdfn", TdfnRate="6.2", TdfnRates="3400=2.1")
    invoice(book, "F-1", [("3200", "TVA", "1000.00", "81.00")], on=date(2026, 3, 2))
    invoice(book, "F-2", [("3400", "TVA", "500.00", "40.50")], on=date(2026, 3, 20))
    posting.post(book, ledger, date(2026, 3, 31), save=False)
    figures = dict(reports.dashboard(book, until=date(2026, 3, 31), ledger=ledger, language="fr").figures)
    assert figures["TVA due (trimestre)"] == D("78.37")
