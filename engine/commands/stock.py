"""``comptoir stock move|receive BOOK ...``: inventory corrections and goods received by hand (StockMoves).

Deliveries, invoices and credit notes move the stock themselves (``documents new|stage``), received documents at
their receipt or invoice (``purchases new|stage``); ``comptoir report stock BOOK`` shows
the quantities on hand, ``report stock-low`` the articles under their minimum.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from engine.dates import date_option
from engine.errors import ComptoirError
from engine.i18n import tr
from engine.schema import terms
from engine.services import stock
from engine.store.book import Book


def register(subparsers) -> None:
    top = subparsers.add_parser("stock", help="stock of articles: inventory corrections, goods received")
    sub = top.add_subparsers(dest="stock_command", metavar="ACTION", required=True)
    move = sub.add_parser("move", help="an inventory correction: QTY in (+) or out (-), with its reason")
    move.add_argument("book", type=Path, help="the invoicing book (.xlsx)")
    move.add_argument("article", help="ArticleId (a Stocked article)")
    move.add_argument("quantity", help="e.g. 5 (found more) or -2 (broken, lost)")
    move.add_argument("--reason", required=True, help='why, e.g. "inventaire du 31.12", "casse"')
    move.add_argument("--date", type=date_option, help="default today")
    move.set_defaults(run=run_move)
    receive = sub.add_parser("receive", help="goods in by a received document: from its ReceivedLines (articles and "
                             "quantities), or --article A --quantity Q for a document not in the book")
    receive.add_argument("book", type=Path, help="the invoicing book (.xlsx)")
    receive.add_argument("document", help="the received document's number (ReceivedInvoices, or the supplier's)")
    receive.add_argument("--article", help="ArticleId (a Stocked article)")
    receive.add_argument("--quantity", help="with --article: the quantity received")
    receive.add_argument("--date", type=date_option, help="with --article: default today")
    receive.set_defaults(run=run_receive)


def _save_and_say(book: Book, move) -> int:
    book.save()
    level = stock.on_hand(book)[move.article_id.strip().upper()]
    print(_moved(book, move, level))
    for warning in stock.warnings(book, [move]):
        print(f"{tr('warning')}: {warning}")
    return 0


def run_move(args) -> int:
    book = Book.open(args.book)
    return _save_and_say(book, stock.correct(book, args.article, args.quantity, args.date or dt.date.today(),
                                             args.reason))


def run_receive(args) -> int:
    book = Book.open(args.book)
    if args.article or args.quantity:
        if not (args.article and args.quantity):
            raise ComptoirError(tr("--article and --quantity go together"),
                                tr("give both, or neither to read the document's ReceivedLines"))
        return _save_and_say(book, stock.receive(book, args.article, args.quantity, args.date or dt.date.today(),
                                                 args.document))
    moves = stock.receive_document(book, args.document)
    book.save()
    levels = stock.on_hand(book)
    for move in moves:
        print(_moved(book, move, levels[move.article_id.upper()]))
    if not moves:
        print(tr("{document}: no line of a stocked article", document=args.document))
    return 0


def _moved(book: Book, move, level) -> str:
    """One move as the bookkeeper reads it: the reason in the book's words (a reason typed by hand as it is)."""
    return tr("{article}: {quantity} ({reason}), on hand {level}", article=move.article_id,
              quantity=f"{move.quantity:+}", reason=terms.value(move.reason, book.language), level=level)
