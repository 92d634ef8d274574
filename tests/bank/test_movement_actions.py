"""The bookkeeper's own decisions on pending movements (issue 17; banking manual §6.2.1 "Action à effectuer",
§6.6.1 "Transformer en écriture multiple / normale", "Libellé"), from the command line on books on disk, then
posted with `bank post --ledger` and read back from the ledger.

A March statement, GoLiveDate 1 March, expected by hand before running anything:
- card payment 117.50 at a petrol station, split by hand: 6210 Essence 90.50 + 6500 Alimentation 27.00
  (90.50 + 27.00 = 117.50, balanced) → two entries against 1020;
- interest 3.20: "Ne pas comptabiliser" (skip) → processed, no entry;
- a credit of 500.00 nobody recognises (9907): "Garder en attente" → still pending after posting, its label taken
  from the payer's communication "Remboursement caution";
- bank charges 12.50 booked on 15 February, before the go-live date → excluded; "Forcer" → posted 6940 / 1020;
- a credit of 40.00: "Supprimer" → deleted, never posted; `bank pending` brings it back.
Ledger after the batch: 6210 +90.50, 6500 +27.00, 6940 +12.50, 1020 −(90.50 + 27.00 + 12.50) = −130.00.
"""
from __future__ import annotations

from decimal import Decimal as D

import openpyxl
import pytest

from bench.camt_gen import OWN_IBAN
from engine.cli import main
from engine.store.book import Book
from tests.bank.test_movement_typing import _entry as typed_entry, _statement


def _entry(amount: str, direction: str, code: str, day: str, *, text: str = "", remittance: str = "") -> str:
    rmt = f"<RmtInf><Ustrd>{remittance}</Ustrd></RmtInf>" if remittance else ""
    return typed_entry(amount, direction, code, f"<TxDtls>{rmt}</TxDtls>", day=day, text=text)


STATEMENT = _statement(
    _entry("117.50", "DBIT", "PMNT/CCRD/POSD", "2024-03-04", text="ACHAT CARTE STATION AGIP"),
    _entry("3.20", "CRDT", "ACMT/MCOP/INTR", "2024-03-05", text="INTERETS"),
    _entry("500.00", "CRDT", "PMNT/RCDT/ESCT", "2024-03-06", text="VIREMENT", remittance="Remboursement caution"),
    _entry("12.50", "DBIT", "ACMT/MDOP/CHRG", "2024-02-15", text="FRAIS TENUE DE COMPTE"),
    _entry("40.00", "CRDT", "PMNT/RCDT/ESCT", "2024-03-07", text="VIREMENT DOUBLE"))


def make_books(folder, statement: bytes = STATEMENT, go_live: str = "2024-03-01"):
    """New invoicing and ledger books in ``folder``, the bank account 1020, ``statement`` imported."""
    book, ledger = folder / "ventes.xlsx", folder / "compta.xlsx"
    assert main(["new", "invoicing", str(book)]) == 0
    assert main(["new", "ledger", str(ledger)]) == 0
    b = Book.open(book)
    b.put("BankAccounts", [b.new("BankAccounts", iban=OWN_IBAN, name="Banque", currency="CHF", ledger_account="1020")])
    b.set_settings(GoLiveDate=go_live, DefaultLanguage="EN")
    # the SME chart's sub-account for fuel, opened by the bookkeeper in both books: entries go on it
    b.put("Accounts", [*b.records("Accounts"), b.new("Accounts", number="6210", name="Carburants")])
    b.save()
    chart = Book.open(ledger)
    chart.put("Accounts", [*chart.records("Accounts"), chart.new("Accounts", number="6210", name="Carburants")])
    chart.save()
    (folder / "mars.xml").write_bytes(statement)
    assert main(["bank", "import", str(book), str(folder / "mars.xml")]) == 0
    return book, ledger


@pytest.fixture
def books(tmp_path):
    return make_books(tmp_path)


def _movements(book) -> dict:
    by_amount = {m.amount: m for m in Book.open(book).records("Movements")}
    assert len(by_amount) == 5
    return by_amount


def _balances(ledger) -> dict:
    out: dict = {}
    for e in Book.open(ledger).records("Journal"):
        out[e.debit] = out.get(e.debit, D(0)) + e.amount
        out[e.credit] = out.get(e.credit, D(0)) - e.amount
    return {account: total for account, total in out.items() if total}


def test_the_bookkeepers_actions_are_posted_as_the_manual_says(books, capsys):
    book, ledger = books
    m = _movements(book)
    card, interest, unknown, charges, twice = (m[D(x)] for x in ("117.50", "3.20", "500.00", "12.50", "40.00"))
    assert charges.action == "excluded" and unknown.credit_account == "9907"
    b = str(book)
    assert main(["bank", "split", b, str(card.movement_id), "--lines", "6210|90.50|Essence"]) == 0
    assert "27.00 still to book" in capsys.readouterr().out
    assert main(["bank", "split", b, str(card.movement_id), "--lines",
                 "6210|90.50|Essence; 6500|27.00|Alimentation"]) == 0
    assert "balanced" in capsys.readouterr().out
    assert main(["bank", "action", b, "skip", "--ids", str(interest.movement_id)]) == 0
    assert main(["bank", "action", b, "pending", "--ids", str(unknown.movement_id)]) == 0
    assert main(["bank", "action", b, "force", "--ids", str(charges.movement_id)]) == 0
    assert main(["bank", "delete", b, "--ids", str(twice.movement_id)]) == 0
    assert main(["bank", "label", b, "--ids", str(unknown.movement_id), "--from", "communication"]) == 0
    assert "Remboursement caution" in capsys.readouterr().out
    assert main(["bank", "recognise", b]) == 0  # every choice survives recognition
    assert main(["bank", "post", b, "--ledger", str(ledger)]) == 0
    assert _balances(ledger) == {"6210": D("90.50"), "6500": D("27.00"), "6940": D("12.50"), "1020": D("-130.00")}
    m = _movements(book)
    assert {x: m[D(x)].state for x in ("117.50", "3.20", "500.00", "12.50", "40.00")} == {
        "117.50": "processed", "3.20": "processed", "500.00": "pending", "12.50": "processed", "40.00": "deleted"}
    assert m[D("500.00")].label == "Remboursement caution" and m[D("500.00")].label_from == "communication"
    assert main(["bank", "pending", b, "--ids", str(twice.movement_id)]) == 0
    assert _movements(book)[D("40.00")].state == "pending"


def test_a_normal_entry_again_books_the_whole_amount_on_its_accounts(books):
    book, ledger = books
    card = _movements(book)[D("117.50")]
    assert main(["bank", "split", str(book), str(card.movement_id), "--lines", "6210|90.50|Essence"]) == 0
    assert main(["bank", "unsplit", str(book), str(card.movement_id)]) == 0
    assert main(["bank", "post", str(book), "--ledger", str(ledger), "--ids", str(card.movement_id)]) == 0
    assert _balances(ledger) == {"9908": D("117.50"), "1020": D("-117.50")}  # 9908 Paiements à ventiler


def test_an_action_typed_in_the_sheet_survives_recognition_and_import(books, tmp_path):
    book, _ = books
    wb = openpyxl.load_workbook(book)
    ws = wb["Movements"]
    head = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        if row[head.index("Amount")].value in (3.2, D("3.20"), "3.20"):
            row[head.index("Action")].value = "skip"
    wb.save(book)
    assert main(["bank", "recognise", str(book)]) == 0
    assert main(["bank", "import", str(book), str(tmp_path / "mars.xml")]) == 0
    interest = _movements(book)[D("3.20")]
    assert (interest.action, interest.modified) == ("skip", True)


def test_a_processed_or_unknown_movement_is_refused_and_nothing_changes(books, capsys):
    book, ledger = books
    card = _movements(book)[D("117.50")]
    assert main(["bank", "post", str(book), "--ledger", str(ledger), "--ids", str(card.movement_id)]) == 0
    before = book.read_bytes()
    capsys.readouterr()
    assert main(["bank", "action", str(book), "skip", "--ids", str(card.movement_id)]) != 0
    err = capsys.readouterr().err
    assert f"movement {card.movement_id} is processed (batch B-1)" in err and "bank pending" in err
    assert main(["bank", "delete", str(book), "--ids", "999"]) != 0
    assert "there is no movement 999" in capsys.readouterr().err
    with pytest.raises(SystemExit):  # "excluded" is the type's or the go-live date's, not a choice by hand
        main(["bank", "action", str(book), "excluded", "--ids", "1"])
    assert book.read_bytes() == before
