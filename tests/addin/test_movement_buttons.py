"""The ribbon's Movement menu (issue 17): on the selected Movements rows, the same services as `comptoir bank
action|delete|split|unsplit|label`, through the fake Excel the other ribbon tests use. Expected as in
tests/bank/test_movement_actions.py: the card payment split 90.50 + 27.00 (= 117.50), the interest skipped, the
unknown credit kept pending with the payer's communication as label, the charges before go-live forced."""
from __future__ import annotations

from decimal import Decimal as D

from addin import ribbon
from engine.cli import main
from engine.store.book import Book
from tests.addin.fake_excel import FakeBook
from tests.addin.test_ribbon_actions import select
from tests.bank.test_movement_actions import _movements, books  # noqa: F401 (fixture)


def _click(book, button, amount: str, answer: str | None = None) -> str:
    class Api:
        def InputBox(self, prompt, title, Type):  # noqa: N802 - Excel's name
            assert Type == 2
            return answer
    xl = FakeBook.from_file(book)
    select(xl, "Movements", _movements(book)[D(amount)].row)
    xl.app.api = Api()
    text = getattr(ribbon, button)(xl)
    xl.save()
    return text


def test_the_movement_menu_does_what_the_commands_do(books):
    book, ledger = books
    assert "balanced" in _click(book, "multiple_entry", "117.50", "6210|90.50|Essence; 6500|27.00|Alimentation")
    assert "Ne pas comptabiliser" in _click(book, "skip_movement", "3.20")
    assert "Garder en attente" in _click(book, "keep_pending", "500.00")
    assert "communication" in _click(book, "label_from_communication", "500.00")
    assert "Forcer" in _click(book, "force_posting", "12.50")
    assert "deleted" in _click(book, "delete_movement", "40.00")
    m = _movements(book)
    assert m[D("117.50")].lines and m[D("3.20")].action == "skip" and m[D("12.50")].action == "force"
    assert (m[D("500.00")].action, m[D("500.00")].label) == ("pending", "Remboursement caution")
    assert m[D("40.00")].state == "deleted"
    assert "normal entries again" in _click(book, "normal_entry", "117.50")
    assert not _movements(book)[D("117.50")].lines
    assert main(["bank", "post", str(book), "--ledger", str(ledger)]) == 0
    journal = Book.open(ledger).records("Journal")
    assert sorted((e.debit, e.credit, e.amount) for e in journal) == [("6940", "1020", D("12.50")),
                                                                     ("9908", "1020", D("117.50"))]


def test_a_cancelled_multiple_entry_changes_nothing(books):
    book, _ = books
    before = Book.open(book).records("Movements")
    text = _click(book, "multiple_entry", "117.50", None)
    assert "cancelled" in text and Book.open(book).records("Movements") == before
