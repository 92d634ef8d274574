"""The ribbon's Contacts and Stock buttons (issue 17): the selected rows, one engine service, save, say what
happened — as :mod:`addin.ribbon_actions`, in a module of their own so that one stays small."""
from __future__ import annotations

import datetime as dt

from engine.errors import ComptoirError
from engine.formats import report_pdf
from engine.services import documents, reports, stock
from engine.store.book import Book
from addin.ribbon_actions import _folder, selected


def _ask(xl_book, prompt: str, kind: int, cli: str):
    """Excel's input box: ``kind`` 1 accepts numbers only, 2 text; cancelled: nothing is changed."""
    ask = getattr(getattr(getattr(xl_book, "app", None), "api", None), "InputBox", None)
    if ask is None:
        raise ComptoirError("this Excel offers Python no input box", f"use `{cli}`")
    answer = ask(prompt, "Comptoir", Type=kind)
    if answer is False or answer in (None, ""):
        raise ComptoirError("cancelled", "nothing was changed")
    return answer


def new_document_for_contact(book: Book, ui, xl_book) -> str:
    """A new invoice for the client of the selected contact, addressed to that person."""
    contact = selected(book, xl_book, "Contacts")[0]
    number = documents.new_document(book, client_id=contact.client_id, on=dt.date.today(), contact=contact.name)
    book.save()
    return (f"{number} created for client {contact.client_id}, to the attention of {contact.name}: add its lines "
            "on DocumentLines, then Print / PDF.")


def stock_correction(book: Book, ui, xl_book) -> str:
    """An inventory correction of the selected article: the quantity found more (+) or missing (-), and why."""
    article = selected(book, xl_book, "Articles")[0]
    cli = f"comptoir stock move BOOK {article.article_id} QTY --reason TEXT"
    quantity = _ask(xl_book, f"{article.article_id} {article.designation}: quantity to add (+) or remove (-)", 1, cli)
    reason = _ask(xl_book, "Reason (e.g. inventaire du 31.12, casse)", 2, cli)
    move = stock.correct(book, article.article_id, str(quantity), dt.date.today(), str(reason))
    book.save()
    said = "".join(f" Warning: {w}." for w in stock.warnings(book, [move]))  # the goods left: said, not refused
    return f"{article.article_id}: {move.quantity:+} ({reason}), on hand {stock.on_hand(book)[_key(article)]}.{said}"


def receive_goods(book: Book, ui, xl_book) -> str:
    """The stocked articles of the selected received documents (ReceivedInvoices) into stock, from their lines."""
    said = []
    for document in selected(book, xl_book, "ReceivedInvoices"):
        moves = stock.receive_document(book, document.number)
        said.append(f"{document.number}: " + (", ".join(f"{m.article_id} +{m.quantity}" for m in moves) or "nothing"))
    book.save()
    return "Received: " + "; ".join(said)


def stock_levels(book: Book, ui, xl_book) -> str:
    """The articles under their minimum stock, in a message (the whole list: comptoir report stock)."""
    low = reports.report(book, "stock-low", until=dt.date.today())
    if not low.rows:
        return "No stocked article is under its minimum."
    return "Under their minimum: " + "; ".join(f"{row[0]} {row[1]}: {row[3]} on hand, minimum {row[4]}"
                                               for row in low.rows)


def stock_value(book: Book, ui, xl_book) -> str:
    """The stock list valued at purchase price (``comptoir report stock``) as a PDF beside the book, its total said."""
    today = dt.date.today()
    listed = reports.report(book, "stock", until=today)  # in the book's language
    folder = _folder(book, "reports")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "stock.pdf").write_bytes(report_pdf.render(listed, company=reports.company_of(book)))
    value = listed.totals[listed.column("value")] if listed.totals else None
    unpriced = [row[0] for row in listed.rows if listed.value(row, "purchase_price") is None]
    amount = f"{value or 0:,.2f}".replace(",", "'")  # 1'328.03, as Swiss reports print it
    said = f"Stock at {today:%d.%m.%Y}: {len(listed.rows)} article(s), value CHF {amount}"
    if unpriced:
        said += f" (no PurchasePrice, not valued: {', '.join(unpriced)})"
    return f"{said}. The list: {folder / 'stock.pdf'}"


def _key(article) -> str:
    return str(article.article_id).strip().upper()
