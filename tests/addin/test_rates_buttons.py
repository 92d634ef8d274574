"""The ribbon's Import rates (invoicing book) and Revalue (ledger book) buttons (issue 19): the same services as
`comptoir rates import` and `comptoir ledger revalue`, the file from Excel's Open dialog, the day from an input box,
the invoicing book from the mandate."""
from __future__ import annotations

import datetime as dt
from datetime import date
from decimal import Decimal as D

from addin import ribbon
from engine.demo import run
from engine.services.posting import post
from engine.store.book import Book
from tests.addin.fake_excel import FakeBook
from tests.posting.books import invoice


class Excel:
    """Excel's Open dialog and input box, answering what the test says (False: Cancel)."""

    def __init__(self, file=None, text=None):
        self.file, self.text = file, text

    def GetOpenFilename(self, filter_, index, title):  # noqa: N802 - Excel's name
        return self.file

    def InputBox(self, prompt, title, Type):  # noqa: N802 - Excel's name
        return self.text


def test_import_rates_then_revalue_from_the_ribbon(tmp_path):
    ctx = run.DemoContext(folder=tmp_path)
    run.step_books(ctx)
    run.step_mandate(ctx)
    year = ctx.year
    csv = tmp_path / "rates.csv"
    csv.write_text(f"Datum;Währung;Kurs\n02.03.{year};EUR;0,9400\n31.12.{year};EUR;0,9300\n", encoding="utf-8")
    xl = FakeBook.from_file(ctx.invoicing)
    xl.app.api = Excel(file=str(csv))
    assert ribbon.import_rates(xl) == f"rates.csv: 2 rate(s) added, 0 replaced, 0 already there (02.03.{year} – " \
                                      f"31.12.{year})."
    xl.save()
    book = Book.open(ctx.invoicing)
    assert [(r.date, r.rate) for r in book.records("Rates")] == [(date(year, 3, 2), D("0.9400")),
                                                                (date(year, 12, 31), D("0.9300"))]
    # an open EUR invoice of EUR 1,000.00 at 0.94 = 940.00; at 0.93 on 31.12 it is worth 930.00: 10.00 loss
    client = book.records("Clients")[0].client_id
    invoice(book, "F-EUR-1", [("3400", "", "1000.00", "0.00")], client=client, on=date(year, 3, 2),
            currency="EUR", exchange_rate=D("0.9400"))
    ledger = Book.open(ctx.ledger)
    post(book, ledger, date(year, 3, 31), what="sales", save=False)
    book.save()
    ledger.save()
    xl = FakeBook.from_file(ctx.ledger)
    xl.app.api = Excel(text=f"31.12.{year}")
    said = ribbon.revalue(xl)
    assert said.startswith(f"2 entries on 31.12.{year} and their reversal") and "-10.00" in said, said
    xl.save()
    entries = [(e.date, e.debit, e.credit, e.amount) for e in Book.open(ctx.ledger).records("Journal")
               if e.batch.startswith(f"revaluation-{year}-12-31-")]
    assert entries == [(date(year, 12, 31), "6949", "1100", D("10.00")),
                       (date(year + 1, 1, 1), "1100", "6949", D("10.00"))]


def test_cancel_changes_nothing(tmp_path):
    ctx = run.DemoContext(folder=tmp_path)
    run.step_books(ctx)
    before = ctx.invoicing.read_bytes()
    xl = FakeBook.from_file(ctx.invoicing)
    xl.app.api = Excel(file=False)
    assert "cancelled" in ribbon.import_rates(xl)
    assert ctx.invoicing.read_bytes() == before
    xl = FakeBook.from_file(ctx.invoicing)
    assert "works in the ledger book" in ribbon.revalue(xl)
    ledger = ctx.ledger.read_bytes()
    xl = FakeBook.from_file(ctx.ledger)
    xl.app.api = Excel(text="31.13.2026")
    assert '"31.13.2026" is not a date' in ribbon.revalue(xl)
    assert ctx.ledger.read_bytes() == ledger


def test_import_rates_into_a_workbook_made_before_the_rates_sheet(tmp_path):
    from engine import templates
    workbook = templates.build("invoicing")
    del workbook["Rates"]
    workbook.save(tmp_path / "old.xlsx")
    csv = tmp_path / "r.csv"
    csv.write_text("date,currency,rate\n2026-12-31,EUR,0.93\n", encoding="utf-8")
    xl = FakeBook.from_file(tmp_path / "old.xlsx")
    xl.app.api = Excel(file=str(csv))
    assert ribbon.import_rates(xl).startswith("r.csv: 1 rate(s) added")
    # the live workbook gets the sheet, last, with its header and the rate (Excel's values: dates, floats)
    assert xl.rows("Rates") == [["Date", "Currency", "Rate", "Source"], [dt.datetime(2026, 12, 31), "EUR", 0.93,
                                                                          "r.csv"]]
