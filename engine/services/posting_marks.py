"""The marks posting leaves on the invoicing book: each posted record's session and fingerprint (what check and a
repost compare with), the c / C letter of the documents' Status, and which documents each session touched (what an
unpost takes with it)."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from engine.domain.documents import parse_status, status
from engine.domain.posting import locks
from engine.services.rates import book_rates, payments_valued, with_rate_used


def lock(book, session: int, documents: set, payments: set) -> None:
    """Mark what ``session`` posted: the documents (with the rate they were posted at) and the payments (with the
    CHF they were valued at) get its number and the fingerprint of their posted fields."""
    lines = locks.lines_by_document(book)
    rates = book_rates(book)
    for side, sheet in (("sales", "Documents"), ("purchases", "ReceivedInvoices")):
        records = book.records(sheet)
        if any((side, r.number) in documents for r in records):
            records = [with_rate_used(r, rates) if (side, r.number) in documents else r for r in records]
            book.put(sheet, [replace(r, posted_session=session, posted_hash=locks.fingerprint(
                sheet, r, lines[sheet].get(r.number, ()))) if (side, r.number) in documents else r
                for r in records])
    if payments:
        valued = payments_valued(book)

        def locked(p):
            p = valued(p)
            return replace(p, posted_session=session, posted_hash=locks.fingerprint("Payments", p))
        book.put("Payments", [locked(p) if p.payment_id in payments else p for p in book.records("Payments")])


def posted_letters(book) -> None:
    """The Documents Status shows ``c`` (partly posted) / ``C`` (the invoice and all its payments posted), as the
    suite does; the sales services read the letter back and keep it (engine.domain.documents.parse_status)."""
    payments = defaultdict(list)
    for p in book.records("Payments"):
        if p.side == "sales":
            payments[p.document_number].append(p.posted_session is not None)
    changed, records = False, []
    for d in book.records("Documents"):
        flags = [d.posted_session is not None, *payments.get(d.number, ())]
        letter = "C" if all(flags) and flags[0] else "c" if any(flags) else ""
        stage, printed, old, paid = parse_status(d.status)
        if old != letter and stage:  # an empty Status stays empty: unposting must give back the same book
            d = replace(d, status=status(stage, printed=printed, paid=paid, posted=letter))
            changed = True
        records.append(d)
    if changed:
        book.put("Documents", records)
    from engine.services.purchases import refresh  # the received documents' state ends with the same letters
    refresh(book, statuses_only=True)


def touched(book) -> dict[int, set]:
    """Per posted session, the documents (side, number) it posted something about (incl. credit-note links)."""
    out = defaultdict(set)
    links = {}
    for side, sheet in (("sales", "Documents"), ("purchases", "ReceivedInvoices")):
        for r in book.records(sheet):
            if r.stage == "N" and getattr(r, "refers_to", None):
                links[(side, r.number)] = (side, r.refers_to)
            if r.posted_session is not None:
                out[r.posted_session].add((side, r.number))
    for p in book.records("Payments"):
        if p.posted_session is not None:
            out[p.posted_session].add((p.side, p.document_number))
    for keys in out.values():
        keys |= {links[k] for k in list(keys) if k in links}
        keys |= {k for k, target in links.items() if target in keys}
    return out
