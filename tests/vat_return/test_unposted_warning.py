"""Audit 19: `ledger vat-return` with the invoicing book at hand wrote the return without a word while an invoice of
the period was not posted (the return left its 1,081.00 and 81.00 tax out), and wrote a nil return of a period
without a single entry the same way. Now it warns, naming the documents, and says "no entries in this period"."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from engine.cli import main
from engine.services import documents as docs
from engine.store.book import Book
from tests.vat_return.books import Q1, SUBSIDY, on_disk


def test_documents_of_the_period_not_posted_are_named(tmp_path, capsys):
    ledger, invoicing = on_disk(tmp_path, Q1, [SUBSIDY])
    book = Book.open(invoicing)
    book.put("Clients", [book.new("Clients", client_id=1, company="Muster AG")])
    # an invoice of 20 March (Q1) and one of 2 April (Q2), neither posted
    march = docs.new_document(book, client_id=1, stage="F", on=date(2026, 3, 20),
                              lines=[dict(designation="Pose", quantity=D(1), unit_price=D("1000.00"),
                                          account="3200", vat_code="TVA")])
    docs.new_document(book, client_id=1, stage="F", on=date(2026, 4, 2),
                      lines=[dict(designation="Pose", quantity=D(1), unit_price=D("500.00"), account="3200",
                                  vat_code="TVA")])
    book.save()
    capsys.readouterr()
    assert main(["ledger", "vat-return", str(ledger), "--period", "2026-Q1", "--invoicing", str(invoicing)]) == 0
    out = capsys.readouterr().out
    assert f"warning: 1 document(s) or payment(s) of ventes.xlsx dated in the period are not posted, so this " \
           f"return leaves them out: {march};" in out
    assert "no entries in this period" not in out


def test_a_period_without_entries_is_said_to_be_a_nil_return(tmp_path, capsys):
    ledger, invoicing = on_disk(tmp_path, Q1, [SUBSIDY])
    capsys.readouterr()
    assert main(["ledger", "vat-return", str(ledger), "--period", "2026-Q3", "--invoicing", str(invoicing)]) == 0
    out = capsys.readouterr().out
    assert "warning: no entries in this period (01.07.2026–30.09.2026) in compta.xlsx: a nil return" in out
    assert "not posted" not in out
