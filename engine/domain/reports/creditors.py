"""Creditors (état des créanciers): open received invoices at an end date, aged by days past due, per creditor.

The mirror of :mod:`engine.domain.reports.debtors`, plus the amount already in pending payment orders (so the
bookkeeper sees what is still to be paid by hand). A foreign-currency invoice shows its amounts in its currency and
its open amount, ageing and orders in CHF at its ExchangeRate.

>>> import datetime as dt
>>> from decimal import Decimal as D
>>> from types import SimpleNamespace as R
>>> inv = [R(number="R1", stage="F", creditor_id=7, supplier_number="A-9", date=dt.date(2026, 1, 1),
...          due_date=dt.date(2026, 2, 1), amount=D("250"), do_not_post=False)]
>>> r = detail(inv, [], [], {7: "Bois SA"}, dt.date(2026, 2, 10))
>>> r.value(r.rows[0], "d1_30"), r.totals[r.column("open")]
(Decimal('250.00'), Decimal('250.00'))
"""
from __future__ import annotations

import datetime as dt
from typing import Iterable

from engine.domain.reports.model import Column, Report, arrange, at
from engine.domain.reports.open_items import (BUCKETS, CREDIT_NOTE, PURCHASE_STAGES, aged, currency_of, open_sign,
                                               rate_of, settled_by_document, to_chf)
from engine.money import ZERO, quantize

PENDING_ORDER = frozenset({">B", ">BA", ">BE", None, ""})  # X = executed and settled through Payments

COLUMNS = (  # labels are keys of engine/formats/labels.py; fx: in the invoice's currency, money: in CHF
    Column("creditor", "rpt_creditor"), Column("creditor_id", "number", "int"), Column("number", "invoice"),
    Column("supplier_number", "rpt_supplier_number"), Column("date", "date", "date"),
    Column("due_date", "due_date", "date"), Column("days", "rpt_days_late", "int"), Column("currency", "currency"),
    Column("total", "total", "fx"), Column("paid", "rpt_paid", "fx"), Column("open", "rpt_open", "fx"),
    Column("rate", "rpt_exchange_rate", "rate"), Column("open_chf", "rpt_open_chf", "money"),
    *(Column(key, label, "money") for key, label in BUCKETS),
    Column("credit", "rpt_supplier_credit", "money"), Column("ordered", "rpt_ordered", "money"),
    Column("nc", "rpt_nc", "money"), Column("after", "rpt_after", "money"),
)
DEFAULT = ("creditor", "number", "supplier_number", "date", "due_date", "days", "currency", "total", "paid", "open",
           "open_chf", "not_due", "d1_30", "d31_60", "d61_90", "d90", "credit", "ordered", "nc")


def pending_orders(orders: Iterable) -> dict:
    """invoice number → amount of payment orders not yet executed."""
    pending: dict = {}
    for o in orders:
        if o.status in PENDING_ORDER and o.amount is not None:
            pending[o.invoice_number] = pending.get(o.invoice_number, ZERO) + o.amount
    return pending


def open_received(invoices: Iterable, payments: Iterable, until: dt.date):
    """(invoice, settled, open, after, days late) per received invoice dated by ``until`` and open at ``until``."""
    settled, after = settled_by_document(payments, "purchases", until)
    for i in invoices:
        if (i.stage not in PURCHASE_STAGES and i.stage != CREDIT_NOTE) or i.date is None or i.date > until:
            continue
        sign = open_sign(i)  # a supplier credit note not used up: owed to us, negative
        paid = sign * settled.get(i.number, ZERO)
        open_amount = sign * abs(i.amount or ZERO) - paid
        if open_amount:
            yield i, paid, open_amount, after.get(i.number, ZERO), (until - (i.due_date or i.date)).days


def detail(invoices, payments, orders, creditor_names: dict, until: dt.date, *, select=None,
           group_by: str = "creditor", language: str = "en") -> Report:
    """One row per open received invoice, grouped by creditor with sub-totals."""
    ordered = pending_orders(orders)
    rows = []
    for i, paid, open_amount, after, days in open_received(invoices, payments, until):
        rate = rate_of(i, "ReceivedInvoices")
        open_chf = quantize(to_chf(paid + open_amount, rate) - to_chf(paid, rate))  # as 2000 values it
        row = {"creditor": creditor_names.get(i.creditor_id, str(i.creditor_id)), "creditor_id": i.creditor_id,
               "number": i.number, "supplier_number": i.supplier_number, "date": i.date,
               "due_date": i.due_date or i.date, "days": max(days, 0) if open_amount > ZERO else 0,
               "currency": currency_of(i), "rate": rate,
               "total": quantize(paid + open_amount), "paid": quantize(paid), "open": quantize(open_amount),
               # a credit note not used up (or an overpaid invoice): money the supplier has of ours, in no bucket
               "open_chf": open_chf, "credit": min(open_chf, ZERO),
               "ordered": quantize(to_chf(ordered.get(i.number, ZERO), rate)),
               "nc": open_chf if i.do_not_post else ZERO, "after": quantize(to_chf(after, rate))}
        row.update(aged(days, open_chf))
        rows.append(row)
    return arrange("rpt_creditors", COLUMNS, rows, name="creditors", period=at(until, language),
                   select=select or DEFAULT, group_by=group_by, language=language)


def creditor_names(creditors: Iterable) -> dict:
    return {c.creditor_id: c.name or str(c.creditor_id) for c in creditors}
