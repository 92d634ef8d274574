"""The ribbon's période d'imputation buttons (issue 17): Movement ▸ Imputation period on the selected movements and
Accounting ▸ Balance by imputation in the ledger, the same services as `comptoir bank period` and `ledger balance
--imputation`. The statement and the hand calculation are those of tests/bank/test_imputation_period.py: in 2024-Q1
the insurance counts 3 × 100.00 = 300.00 on 6300, the charges 12.50 on 6940, the rent (imputed to Q2) nothing;
1020 gives 312.50."""
from __future__ import annotations

from decimal import Decimal as D

from addin import ribbon
from engine.cli import main
from engine.store.book import Book
from tests.addin.fake_excel import FakeBook
from tests.addin.test_ribbon_actions import select
from tests.bank.test_imputation_period import ACCOUNTS, _books, _type


class Api:
    def __init__(self, answer):
        self.answer = answer

    def InputBox(self, prompt, title, Type):  # noqa: N802 - Excel's name
        assert Type == 2
        return self.answer


def _click(path, button, answer, row=None) -> str:
    xl = FakeBook.from_file(path)
    if row is not None:
        select(xl, "Movements", row)
    xl.app.api = Api(answer)
    text = getattr(ribbon, button)(xl)
    xl.save()
    return text


def test_imputation_period_on_the_selected_movements_then_the_balance_by_imputation(tmp_path):
    book, ledger = _books(tmp_path / "books")
    for amount, account in ACCOUNTS.items():
        _type(book, amount, DebitAccount=account, Action="post")
    rows = {m.amount: m.row for m in Book.open(book).records("Movements")}
    assert _click(book, "imputation_period", "2024-01..2024-12", rows[D("1200.00")]) == \
        "1 movement(s) imputed to 2024."
    assert _click(book, "imputation_period", "2024-Q2", rows[D("1000.00")]) == "1 movement(s) imputed to 2024-Q2."
    before = Book.open(book).records("Movements")
    assert "no month 13" in _click(book, "imputation_period", "2024-13", rows[D("12.50")])
    assert Book.open(book).records("Movements") == before  # refused: nothing changed (Excel's save rewrites the file)
    assert main(["bank", "post", str(book), "--ledger", str(ledger)]) == 0
    said = _click(ledger, "imputed_balance", "2024-Q1")
    assert said.startswith("Imputed to 2024-Q1: 1020 ") and said.endswith(".")
    balances = [part.rsplit(" ", 1)[-1] for part in said[len("Imputed to 2024-Q1: "):-1].split("; ")]
    assert [part.split()[0] for part in said[len("Imputed to 2024-Q1: "):-1].split("; ")] == ["1020", "6300", "6940"]
    assert balances == ["-312.50", "300.00", "12.50"]
    assert "works in the ledger book" in _click(book, "imputed_balance", "2024-Q1")
