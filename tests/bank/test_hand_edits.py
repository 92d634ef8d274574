"""A movement edited by hand is never overwritten (issue 15, item 8; banking manual §6: an edited movement is
marked M and recognition leaves it). The bookkeeper changes the account and label recognition proposed for a
bank charge (6940 → 6941, "Frais tenue de compte") right in the Movements sheet; the next `bank recognise` and the
next `bank import` keep the edit and mark the row modified; the other rows are recognised as before. A book whose
Movements sheet predates the Proposed column is read and saved without marking anything."""
from __future__ import annotations

import openpyxl

from addin import ribbon
from bench.camt_gen import OWN_IBAN
from engine.cli import main
from engine.store.book import Book
from tests.addin.fake_excel import FakeBook
from tests.bank.test_movement_typing import _entry, _statement

CHARGE = _entry("12.50", "DBIT", "ACMT/MDOP/CHRG")
INTEREST = _entry("3.20", "CRDT", "ACMT/MCOP/INTR")


def _books(tmp_path, statement: bytes):
    book = tmp_path / "ventes.xlsx"
    assert main(["new", "invoicing", str(book)]) == 0
    b = Book.open(book)
    b.put("BankAccounts", [b.new("BankAccounts", iban=OWN_IBAN, name="Banque", currency="CHF", ledger_account="1020")])
    b.save()
    (tmp_path / "mars.xml").write_bytes(statement)
    assert main(["bank", "import", str(book), str(tmp_path / "mars.xml")]) == 0
    return book


def _edit(book, debit: str, label: str, *, drop_proposed: bool = False) -> None:
    """What the bookkeeper does in Excel: the charge's DebitAccount and Label typed over."""
    wb = openpyxl.load_workbook(book)
    ws = wb["Movements"]
    head = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        if row[head.index("Direction")].value == "debit":
            row[head.index("DebitAccount")].value = debit
            row[head.index("Label")].value = label
    if drop_proposed:
        ws.delete_cols(head.index("Proposed") + 1)
    wb.save(book)


def _rows(book):
    return {(m.direction, m.debit_account, m.credit_account, m.label, bool(m.modified))
            for m in Book.open(book).records("Movements")}


def test_an_edited_movement_survives_recognise_and_import(tmp_path, capsys):
    book = _books(tmp_path, _statement(CHARGE))
    charge = next(r for r in _rows(book) if r[0] == "debit")
    assert charge[1:3] == ("6940", "1020") and charge[3].startswith("Bank charges") and not charge[4]
    _edit(book, "6941", "Frais tenue de compte")
    capsys.readouterr()
    assert main(["bank", "recognise", str(book)]) == 0
    assert "1 movement(s) edited by hand marked M" in capsys.readouterr().out
    assert ("debit", "6941", "1020", "Frais tenue de compte", True) in _rows(book)
    (tmp_path / "avril.xml").write_bytes(_statement(INTEREST))
    assert main(["bank", "import", str(book), str(tmp_path / "avril.xml")]) == 0
    rows = _rows(book)
    assert ("debit", "6941", "1020", "Frais tenue de compte", True) in rows
    assert any(r[0] == "credit" and r[2] == "6950" and not r[4] for r in rows)  # the new one is recognised


def test_the_ribbon_keeps_the_edit_too(tmp_path):
    book = _books(tmp_path, _statement(CHARGE))
    _edit(book, "6941", "Frais tenue de compte")
    xl = FakeBook.from_file(book)
    assert "edited by hand" in ribbon.reconcile(xl)
    xl.save()
    assert ("debit", "6941", "1020", "Frais tenue de compte", True) in _rows(book)


def test_a_book_without_the_proposed_column_is_recognised_as_before(tmp_path):
    book = _books(tmp_path, _statement(CHARGE))
    _edit(book, "6940", "Frais bancaires", drop_proposed=True)
    assert main(["bank", "recognise", str(book)]) == 0
    assert not any(r[4] for r in _rows(book))
