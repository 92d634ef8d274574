"""Stock of articles (Crésus: "Gestion du stock", Divers tab of an article): the quantity on hand of every article
marked Stocked is the sum of its rows in StockMoves — goods out by a delivery note, or by an invoice that had none;
goods back by a credit note; goods in by received documents (:func:`sync_received`, or by hand :func:`receive`);
inventory corrections by hand (:func:`correct`).

A document moves stock once: a delivery note moves its lines when it is made (and again, replacing its own moves, if
its lines are edited before it is posted); the invoice it becomes moves only what its delivery notes did not (an
invoice with no delivery note moves all its lines); a credit note's article lines come back into stock ("return").
Quotes, order confirmations and down-payment invoices move nothing.

A received document brings its goods in when it reaches its receipt (L), or its invoice (F) when it had no receipt,
dated that day; the invoice that follows a receipt keeps the receipt's moves and date (its corrected quantities
replace them, never add). An order (C) moves nothing; a supplier credit note's article lines take the goods sent
back out ("sent_back").
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from engine.domain.reports.stock import plain, quantities
from engine.errors import BusinessRuleError, Problem
from engine.i18n import tr
from engine.schema import terms
from engine.money import to_decimal
from engine.services import documents_book as db
from engine.services.purchases_lines import IN_STOCK
from engine.store.book import Book

SHEET = "StockMoves"


def _key(article_id) -> str:
    return str(article_id or "").strip().upper()


def stocked(book: Book) -> dict:
    """The articles whose stock is kept, by upper-case ArticleId."""
    return {key: a for key, a in db.articles(book).items() if a.stocked}


def _stocked_article(book: Book, article_id: str):
    key = _key(article_id)
    article = db.articles(book).get(key)
    if article is None:
        raise BusinessRuleError(tr('there is no article "{article}" in {sheet}', book.language, article=article_id,
                                   sheet=book.title("Articles")), tr("check the article number", book.language))
    if not article.stocked:
        raise BusinessRuleError(tr('article "{article}" is not stocked', book.language, article=article.article_id),
                                tr("set {column} to TRUE on its row of {sheet} to keep its stock", book.language,
                                   column=terms.header("Stocked", book.language), sheet=book.title("Articles")))
    return article


def on_hand(book: Book, until: date | None = None) -> dict[str, Decimal]:
    """Quantity on hand of every stocked article (0 when it never moved), counting the moves up to ``until``."""
    return quantities(book.records("Articles"), book.records(SHEET), until)


def _put_moves(book: Book, number: str | None, wanted: list, match=lambda move: True) -> bool:
    """Make the moves of document ``number`` (those ``match`` selects) exactly ``wanted``; False when they were."""
    moves = book.records(SHEET)
    mine = [m for m in moves if number is not None and m.document == number and match(m)]
    if [(m.date, _key(m.article_id), m.quantity, m.reason) for m in mine] == \
            [(m.date, _key(m.article_id), m.quantity, m.reason) for m in wanted]:
        return False
    kept = [m for m in moves if not any(m is x for x in mine)]
    next_id = max((m.move_id or 0 for m in moves), default=0) + 1
    added = [replace(m, move_id=next_id + i) for i, m in enumerate(wanted)]
    book.put(SHEET, [*kept, *added])
    return True


def _move(book: Book, article, quantity: Decimal, on: date, reason: str, document: str | None, comment: str = ""):
    return book.new(SHEET, move_id=0, date=on, article_id=article.article_id, quantity=plain(quantity),
                    reason=reason, document=document or None, comment=comment or None)


def receive(book: Book, article: str, quantity, on: date, number: str):
    """Goods in: ``quantity`` of ``article`` received by document ``number`` (a received order or invoice line).
    Called again for the same document and article it replaces the move (a corrected line), never adds a second."""
    found = _stocked_article(book, article)
    quantity = to_decimal(quantity)
    if quantity <= 0:
        raise BusinessRuleError(tr("{number}: a received quantity of {article} must be positive, not {quantity}",
                                   book.language, number=number, article=found.article_id, quantity=quantity),
                                tr("a return to the supplier is a correction (comptoir stock move)", book.language))
    move = _move(book, found, quantity, on, "received", number)
    _put_moves(book, number, [move], lambda m: m.reason == "received" and _key(m.article_id) == _key(article))
    return move


def receive_lines(book: Book, number: str, on: date, lines, reason: str = "received") -> list:
    """Goods in for a whole received document: ``lines`` are (article, quantity); lines of articles that are not
    stocked (or free lines) are left out; the document's received moves become exactly these. With ``reason``
    "sent_back" (a supplier credit note) the same goods go out."""
    catalogue = stocked(book)
    totals: dict[str, Decimal] = {}
    for article, quantity in lines:
        if _key(article) in catalogue and quantity:
            totals[_key(article)] = totals.get(_key(article), Decimal(0)) + to_decimal(quantity)
    sign = -1 if reason == "sent_back" else 1
    wanted = [_move(book, catalogue[key], sign * qty, on, reason, number) for key, qty in totals.items() if qty]
    _put_moves(book, number, wanted, lambda m: m.reason == reason)
    return wanted


def _received_document(book: Book, number: str) -> tuple:
    """(document, its article lines, the day its goods move): the day they first moved (a receipt moved on to its
    invoice keeps the receipt's day), else the document's date; (None, [], None) when there is no such document."""
    key = str(number or "").strip().upper()
    document = next((r for r in book.records("ReceivedInvoices") if str(r.number or "").strip().upper() == key), None)
    if document is None:
        return None, [], None
    lines = [(line.article_id, line.quantity) for line in book.records("ReceivedLines")
             if line.invoice_number == document.number and line.article_id and line.quantity]
    moved = [m.date for m in book.records(SHEET) if m.document == document.number and m.date and
             m.reason in ("received", "sent_back")]
    return document, lines, min(moved, default=document.date)


def receive_document(book: Book, number: str) -> list:
    """Goods in for a received document (ReceivedInvoices), from its lines with an article and a quantity
    (ReceivedLines), on its date (or the day they first came in); run again it replaces them (a line corrected
    since). By hand: an order's goods that came before its receipt was entered, say."""
    document, lines, on = _received_document(book, number)
    if document is None:
        raise BusinessRuleError(tr('there is no received document "{number}" in {sheet}', book.language,
                                   number=number, sheet=book.title("ReceivedInvoices")),
                                tr("check the number", book.language))
    if document.stage == "N":
        raise BusinessRuleError(tr("{number} is a supplier credit note: its goods go out, not in", book.language,
                                   number=document.number),
                                tr("they do so by themselves; a correction is `comptoir stock move`", book.language))
    return receive_lines(book, document.number, on, lines)


def correct(book: Book, article: str, quantity, on: date, reason: str):
    """An inventory correction: ``quantity`` in (positive) or out (negative), saying why (counted, broken, …)."""
    found = _stocked_article(book, article)
    quantity = to_decimal(quantity)
    if not quantity:
        raise BusinessRuleError(tr("a correction of 0 moves nothing", book.language),
                                tr("give the quantity to add (+) or remove (-)", book.language))
    if not (reason or "").strip():
        raise BusinessRuleError(tr("a stock correction needs a reason", book.language),
                                tr('e.g. --reason "inventaire du 31.12"', book.language))
    move = _move(book, found, quantity, on, "correction", None, reason.strip())
    next_id = max((m.move_id or 0 for m in book.records(SHEET)), default=0) + 1
    move = replace(move, move_id=next_id)
    book.put(SHEET, [*book.records(SHEET), move])
    return move


def sync_document(book: Book, document) -> None:
    """Goods out for a sales document, as its stage says (module docstring); nothing written when nothing moves."""
    catalogue = stocked(book)
    if not catalogue and not book.records(SHEET):
        return
    reason = {"L": "delivery", "F": "invoice", "N": "return"}.get(document.stage)
    if reason == "invoice" and document.down_payment:
        reason = None
    out: dict[str, Decimal] = {}
    if reason:
        for line in db.lines_of(book, document.number):
            key = _key(line.article_id)
            if key in catalogue and not line.kind and line.quantity:
                out[key] = out.get(key, Decimal(0)) + line.quantity
    if reason == "invoice":  # what its delivery notes (earlier numbers of this document) took out already
        earlier = set((document.origin or "").split())
        for move in book.records(SHEET):
            if move.document in earlier and move.reason == "delivery" and _key(move.article_id) in out:
                out[_key(move.article_id)] += move.quantity  # a delivery is negative
    on = document.date or date.today()
    sign = 1 if reason == "return" else -1  # a credit note's goods come back in
    wanted = [_move(book, catalogue[key], sign * qty, on, reason, document.number) for key, qty in out.items()
              if qty > 0]
    _put_moves(book, document.number, wanted, lambda m: m.reason in ("delivery", "invoice", "return"))


def sync_received(book: Book, number: str) -> list:
    """Goods in (or out, by a supplier credit note) for received document ``number`` as its stage says (module
    docstring); nothing written when nothing moves, so a book without stock never gets the sheet."""
    if not stocked(book) and not book.records(SHEET):
        return []
    document, lines, on = _received_document(book, number)
    if document is None or document.stage not in (*IN_STOCK, "N"):
        return []
    return receive_lines(book, document.number, on, lines, "sent_back" if document.stage == "N" else "received")


# units counted in whole pieces: 1.5 of them is a typing slip (a quantity in litres or metres may well be 1.5)
PIECES = frozenset({"pce", "pces", "pc", "pcs", "pièce", "pièces", "piece", "pieces", "stk", "stück", "pz", "pezzo",
                    "pezzi", "unité", "unités", "u"})


def _in_pieces(article) -> bool:
    return str(getattr(article, "unit", "") or "").strip().lower().rstrip(".") in PIECES


def negative(book: Book) -> dict[str, Decimal]:
    """The stocked articles whose quantity on hand is below 0 (more went out than the moves brought in)."""
    return {key: qty for key, qty in on_hand(book).items() if qty < 0}


def warnings(book: Book, moves) -> list[str]:
    """What a bookkeeper should hear after ``moves``: an article now below 0 on hand (the goods left all the same,
    so the move stands: an earlier receipt or the inventory is missing), a fraction of an article counted in pieces."""
    catalogue = stocked(book)
    below = negative(book)
    said, out = set(), []
    for move in moves:
        key = _key(move.article_id)
        article = catalogue.get(key)
        if article is not None and _in_pieces(article) and move.quantity != move.quantity.to_integral():
            out.append(tr("{article}: {quantity} {unit} is not a whole number of pieces; check the quantity",
                          book.language, article=article.article_id, quantity=move.quantity, unit=article.unit))
        if key in below and key not in said:
            said.add(key)
            out.append(tr("{article}: {quantity} on hand; a receipt or an inventory correction is missing (comptoir "
                          "stock receive|move)", book.language, article=catalogue[key].article_id,
                          quantity=below[key]))
    return out


def check(book: Book) -> list[Problem]:
    """A move typed by hand for an article that is not stocked does not count in its quantity on hand: say so; an
    article below 0 on hand, or moved by a fraction of a piece, is a warning (the goods moved, the count is wrong)."""
    catalogue = db.articles(book)
    problems = []
    for move in book.records(SHEET):
        article = catalogue.get(_key(move.article_id))
        if article is not None and not article.stocked:
            problems.append(Problem(db.where(book, SHEET, move, "article_id"),
                                    tr("move {move}: article {article} is not stocked, so this move does not count",
                                       book.language, move=move.move_id, article=article.article_id),
                                    tr("set {column} to TRUE on its row of {sheet}, or delete the move", book.language,
                                       column=terms.header("Stocked", book.language), sheet=book.title("Articles")),
                                    "warning"))
        elif article is not None and _in_pieces(article) and move.quantity is not None \
                and move.quantity != move.quantity.to_integral():
            problems.append(Problem(db.where(book, SHEET, move, "quantity"),
                                    tr("move {move}: {quantity} {unit} of {article} is not a whole number of pieces",
                                       book.language, move=move.move_id, quantity=move.quantity, unit=article.unit,
                                       article=article.article_id),
                                    tr("correct the quantity of the document or the move", book.language),
                                    "warning"))
    for key, quantity in negative(book).items():
        article = catalogue[key]
        problems.append(Problem(db.where(book, "Articles", article, "article_id"),
                                tr("{article}: {quantity} on hand (more went out than came in)", book.language,
                                   article=article.article_id, quantity=quantity),
                                tr("enter the missing receipt (comptoir stock receive) or an inventory correction "
                                   "(comptoir stock move)", book.language), "warning"))
    return problems
