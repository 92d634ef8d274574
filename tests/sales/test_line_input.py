"""Lines typed for a new document: a line discount from the command line, and no negative quantity (issue 14,
items 5 and 7)."""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from engine.cli import main
from engine.services import documents as docs
from engine.store.book import Book
from tests.company import blank, book  # noqa: F401 (fixtures)


@pytest.mark.parametrize("typed", ["H-MEN:2:10", "H-MEN:2:10%"])
def test_a_line_discount_from_the_command_line(book, typed, capsys):
    path = book.path
    assert main(["documents", "new", str(path), "--client", "1001", "--line", typed, "--date", "2026-03-02"]) == 0
    number = capsys.readouterr().out.split(":")[0]
    reread = Book.open(path)
    line = docs.db.lines_of(reread, number)[0]
    # 2 h × 95.00 = 190.00, less 10 % = 171.00 net; VAT 8.1 % = 13.851 → 13.85; 184.85 payable (already a 0.05 step).
    assert (line.discount, line.net_amount) == (D("10"), D("171.00"))
    assert docs.db.find_document(reread, number).total_payable == D("184.85")


def test_a_negative_quantity_is_refused_and_nothing_is_written(book, capsys):
    before = book.path.read_bytes()
    assert main(["documents", "new", str(book.path), "--client", "1001", "--line", "H-MEN:-2"]) != 0
    err = capsys.readouterr().err
    assert "negative quantity -2" in err and "credit note" in err
    assert book.path.read_bytes() == before


def test_a_discount_over_100_percent_is_refused(book, capsys):
    assert main(["documents", "new", str(book.path), "--client", "1001", "--line", "H-MEN:1:150"]) != 0
    assert "not between 0 and 100" in capsys.readouterr().err
