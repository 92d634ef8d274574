"""An entry on an account the ledger's chart does not have is refused (re-audits of issues 14 and 15: a bank's own
9907.02 and a purchase line on 6210, neither in Accounts, were posted; the trial balance then showed accounts with no
name and `check` on the ledger listed the entries afterwards). With --ledger, `post` refuses and writes nothing;
through the mandate, the pull leaves the batch waiting and says why."""
from __future__ import annotations

from datetime import date

from engine.cli import main
from engine.store.book import Book
from tests.posting.books import books_on_disk

LINES = [("6210", "TVA", "100.00", "8.10")]  # sales on an account nobody opened (the chart has 3200, 3400 …)


def _books(folder):
    return books_on_disk(folder, LINES, date(2026, 3, 2))


def test_post_with_ledger_refuses_an_account_not_in_the_chart(tmp_path, capsys):
    book, ledger = _books(tmp_path)
    before = (book.read_bytes(), ledger.read_bytes())
    assert main(["post", str(book), "--until", "2026-03-31", "--ledger", str(ledger)]) == 2
    assert "account 6210 is not in the ledger's chart" in capsys.readouterr().err
    assert (book.read_bytes(), ledger.read_bytes()) == before


def test_the_pull_leaves_a_batch_on_an_unknown_account_waiting(tmp_path, capsys):
    book, ledger = _books(tmp_path)
    assert main(["mandate", "create", "--invoicing", str(book), "--ledger", str(ledger)]) == 0
    assert main(["post", str(book), "--until", "2026-03-31"]) == 0
    capsys.readouterr()
    assert main(["mandate", "pull", str(ledger)]) == 2
    assert "6210" in capsys.readouterr().err and Book.open(ledger).records("Journal") == ()
    chart = Book.open(ledger)
    chart.put("Accounts", [*chart.records("Accounts"), chart.new("Accounts", number="6210", name="Carburants")])
    chart.save()
    assert main(["mandate", "pull", str(ledger)]) == 0
    assert {(e.debit, e.credit) for e in Book.open(ledger).records("Journal")} == {("1100", "6210"), ("1100", "2200")}
