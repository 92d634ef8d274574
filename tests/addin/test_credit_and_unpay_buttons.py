"""The ribbon's "Use credit note" and "Remove payment" (issue 17, in part): on the selected rows, the same services as
`comptoir documents use-credit` and `unpay`."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from addin import ribbon
from engine.services import documents as docs
from engine.store.book import Book
from tests.addin.fake_excel import FakeBook
from tests.addin.test_ribbon_actions import select
from tests.company import blank, book  # noqa: F401 (fixtures)


def test_use_a_credit_note_then_remove_the_use_from_the_ribbon(book):
    invoice = docs.new_document(book, client_id=1001, on=date(2026, 3, 2), lines=[dict(article_id="H-MEN",
                                                                                       quantity=D(2))])
    note = docs.new_document(book, client_id=1001, stage="N", on=date(2026, 3, 9), refers_to=invoice,
                             lines=[dict(article_id="H-MEN", quantity=D(1))])
    book.save()
    owed = docs.db.find_document(Book.open(book.path), invoice).balance
    xl = FakeBook.from_file(book.path)
    row = docs.db.find_document(Book.open(book.path), note).row
    select(xl, "Documents", row)
    assert f"Used: {note}" in ribbon.use_credit_note(xl)
    xl.save()
    after = Book.open(book.path)
    credit = docs.db.find_document(after, note).total_payable
    assert docs.db.find_document(after, invoice).balance == owed - credit
    use = next(p for p in after.records("Payments") if p.kind == "credit_note" and p.document_number == invoice)
    xl = FakeBook.from_file(book.path)
    select(xl, "Payments", use.row)
    assert "Removed payment(s)" in ribbon.remove_payment(xl)
    xl.save()
    assert docs.db.find_document(Book.open(book.path), invoice).balance == owed
