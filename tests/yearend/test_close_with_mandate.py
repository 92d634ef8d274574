"""Closing a ledger that a mandate feeds (issue 19 item 3 with issue 14's closed periods): batches of the year
still waiting in the mandate are named and the close refused; once pulled, the year closes and its periods are
published, so the invoicing side refuses to post into it before anything reaches the mandate."""
from __future__ import annotations

from datetime import date

import pytest

from engine import mandate
from engine.demo.run import DemoContext, step_books, step_mandate
from engine.errors import BusinessRuleError
from engine.services import ledger_sync, posting
from engine.services.posting_sink import MandateSink
from engine.services.year_end import close_year
from engine.store.book import Book
from tests.posting.books import invoice, pay


def _post(ctx, number, on):
    book = Book.open(ctx.invoicing)
    client = book.records("Clients")[0].client_id
    # 1'000.00 at 8.1 %: 81.00 of VAT, 1'081.00 paid the same day: 1100 ends at zero
    invoice(book, number, [("3400", "TVA", "1000.00", "81.00")], client=client, on=on)
    pay(book, number, "1081.00", on)
    book.save()
    with mandate.open_book(ctx.invoicing) as m:
        return posting.post(Book.open(ctx.invoicing), None, on, "all", sink=MandateSink(m))


def test_waiting_batches_refuse_the_close_and_a_closed_year_reaches_the_invoicing_side(tmp_path):
    ctx = DemoContext(folder=tmp_path)
    step_books(ctx)
    step_mandate(ctx)
    posted = _post(ctx, "F-1", date(2026, 3, 2))
    before = ctx.ledger.read_bytes()
    with pytest.raises(BusinessRuleError, match=r"1 posting batch\(es\) of 2026 wait in the mandate") as refused:
        close_year(Book.open(ctx.ledger), 2026)
    assert f"session {posted.session}" in refused.value.message and "mandate pull ledger.xlsx" in refused.value.hint
    assert ctx.ledger.read_bytes() == before
    with mandate.open_book(ctx.ledger) as m:
        ledger_sync.pull_into_ledger(Book.open(ctx.ledger), m)
    assert close_year(Book.open(ctx.ledger), 2026).periods == ("2026",)
    with mandate.open_book(ctx.ledger) as m:
        assert [(p["period"], p["closed"]) for p in mandate.reference(m).periods] == [("2026", True)]
    with pytest.raises(BusinessRuleError, match="period 2026 .* is closed"):
        _post(ctx, "F-2", date(2026, 11, 2))


def test_statements_take_the_company_name_from_the_mandate(tmp_path):
    ctx = DemoContext(folder=tmp_path)
    step_books(ctx)
    step_mandate(ctx)  # the demo's mandate is named "Menuiserie Favre SA"
    from engine.services import statements
    statements.write(ctx.ledger, 2026)
    import openpyxl
    assert openpyxl.load_workbook(ctx.ledger)["Bilan"]["A1"].value == "Bilan — Menuiserie Favre SA"


def test_statements_in_the_language_of_the_invoicing_book(tmp_path):
    ctx = DemoContext(folder=tmp_path)
    step_books(ctx)
    step_mandate(ctx)
    invoicing = Book.open(ctx.invoicing)
    invoicing.set_settings(DefaultLanguage="DE")
    invoicing.save()
    from engine.services import statements
    made = statements.write(ctx.ledger, 2026)
    assert [r.title for r in made] == ["Bilanz", "Erfolgsrechnung"]
    assert statements.write(ctx.ledger, 2026, "it")[0].title == "Bilancio"  # asked for: wins


def test_opening_into_a_new_book_warns_that_the_mandate_still_feeds_the_old(tmp_path, capsys):
    from engine.cli import main
    ctx = DemoContext(folder=tmp_path)
    step_books(ctx)
    step_mandate(ctx)
    assert main(["ledger", "close", str(ctx.ledger), "--year", "2026"]) == 0  # an empty year closes
    assert main(["ledger", "open", str(ctx.ledger), "--year", "2027", "--into", str(tmp_path / "l27.xlsx")]) == 0
    out = capsys.readouterr().out
    assert "warning: the mandate Menuiserie Favre SA still posts into ledger.xlsx, not l27.xlsx" in out
    assert main(["ledger", "open", str(ctx.ledger), "--year", "2027"]) == 0  # the same book: no warning
    assert "warning" not in capsys.readouterr().out
