"""Received documents move on: order (C) → receipt (L) → invoice (F), keeping their number and their lines, and a
detailed document's lines are completed from its articles (Crésus Facturation manual §3.8, §3.8.6).

Only the invoice is payable and posted (engine.domain.purchases_stages); moving to it takes the invoice's date, the
due date of the creditor's term, the supplier's invoice number and, when given, the total invoiced ("Saisir le total
facturé"): what it adds to the lines goes to the default account (Balance line) or, spread, over the lines.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from engine.domain.purchases_articles import line_net
from engine.domain.purchases_split import GROSS, allocate, gross_total
from engine.domain.purchases_stages import next_stage
from engine.errors import BusinessRuleError
from engine.i18n import tr
from engine.money import ZERO, to_money
from engine.services import stock
from engine.services.purchases import (Done, creditor, invoice, open_credit_notes, refresh, updated,
                                       vat_rate_lookup, where)
from engine.services.purchases_lines import entered_line, is_remainder_word, line_record


def advance(book, number: str, target: str | None = None, *, on: date | None = None, amount=None,
            supplier_number: str = "", spread_extra_costs: bool = False) -> Done:
    """Move ``number`` to its next stage (or ``target``, ahead); returns warnings (an open credit note of the
    creditor once it is an invoice)."""
    record = invoice(book, number)
    stage = next_stage(record.stage, target)
    on = on or date.today()
    supplier = creditor(book, record.creditor_id)
    term = supplier.payment_term_days if supplier.payment_term_days is not None else book.settings["PaymentTermDays"]
    moved = updated(record, stage=stage, status=stage, date=on, due_date=on + timedelta(days=term or 0),
                    supplier_number=supplier_number or record.supplier_number)
    before = book.records("ReceivedInvoices")
    book.put("ReceivedInvoices", [moved if r.number == number else r for r in before])
    try:  # the lines at the new date (its VAT rates), and the total invoiced
        complete_lines(book, number, amount=amount, spread_extra_costs=spread_extra_costs)
    except BusinessRuleError:
        book.put("ReceivedInvoices", before)  # the document stays at its stage: nothing half done
        raise
    warnings = tuple(open_credit_notes(book, record.creditor_id, number)) if stage == "F" else ()
    return Done(ids=(number,), warnings=warnings)


def complete_lines(book, number: str, *, amount=None, spread_extra_costs: bool = False) -> Done:
    """Recompute the lines of ``number`` at its date: an article line typed with ArticleId and Quantity gets its
    account, VAT code, price, amount and VAT; the total follows the lines (plus the Balance line kept as it was),
    or is ``amount`` when given. Refused once posted (the posted fields are locked)."""
    record = invoice(book, number)
    if record.posted_session is not None:
        raise BusinessRuleError(tr("{number} is posted (session {session}): its lines are locked", book.language,
                                   number=number, session=record.posted_session),
                                tr("unpost the session first (comptoir unpost)", book.language),
                                where(book, "ReceivedInvoices", record, "posted_session"))
    rows = sorted((r for r in book.records("ReceivedLines") if r.invoice_number == number),
                  key=lambda r: r.position or 0)
    if not rows and amount is None:
        refresh(book, [number])
        stock.sync_received(book, number)
        return Done(ids=(number,))
    supplier = creditor(book, record.creditor_id)
    kept = [r for r in rows if not _is_remainder(r)]
    rest = sum((to_money(r.amount) for r in rows if _is_remainder(r) and r.amount is not None), ZERO)
    entered = [_entered(book, supplier, record, r, n) for n, r in enumerate(kept, start=1)]
    rate_of = vat_rate_lookup(book, record.date)
    total = to_money(amount) if amount is not None else gross_total(entered, rate_of) + rest
    allocations = allocate(total, entered, record.expense_account or "", record.vat_code or "", rate_of,
                           spread_rest=spread_extra_costs) if entered else ()
    lines = [line_record(book, number, n, a, entered[n - 1] if n <= len(entered) and not a.remainder else None)
             for n, a in enumerate(allocations, start=1)]
    book.put("ReceivedLines", _in_place(book.records("ReceivedLines"), number, lines))
    book.put("ReceivedInvoices", [updated(r, amount=total) if r.number == number else r
                                  for r in book.records("ReceivedInvoices")])
    refresh(book, [number])
    stock.sync_received(book, number)  # at its receipt, or its invoice without one: its goods in, once
    return Done(ids=(number,))


def _in_place(records, number: str, lines: list) -> list:
    """``records`` with the lines of ``number`` replaced by ``lines`` where the first of them stood (the rows a user
    sees in Excel stay together and in place), or appended."""
    out, placed = [], False
    for r in records:
        if r.invoice_number != number:
            out.append(r)
        elif not placed:
            out.extend(lines)
            placed = True
    return out if placed else [*out, *lines]


def _entered(book, supplier, record, row, position: int):
    """A stored line as entered; what is wrong with it is said at its row (ArticleId, or Amount for the others)."""
    try:
        line = entered_line(book, supplier, _values(row), position, record.date, record.currency or "CHF")
    except BusinessRuleError as error:
        column = "article_id" if row.article_id else "amount"
        raise BusinessRuleError(tr("{number} {why}", book.language, number=record.number, why=error.message),
                                error.hint,
                                where(book, "ReceivedLines", row, column)) from None
    if _bears_costs(row):  # its amount is quantity × price plus its share of the costs: kept as it is
        line = replace(line, article_id=row.article_id, quantity=row.quantity, unit_price=row.unit_price)
    return line


def _is_remainder(row) -> bool:
    return not row.article_id and is_remainder_word(row.designation)


def _bears_costs(row) -> bool:
    """An article line grown by spread extra costs (stored gross, with its amount), not one typed to complete —
    typed with its quantity × price as Amount, it is the plain line, whatever AmountType says."""
    if not row.article_id or row.amount is None or (row.amount_type or GROSS) != GROSS:
        return False
    priced = row.quantity is not None and row.unit_price is not None
    return not (priced and to_money(row.amount) == line_net(row.quantity, row.unit_price))


def _values(row) -> dict:
    """A stored line as entered: an article line by its quantity (and price, when typed), any other by amount."""
    values = {"account": row.account, "vat_code": row.vat_code, "designation": row.designation}
    if row.article_id:  # the article still gives what the row leaves empty (account, VAT code, designation)
        values["article_id"] = row.article_id
    if row.article_id and row.quantity is not None and not _bears_costs(row):
        return {**values, "quantity": row.quantity, "unit_price": row.unit_price}
    return {**values, "amount": row.amount, "amount_type": row.amount_type or GROSS}
