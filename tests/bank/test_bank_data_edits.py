"""The bank's own figures are not the bookkeeper's to change (audit of issue 15: an amount typed over from 178.40 to
187.40 was posted, 1020 ended 9.00 below the statement's closing balance and `check` said nothing). Booking fields
(accounts, label, action) stay editable — the row is marked M and kept; the amount, currency, direction and dates are
what the bank file said: `check` names the cell, `bank post` leaves the row pending and posts the others. A detail
the bank gave no amount (held) may be completed by hand: that is not an edit."""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal as D

import openpyxl

from engine.cli import main
from engine.domain.reconcile import edits
from engine.services import bank
from tests.bank.test_detail_amounts import notification_with_amounts_in
from tests.bank.test_external_batch import _import, company_book, notification_facts, statement_total
from tests.bank.test_movement_actions import _balances, _movements, books  # noqa: F401 (fixture)


def _type_amount(path, old: str, new: str) -> str:
    wb = openpyxl.load_workbook(path)
    ws = wb["Movements"]
    head = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        if D(str(row[head.index("Amount")].value)) == D(old):
            row[head.index("Amount")].value = float(new)
            wb.save(path)
            return f"Movements!{openpyxl.utils.get_column_letter(head.index('Amount') + 1)}{row[0].row}"
    raise AssertionError(old)


def test_an_amount_typed_over_is_named_and_not_posted(books, capsys):
    book, ledger = books
    cell = _type_amount(book, "12.50", "21.50")  # the bank charges: 12.50 on the statement
    assert main(["check", str(book)]) == 1
    assert cell in capsys.readouterr().out
    assert main(["bank", "action", str(book), "force", "--ids", str(_movements(book)[D("21.50")].movement_id)]) == 0
    # the others are posted; the refusal is an error, so the run exits 1 (re-audit of issue 15: it exited 0)
    assert main(["bank", "post", str(book), "--ledger", str(ledger)]) == 1
    assert "not what the bank file" in capsys.readouterr().out
    assert _movements(book)[D("21.50")].state == "pending" and "6940" not in _balances(ledger)
    _type_amount(book, "21.50", "12.50")  # the bank's figure typed back: it posts
    assert main(["check", str(book)]) == 0
    assert main(["bank", "post", str(book), "--ledger", str(ledger)]) == 0
    assert _balances(ledger)["6940"] == D("12.50")


def test_a_held_detail_completed_by_hand_is_not_an_edit():
    message_id, _, _, _ = notification_facts()
    book = company_book()
    _import(book, ("053", statement_total(message_id=message_id)),
            ("054", notification_with_amounts_in("TxAmt", change={2: None})))
    bank.reconcile(book)
    held = next(m for m in book.records("Movements") if m.parent is not None and m.amount is None)
    charged = next(m for m in book.records("Movements") if m.parent is not None and m.amount is not None)
    assert not edits.bank_data_changed(held)
    assert not edits.bank_data_changed(replace(held, amount=D("100.00")))  # the bank said nothing: filled by hand
    assert edits.bank_data_changed(replace(charged, amount=charged.amount + 1))
    assert edits.bank_data_changed(replace(charged, direction="debit"))
