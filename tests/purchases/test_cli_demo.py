"""The headless doors: `comptoir purchases ...` / `comptoir payments ...`, and the demo step's payment file."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from engine.cli import main
from engine.demo.run import DemoContext, step_books
from engine.demo import purchases as demo_purchases
from engine.store.book import Book
from tests.formats.pain001_support import xsd_errors


def test_cli_round_trip(tmp_path, capsys):
    ctx = DemoContext(folder=tmp_path / "d")
    step_books(ctx)
    book = str(ctx.invoicing)
    assert main(["purchases", "new", book, "--creditor", "1", "--date", "2026-03-05", "--amount", "1081"]) == 0
    assert main(["purchases", "new", book, "--creditor", "1", "--date", "2026-03-05", "--amount", "-81"]) == 0
    assert main(["purchases", "credit", book, "R-2026-0001", "--note", "R-2026-0002", "--account", "2000",
                 "--date", "2026-03-06"]) == 2
    assert "creditors account" in capsys.readouterr().err
    assert main(["purchases", "credit", book, "R-2026-0001", "--note", "R-2026-0002", "--date", "2026-03-06"]) == 0
    assert main(["payments", "propose", book, "--today", "2026-03-06"]) == 0
    out = tmp_path / "pay.xml"
    assert main(["payments", "export", book, "--account", "CH93 0076 2011 6238 5295 7", "--out", str(out),
                 "--today", "2026-03-06"]) == 0
    assert xsd_errors(out.read_bytes()) == []
    r = Book.open(ctx.invoicing).records("ReceivedInvoices")[0]
    assert (r.status, r.balance) == (">BA", 0)


def test_demo_step_writes_a_schema_valid_payment_file(tmp_path):
    ctx = DemoContext(folder=tmp_path / "demo")
    step_books(ctx)
    summary = demo_purchases.step(ctx)
    assert "QR-bill" in summary and "\n" not in summary
    path = Path(ctx.facts["payment_file"])
    assert path.parent == ctx.folder / "payments" and xsd_errors(path.read_bytes()) == []
    book = Book.open(ctx.invoicing)
    assert [p for p in book.check() if p.severity == "error"] == []
    kinds = {p.kind for p in book.records("Payments")}
    assert kinds == {"payment", "discount", "credit_note"}


def test_cli_enters_a_eur_invoice_with_its_rate_and_posts_it_in_chf(tmp_path, capsys):
    ctx = DemoContext(folder=tmp_path / "d")
    step_books(ctx)
    book, ledger = str(ctx.invoicing), str(ctx.ledger)
    assert main(["purchases", "new", book, "--creditor", "1", "--date", "2026-03-05", "--amount", "200",
                 "--currency", "EUR", "--exchange-rate", "0.9", "--vat", "", "--account", "4200"]) == 0
    with pytest.raises(SystemExit) as refused:
        main(["purchases", "new", book, "--creditor", "1", "--date", "2026-03-05", "--amount", "10",
              "--currency", "EUR", "--exchange-rate", "-1"])
    assert refused.value.code == 2 and "is not a rate" in capsys.readouterr().err
    record = Book.open(ctx.invoicing).records("ReceivedInvoices")[-1]
    assert (record.currency, record.exchange_rate, record.amount) == ("EUR", Decimal("0.9"), Decimal("200.00"))
    assert main(["post", book, "--ledger", ledger, "--until", "2026-12-31", "--what", "purchases"]) == 0
    entries = [e for e in Book.open(ctx.ledger).records("Journal") if e.group == record.number]
    assert sum(e.amount for e in entries if e.credit == "2000") == Decimal("180.00")  # 200 EUR at 0.9
