"""`comptoir unposted`: the documents kept out of the ledger, each with its total (issue 14, item 11)."""
from __future__ import annotations

from argparse import Namespace

from engine.commands import posting as posting_command
from tests.posting.books import books, invoice, received


def test_lists_a_zero_document_and_a_received_invoice(monkeypatch, capsys):
    book, _ledger = books()
    # A free delivery (total 0.00) and a disputed 1,081.00 supplier invoice, both kept out of the ledger.
    invoice(book, "F-7", [("3200", "TVA", "0.00", "0.00")], do_not_post=True)
    invoice(book, "F-8", [("3200", "TVA", "1000.00", "81.00")])
    received(book, "R-3", "1081.00", do_not_post=True)
    monkeypatch.setattr(posting_command.Book, "open", staticmethod(lambda path: book))
    assert posting_command.run_unposted(Namespace(book="ventes.xlsx")) == 0
    rows = [line.split("\t") for line in capsys.readouterr().out.splitlines()]
    assert [(r[0], r[2]) for r in rows] == [("F-7", "0.00"), ("R-3", "1'081.00")]
