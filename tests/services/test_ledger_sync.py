"""Batches travel from the mandate into the ledger's Journal exactly once; withdrawn ones leave it again."""
from datetime import date
from decimal import Decimal

from engine import mandate, templates
from engine.services import ledger_sync
from engine.store.book import Book


def _entries(n, label):
    return tuple(mandate.Entry(date=date(2026, 3, d + 1), voucher=f"F-{d}", debit="1100", credit="3200",
                               amount=Decimal("100.00") + d, label=f"{label} {d}", group=f"F-{d}",
                               reference="C Muster AG") for d in range(n))


def _books(tmp_path):
    invoicing = templates.write("invoicing", tmp_path / "invoicing.xlsx")
    ledger = templates.write("ledger", tmp_path / "ledger.xlsx")
    return invoicing, ledger


def test_pull_imports_once_and_removes_withdrawn(tmp_path):
    invoicing, ledger_path = _books(tmp_path)
    with mandate.create_local(tmp_path, "Test", invoicing=[invoicing], ledger=ledger_path) as m:
        mandate.publish_batch(m, mandate.Batch(batch_id="sales-1", source="invoicing.xlsx", session=1,
                                               kind="sales", entries=_entries(3, "a")))
        mandate.publish_batch(m, mandate.Batch(batch_id="sales-2", source="invoicing.xlsx", session=2,
                                               kind="sales", entries=_entries(2, "b")))
        first = ledger_sync.pull_into_ledger(Book.open(ledger_path), m)
        again = ledger_sync.pull_into_ledger(Book.open(ledger_path), m)
        journal = Book.open(ledger_path).records("Journal")
        assert (first.imported, first.entries, again.imported) == (2, 5, 0)
        assert len(journal) == 5
        assert sum(e.amount for e in journal) == Decimal("100.00") * 5 + (0 + 1 + 2) + (0 + 1)
        assert len({e.entry_id for e in journal}) == 5
        assert {e.batch for e in journal} == {"sales-1", "sales-2"}

        mandate.withdraw_batch(m, "sales-1")
        removed = ledger_sync.pull_into_ledger(Book.open(ledger_path), m)
        journal = Book.open(ledger_path).records("Journal")
        assert removed.removed == 1
        assert [e.batch for e in journal] == ["sales-2", "sales-2"]


def test_applying_the_same_batch_twice_gives_the_same_journal(tmp_path):
    _, ledger_path = _books(tmp_path)
    batch = mandate.Batch(batch_id="bank-7", source="invoicing.xlsx", session=7, kind="bank",
                          entries=_entries(4, "x"))
    book = Book.open(ledger_path)
    ledger_sync.apply_batches(book, [batch])
    once = [(e.voucher, e.amount) for e in book.records("Journal")]
    ledger_sync.apply_batches(book, [batch])
    twice = [(e.voucher, e.amount) for e in book.records("Journal")]
    assert once == twice and len(once) == 4


def test_chart_published_by_the_ledger_reaches_the_invoicing_book(tmp_path):
    invoicing_path, ledger_path = _books(tmp_path)
    ledger = Book.open(ledger_path)
    ledger.put("Accounts", [*ledger.records("Accounts"),
                            ledger.new("Accounts", number="1022", name="Banque Raiffeisen", account_class="asset")])
    ledger.save()
    with mandate.create_local(tmp_path, "Test", invoicing=[invoicing_path], ledger=ledger_path) as m:
        ledger_sync.publish_chart(Book.open(ledger_path), m)
        invoicing = Book.open(invoicing_path)
        ledger_sync.refresh_chart(invoicing, m)
        invoicing.save()
    accounts = {a.number: a.name for a in Book.open(invoicing_path).records("Accounts")}
    assert accounts["1022"] == "Banque Raiffeisen"
    assert Book.open(invoicing_path).check() == []
