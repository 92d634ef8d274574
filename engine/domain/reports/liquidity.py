"""Liquidity forecast (statistique des liquidités): expected receipts and payments by fortnight, with the running
balance starting from the cash in the bank accounts (Crésus facturation §3.11: payments to make negative, receipts
expected positive, "répartis par quinzaine").

Fortnights run from the 1st to the 15th and from the 16th to the month's end. Receipts are the open sales invoices
by due date; payments are the pending payment orders by execution date plus what remains open on received
invoices beyond those orders, by due date. Anything already due falls in the first fortnight (and is shown in
"overdue"); anything beyond the horizon in a last "later" row.

>>> import datetime as dt
>>> fortnight_of(dt.date(2026, 2, 20))
(datetime.date(2026, 2, 16), datetime.date(2026, 2, 28))
"""
from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import replace
from typing import Iterable

from engine.domain.reports.creditors import PENDING_ORDER, open_received
from engine.domain.reports.model import Column, Report, arrange
from engine.domain.reports.open_items import (ONE, SALES_STAGES, charged_by_document, rate_of, settled_by_document,
                                               to_chf)
from engine.formats.labels import label
from engine.money import ZERO, quantize

COLUMNS = (Column("fortnight", "rpt_fortnight"), Column("start", "rpt_start", "date"), Column("end", "rpt_end", "date"),
           Column("receipts", "rpt_receipts", "money"), Column("payments", "rpt_payments", "money"),
           Column("net", "rpt_net", "money"), Column("balance", "rpt_balance", "money"),
           Column("overdue_in", "rpt_overdue_in", "money"), Column("overdue_out", "rpt_overdue_out", "money"))
DEFAULT = ("fortnight", "receipts", "payments", "net", "balance", "overdue_in", "overdue_out")


def fortnight_of(day: dt.date) -> tuple[dt.date, dt.date]:
    if day.day <= 15:
        return day.replace(day=1), day.replace(day=15)
    return day.replace(day=16), day.replace(day=calendar.monthrange(day.year, day.month)[1])


def fortnights(start: dt.date, count: int) -> list[tuple[dt.date, dt.date]]:
    out = []
    day = start
    for _ in range(count):
        first, last = fortnight_of(day)
        out.append((first, last))
        day = last + dt.timedelta(days=1)
    return out


def cash_balance(bank_accounts: Iterable, movements: Iterable, until: dt.date) -> dict:
    """IBAN → the opening balance plus credits minus debits of the account's booked movements from the opening
    date up to ``until``; deleted movements and the details of a grouped total (already in the total) left out."""
    balances = {b.iban: getattr(b, "opening_balance", None) or ZERO for b in bank_accounts}
    since = {b.iban: getattr(b, "opening_date", None) for b in bank_accounts}
    for m in movements:
        if m.state == "deleted" or m.amount is None or m.bank_iban not in balances or getattr(m, "parent", None):
            continue
        day = m.booking_date
        if day is not None and (day > until or (since[m.bank_iban] and day < since[m.bank_iban])):
            continue
        balances[m.bank_iban] += m.amount if m.direction == "credit" else -m.amount
    return balances


def flows(documents, payments, received, orders, until: dt.date, periods: int) -> tuple[list, list]:
    """Per fortnight (plus one "later" slot): [receipts, payments, overdue in, overdue out] and the slot dates."""
    slots = fortnights(until, periods)
    starts = [first for first, _ in slots]
    last_day = slots[-1][1]
    acc = [[ZERO, ZERO, ZERO, ZERO] for _ in range(periods + 1)]

    def slot(day: dt.date) -> int:
        if day <= slots[0][1]:
            return 0
        if day > last_day:
            return periods
        # fortnights are half months: the index is 2 per month plus the half
        first = starts[0]
        return (day.year - first.year) * 24 + (day.month - first.month) * 2 + (day.day > 15) - (first.day > 15)

    payments = tuple(payments)
    settled, _after = settled_by_document(payments, "sales", until)
    charged = charged_by_document(payments, "sales", until)  # reminder fees and interest: expected too
    for d in documents:
        if d.stage not in SALES_STAGES or d.date is None or d.date > until:
            continue
        open_amount = (d.total_payable or ZERO) + charged.get(d.number, ZERO) - settled.get(d.number, ZERO)
        if open_amount:
            open_amount = to_chf(open_amount, rate_of(d))  # the forecast is in CHF
            due = d.due_date or d.date
            a = acc[slot(due)]
            a[0] += open_amount
            if due < until:
                a[2] += open_amount
    received = list(received)
    rates = {i.number: rate_of(i, "ReceivedInvoices") for i in received}  # the forecast is in CHF
    pending: dict = {}
    for o in orders:
        if o.status in PENDING_ORDER and o.amount is not None:
            pending[o.invoice_number] = pending.get(o.invoice_number, ZERO) + o.amount
            a = acc[slot(max(o.execution_date or until, until))]
            a[1] -= to_chf(o.amount, rates.get(o.invoice_number, ONE))
    for i, _paid, open_amount, _after, _days in open_received(received, payments, until):
        rest = to_chf(open_amount - pending.get(i.number, ZERO), rates[i.number])
        if rest > 0:
            due = i.due_date or i.date
            a = acc[slot(due)]
            a[1] -= rest
            if due < until:
                a[3] -= rest
    return acc, slots


def forecast(documents, payments, received, orders, cash: dict, until: dt.date, *, periods: int = 12, select=None,
             group_by: str = "", language: str = "en") -> Report:
    """The forecast as a report; rows stay in time order (sorting would break the running balance)."""
    acc, slots = flows(documents, payments, received, orders, until, periods)
    balance = sum(cash.values(), ZERO)
    rows = [{"fortnight": label("rpt_cash_today", language), "start": until, "end": until, "receipts": None,
             "payments": None, "net": None, "balance": quantize(balance)}]
    for index, a in enumerate(acc):
        if index < periods:
            start, end = slots[index]
            caption = f"{start:%d.%m.}–{end:%d.%m.%Y}"
        else:
            start, end, caption = slots[-1][1] + dt.timedelta(days=1), None, label("rpt_later", language)
        receipts, payments = quantize(a[0]), quantize(a[1])
        balance += receipts + payments  # from the rounded rows, so the column adds up as printed
        rows.append({"fortnight": caption, "start": start, "end": end, "receipts": receipts,
                     "payments": payments, "net": receipts + payments, "balance": quantize(balance),
                     "overdue_in": quantize(a[2]), "overdue_out": quantize(a[3])})
    report = arrange("rpt_liquidity", COLUMNS, rows, name="liquidity",
                     period=label("rpt_from", language, date=f"{until:%d.%m.%Y}"), select=select or DEFAULT,
                     group_by=group_by, sort=False, language=language)
    if "balance" in {c.key for c in report.columns}:  # a sum of running balances means nothing: show the last one
        at = report.column("balance")
        totals = list(report.totals)
        totals[at] = report.rows[-1][at]
        report = replace(report, totals=tuple(totals))
    return report
