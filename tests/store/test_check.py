"""Issue 2, "`comptoir check` on a hand-broken book names every broken cell": each cell broken by hand below is
named (sheet, column letter, row) with what is wrong, and nothing that is right is reported as an error."""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace

import openpyxl

import pytest

from engine.cli import main
from engine.store.book import Book
from engine.store.xlsx_sheet import column_letter
from tests.store.books import fill, template_copy

# (sheet, cell) → a word the message must contain. Every cell here was broken on purpose below.
BROKEN = {
    ("Clients", "A3"): "twice",            # duplicate ClientId 1
    ("Clients", "A4"): "whole number",     # "abc" in an int column
    ("Clients", "A5"): "empty",            # required ClientId missing
    ("Clients", "O2"): "number",           # text in the Discount (rate) column
    ("Clients", "K2"): "valid Language",   # bad code
    ("Clients", "Q3"): "does not exist",   # unknown receivables account
    ("Articles", "B2"): "empty",           # required Designation missing
    ("Articles", "D2"): "number",          # text in an amount column
    ("Articles", "E2"): "does not exist",  # unknown VAT code
    ("Articles", "F2"): "does not exist",  # unknown revenue account
    ("Documents", "B2"): "valid Stage",    # bad code
    ("Documents", "D2"): "does not exist",  # unknown client
    ("Documents", "E2"): "calendar date",  # 31.02.2026
    ("Documents", "G2"): "not a date",     # "soon"
    ("Documents", "N2"): "number",         # "12,50 CHF" in TotalNet
    ("DocumentLines", "C2"): "does not exist",  # unknown article
    ("DocumentLines", "I2"): "does not exist",  # unknown VAT code
    ("DocumentLines", "J2"): "does not exist",  # unknown account
    ("DocumentLines", "B3"): "empty",      # required Position missing
}


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    path = template_copy(tmp_path_factory.mktemp("broken"), "broken.xlsx")
    fill(path, {
        "Clients": [
            {"ClientId": 1, "Company": "Muster AG", "Language": "XX", "Discount": "ten", "Country": "CH"},
            {"ClientId": 1, "Company": "Zweite AG", "ReceivablesAccount": "1199"},
            {"ClientId": "abc", "Company": "Dritte AG"},
            {"Company": "Ohne Nummer GmbH", "ReceivablesAccount": "1100"},
        ],
        "Articles": [
            {"ArticleId": "A-1", "UnitPrice": "twelve", "VatCode": "ZZZ", "RevenueAccount": "9999"},
            {"ArticleId": "A-2", "Designation": "Beratung", "UnitPrice": 150, "VatCode": "TVA",
             "RevenueAccount": "3400"},
        ],
        "Documents": [
            {"Number": "R-1", "Stage": "Q", "ClientId": 99, "Date": "31.02.2026", "DueDate": "soon",
             "TotalNet": "12,50 CHF"},
            {"Number": "R-2", "Stage": "F", "ClientId": 1, "Date": dt.date(2026, 1, 31), "TotalNet": 100},
        ],
        "DocumentLines": [
            {"DocumentNumber": "R-2", "Position": 1, "ArticleId": "NOPE", "VatCode": "VAT99", "Account": "12345"},
            {"DocumentNumber": "R-2", "ArticleId": "A-2", "VatCode": "TVA", "Account": "3400", "Quantity": 2},
        ],
    })
    return path


def test_check_names_every_broken_cell_and_nothing_else(broken):
    problems = Book.open(broken).check()
    errors = [p for p in problems if p.severity == "error"]
    found = {}
    for p in errors:
        found.setdefault((p.source.sheet, f"{p.source.column}{p.source.row}"), []).append(p)
    assert set(found) == set(BROKEN), f"missing {set(BROKEN) - set(found)}, unexpected {set(found) - set(BROKEN)}"
    for where, word in BROKEN.items():
        messages = " | ".join(p.message for p in found[where])
        assert word in messages, f"{where}: {messages}"
        assert all(p.hint for p in found[where]), f"{where} has no hint on how to fix it"
        assert all(p.source.file == "broken.xlsx" for p in found[where])


def test_the_message_shows_the_bad_value(broken):
    problems = {(p.source.sheet, f"{p.source.column}{p.source.row}"): p for p in Book.open(broken).check()}
    assert '"ten"' in problems["Clients", "O2"].message
    assert '"XX"' in problems["Clients", "K2"].message
    assert '"99"' in problems["Documents", "D2"].message
    assert "row 2" in problems["Clients", "A3"].message  # the duplicate says where the first one is


def test_the_command_lists_them_and_exits_1(broken, capsys):
    assert main(["check", str(broken), "--json"]) == 1
    listed = json.loads(capsys.readouterr().out)
    cells = {(p["sheet"], f'{p["column"]}{p["row"]}') for p in listed if p["severity"] == "error"}
    assert cells == set(BROKEN)
    assert main(["check", str(broken)]) == 1
    out = capsys.readouterr().out
    errors = sum(p["severity"] == "error" for p in listed)
    assert 'error: broken.xlsx: Clients!O2: "ten" is not a number' in out and f"{errors} error(s)" in out


def test_a_fresh_template_has_no_problem(tmp_path):
    assert [p for p in Book.open(template_copy(tmp_path)).check() if p.severity == "error"] == []
    assert main(["check", str(template_copy(tmp_path, "t2.xlsx"))]) == 0


def test_changing_a_broken_row_keeps_the_cells_it_could_not_read(broken, tmp_path):
    """A bad cell reads as None; editing another field of that row must not overwrite what the person typed."""
    path = tmp_path / "copy.xlsx"
    path.write_bytes(broken.read_bytes())
    book = Book.open(path)
    clients = list(book.records("Clients"))
    assert clients[2].row == 4 and clients[2].client_id is None  # "abc" could not be read
    clients[2] = replace(clients[2], company="Dritte AG (neu)")
    clients[0] = replace(clients[0], company="Muster AG (neu)")  # its Discount "ten" could not be read either
    book.put("Clients", clients)
    book.save()
    sheet = openpyxl.load_workbook(path)["Clients"]
    assert (sheet["A4"].value, sheet["B4"].value) == ("abc", "Dritte AG (neu)")
    assert (sheet["O2"].value, sheet["K2"].value, sheet["B2"].value) == ("ten", "XX", "Muster AG (neu)")


def test_a_foreign_document_without_its_rate_is_named_on_the_cell(tmp_path):
    """Typed by hand: a EUR invoice and a USD supplier invoice without ExchangeRate, a EUR one with it."""
    path = template_copy(tmp_path, "fx.xlsx")
    fill(path, {
        "Clients": [{"ClientId": 1, "Company": "Muster AG"}],
        "Creditors": [{"CreditorId": 1, "Name": "Holz GmbH"}],
        "Documents": [{"Number": "F-1", "Stage": "F", "ClientId": 1, "Date": dt.date(2026, 3, 2), "Currency": "EUR"}],
        "ReceivedInvoices": [
            {"Number": "R-1", "Stage": "F", "CreditorId": 1, "Date": dt.date(2026, 3, 2), "Currency": "USD",
             "Amount": 10},
            {"Number": "R-2", "Stage": "F", "CreditorId": 1, "Date": dt.date(2026, 3, 2), "Currency": "EUR",
             "Amount": 10, "ExchangeRate": 0.95}],
    })
    book = Book.open(path)
    named = {(p.source.sheet, p.source.row, p.source.column): p for p in book.check()
             if "ExchangeRate" in p.message}
    rate_column = {sheet: book.table(sheet).positions["exchange_rate"] for sheet in ("Documents", "ReceivedInvoices")}
    assert set(named) == {("Documents", 2, column_letter(rate_column["Documents"])),
                          ("ReceivedInvoices", 2, column_letter(rate_column["ReceivedInvoices"]))}
    assert all(p.severity == "warning" and "CHF value of 1" in p.hint for p in named.values())
    assert "R-1 is in USD" in named["ReceivedInvoices", 2, column_letter(rate_column["ReceivedInvoices"])].message
