"""The ledger's control totals per batch (sheet Batches) and entries the bookkeeper released (Posted cleared), on
both roads (--ledger, and the mandate: post, `mandate pull`). Audit 14e, h4: the Journal row of F-2026-0005
1100/3200 100.00 deleted by hand, `check` said 0 errors while 1100 differed from the debtors by 100.00; h2: an entry
changed to 48.50 with its Posted cell cleared ("keep it as a hand entry") was deleted with its batch by `unpost`.

The invoice of every test: 2 h of H-MEN at 95.00 = 190.00 net, VAT 8.1 % = 15.39, total 205.39 rounded to 205.40:
three entries, 1100/3400 190.00 (VAT code TVA, VatAmount 15.39), 1100/2200 15.39 and the 0.01 rounding; the batch's
control total is 190.00 + 15.39 + 0.01 = 205.40."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal as D

import openpyxl
import pytest

from engine.cli import main
from engine.store.book import Book
from tests.company import blank, book  # noqa: F401 (fixtures)


def _posted(path, ledger, road):
    assert main(["new", "ledger", str(ledger)]) == 0
    assert main(["documents", "new", str(path), "--client", "1001", "--date", "2026-03-02", "--line", "H-MEN:2"]) == 0
    if road == "mandate":
        assert main(["mandate", "create", "--invoicing", str(path), "--ledger", str(ledger)]) == 0
        assert main(["post", str(path), "--until", "2026-03-31"]) == 0
        assert main(["mandate", "pull", str(ledger)]) == 0
    else:
        assert main(["post", str(path), "--until", "2026-03-31", "--ledger", str(ledger)]) == 0


def _unpost(path, ledger, road):
    if road == "mandate":
        assert main(["unpost", str(path), "--session", "1"]) == 0
        assert main(["mandate", "pull", str(ledger)]) == 0
    else:
        assert main(["unpost", str(path), "--session", "1", "--ledger", str(ledger)]) == 0


def _revenue_row(ws):
    """The row of 1100/3400 190.00 and the sheet's header."""
    head = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        if row[head.index("Credit")].value == "3400":
            return row, head
    raise AssertionError("no 1100/3400 entry")


ROADS = ("ledger", "mandate")


@pytest.mark.parametrize("road", ROADS)
def test_the_batch_keeps_its_control_totals_and_a_deleted_row_is_named(book, tmp_path, capsys, road):
    path, ledger = book.path, tmp_path / "ledger.xlsx"
    _posted(path, ledger, road)
    [control] = Book.open(ledger).records("Batches")
    assert (control.session, control.entries, control.total) == ("1", 3, D("205.40"))
    assert main(["check", str(ledger)]) == 0
    wb = openpyxl.load_workbook(ledger)
    row, _ = _revenue_row(wb["Journal"])
    wb["Journal"].delete_rows(row[0].row)
    wb.save(ledger)
    capsys.readouterr()
    assert main(["check", str(ledger)]) == 1
    out = capsys.readouterr().out
    assert f"batch {control.batch}" in out and "posted with 3 entries; the Journal has 2" in out
    assert "1 deleted by hand" in out and "Batches!D2" in out


@pytest.mark.parametrize("road", ROADS)
def test_taking_the_batch_back_removes_its_control_totals(book, tmp_path, road):
    path, ledger = book.path, tmp_path / "ledger.xlsx"
    _posted(path, ledger, road)
    _unpost(path, ledger, road)
    assert Book.open(ledger).records("Journal") == () and Book.open(ledger).records("Batches") == ()
    assert main(["check", str(ledger)]) == 0


def test_a_row_typed_into_a_batch_is_named(book, tmp_path, capsys):
    """A copy of a posted row pasted below it (same batch): 4 entries where 3 were posted."""
    path, ledger = book.path, tmp_path / "ledger.xlsx"
    _posted(path, ledger, "ledger")
    wb = openpyxl.load_workbook(ledger)
    ws = wb["Journal"]
    row, head = _revenue_row(ws)
    values = [c.value for c in row]
    values[head.index("EntryId")] = 99
    values[head.index("Posted")] = None
    for column, value in enumerate(values, start=1):
        ws.cell(5, column, value)
    wb.save(ledger)
    capsys.readouterr()
    assert main(["check", str(ledger)]) == 1
    assert "posted with 3 entries; the Journal has 4" in capsys.readouterr().out


@pytest.mark.parametrize("column, value", [("VatAmount", 15.5), ("Date", datetime(2026, 3, 3)), ("VatCode", "TVARED")])
def test_an_edited_cell_is_the_one_named(book, tmp_path, capsys, column, value):
    """Audit 14e: an edited VatAmount, Date or VatCode was reported on the Amount cell."""
    path, ledger = book.path, tmp_path / "ledger.xlsx"
    _posted(path, ledger, "ledger")
    wb = openpyxl.load_workbook(ledger)
    row, head = _revenue_row(wb["Journal"])
    row[head.index(column)].value = value
    wb.save(ledger)
    cell = f"Journal!{openpyxl.utils.get_column_letter(head.index(column) + 1)}{row[0].row}"
    capsys.readouterr()
    assert main(["check", str(ledger)]) == 1
    out = capsys.readouterr().out
    assert cell in out and f"its {column} changed by hand" in out


def _release_revenue_entry(ledger) -> None:
    """The bookkeeper's correction (h2): 1100/3400 190.00 typed over as 48.50, its Posted cell cleared."""
    wb = openpyxl.load_workbook(ledger)
    row, head = _revenue_row(wb["Journal"])
    row[head.index("Amount")].value = 48.5
    row[head.index("Posted")].value = None
    wb.save(ledger)


@pytest.mark.parametrize("road", ROADS)
def test_an_entry_released_by_clearing_its_posted_cell_is_kept(book, tmp_path, capsys, road):
    """h2: 1100/3400 190.00 changed to 48.50 and its Posted cell cleared. `check`: 0 errors (3 rows as posted; the
    total is not compared, the released row is the bookkeeper's). Unposting the session takes back 1100/2200 15.39 and
    the 0.01 and keeps 1100/3400 48.50 as a hand entry (no batch, no session: nothing can take it back again)."""
    path, ledger = book.path, tmp_path / "ledger.xlsx"
    _posted(path, ledger, road)
    _release_revenue_entry(ledger)
    assert main(["check", str(ledger)]) == 0
    _unpost(path, ledger, road)
    [kept] = Book.open(ledger).records("Journal")
    assert (kept.debit, kept.credit, kept.amount, kept.batch, kept.session) == ("1100", "3400", D("48.50"), None, None)
    assert main(["check", str(ledger)]) == 0


def test_a_ledger_posted_before_the_batches_sheet_has_nothing_to_compare(book, tmp_path, capsys):
    """Posted by an earlier version: no Batches sheet, Posted fingerprints of the first version (one digest of the
    whole, 12 hex digits). No control totals, no error; an unedited entry passes, an edited one is still found (on
    its Amount cell, the first version cannot tell which cell changed) and the next posting adds the sheet."""
    import hashlib
    path, ledger = book.path, tmp_path / "ledger.xlsx"
    _posted(path, ledger, "ledger")
    wb = openpyxl.load_workbook(ledger)
    del wb["Batches"]
    ws = wb["Journal"]
    head = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        v = {name: row[head.index(name)].value for name in ("Date", "Debit", "Credit", "Amount", "VatCode", "VatAmount")}
        text = "\x1f".join(("" if x is None else x) for x in (
            f"{v['Date']:%Y-%m-%d}", v["Debit"], v["Credit"], f"{D(str(v['Amount'])):.2f}", v["VatCode"] or None,
            f"{D(str(v['VatAmount'])):.2f}" if v["VatAmount"] else None))
        row[head.index("Posted")].value = hashlib.blake2b(text.encode(), digest_size=6).hexdigest()
    wb.save(ledger)
    assert main(["check", str(ledger)]) == 0
    wb = openpyxl.load_workbook(ledger)
    row, head = _revenue_row(wb["Journal"])
    row[head.index("VatAmount")].value = 15.5
    wb.save(ledger)
    capsys.readouterr()
    assert main(["check", str(ledger)]) == 1
    assert "its date, accounts, amount or VAT changed by hand" in capsys.readouterr().out
    row[head.index("VatAmount")].value = 15.39
    wb.save(ledger)
    assert main(["documents", "new", str(path), "--client", "1001", "--date", "2026-04-01", "--line", "H-MEN:1"]) == 0
    assert main(["post", str(path), "--until", "2026-04-30", "--ledger", str(ledger)]) == 0
    [control] = Book.open(ledger).records("Batches")  # 95.00 + 7.70 (8.1 % of 95.00 = 7.695) = 102.70
    assert (control.session, control.entries, control.total) == ("2", 2, D("102.70"))
    assert main(["check", str(ledger)]) == 0


@pytest.mark.parametrize("road", ROADS)
def test_a_released_entry_survives_the_replacement_of_its_batch(book, tmp_path, road):
    """h2 again, by `repost --from 2026-03-01`: the session is taken back and posted anew. The Journal holds the
    released 1100/3400 48.50 (no batch) and the new batch's three entries: 190.00 + 15.39 + 0.01 = 205.40, as its
    control total says; 1100 is debited 48.50 + 205.40 = 253.90, the bookkeeper's entry and the invoice."""
    path, ledger = book.path, tmp_path / "ledger.xlsx"
    _posted(path, ledger, road)
    _release_revenue_entry(ledger)
    extra = [] if road == "mandate" else ["--ledger", str(ledger)]
    assert main(["repost", str(path), "--from", "2026-03-01", *extra]) == 0
    if road == "mandate":
        assert main(["mandate", "pull", str(ledger)]) == 0
    journal = Book.open(ledger).records("Journal")
    [hand] = [e for e in journal if not e.batch]
    assert (hand.amount, hand.session) == (D("48.50"), None)
    [control] = Book.open(ledger).records("Batches")
    assert (control.entries, control.total) == (3, D("205.40"))
    assert sum(e.amount for e in journal if e.debit == "1100") == D("253.90")
    assert main(["check", str(ledger)]) == 0
