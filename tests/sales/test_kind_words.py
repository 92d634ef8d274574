"""`documents pay --kind` takes the book's word as well as the code (issue 18: the bookkeeper reads "escompte",
"Skonto" in the Payments drop-down, and types it): the payment is recorded under the code; a word of no kind is
refused with the list."""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from engine.cli import main
from engine.store.book import Book
from tests.company import blank, book  # noqa: F401 (fixtures)


@pytest.mark.parametrize("word,code", [("Skonto", "discount"), ("escompte", "discount"), ("perte", "loss"),
                                       ("Verlust", "loss"), ("discount", "discount")])
def test_pay_kind_in_any_language(book, word, code):
    assert main(["documents", "new", str(book.path), "--client", "1001", "--date", "02.03.2026",
                 "--line", "H-MEN:1"]) == 0
    invoice = max(d.number for d in Book.open(book.path).records("Documents") if d.number.startswith("F-"))
    assert main(["documents", "pay", str(book.path), "--number", invoice, "--amount", "1.90", "--date",
                 "10.03.2026", "--kind", word]) == 0
    (paid,) = [p for p in Book.open(book.path).records("Payments") if p.document_number == invoice]
    assert (paid.kind, paid.amount) == (code, D("1.90"))


def test_a_word_of_no_kind_is_refused_with_the_list(book, capsys):
    with pytest.raises(SystemExit):
        main(["documents", "pay", str(book.path), "--number", "F-1", "--amount", "1", "--kind", "Rabatt"])
    assert "credit_note" in capsys.readouterr().err
