"""Movements of a EUR bank account: the ledger is in CHF, so they post at Settings EURRate, the label keeping the
bank's amount; a currency Settings has no rate for is refused, naming the movement."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from engine.services import bank_post
from engine.store.book import Book
from tests.posting.books import books


def _movement(book: Book, movement_id: int, currency: str, amount: str) -> None:
    book.put("Movements", [*book.records("Movements"), book.new(
        "Movements", movement_id=movement_id, bank_iban="CH9300762011623852957", booking_date=date(2026, 3, 2),
        direction="debit", amount=D(amount), currency=currency, debit_account="6940", credit_account="1021",
        type="Frais bancaires", label="Frais", action="post", state="pending")])


def test_a_eur_fee_posts_in_chf_at_the_settings_rate():
    book, ledger = books(EURRate=D("0.95"))
    _movement(book, 1, "EUR", "12.35")
    result = bank_post.post(book, ledger=ledger)
    assert result.problems == ()
    [entry] = ledger.records("Journal")
    # 12.35 EUR × 0.95 = 11.7325 → 11.73 CHF
    assert (entry.debit, entry.credit, entry.amount) == ("6940", "1021", D("11.73"))
    assert "EUR 12.35 × 0.95" in entry.label


def test_a_usd_movement_is_refused_and_nothing_posts():
    book, ledger = books(EURRate=D("0.95"))
    _movement(book, 1, "USD", "10.00")
    result = bank_post.post(book, ledger=ledger)
    assert result.posted == 0 and not ledger.records("Journal")
    assert "movement 1 is in USD" in result.problems[0].message and result.problems[0].source.sheet == "Movements"
