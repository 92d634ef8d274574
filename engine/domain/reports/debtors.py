"""Debtors (état des débiteurs): open sales invoices at an end date, aged by days past due, per client.

Buckets as the Swiss suite shows them: not due, 1–30, 31–60, 61–90, > 90 days past the due date. ``nc`` is the
open amount of invoices marked "do not post" (the Crésus N/C column, facturation §3.11); ``after`` holds the
settlements dated after the end date. ``detail`` gives one row per invoice; ``summary`` one row per client.
An invoice in EUR shows its total, paid and open amounts in EUR (kind ``fx``) and its open amount in CHF at the
document's rate; the buckets, N/C, "after period" and the summary are in CHF, so they add up across currencies.

>>> import datetime as dt
>>> from decimal import Decimal as D
>>> from types import SimpleNamespace as R
>>> docs = [R(number="F1", stage="F", client_id=1, date=dt.date(2026, 1, 1), due_date=dt.date(2026, 1, 31),
...           total_payable=D("100"), do_not_post=False, reminder_level=1, last_reminder=None)]
>>> r = summary(docs, [], {1: "Muster AG"}, dt.date(2026, 3, 15), language="de")
>>> r.rows[0][:2], r.value(r.rows[0], "d31_60"), r.columns[6].label
(('Muster AG', 1), Decimal('100.00'), '31–60 Tage')
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Iterable

from engine.domain.reports.model import Column, Report, arrange, at
from engine.domain.reports.open_items import (BUCKETS, CREDIT_NOTE, ONE, SALES_STAGES, aged, bucket,
                                               charged_by_document, charged_chf_by_document, currency_of, open_chf,
                                               open_sign, paid_first_by_document, rate_of, settled_by_document,
                                               to_chf)
from engine.money import ZERO, quantize

# labels are keys of engine/formats/labels.py, translated by arrange
_BUCKET_COLUMNS = tuple(Column(key, label, "money") for key, label in BUCKETS)

DETAIL_COLUMNS = (
    Column("client", "rpt_client"), Column("client_id", "number", "int"), Column("number", "invoice"),
    Column("date", "date", "date"), Column("due_date", "due_date", "date"), Column("days", "rpt_days_late", "int"),
    Column("currency", "currency"), Column("total", "total", "fx"), Column("paid", "rpt_paid", "fx"),
    Column("open", "rpt_open", "fx"), Column("rate", "rpt_exchange_rate", "rate"),
    Column("open_chf", "rpt_open_chf", "money"), Column("not_booked", "rpt_charges_not_booked", "money"),
    *_BUCKET_COLUMNS, Column("credit", "rpt_client_credit", "money"),
    Column("nc", "rpt_nc", "money"),
    Column("reminders", "rpt_reminders", "int"), Column("last_reminder", "rpt_last_reminder", "date"),
    Column("after", "rpt_after", "money"),
)
DEFAULT_DETAIL = ("client", "number", "date", "due_date", "days", "currency", "total", "open", "open_chf", "not_due",
                  "d1_30", "d31_60", "d61_90", "d90", "credit", "nc", "reminders")
SUMMARY_COLUMNS = (
    Column("client", "rpt_client"), Column("client_id", "number", "int"), Column("invoices", "rpt_invoices", "int"),
    Column("open", "rpt_open", "money"), Column("not_booked", "rpt_charges_not_booked", "money"), *_BUCKET_COLUMNS,
    Column("credit", "rpt_client_credit", "money"),
    Column("nc", "rpt_nc", "money"), Column("reminders", "rpt_max_reminder", "int"), Column("after", "rpt_after", "money"),
)
DEFAULT_SUMMARY = ("client", "client_id", "invoices", "open", "not_due", "d1_30", "d31_60", "d61_90", "d90", "credit",
                   "nc", "reminders")


def _open_invoices(documents: Iterable, payments: Iterable, until: dt.date, charge_chf: dict | None = None,
                   waiting: dict | None = None):
    """(document, settled, open, after, days late, open in CHF, rate, charges not booked in CHF) for each invoice
    issued by ``until`` and still open at ``until``, and each credit note not used up (negative); ``charge_chf``: a
    fee's or interest's CHF as the posting books it (engine.services.posting_exchange.charges_in_chf).

    ``waiting`` (fees and interest booked when paid, ReminderFeePosting payment; else None): number → CHF per unit on
    ``until`` of each foreign document. Such charges are in 1100 only once a payment paid them (CO 85 first): the
    open amounts are then 1100's, and what no payment up to ``until`` paid of them is given apart, valued at the
    rate of ``until`` — a report takes no rate from after its day (audit 14f: the 10.04 payment's 0.96 on 20.03)."""
    payments = tuple(payments)
    documents = [d for d in documents if (d.stage in SALES_STAGES or d.stage == CREDIT_NOTE) and d.date is not None
                 and d.date <= until]
    settled, after = settled_by_document(payments, "sales", until)
    charged = charged_by_document(payments, "sales", until)
    rates = {d.number: rate_of(d) for d in documents if currency_of(d) != "CHF"}  # only what the report values
    charged_chf = charged_chf_by_document(payments, "sales", until, rates, charge_chf) if rates else {}
    first = paid_first_by_document(payments, "sales", until, rates, charge_chf) if rates or waiting is not None \
        else {}
    for d in documents:
        sign = open_sign(d)  # a credit note not used up: the client's credit, negative
        total = sign * ((d.total_payable or ZERO) + charged.get(d.number, ZERO))  # with reminder fees and interest
        paid = sign * settled.get(d.number, ZERO)
        open_amount = total - paid
        if not open_amount:
            continue
        days = (until - (d.due_date or d.date)).days
        rate = rates.get(d.number)
        paid_first, paid_first_chf = first.get(d.number, (ZERO, ZERO))  # fees and interest paid first (CO 85)
        unbooked = unbooked_chf = ZERO
        if waiting is not None:  # the charges no payment paid yet are not in 1100: apart
            unbooked = sign * (charged.get(d.number, ZERO) - paid_first)
            open_amount -= unbooked
            unbooked_chf = to_chf(unbooked, waiting.get(d.number) or rate or ONE)
        chf = open_amount if rate is None else sign * open_chf(
            d.total_payable or ZERO, ZERO if waiting is not None else charged_chf.get(d.number, ZERO) - paid_first_chf,
            settled.get(d.number, ZERO) - paid_first, rate)
        yield d, paid, open_amount, after.get(d.number, ZERO), days, chf, rate or ONE, (unbooked, unbooked_chf)


def detail(documents, payments, client_names: dict, until: dt.date, *, select=None, group_by: str = "client",
           language: str = "en", charge_chf: dict | None = None, waiting: dict | None = None) -> Report:
    """One row per open invoice, grouped by client with sub-totals; ``waiting``: see :func:`_open_invoices` (the
    column of the charges not booked is then shown)."""
    rows = []
    for d, paid, open_amount, after, days, chf, rate, unbooked in _open_invoices(documents, payments, until,
                                                                              charge_chf, waiting):
        open_chf = quantize(chf)
        row = {"client": client_names.get(d.client_id, str(d.client_id)), "client_id": d.client_id,
               "number": d.number, "date": d.date, "due_date": d.due_date or d.date,
               # an overpaid item is not late: the client has money with us (shown apart, under credit)
               "days": max(days, 0) if open_amount > ZERO else 0, "credit": min(open_chf, ZERO),
               "currency": currency_of(d), "rate": rate,
               "total": quantize(paid + open_amount + unbooked[0]),
               "paid": quantize(paid), "open": quantize(open_amount), "open_chf": open_chf,
               "not_booked": quantize(unbooked[1]),
               "nc": open_chf if d.do_not_post else ZERO, "reminders": d.reminder_level or 0,
               "last_reminder": d.last_reminder, "after": quantize(to_chf(after, rate))}
        row.update(aged(days, open_chf))
        rows.append(row)
    return arrange("rpt_debtors", DETAIL_COLUMNS, rows, name="debtors", period=at(until, language),
                   select=select or _shown(DEFAULT_DETAIL, "open_chf", waiting), group_by=group_by, language=language)


def _shown(columns: tuple, after: str, waiting) -> tuple:
    """The default columns, with the charges not booked after ``after`` when fees wait for their money."""
    if waiting is None:
        return columns
    at_ = columns.index(after) + 1
    return (*columns[:at_], "not_booked", *columns[at_:])


def ageing_by_client(documents, payments, until: dt.date, charge_chf: dict | None = None,
                     waiting: dict | None = None) -> dict:
    """client id → [open, five buckets…, nc, invoices, max reminder level, after, credit, charges not booked]: the
    figure the dashboard and the summary report show (CHF amounts, not yet rounded); an overpaid invoice goes to
    credit, in no bucket."""
    per_client: dict[int, list] = {}
    for d, _paid, _open, after, days, open_amount, rate, unbooked in _open_invoices(documents, payments, until,
                                                                                 charge_chf, waiting):
        if rate != ONE:
            after = to_chf(after, rate)
        acc = per_client.get(d.client_id)
        if acc is None:
            acc = per_client[d.client_id] = [ZERO, ZERO, ZERO, ZERO, ZERO, ZERO, ZERO, 0, 0, ZERO, ZERO, ZERO]
        acc[11] += unbooked[1]
        acc[0] += open_amount
        if open_amount > ZERO:
            acc[1 + bucket(days)] += open_amount
        else:
            acc[10] += open_amount
        if d.do_not_post:
            acc[6] += open_amount
        acc[7] += 1
        acc[8] = max(acc[8], d.reminder_level or 0)
        acc[9] += after
    return per_client


def summary(documents, payments, client_names: dict, until: dt.date, *, select=None, group_by: str = "",
            language: str = "en", charge_chf: dict | None = None, waiting: dict | None = None) -> Report:
    """One row per client with open invoices, in CHF: the ageing buckets, N/C and the highest reminder level."""
    rows = []
    for client_id, acc in ageing_by_client(documents, payments, until, charge_chf, waiting).items():
        row = {"client": client_names.get(client_id, str(client_id)), "client_id": client_id, "invoices": acc[7],
               "open": quantize(acc[0]), "nc": quantize(acc[6]), "reminders": acc[8], "after": quantize(acc[9]),
               "credit": quantize(acc[10]), "not_booked": quantize(acc[11])}
        for index, (key, _) in enumerate(BUCKETS):
            row[key] = quantize(acc[1 + index])
        rows.append(row)
    return arrange("rpt_debtors_summary", SUMMARY_COLUMNS, rows, name="debtors-summary", period=at(until, language),
                   select=select or _shown(DEFAULT_SUMMARY, "open", waiting), group_by=group_by, language=language)


def client_names(clients: Iterable) -> dict:
    """client id → the name a report shows (company, else first + last name)."""
    names = {}
    for c in clients:
        person = " ".join(part for part in (c.first_name, c.last_name) if part)
        names[c.client_id] = c.company or person or str(c.client_id)
    return names


__all__ = ["detail", "summary", "ageing_by_client", "client_names"]
