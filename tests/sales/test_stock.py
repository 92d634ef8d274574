"""Stock of articles (issue 17, "Gestion du stock" of the Divers tab): goods out by delivery notes, or by invoices
that had none, never twice for one sale; goods in by received documents; inventory corrections; the quantities on
hand and the low-stock list, checked against a stock card written by hand."""
from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import date
from decimal import Decimal as D

import openpyxl
import pytest

from engine.cli import main
from engine.errors import BusinessRuleError
from engine.services import documents as docs
from engine.services import purchases, reports, stock
from engine.store.book import Book
from tests.company import blank, book  # noqa: F401 (fixtures)

MINIMUM = {"HUILE": D(10), "CIRE": D(6)}  # Huile dure 1 l, Cire d'abeille 500 ml; H-MEN (hours) is not stocked


def _stocked(book):
    book.put("Articles", [replace(a, stocked=True, minimum_stock=MINIMUM[a.article_id]) if a.article_id in MINIMUM
                          else a for a in book.records("Articles")])


def _sale(book, stage, on, **quantities):
    return docs.new_document(book, client_id=1001, stage=stage, on=on,
                             lines=[dict(article_id=a.replace("_", "-"), quantity=D(q)) for a, q in quantities.items()])


def _card(book):
    """(date, article, quantity, reason, document) of every move, in the sheet's order."""
    return [(m.date, m.article_id, m.quantity, m.reason, m.document) for m in book.records("StockMoves")]


def test_three_deliveries_an_invoice_after_its_note_one_without_and_a_correction(book):
    _stocked(book)
    stock.receive_lines(book, "R-2026-0001", date(2026, 1, 5), [("HUILE", D(40)), ("CIRE", D(12)), ("H-MEN", D(1))])
    l1 = _sale(book, "L", date(2026, 1, 10), HUILE=6, CIRE=2, H_MEN=3)
    l2 = _sale(book, "L", date(2026, 1, 15), HUILE=10)
    l3 = _sale(book, "L", date(2026, 1, 20), CIRE=4, HUILE=2)
    f1 = docs.advance(book, l1, "F", date(2026, 1, 31))     # the invoice of L1: its goods are already out
    f2 = _sale(book, "F", date(2026, 2, 2), HUILE=5, CIRE=1)  # sold over the counter, no delivery note
    _sale(book, "O", date(2026, 2, 2), HUILE=99)              # a quote moves nothing
    stock.correct(book, "HUILE", "-1", date(2026, 2, 3), "casse")
    assert _card(book) == [
        (date(2026, 1, 5), "HUILE", D(40), "received", "R-2026-0001"),
        (date(2026, 1, 5), "CIRE", D(12), "received", "R-2026-0001"),   # H-MEN (hours) has no stock
        (date(2026, 1, 10), "HUILE", D(-6), "delivery", l1),
        (date(2026, 1, 10), "CIRE", D(-2), "delivery", l1),
        (date(2026, 1, 15), "HUILE", D(-10), "delivery", l2),
        (date(2026, 1, 20), "CIRE", D(-4), "delivery", l3),
        (date(2026, 1, 20), "HUILE", D(-2), "delivery", l3),
        (date(2026, 2, 2), "HUILE", D(-5), "invoice", f2),
        (date(2026, 2, 2), "CIRE", D(-1), "invoice", f2),
        (date(2026, 2, 3), "HUILE", D(-1), "correction", None),
    ]
    assert not [m for m in book.records("StockMoves") if m.document == f1]
    # HUILE: 40 - 6 - 10 - 2 - 5 - 1 = 16 (minimum 10: enough); CIRE: 12 - 2 - 4 - 1 = 5 (minimum 6: short by 1)
    assert stock.on_hand(book) == {"HUILE": D(16), "CIRE": D(5)}
    # on 16 January: HUILE 40 - 6 - 10 = 24, CIRE 12 - 2 = 10
    assert stock.on_hand(book, date(2026, 1, 16)) == {"HUILE": D(24), "CIRE": D(10)}
    low = reports.report(book, "stock-low", until=date(2026, 2, 28), language="FR")
    assert low.rows == (("CIRE", "Cire d'abeille 500 ml", "pce", D(5), D(6), D(1), "BAS"),)
    assert [c.label for c in low.columns][3:6] == ["En stock", "Stock minimum", "Manque"]
    every = reports.report(book, "stock", until=date(2026, 2, 28), language="FR")
    assert [row[:4] for row in every.rows] == [("CIRE", "Cire d'abeille 500 ml", "pce", D(5)),
                                               ("HUILE", "Huile dure naturelle 1 l", "pce", D(16))]
    # litres and pots make no total; the value does (no PurchasePrice in this book: no value, 0.00)
    assert every.totals == ("Total", *[None] * 7, D("0.00"))
    # recomputing every document changes nothing: a sale moves its goods once
    moves = _card(book)
    for document in book.records("Documents"):
        docs.recompute(book, document.number)
    assert _card(book) == moves


def test_an_invoice_moves_only_what_its_delivery_note_did_not(book):
    _stocked(book)
    note = _sale(book, "L", date(2026, 3, 2), HUILE=4)
    invoice = docs.advance(book, note, "F", date(2026, 3, 9))
    # a line added on the invoice: 2 more oil and 3 wax left without a delivery note → out by the invoice
    lines = docs.db.lines_of(book, invoice)
    docs.db.replace_lines(book, invoice, [replace(lines[0], quantity=D(6)),
                                          book.new("DocumentLines", article_id="CIRE", quantity=D(3))])
    docs.recompute(book, invoice)
    assert [(m.article_id, m.quantity, m.reason, m.document) for m in book.records("StockMoves")] == [
        ("HUILE", D(-4), "delivery", note), ("HUILE", D(-2), "invoice", invoice), ("CIRE", D(-3), "invoice", invoice)]


def test_an_edited_delivery_note_replaces_its_moves_and_a_receipt_is_not_counted_twice(book):
    _stocked(book)
    note = _sale(book, "L", date(2026, 3, 2), HUILE=4)
    lines = docs.db.lines_of(book, note)
    docs.db.replace_lines(book, note, [replace(lines[0], quantity=D(3))])
    docs.recompute(book, note)
    stock.receive(book, "CIRE", "10", date(2026, 3, 3), "R-7")
    stock.receive(book, "cire", "12", date(2026, 3, 3), "R-7")  # the line corrected: 12, not 10 + 12
    assert [(m.article_id, m.quantity, m.document) for m in book.records("StockMoves")] == [
        ("HUILE", D(-3), note), ("CIRE", D(12), "R-7")]
    assert stock.on_hand(book) == {"HUILE": D(-3), "CIRE": D(12)}  # sold before it was counted in: it shows


def test_corrections_are_refused_with_reasons(book):
    _stocked(book)
    with pytest.raises(BusinessRuleError, match="not stocked"):
        stock.correct(book, "H-MEN", "1", date(2026, 1, 1), "inventaire")
    with pytest.raises(BusinessRuleError, match="no article"):
        stock.correct(book, "XYZ", "1", date(2026, 1, 1), "inventaire")
    with pytest.raises(BusinessRuleError, match="needs a reason"):
        stock.correct(book, "HUILE", "1", date(2026, 1, 1), " ")
    with pytest.raises(BusinessRuleError, match="positive"):
        stock.receive(book, "HUILE", "-3", date(2026, 1, 1), "R-1")


def test_a_book_without_stock_never_gets_the_sheet(blank, tmp_path):
    path = tmp_path / "old.xlsx"
    workbook = openpyxl.load_workbook(blank)
    del workbook["StockMoves"]
    workbook.save(path)
    old = Book.open(path)
    _sale(old, "L", date(2026, 3, 2), HUILE=4)  # no article is stocked: nothing moves
    old.save()
    assert "StockMoves" not in openpyxl.load_workbook(path).sheetnames


def test_stock_from_the_command_line(blank, tmp_path, capsys):
    path = tmp_path / "book.xlsx"
    shutil.copy(blank, path)
    book = Book.open(path)
    _stocked(book)
    book.save()
    before = path.read_bytes()
    assert main(["stock", "move", str(path), "H-MEN", "2", "--reason", "inventaire"]) == 2  # not stocked
    assert path.read_bytes() == before and "Stocked" in capsys.readouterr().err
    assert main(["stock", "receive", str(path), "R-3", "--article", "HUILE", "--quantity", "24",
                 "--date", "05.01.2026"]) == 0
    assert main(["stock", "receive", str(path), "R-3", "--article", "HUILE"]) == 2  # no quantity
    assert main(["stock", "move", str(path), "HUILE", "-3", "--reason", "casse", "--date", "2026-01-06"]) == 0
    assert "HUILE: -3 (correction), on hand 21" in capsys.readouterr().out  # 24 - 3
    assert main(["report", "stock", str(path), "--until", "31.01.2026", "--language", "EN"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split("\t") == ["Item", "Description", "Unit", "On hand", "Minimum", "Short by", "Alert",
                                 "Purchase price", "Stock value"]
    # CIRE never moved: 0 on hand, under its minimum of 6 by 6; HUILE 21, above 10
    assert out[1].split("\t")[:7] == ["CIRE", "Cire d'abeille 500 ml", "pce", "0", "6", "6", "LOW"]
    assert out[2].split("\t")[:5] == ["HUILE", "Huile dure naturelle 1 l", "pce", "21", "10"]


def test_stock_receive_reads_the_received_documents_lines(book, capsys):
    _stocked(book)
    number = purchases.new_received_invoice(book, creditor_id=1, date=date(2026, 1, 5), amount=D("300.00")).ids[0]
    book.put("ReceivedLines", [*book.records("ReceivedLines"),
                               book.new("ReceivedLines", invoice_number=number, position=10, article_id="HUILE",
                                        quantity=D(12)),
                               book.new("ReceivedLines", invoice_number=number, position=11, article_id="HUILE",
                                        quantity=D(6)),
                               book.new("ReceivedLines", invoice_number=number, position=12, article_id="H-MEN",
                                        quantity=D(2))])
    book.save()
    assert main(["stock", "receive", str(book.path), number]) == 0
    assert main(["stock", "receive", str(book.path), number]) == 0  # twice: still one receipt of 12 + 6
    assert capsys.readouterr().out.splitlines()[-1] == "HUILE: +18 (received), on hand 18"
    again = Book.open(book.path)
    assert [(m.date, m.article_id, m.quantity, m.document) for m in again.records("StockMoves")] == [
        (date(2026, 1, 5), "HUILE", D(18), number)]


def test_check_says_a_move_of_an_article_not_stocked_does_not_count(book, capsys):
    _stocked(book)
    stock.correct(book, "HUILE", "5", date(2026, 1, 2), "inventaire")
    book.put("StockMoves", [*book.records("StockMoves"),
                            book.new("StockMoves", move_id=2, date=date(2026, 1, 2), article_id="H-MEN",
                                     quantity=D(3), reason="correction")])
    book.save()
    assert main(["check", str(book.path)]) == 0  # a warning, not an error
    out = capsys.readouterr().out
    assert "StockMoves!C3" in out and "H-MEN is not stocked, so this move does not count" in out


def test_negative_stock_is_said_at_the_move_and_in_check_and_valued_at_zero(blank, tmp_path, capsys):
    """Audit 17: CIRE 0 on hand, `stock move -3` then an invoice for 2 took it to -5, accepted without a word, and the
    stock list valued -5 x 13.35 = -66.75 and took it off the total. The goods left, so the moves stand; but the
    bookkeeper hears it at the move and in check, and a negative quantity is worth 0 (a receipt is missing)."""
    path = tmp_path / "book.xlsx"
    shutil.copy(blank, path)
    book = Book.open(path)
    _stocked(book)
    book.put("Articles", [replace(a, purchase_price=D("13.35") if a.article_id == "CIRE" else D("8.00"))
                          for a in book.records("Articles")])
    book.save()
    assert main(["stock", "move", str(path), "CIRE", "-3", "--reason", "casse", "--date", "2026-01-06"]) == 0
    out = capsys.readouterr().out
    assert "CIRE: -3 (correction), on hand -3" in out and "warning: CIRE: -3 on hand" in out
    assert main(["stock", "move", str(path), "HUILE", "4", "--reason", "inventaire", "--date", "2026-01-06"]) == 0
    assert "warning" not in capsys.readouterr().out  # 4 whole pieces, none missing
    assert main(["documents", "new", str(path), "--client", "1001", "--stage", "F", "--date", "2026-01-07",
                 "--line", "CIRE:2"]) == 0  # 2 more out: -3 - 2 = -5, said at the invoice too
    assert "warning: CIRE: -5 on hand" in capsys.readouterr().out
    assert main(["check", str(path)]) == 0  # a warning, not an error
    out = capsys.readouterr().out
    assert "CIRE: -5 on hand" in out
    assert main(["report", "stock", str(path), "--until", "31.01.2026", "--language", "EN"]) == 0
    rows = [line.split("\t") for line in capsys.readouterr().out.splitlines()]
    cire = next(r for r in rows if r[0] == "CIRE")
    assert cire[3] == "-5" and cire[6] == "NEGATIVE, valued at 0" and cire[8] == "0.00"
    # the total is HUILE alone: 4 x 8.00 = 32.00 (not 32.00 - 66.75 = -34.75)
    assert rows[-1][-1] == "32.00"


def test_a_fraction_of_a_piece_is_a_warning(book, capsys):
    _stocked(book)
    stock.correct(book, "HUILE", "10", date(2026, 1, 2), "inventaire")
    move = stock.correct(book, "HUILE", "-1.5", date(2026, 1, 3), "casse")  # HUILE is counted in "pce"
    assert stock.warnings(book, [move]) == ["HUILE: -1.5 pce is not a whole number of pieces; check the quantity"]
    book.save()
    assert main(["check", str(book.path)]) == 0
    assert "-1.5 pce of HUILE is not a whole number of pieces" in capsys.readouterr().out
