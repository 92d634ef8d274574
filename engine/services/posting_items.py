"""What posting reads from the invoicing book: each issued and received document with its payments, as the
domain's items (engine.domain.posting.sessions.Item), the credit notes used on an invoice netted per line (received
basis), amounts in CHF. :mod:`engine.services.posting` plans and publishes them."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from engine.domain.posting.currency import in_chf, rate_of
from engine.domain.posting.entry import PostingRules
from engine.domain.posting.sessions import Item
from engine.domain.posting.sources import credit_note_links, pay_of, problem_of, purchase_doc, sales_doc
from engine.domain.vat import VatRates
from engine.errors import BusinessRuleError, ProblemsFound
from engine.money import currency_of
from engine.services.posting_exchange import (at_day_rate, charge_rates, credit_uses_in_chf, foreign_rates,
                                             settled_in_chf, worth_in_chf)
from engine.services.rates import book_rates


def rates_of(book, ledger) -> VatRates:
    """The VAT codes posting uses: the invoicing book's, else the ledger's."""
    records = book.records("VatCodes")
    if not records and ledger is not None:
        records = ledger.records("VatCodes")
    return VatRates.from_records(records)


def collect(book, rules: PostingRules, sides=("sales", "purchases"), rates=None) -> list[Item]:
    """Documents and payments of ``sides`` as posting items; every inconsistency raised at once (ProblemsFound)."""
    rates = rates or rates_of(book, None)
    settings = book.settings
    payments = defaultdict(list)
    for p in book.records("Payments"):
        payments[(p.side, p.document_number)].append(p)
    numbers = {("sales", d.number) for d in book.records("Documents")} | {
        ("purchases", r.number) for r in book.records("ReceivedInvoices")}
    links = credit_note_links(book.records("Payments"), numbers)
    problems, items, known = [], [], set()
    table = book_rates(book)
    days = table.days_only()  # payments at their day's rate: the sheet alone, without Settings EURRate
    fees_wait = rules.vat_basis == "received" or rules.reminder_fee_posting == "payment"  # booked when paid
    doc_rates = foreign_rates(book, table)
    valued = settled_in_chf(book, links, doc_rates)
    specs = (("sales", "Documents", "DocumentLines", "document_number", "Clients", "client_id", sales_doc),
             ("purchases", "ReceivedInvoices", "ReceivedLines", "invoice_number", "Creditors", "creditor_id",
              purchase_doc))
    for side, sheet, line_sheet, line_key, partner_sheet, partner_key, make in specs:
        if side not in sides:
            continue
        lines = defaultdict(list)
        for line in book.records(line_sheet):
            lines[getattr(line, line_key)].append(line)
        partners = {getattr(p, partner_key): p for p in book.records(partner_sheet)}
        docs = [d for d in book.records(sheet) if d.stage in ("F", "N")]
        notes = defaultdict(list)
        for d in docs:
            if d.stage == "N" and getattr(d, "refers_to", None):
                notes[d.refers_to].append(d.number)
        for record in docs:
            known.add((side, record.number))
            if record.do_not_post:
                continue
            pays = tuple((pay_of(p, *links.get(p.payment_id, (None, False))), p.posted_session)
                         for p in payments.get((side, record.number), ()))
            try:
                doc = make(record, lines.get(record.number, ()), partners.get(getattr(record, partner_key)),
                           settings, rates, notes.get(record.number, ()), book.name)
                rate = rate_of(record, sheet, book.name, table)  # a EUR document posts in CHF, at its own rate
                if rate is not None:
                    rows = payments.get((side, record.number), ())
                    worth = worth_in_chf(rows, currency_of(record), days)
                    worth.update(credit_uses_in_chf(rows, links, doc_rates, (side, record.number), record.stage,
                                                    valued))
                    doc, pays = in_chf(doc, pays, rate, worth, at_day_rate(rows, currency_of(record), days),
                                       charge_rates(rows, currency_of(record), days, fees_wait))
            except BusinessRuleError as error:
                problems.append(problem_of(error))
                continue
            items.append(Item(doc=doc, posted=record.posted_session, payments=pays))
    payments_table = book.table("Payments")
    for (side, number), rows in payments.items():
        if side in sides and (side, number) not in known:
            for p in rows:
                problems.append(problem_of(BusinessRuleError(
                    f"payment {p.payment_id} is on {side} document {number}, which does not exist",
                    "correct DocumentNumber or Side", payments_table.source(p, "document_number"))))
    if problems:
        raise ProblemsFound(problems)
    if rules.vat_basis == "received":
        items = _credit_notes_netted(items, payments)
    return items


def _credit_notes_netted(items: list[Item], payments: dict) -> list[Item]:
    """Received basis: each invoice with the credit notes used on it, so each payment is spread over what was owed
    when it came in (domain.posting.credit_notes.owed_when)."""
    docs = {(i.doc.side, i.doc.number): i.doc for i in items}
    out = []
    for item in items:
        rows = {p.payment_id: p for p in payments.get((item.doc.side, item.doc.number), ())}
        used = []
        for pay, _ in item.payments:
            row = rows.get(pay.payment_id)
            if pay.kind == "credit_note" and item.doc.sign > 0 and row is not None:
                note = docs.get((item.doc.side, getattr(row, "linked_document", None) or row.comment or ""))
                if note is not None and note.sign < 0:
                    used.append(((pay.date, pay.payment_id), note, pay.amount))  # in CHF, as the item's payments
        out.append(replace(item, doc=replace(item.doc, credit_uses=tuple(used))) if used else item)
    return out
