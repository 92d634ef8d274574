"""Posted fields are locked (manual §3.9: "les éléments concernés par les écritures générées sont bloqués
dans les factures"; to change them the user unposts): a line's UnitPrice, Quantity and Discount and the document's
ExchangeRate join the fingerprint; `comptoir check` names the edited cell, and a payment of an edited document is
not posted (at an edited rate it would leave a residue in 1100 on a paid invoice). A book posted by the previous
version (tests/data/posting, made by main's code before this change) is not flagged, and is migrated."""
from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest

from engine.cli import main
from engine.errors import ProblemsFound
from engine.services.posting import check_locks, post
from engine.store.book import Book

from tests.posting.books import books, invoice, journal, pay

DATA = Path(__file__).parent.parent / "data" / "posting"
APRIL = date(2026, 4, 10)


def _column(book, sheet, field):
    """The Excel letters of the column's header (the books here are written in schema order: 1 → A, 27 → AA)."""
    n, letters = [c.field for c in book.schema.sheet(sheet).columns].index(field) + 1, ""
    while n:
        n, r = divmod(n - 1, 26)
        letters = chr(65 + r) + letters
    return letters


@pytest.mark.parametrize("field, value", [("unit_price", D("520.00")), ("quantity", D("3")), ("discount", D("10"))])
def test_a_hand_edit_of_a_posted_line_is_named_by_its_cell(field, value):
    book, ledger = books()
    invoice(book, "F-1", [("3200", "TVA", "1000.00", "81.00"), ("3400", "TVA", "200.00", "16.20")])
    book.put("DocumentLines", [replace(l, quantity=D("2"), unit_price=l.net_amount / 2)
                               for l in book.records("DocumentLines")])
    post(book, ledger, date(2026, 3, 31), save=False)
    assert check_locks(book) == []
    first, second = book.records("DocumentLines")
    book.put("DocumentLines", [first, replace(second, **{field: value})])  # line 2 edited in Excel
    problems = check_locks(book)
    assert [(p.source.sheet, p.source.row, p.source.column) for p in problems] == [
        ("DocumentLines", second.row, _column(book, "DocumentLines", field))]
    assert "Documents F-1: line 2's" in problems[0].message and "session 1" in problems[0].message


def _eur_invoice():
    """F-2: EUR 500.00 + 8.1 % 40.50 = EUR 540.50 at 0.94 CHF: 470.00 + 38.07 = CHF 508.07 in 1100 (group F-2)."""
    book, ledger = books()
    invoice(book, "F-2", [("3200", "TVA", "500.00", "40.50")], currency="EUR", exchange_rate=D("0.94"))
    post(book, ledger, date(2026, 3, 31), save=False)
    return book, ledger


def test_an_edited_rate_is_named_and_its_payment_is_not_posted():
    book, ledger = _eur_invoice()
    assert journal(ledger)[0] == ("1100", "3200", "470.00", "TVA", "38.07")
    book.put("Documents", [replace(d, exchange_rate=D("0.95")) for d in book.records("Documents")])
    problems = check_locks(book)
    assert [(p.source.sheet, p.source.column) for p in problems] == [
        ("Documents", _column(book, "Documents", "exchange_rate"))]
    pay(book, "F-2", "540.50", APRIL)  # at 0.95 it would clear 513.48 of a 508.07 receivable: −5.41 left in 1100
    with pytest.raises(ProblemsFound) as error:
        post(book, ledger, date(2026, 4, 30), save=False)
    assert "payment 1 of F-2 not posted" in str(error.value) and "ExchangeRate" in str(error.value)
    assert len(journal(ledger)) == 2  # nothing more in the ledger
    book.put("Documents", [replace(d, exchange_rate=D("0.94")) for d in book.records("Documents")])
    post(book, ledger, date(2026, 4, 30), save=False)  # restored: 540.50 × 0.94 = 508.07 clears F-2 exactly
    f2 = sum((e.amount if e.debit == "1100" else -e.amount) for e in ledger.records("Journal")
             if e.group == "F-2" and "1100" in (e.debit, e.credit))
    assert f2 == D("0.00")


@pytest.fixture
def posted_by_previous_version(tmp_path):
    for name in ("ventes-v1.xlsx", "compta-v1.xlsx"):
        shutil.copy(DATA / name, tmp_path / name)
    return tmp_path / "ventes-v1.xlsx", tmp_path / "compta-v1.xlsx"


def test_a_book_posted_by_the_previous_version_is_not_flagged_and_is_migrated(posted_by_previous_version, capsys):
    path, ledger_path = posted_by_previous_version
    assert check_locks(Book.open(path)) == []  # F-1, F-2, R-1 and payments 1, 2: v1 fingerprints, unchanged
    assert main(["check", str(path)]) == 0
    book = Book.open(path)
    pay(book, "F-2", "340.50", APRIL)  # the rest of F-2 (EUR 540.50 − 200.00 paid)
    book.save()
    assert main(["post", str(path), "--ledger", str(ledger_path), "--until", "2026-04-30"]) == 0
    book = Book.open(path)
    hashes = [r.posted_hash for sheet in ("Documents", "ReceivedInvoices", "Payments") for r in book.records(sheet)]
    assert len(hashes) == 6 and all(h.startswith("2:") for h in hashes)  # migrated, and the new payment
    assert check_locks(book) == []
    # 1100 group F-2 in CHF: 508.07 (540.50 × 0.94) − 188.00 (200.00 × 0.94) − 320.07 (the rest) = 0.00
    f2 = sum((e.amount if e.debit == "1100" else -e.amount) for e in Book.open(ledger_path).records("Journal")
             if e.group == "F-2" and "1100" in (e.debit, e.credit))
    assert f2 == D("0.00")
    book.put("Documents", [replace(d, exchange_rate=D("0.95")) if d.number == "F-2" else d
                           for d in book.records("Documents")])
    assert [p.source.column for p in check_locks(book)] == [_column(book, "Documents", "exchange_rate")]


def test_an_edit_of_a_field_the_previous_version_locked_is_still_caught_before_migration(posted_by_previous_version):
    path, _ = posted_by_previous_version
    book = Book.open(path)
    book.put("Payments", [replace(p, amount=D("499.00")) if p.payment_id == 1 else p for p in book.records("Payments")])
    problems = check_locks(book)
    assert [(p.source.sheet, p.source.column) for p in problems] == [("Payments", _column(book, "Payments", "amount"))]
    from engine.domain.posting import locks
    assert locks.migrate(book) == 4  # F-1, F-2, R-1, payment 2: the edited payment 1 keeps its old fingerprint
    assert len(check_locks(book)) == 1


def test_through_the_mandate_an_edited_rate_stops_the_payment_too(tmp_path, capsys):
    from engine.demo import run
    ctx = run.DemoContext(folder=tmp_path)
    run.step_books(ctx)
    run.step_mandate(ctx)
    book = Book.open(ctx.invoicing)
    client = book.records("Clients")[0].client_id
    invoice(book, "F-2", [("3200", "TVA", "500.00", "40.50")], client=client, on=date(ctx.year, 3, 2),
            currency="EUR", exchange_rate=D("0.94"))
    book.save()
    assert main(["post", str(ctx.invoicing), "--until", f"{ctx.year}-03-31"]) == 0
    book = Book.open(ctx.invoicing)
    book.put("Documents", [replace(d, exchange_rate=D("0.95")) if d.number == "F-2" else d
                           for d in book.records("Documents")])
    pay(book, "F-2", "540.50", date(ctx.year, 4, 10))
    book.save()
    before = ctx.invoicing.read_bytes()
    capsys.readouterr()
    assert main(["post", str(ctx.invoicing), "--until", f"{ctx.year}-04-30"]) != 0
    err = capsys.readouterr().err
    assert "F-2 not posted" in err and "ExchangeRate" in err
    assert ctx.invoicing.read_bytes() == before
    assert main(["mandate", "pull", str(ctx.ledger)]) == 0
    assert {e.voucher for e in Book.open(ctx.ledger).records("Journal")} == {"F-2"}  # the invoice, no payment


def test_an_edited_rate_of_a_received_invoice_stops_its_payment():
    """R-1: EUR 1081.00 at 0.94 = CHF 1016.14 in 2000 (group R-1); paying it at an edited 0.96 would debit 1037.76."""
    from tests.posting.books import received
    book, ledger = books()
    received(book, "R-1", "1081.00", currency="EUR", exchange_rate=D("0.94"))
    post(book, ledger, date(2026, 3, 31), save=False)
    assert sum(e.amount for e in ledger.records("Journal") if e.credit == "2000") == D("1016.14")
    book.put("ReceivedInvoices", [replace(r, exchange_rate=D("0.96")) for r in book.records("ReceivedInvoices")])
    pay(book, "R-1", "1081.00", APRIL, side="purchases")
    with pytest.raises(ProblemsFound, match="payment 1 of R-1 not posted: ReceivedInvoices R-1: ExchangeRate"):
        post(book, ledger, date(2026, 4, 30), save=False)
    assert [p.source.column for p in check_locks(book)] == [_column(book, "ReceivedInvoices", "exchange_rate")]


def test_a_line_added_to_a_posted_document_is_named_by_its_sheet():
    book, ledger = books()
    invoice(book, "F-1", [("3200", "TVA", "1000.00", "81.00")])
    post(book, ledger, date(2026, 3, 31), save=False)
    book.put("DocumentLines", [*book.records("DocumentLines"), book.new(
        "DocumentLines", document_number="F-1", position=2, account="3200", vat_code="TVA", net_amount=D("10.00"),
        vat_amount=D("0.81"))])
    problems = check_locks(book)
    assert [(p.source.sheet, p.source.row) for p in problems] == [("DocumentLines", None)]
    assert "its lines (DocumentLines) changed after it was posted in session 1" in problems[0].message


def test_a_book_of_the_previous_version_imports_and_posts_bank_files(posted_by_previous_version, capsys):
    """Columns added since (Movements BankData, Charges, LabelFrom; BankAccounts' own accounts and last closing;
    Journal Posted) are missing in the previous version's books: an import, a recognition and a bank batch work
    as before, `check` says which columns are new and how to add them, and nothing fails."""
    from bench.camt_gen import OWN_IBAN
    from tests.bank.test_movement_actions import STATEMENT
    path, ledger_path = posted_by_previous_version
    book = Book.open(path)
    book.put("BankAccounts", [book.new("BankAccounts", iban=OWN_IBAN, name="Banque", ledger_account="1020")])
    book.save()
    statement = path.parent / "mars.xml"
    statement.write_bytes(STATEMENT)
    assert main(["bank", "import", str(path), str(statement)]) == 0
    assert main(["bank", "post", str(path), "--ledger", str(ledger_path)]) == 0
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert '"BankData" (new in this version) is missing' in out and "add a column headed BankData" in out
    assert len(Book.open(path).records("Movements")) == 5
