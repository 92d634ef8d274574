"""A quantity typed over in the DocumentLines sheet (audit of issue 14): the PDF printed "3 × 100.00 = 300.00" in a
document totalling 216.20, the QR-bill asked for 216.20 and 200.00 was posted, while `check` said nothing. Now the
document is named by its cell until it is recomputed: `check` fails, no PDF and no posting are made from it; after
`documents recompute` the three agree with quantity × price from the Articles sheet."""
from __future__ import annotations

from decimal import Decimal as D

import openpyxl

from engine.cli import main
from engine.store.book import Book
from tests.company import blank, book  # noqa: F401 (fixtures)


def _cell(path, column: str, row: int) -> str:
    """The cell's address as Excel names it, e.g. DocumentLines!K2."""
    from openpyxl.utils import get_column_letter
    head = [c.value for c in openpyxl.load_workbook(path)["DocumentLines"][1]]
    return f"DocumentLines!{get_column_letter(head.index(column) + 1)}{row}"


def _type_quantity(path, number: str, quantity) -> int:
    """What the bookkeeper does in Excel; returns the sheet row edited."""
    wb = openpyxl.load_workbook(path)
    ws = wb["DocumentLines"]
    head = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        if row[head.index("DocumentNumber")].value == number:
            row[head.index("Quantity")].value = quantity
            wb.save(path)
            return row[0].row
    raise AssertionError(number)


def _new_invoice(path, capsys) -> str:
    assert main(["documents", "new", str(path), "--client", "1001", "--date", "2026-03-02", "--line", "H-MEN:2"]) == 0
    return capsys.readouterr().out.split(":")[0].strip()


def test_a_quantity_typed_over_is_named_until_recomputed(book, tmp_path, capsys):
    path = book.path
    number = _new_invoice(path, capsys)
    price = next(a.unit_price for a in Book.open(path).records("Articles") if a.article_id == "H-MEN")
    row = _type_quantity(path, number, 3)
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert _cell(path, "NetAmount", row) in out
    assert f"3 × {price} = {(3 * price).quantize(D('0.01'))}" in out and "documents recompute" in out
    before = path.read_bytes()
    assert main(["documents", "render", str(path), "--number", number, "--out", str(tmp_path)]) != 0
    ledger = tmp_path / "ledger.xlsx"
    assert main(["new", "ledger", str(ledger)]) == 0
    assert main(["post", str(path), "--until", "2026-03-31", "--ledger", str(ledger)]) != 0
    assert "documents recompute" in capsys.readouterr().err and path.read_bytes() == before
    assert main(["documents", "recompute", str(path), "--number", number]) == 0
    assert main(["check", str(path)]) == 0
    assert main(["post", str(path), "--until", "2026-03-31", "--ledger", str(ledger)]) == 0
    revenue = sum((e.amount for e in Book.open(ledger).records("Journal") if e.group == number and e.vat_amount),
                  D(0))
    assert revenue == (3 * price).quantize(D("0.01"))  # the net of 3 hours, no longer 2


def test_a_negative_quantity_typed_by_hand_is_refused_by_check(book, capsys):
    number = _new_invoice(book.path, capsys)
    row = _type_quantity(book.path, number, -1)
    assert main(["check", str(book.path)]) == 1
    out = capsys.readouterr().out
    assert _cell(book.path, "Quantity", row) in out and "quantity -1 is negative" in out and "credit note" in out
