"""Removing a client or an article from the invoicing book: only one that no document uses; otherwise refused,
naming the documents (archive it instead), in the book's language."""
from __future__ import annotations

from engine.errors import BusinessRuleError
from engine.i18n import tr
from engine.schema import terms
from engine.services import documents_book as db
from engine.store.book import Book


def delete_client(book: Book, client_id: int) -> None:
    """Remove a client no document uses; otherwise refuse and say which documents (archive it instead)."""
    used = [d.number for d in book.records("Documents") if d.client_id == client_id]
    client = db.find_client(book, client_id)
    if used:
        raise BusinessRuleError(tr("client {client} ({name}) has {count} document(s): {numbers}", book.language,
                                   client=client_id, name=db.client_name(client), count=len(used),
                                   numbers=", ".join(used[:5]) + (" …" if len(used) > 5 else "")),
                                tr("archive the client instead ({column} = TRUE)", book.language,
                                   column=terms.header("Archived", book.language)))
    book.put("Clients", [c for c in book.records("Clients") if c.client_id != client_id])


def delete_article(book: Book, article_id: str) -> None:
    """Remove an article no document line uses; otherwise refuse (archive it instead)."""
    key = str(article_id).strip().upper()
    used = sorted({line.document_number for line in book.records("DocumentLines")
                   if str(line.article_id or "").strip().upper() == key})
    used += sorted({line.invoice_number for line in book.records("ReceivedLines")
                    if str(line.article_id or "").strip().upper() == key})
    if key not in db.articles(book):
        raise BusinessRuleError(tr('there is no article "{article}" in {sheet}', book.language, article=article_id,
                                   sheet=book.title("Articles")), tr("check the article number", book.language))
    if used:
        raise BusinessRuleError(tr('article "{article}" is used by {count} document(s): {numbers}', book.language,
                                   article=article_id, count=len(used), numbers=", ".join(used[:5])),
                                tr("archive the article instead ({column} = TRUE)", book.language,
                                   column=terms.header("Archived", book.language)))
    book.put("Articles", [a for a in book.records("Articles") if str(a.article_id).strip().upper() != key])
