"""Shared look-ups of the sales services over an invoicing book: documents, their lines, clients, payments.

Lines of a document are kept together in DocumentLines, in position order; :func:`replace_lines` puts a
document's new lines where its old ones were, reusing their rows so the sheet changes in place.
"""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from engine.domain import documents as dd
from engine.domain.vat import VatRates
from engine.errors import BusinessRuleError, Source
from engine.i18n import tr
from engine.schema.terms import shown_sheet
from engine.money import ZERO
from engine.store.book import Book


def where(book: Book, sheet: str, record, field: str = "") -> Source:
    return book.table(sheet).source(record, field)


def find_document(book: Book, number: str):
    key = str(number or "").strip()
    for record in book.records("Documents"):
        if str(record.number or "").strip().upper() == key.upper():
            return record
    raise BusinessRuleError(tr('there is no document "{number}" in {sheet}', book.language, number=key,
                               sheet=book.title("Documents")), tr("check the number (e.g. F-2026-0001)", book.language))


def find_client(book: Book, client_id):
    for record in book.records("Clients"):
        if record.client_id == client_id:
            return record
    raise BusinessRuleError(tr("there is no client {client} in {sheet}", book.language, client=client_id,
                               sheet=book.title("Clients")), tr("add the client first, or fix the number", book.language))


def articles(book: Book) -> dict:
    return {str(a.article_id).strip().upper(): a for a in book.records("Articles") if a.article_id}


def lines_of(book: Book, number: str) -> list:
    return sorted((line for line in book.records("DocumentLines") if line.document_number == number),
                  key=lambda line: line.position or 0)


def replace_lines(book: Book, number: str, new_lines: list) -> list:
    """Put ``new_lines`` (positions 1..n) in place of the document's lines; returns them with their rows."""
    records = list(book.records("DocumentLines"))
    old_rows = [r.row for r in records if r.document_number == number]
    first = next((i for i, r in enumerate(records) if r.document_number == number), len(records))
    rest = [r for r in records if r.document_number != number]
    first = min(first, len(rest))
    placed = []
    for index, line in enumerate(new_lines):
        row = old_rows[index] if index < len(old_rows) else None
        placed.append(replace(line, document_number=number, position=index + 1, row=row))
    book.put("DocumentLines", rest[:first] + placed + rest[first:])
    return placed


def put_document(book: Book, document, old_number: str | None = None) -> None:
    """Replace the document (found by ``old_number`` or its own number) in Documents, or append it."""
    key = old_number or document.number
    records = list(book.records("Documents"))
    for index, record in enumerate(records):
        if record.number == key:
            records[index] = replace(document, row=record.row)
            break
    else:
        records.append(document)
    book.put("Documents", records)


def vat_rates(book: Book) -> VatRates:
    rates = VatRates.from_records(book.records("VatCodes"))
    if not rates.codes():
        raise BusinessRuleError(tr("the {sheet} sheet is empty", sheet=shown_sheet("VatCodes")),
                                tr("publish the ledger's VAT codes (comptoir mandate) or copy them from the template"))
    return rates


def payment_rows(book: Book, number: str) -> list:
    return [p for p in book.records("Payments") if p.side == "sales" and p.document_number == number]


def settle(book: Book, document):
    """The document with Paid, Balance and Status following its Payments rows (quotes etc. keep no balance)."""
    stage, printed, posted, _ = dd.parse_status(document.status)
    if document.stage not in ("F", "N") or document.total_payable is None:
        return replace(document, status=dd.status(document.stage, printed=printed, posted=posted))
    rows = [(p.kind, p.amount or ZERO) for p in payment_rows(book, document.number)]
    balance = dd.balance(document.total_payable, rows)
    paid = balance <= 0 and (document.total_payable != 0 or bool(rows))
    return replace(document, paid=dd.paid_amount(rows), balance=balance,
                   status=dd.status(document.stage, printed=printed, paid=paid, posted=posted))


def mark_printed(book: Book, number: str) -> None:
    document = find_document(book, number)
    stage, _, posted, paid = dd.parse_status(document.status)
    put_document(book, replace(document, status=dd.status(document.stage, printed=True, paid=paid, posted=posted)))


def refers_to(document) -> list[str]:
    """The numbers in RefersTo (down payments of a final invoice, the invoice of a credit note)."""
    return [n for n in re.split(r"[\s,;]+", document.refers_to or "") if n]


def client_name(client) -> str:
    person = " ".join(x for x in (client.first_name, client.last_name) if x)
    return client.company or person or f"client {client.client_id}"


def is_open(document, today: date | None = None) -> bool:
    return document.stage == "F" and (document.balance or ZERO) > 0
