"""A bank posting refused for a closed period says so in the book's language, naming the sheets and columns as the
books name them (audit of issue 18: the advice was English on German books — "reopen the period in the ledger's
Periods sheet (Closed empty) … set their Action to skip")."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from engine import templates
from engine.errors import BusinessRuleError, Source
from engine.domain.posting.entry import Entry
from engine.services.posting_sink import PostingBatch, refuse_closed_batch
from engine.store.book import Book


@pytest.mark.parametrize("language, said, advice", [
    ("de", "fällt in eine abgeschlossene Periode", ["Perioden", "Abgeschlossen", "nicht buchen"]),
    ("fr", "tombe dans une période bouclée", ["Périodes", "ne pas comptabiliser"]),
])
def test_a_bank_batch_in_a_closed_period_is_refused_in_the_books_words(tmp_path, monkeypatch, language, said,
                                                                       advice):
    monkeypatch.setenv("COMPTOIR_LANGUAGE", language)
    path = tmp_path / "ledger.xlsx"
    templates.write("ledger", path, language)
    ledger = Book.open(path)
    ledger.put("Periods", [ledger.new("Periods", period="2024", start=date(2024, 1, 1), end=date(2024, 12, 31),
                                      closed=True)])
    entry = Entry(date=date(2024, 12, 30), voucher="B-1", debit="6500", credit="1020", amount=Decimal("1000.00"),
                  source="movement:7")
    batch = PostingBatch(batch_id="b", source="invoicing.xlsx", session=1, kind="bank", entries=(entry,))
    with pytest.raises(BusinessRuleError) as refused:
        refuse_closed_batch(ledger.records("Periods"), batch, Source(ledger.name, "Periods"))
    message, hint = refused.value.message, refused.value.hint
    assert said in message and "1'000.00" in message and "30.12.2024" in message, message
    assert all(word in hint for word in advice), hint
    assert "reopen" not in hint and "Closed" not in hint and "Movements" not in message
