"""Stock moved by the documents themselves (issue 17): goods in when a received document reaches its receipt (or
its invoice when it had none), once; goods out by delivery notes; goods back by a credit note; and the stock list's
value at purchase price — a stock card and its valuation written by hand below."""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal as D

import pytest

from engine.cli import main
from engine.errors import BusinessRuleError
from engine.services import documents as docs
from engine.services import purchases, reports, stock
from engine.services.purchases_stages import advance, complete_lines
from engine.store.book import Book
from tests.company import blank, book  # noqa: F401 (fixtures)

# stocked articles and what we pay for them (CHF without VAT); H-MEN (hours) is not stocked
PRICES = {"HUILE": D("21.40"), "CIRE": D("11.15"), "PLA-3P": D("48.35")}


def _stocked(book):
    book.put("Articles", [replace(a, stocked=True, purchase_price=PRICES[a.article_id]) if a.article_id in PRICES
                          else a for a in book.records("Articles")])


def _received(book, stage, on, **quantities):
    lines = [dict(article_id=a.replace("_", "-"), quantity=D(q)) for a, q in quantities.items()]
    return purchases.new_received_invoice(book, creditor_id=1, date=on, stage=stage, lines=lines).ids[0]


def _sale(book, stage, on, refers_to="", **quantities):
    return docs.new_document(book, client_id=1001, stage=stage, on=on, refers_to=refers_to,
                             lines=[dict(article_id=a, quantity=D(q)) for a, q in quantities.items()])


def _card(book):
    return [(m.date, m.article_id, m.quantity, m.reason, m.document) for m in book.records("StockMoves")]


def test_receipts_an_invoice_without_one_deliveries_a_credit_note_and_the_value(book):  # noqa: F811
    _stocked(book)
    r1 = _received(book, "receipt", date(2026, 1, 5), HUILE=40, CIRE=12)     # in on 05.01
    advance(book, r1, "invoice", on=date(2026, 1, 20))                      # its invoice: nothing more comes in
    r2 = _received(book, "order", date(2026, 1, 8), HUILE=24)                # ordered: nothing yet
    assert not [m for m in book.records("StockMoves") if m.document == r2]
    advance(book, r2, "receipt", on=date(2026, 1, 12))                      # in on 12.01
    r3 = purchases.new_received_invoice(book, creditor_id=1, date=date(2026, 2, 1), lines=[
        dict(article_id="CIRE", quantity=D(6)), dict(article_id="PLA-3P", quantity=D("12.5")),
        dict(account="6500", vat_code="IPM", amount=D("50.00"))]).ids[0]     # an invoice without receipt: in 01.02
    l1 = _sale(book, "L", date(2026, 1, 15), HUILE=10, CIRE=3)
    l2 = _sale(book, "L", date(2026, 1, 25), HUILE=30)
    f1 = docs.advance(book, l1, "F", date(2026, 1, 31))                      # its goods went out with L1
    n1 = _sale(book, "N", date(2026, 2, 10), refers_to=f1, HUILE=2)          # 2 litres brought back
    assert _card(book) == [
        (date(2026, 1, 5), "HUILE", D(40), "received", r1),
        (date(2026, 1, 5), "CIRE", D(12), "received", r1),
        (date(2026, 1, 12), "HUILE", D(24), "received", r2),
        (date(2026, 2, 1), "CIRE", D(6), "received", r3),
        (date(2026, 2, 1), "PLA-3P", D("12.5"), "received", r3),
        (date(2026, 1, 15), "HUILE", D(-10), "delivery", l1),
        (date(2026, 1, 15), "CIRE", D(-3), "delivery", l1),
        (date(2026, 1, 25), "HUILE", D(-30), "delivery", l2),
        (date(2026, 2, 10), "HUILE", D(2), "return", n1),
    ]
    # every document again: nothing moves twice (the receipt's invoice, the credit note, the lines recomputed)
    card = _card(book)
    for number in (r1, r2, r3):
        complete_lines(book, number)
    for document in book.records("Documents"):
        docs.recompute(book, document.number)
    advance(book, r2, "invoice", on=date(2026, 2, 20))
    assert _card(book) == card
    # HUILE 40 + 24 - 10 - 30 + 2 = 26; CIRE 12 + 6 - 3 = 15; PLA-3P 12.5 m2
    assert stock.on_hand(book) == {"HUILE": D(26), "CIRE": D(15), "PLA-3P": D("12.5")}
    listed = reports.report(book, "stock", until=date(2026, 2, 28), columns=["article", "on_hand",
                                                                            "purchase_price", "value"])
    # 26 × 21.40 = 556.40; 15 × 11.15 = 167.25; 12.5 × 48.35 = 604.375 → 604.38 (half up);
    # total 556.40 + 167.25 + 604.38 = 1328.03
    assert listed.rows == (("CIRE", D(15), D("11.15"), D("167.25")), ("HUILE", D(26), D("21.40"), D("556.40")),
                           ("PLA-3P", D("12.5"), D("48.35"), D("604.38")))
    assert listed.totals == ("Total", None, None, D("1328.03"))
    # on 31.01: HUILE 40 + 24 - 10 - 30 = 24 → 513.60; CIRE 12 - 3 = 9 → 100.35; PLA-3P not yet in → 0.00;
    # total 613.95
    january = reports.report(book, "stock", until=date(2026, 1, 31), columns=["article", "value"])
    assert january.rows == (("CIRE", D("100.35")), ("HUILE", D("513.60")), ("PLA-3P", D("0.00")))
    assert january.totals == ("Total", D("613.95"))


def test_a_corrected_receipt_replaces_its_moves_and_keeps_its_day(book):  # noqa: F811
    _stocked(book)
    r1 = _received(book, "receipt", date(2026, 3, 2), HUILE=10)
    line = next(x for x in book.records("ReceivedLines") if x.invoice_number == r1)
    book.put("ReceivedLines", [replace(x, quantity=D(8)) if x is line else x for x in book.records("ReceivedLines")])
    advance(book, r1, "invoice", on=date(2026, 3, 16))  # 2 were missing: the invoice counts 8, dated the receipt's day
    assert _card(book) == [(date(2026, 3, 2), "HUILE", D(8), "received", r1)]


def test_a_credit_note_of_a_free_line_or_a_service_moves_nothing(book):  # noqa: F811
    _stocked(book)
    invoice = _sale(book, "F", date(2026, 4, 1), HUILE=5)
    credit = docs.new_document(book, client_id=1001, stage="N", on=date(2026, 4, 3), refers_to=invoice,
                               lines=[dict(article_id="H-MEN", quantity=D(1))])
    assert [m.document for m in book.records("StockMoves")] == [invoice] and credit


def test_a_book_without_stock_gets_no_moves_from_received_documents(book):  # noqa: F811
    purchases.new_received_invoice(book, creditor_id=1, date=date(2026, 1, 5), stage="receipt",
                                   lines=[dict(article_id="HUILE", quantity=D(40), unit_price=D("21.40"))])
    assert not book.records("StockMoves")


def test_the_command_line_receipt_moves_the_stock_and_the_report_values_it(book, capsys):  # noqa: F811
    _stocked(book)
    book.save()
    path = str(book.path)
    assert main(["purchases", "new", path, "--creditor", "1", "--date", "05.01.2026", "--stage", "receipt",
                 "--line", "HUILE:24"]) == 0
    said = capsys.readouterr().out
    assert "CHF 555.20" in said  # 24 × 21.40 = 513.60 + 8.1 % input tax 41.60
    assert "stock on 05.01.2026: HUILE +24" in said
    assert main(["report", "stock", path, "--until", "31.01.2026", "--language", "FR",
                 "--columns", "article,on_hand,value"]) == 0
    out = capsys.readouterr().out.splitlines()
    # 24 × 21.40 = 513.60; CIRE and PLA-3P never moved: 0.00
    assert out[0].split("\t") == ["Article", "En stock", "Valeur du stock"]
    assert out[1:] == ["CIRE\t0\t0.00", "HUILE\t24\t513.60", "PLA-3P\t0\t0.00", "Total\t\t513.60"]
    assert Book.open(book.path).records("StockMoves")[0].quantity == D(24)


def test_a_supplier_credit_note_takes_the_goods_sent_back_out_once(book):  # noqa: F811
    _stocked(book)
    r1 = _received(book, "receipt", date(2026, 5, 4), HUILE=20, CIRE=6)
    # 3 litres arrived damaged and went back: the supplier's credit note (stage N) lists them
    n1 = purchases.new_received_invoice(book, creditor_id=1, date=date(2026, 5, 11), stage="credit_note",
                                        lines=[dict(article_id="HUILE", quantity=D(3))]).ids[0]
    complete_lines(book, n1)  # again: replaced, not added
    assert _card(book) == [(date(2026, 5, 4), "HUILE", D(20), "received", r1),
                           (date(2026, 5, 4), "CIRE", D(6), "received", r1),
                           (date(2026, 5, 11), "HUILE", D(-3), "sent_back", n1)]
    assert stock.on_hand(book)["HUILE"] == D(17)  # 20 - 3
    with pytest.raises(BusinessRuleError, match="supplier credit note"):
        stock.receive_document(book, n1)


def test_receiving_by_hand_again_keeps_the_day_the_goods_came(book):  # noqa: F811
    _stocked(book)
    r1 = _received(book, "receipt", date(2026, 6, 1), CIRE=10)
    advance(book, r1, "invoice", on=date(2026, 6, 20))
    assert [(m.date, m.quantity) for m in stock.receive_document(book, r1)] == [(date(2026, 6, 1), D(10))]
    assert _card(book) == [(date(2026, 6, 1), "CIRE", D(10), "received", r1)]
