"""Posting sessions: what one session posts up to a date, and which later sessions depend on an earlier one.

The suite posts "everything not yet posted up to a date" as one numbered session and can only undo a session
together with every later one (manual §3.9.2). Comptoir knows why a later session needs an earlier one: it posted
something about the same document (a payment clearing an invoice posted earlier, a further part of a pro rata spread,
a credit note used on it). Sessions that share no document are independent, so a single one can be undone safely.

A payment on an invoice with reminder fees or default interest pays them first, then the capital (CO art. 85 al. 1:
:func:`charges_first`); charges that wait for their money are booked by the payment that pays them, at its date.

>>> dependents({1: {("sales", "F-1")}, 2: {("sales", "F-2")}, 3: {("sales", "F-1")}}, 1)
[3]
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from engine.domain.posting.credit_notes import owed_when, reallocated
from engine.domain.posting.documents import (SETTLING, Doc, Pay, charges_written_off, fee_entries, invoice_entries,
                                             payment_entries, reallocation_entries)
from engine.domain.posting.entry import Entry, PostingRules
from engine.domain.reminders import charges_first

ZERO = Decimal("0.00")
FEES = ("fee", "interest")


@dataclass(frozen=True, slots=True, kw_only=True)
class Item:
    """A document and its payments, with what is already posted (session numbers, None = not posted)."""

    doc: Doc
    posted: int | None = None
    payments: tuple[tuple[Pay, int | None], ...] = ()


@dataclass(slots=True)
class Plan:
    """What a session posts: its entries and the records it locks."""

    entries: list[Entry] = field(default_factory=list)
    documents: list[tuple[str, str]] = field(default_factory=list)  # (side, number)
    payments: list[int] = field(default_factory=list)


def _fees_due(item: Item, rules: PostingRules) -> bool:
    """Fees and interest wait for the payment that brings them in (received basis, or the 'payment' setting)."""
    return rules.vat_basis == "received" or rules.reminder_fee_posting == "payment"


def plan(items, rules: PostingRules, until: date) -> Plan:
    """Everything not yet posted, dated up to ``until``, of ``items`` (already filtered by side and DoNotPost)."""
    out = Plan()
    for item in items:
        start = len(out.entries)
        _plan_item(item, rules, until, out)
        out.entries[start:] = sorted(out.entries[start:], key=lambda e: e.date)  # stable: each event's lines stay
    return out


def _plan_item(item: Item, rules: PostingRules, until: date, out: Plan) -> None:
    doc = item.doc
    doc_posted = item.posted is not None
    if rules.vat_basis == "agreed" and not doc_posted and doc.date <= until:
        out.entries += invoice_entries(doc, rules)
        out.documents.append((doc.side, doc.number))
        doc_posted = True
    if rules.vat_basis == "agreed" and not doc_posted:
        return  # its payments wait for the invoice
    pays = sorted(item.payments, key=lambda p: (p[0].date, p[0].payment_id))
    settling = [(p, s) for p, s in pays if p.kind in SETTLING]
    fees = [(p, s) for p, s in pays if p.kind in FEES]
    ahead = charges_first(settling, fees)
    before = ZERO
    locked_doc = doc_posted
    for pay, session in settling:
        if session is None and pay.date <= until:
            owed = owed_when(doc, pay)
            if pay.kind == "loss" and fees and rules.vat_basis == "agreed":
                # a loss takes what is left of the invoice, then of the fees and interest (audit of issue 14: a
                # written-off fee was booked as a loss on the supply, with the supply's VAT on the interest too)
                head = min(pay.amount, max(owed.total - before, ZERO))
                out.entries += payment_entries(owed, replace(pay, amount=head), before, rules) if head else []
                if pay.amount > head and not _fees_due(item, rules):  # charges booked at issue: taken back
                    out.entries += charges_written_off(doc, pay, [p for p, _ in fees], pay.amount - head, rules)
            else:
                out.entries += payment_entries(owed, pay, before, rules, ahead.get(pay.payment_id, ZERO))
            if pay.kind == "credit_note" and rules.vat_basis == "received" and doc.sign > 0 and before > 0:
                out.entries += reallocation_entries(doc, pay, reallocated(doc, pay, before), rules)
            out.payments.append(pay.payment_id)
            if not locked_doc:  # received basis: the spread uses the lines, so the document locks with it
                out.documents.append((doc.side, doc.number))
                locked_doc = True
        if pay.kind != "credit_note":  # a credit note used is taken off the lines already (posting.credit_notes)
            # received: a discount or loss lowers what is still to come in, so a fee paid with the rest is not
            # spread over the invoice's lines as turnover; what a payment paid of the charges is not capital
            before += pay.amount - ahead.get(pay.payment_id, ZERO)
    if not fees:
        return
    if not _fees_due(item, rules):
        for pay, session in fees:
            if session is None and pay.date <= until:
                out.entries += payment_entries(doc, pay, ZERO, rules)
                out.payments.append(pay.payment_id)
        return
    _plan_charges_paid(doc, settling, fees, ahead, rules, until, out)


def _plan_charges_paid(doc, settling, fees, ahead: dict, rules: PostingRules, until: date, out: Plan) -> None:
    """Fees and interest that wait for their money (received basis, or the 'payment' setting): each payment books
    the charges it pays, at its own date (so a fee's VAT is in the period of the payment that brought it in, MWSTG
    art. 40), CO 85 first (:func:`charges_first`), then what it pays beyond the invoice. A charge row locks once
    paid in full, or once the invoice and its charges are settled (a loss writes off what is left: never booked)."""
    charges = [c for c, _ in sorted(fees, key=lambda f: (f[0].date, f[0].kind != "fee", f[0].payment_id))]
    posted = {c.payment_id for c, s in fees if s is not None}
    principal, total = doc.total, sum((c.amount for c in charges), ZERO)
    covered = written_off = ZERO
    for pay, session in settling:
        if pay.date > until:
            break
        first = ahead.get(pay.payment_id, ZERO)
        taken = min(pay.amount - first, max(principal, ZERO))
        principal -= taken
        rest = min(pay.amount - first - taken, max(total - covered - written_off - first, ZERO))
        paid = first + (rest if pay.kind == "payment" else ZERO)
        if paid and session is None:
            parts = [c for c in charges_between(charges, covered, covered + paid) if c.payment_id not in posted]
            out.entries += fee_entries(doc, parts, pay, rules)
        covered += paid
        if pay.kind == "loss":
            written_off += rest
    settled = principal <= 0 and covered + written_off >= total
    end = ZERO
    for charge in charges:
        end += charge.amount
        if charge.payment_id not in posted and (settled or end <= covered):
            out.payments.append(charge.payment_id)


def charges_between(charges, start: Decimal, end: Decimal) -> list:
    """The parts of ``charges`` (in the order they fell due) between ``start`` and ``end`` of their running total."""
    out, at = [], ZERO
    for charge in charges:
        low, high = max(start, at), min(end, at + charge.amount)
        if high > low:
            out.append(replace(charge, amount=high - low))
        at += charge.amount
    return out


def dependents(touched: dict[int, set], session: int) -> list[int]:
    """Later sessions that posted something about a document ``session`` also posted about (transitively)."""
    keys = set(touched.get(session, ()))
    found = []
    for later in sorted(s for s in touched if s > session):
        if touched[later] & keys:
            found.append(later)
            keys |= touched[later]
    return found
