"""The demo posting step on real files: posts, balances, and round-trips unpost / repost."""
from __future__ import annotations

from datetime import date

from engine.demo import posting as demo_posting
from engine.demo.run import DemoContext, step_books, step_mandate
from engine.store.book import Book
from tests.posting.books import invoice, pay, received


def test_demo_step_posts_and_round_trips(tmp_path):
    ctx = DemoContext(folder=tmp_path)
    step_books(ctx)
    step_mandate(ctx)  # the demo posts through its local mandate
    book = Book.open(ctx.invoicing)
    client = book.records("Clients")[0].client_id
    creditor = book.records("Creditors")[0].creditor_id
    invoice(book, "F-1", [("3400", "TVA", "950.00", "76.95")], client=client)
    pay(book, "F-1", "1026.95", date(2026, 4, 1))
    received(book, "R-1", "540.50", creditor=creditor)
    book.save()
    text = demo_posting.step(ctx)
    # 2 594.40 posted (1026.95 invoice + 1026.95 payment + 540.50 received invoice) and the year's opening entry
    # 1020 / 9100 180 000.00 (the demo statement's opening balance): 182 594.40 on each side
    assert "debit 182'594.40 = credit 182'594.40" in text and text.endswith("same Journal: yes")  # said in words, not as a Python bool
    assert "unpost left 1 entries" in text  # the opening entry is no session's
