"""`comptoir post BOOK --until D` on a book with a mandate publishes there; `comptoir mandate pull LEDGER` imports it."""
from decimal import Decimal

from engine.cli import main
from engine.demo import run, sales
from engine.store.book import Book


def test_post_publishes_to_the_mandate_and_the_ledger_pulls_it(tmp_path, capsys):
    ctx = run.DemoContext(folder=tmp_path)
    run.step_books(ctx)
    run.step_mandate(ctx)
    sales.step(ctx)
    assert main(["post", str(ctx.invoicing), "--until", f"{ctx.year}-12-31"]) == 0
    assert Book.open(ctx.ledger).records("Journal") == ()  # nothing reaches the ledger before it pulls
    capsys.readouterr()
    assert main(["mandate", "status", str(ctx.invoicing)]) == 0
    assert "waiting" in capsys.readouterr().out
    assert main(["mandate", "pull", str(ctx.ledger)]) == 0
    journal = Book.open(ctx.ledger).records("Journal")
    invoices = [d for d in Book.open(ctx.invoicing).records("Documents") if d.stage == "F" and d.posted_session]
    assert journal and invoices
    # Independent check: the receivables debited equal the invoices' payable totals (agreed basis, DOMAIN.md §4).
    debited = sum(e.amount for e in journal if e.debit == "1100" and e.group in {d.number for d in invoices})
    assert debited >= sum(d.total_payable for d in invoices if not d.down_payment) - Decimal("0.05") * len(invoices)
    assert main(["mandate", "pull", str(ctx.ledger)]) == 0
    assert len(Book.open(ctx.ledger).records("Journal")) == len(journal)  # exactly once
    session = Book.open(ctx.invoicing).records("PostingSessions")[-1].session
    assert main(["unpost", str(ctx.invoicing), "--session", str(session)]) == 0
    assert main(["mandate", "pull", str(ctx.ledger)]) == 0
    assert Book.open(ctx.ledger).records("Journal") == ()


def test_post_without_mandate_or_ledger_says_what_to_do(tmp_path, capsys):
    ctx = run.DemoContext(folder=tmp_path)
    run.step_books(ctx)
    assert main(["post", str(ctx.invoicing), "--until", "2026-12-31"]) == 2
    assert "--ledger" in capsys.readouterr().err
