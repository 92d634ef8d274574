"""The ribbon's Contacts and Stock buttons (issue 17): on the selected rows, the same services as `comptoir
documents new --contact`, `stock move`, `stock receive` and `report stock-low`."""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal as D

from addin import ribbon
from engine.services import contacts, purchases
from engine.services import documents as docs
from engine.store.book import Book
from tests.addin.fake_excel import FakeBook
from tests.addin.test_ribbon_actions import select
from tests.company import blank, book  # noqa: F401 (fixtures)


class Answers:
    """Excel's InputBox answering in turn (numbers come back as floats, text as str)."""

    def __init__(self, *answers):
        self.answers, self.kinds = list(answers), []

    def InputBox(self, prompt, title, Type):  # noqa: N802 - Excel's name
        self.kinds.append(Type)
        return self.answers.pop(0)


def _stocked(book, **minimum):
    book.put("Articles", [replace(a, stocked=True, minimum_stock=D(minimum[a.article_id]))
                          if a.article_id in minimum else a for a in book.records("Articles")])


def test_new_document_for_the_selected_contact(book):
    contacts.add_contact(book, 1005, "Frau Martina Keller")
    book.save()
    xl = FakeBook.from_file(book.path)
    select(xl, "Contacts", 2)
    text = ribbon.new_document_for_contact(xl)
    assert "to the attention of Frau Martina Keller" in text
    xl.save()
    number = text.split()[0]
    assert docs.db.find_document(Book.open(book.path), number).contact == "Frau Martina Keller"


def test_stock_correction_receive_goods_and_low_stock(book):
    _stocked(book, HUILE=10, CIRE=6)
    done = purchases.new_received_invoice(book, creditor_id=1, date=date(2026, 1, 5), amount=D("500.00"))
    number = done.ids[0]
    book.put("ReceivedLines", [*book.records("ReceivedLines"),
                               book.new("ReceivedLines", invoice_number=number, position=10, article_id="HUILE",
                                        quantity=D(24)),
                               book.new("ReceivedLines", invoice_number=number, position=11, article_id="CIRE",
                                        quantity=D(3))])
    book.save()
    received = next(r for r in Book.open(book.path).records("ReceivedInvoices") if r.number == number)
    xl = FakeBook.from_file(book.path)
    select(xl, "ReceivedInvoices", received.row)
    assert ribbon.receive_goods(xl) == f"Received: {number}: HUILE +24, CIRE +3"
    xl.save()
    huile = next(a for a in Book.open(book.path).records("Articles") if a.article_id == "HUILE")
    xl = FakeBook.from_file(book.path)
    select(xl, "Articles", huile.row)
    xl.app.api = answers = Answers(-4.0, "casse")
    assert "HUILE: -4 (casse), on hand 20." == ribbon.stock_correction(xl)  # 24 - 4
    assert answers.kinds == [1, 2]  # a number, then a text
    xl.save()
    # HUILE 20 ≥ 10; CIRE 3 < 6
    assert ribbon.stock_levels(FakeBook.from_file(book.path)) == \
        "Under their minimum: CIRE Cire d'abeille 500 ml: 3 on hand, minimum 6"
    xl = FakeBook.from_file(book.path)
    select(xl, "Articles", huile.row)
    xl.app.api = Answers(False)  # Cancel
    before = book.path.read_bytes()
    assert "cancelled" in ribbon.stock_correction(xl)
    assert book.path.read_bytes() == before
    cire = next(a for a in Book.open(book.path).records("Articles") if a.article_id == "CIRE")
    xl = FakeBook.from_file(book.path)
    select(xl, "Articles", cire.row)
    xl.app.api = Answers(-5, "casse")  # 3 on hand, 5 broken: the count is wrong, but the move is kept and said
    assert ribbon.stock_correction(xl) == ("CIRE: -5 (casse), on hand -2. Warning: CIRE: -2 on hand; a receipt or an "
                                           "inventory correction is missing (comptoir stock receive|move).")


def test_a_receipt_moved_on_from_the_ribbon_brings_its_goods_in_and_stock_value_adds_them_up(book):  # noqa: F811
    _stocked(book, HUILE=10, CIRE=6)
    book.put("Articles", [replace(a, purchase_price=D("21.40")) if a.article_id == "HUILE" else a
                          for a in book.records("Articles")])
    number = purchases.new_received_invoice(book, creditor_id=1, date=date(2026, 1, 5), stage="order", lines=[
        dict(article_id="HUILE", quantity=D(24)), dict(article_id="CIRE", quantity=D(5), unit_price=D("11.15"))]).ids[0]
    book.save()
    assert not Book.open(book.path).records("StockMoves")  # an order brings nothing in
    order = next(r for r in Book.open(book.path).records("ReceivedInvoices") if r.number == number)
    xl = FakeBook.from_file(book.path)
    select(xl, "ReceivedInvoices", order.row)
    assert ribbon.received_next_stage(xl) == f"Moved to the next stage: {number} C → L"
    xl.save()
    assert [(m.article_id, m.quantity, m.reason) for m in Book.open(book.path).records("StockMoves")] == [
        ("HUILE", D(24), "received"), ("CIRE", D(5), "received")]
    said = ribbon.stock_value(FakeBook.from_file(book.path))
    # HUILE 24 × 21.40 = 513.60; CIRE has no PurchasePrice in Articles (its line's price is the supplier's): not
    # valued, and said so
    assert said.startswith("Stock at ") and "2 article(s), value CHF 513.60 (no PurchasePrice, not valued: CIRE)" \
        in said
    assert (book.path.parent / "reports" / "stock.pdf").read_bytes()[:4] == b"%PDF"
