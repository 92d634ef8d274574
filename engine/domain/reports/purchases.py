"""Purchases statistics: received invoices by creditor and by expense account over a period.

By account, an invoice with lines is split by its lines' accounts (line amounts as entered, gross or net as the
line says); an invoice without lines counts whole on its expense account. Supplier credit notes (N) count negative.

>>> import datetime as dt
>>> from decimal import Decimal as D
>>> from types import SimpleNamespace as R
>>> inv = [R(number="R1", stage="F", creditor_id=7, date=dt.date(2026, 3, 1), amount=D("54"), expense_account="4200")]
>>> by_account(inv, [], {}, dt.date(2026, 1, 1), dt.date(2026, 12, 31)).rows
(('4200', '', 1, Decimal('54.00')),)
"""
from __future__ import annotations

import datetime as dt
from typing import Iterable

from engine.domain.reports.model import Column, Report, arrange, between
from engine.money import ZERO, quantize

# labels are keys of engine/formats/labels.py
CREDITOR_COLUMNS = (Column("creditor", "rpt_creditor"), Column("creditor_id", "number", "int"),
                    Column("invoices", "rpt_invoices", "int"), Column("amount", "amount", "money"))
ACCOUNT_COLUMNS = (Column("account", "rpt_account"), Column("name", "rpt_account_name"),
                   Column("invoices", "rpt_invoices", "int"), Column("amount", "amount", "money"))


def _in_period(invoices: Iterable, start: dt.date, until: dt.date):
    for i in invoices:
        # invoices and credit notes: an order (C) or a receipt (L) is not bought until it is invoiced
        if i.date is not None and start <= i.date <= until and i.stage in ("F", "N"):
            yield i, -1 if i.stage == "N" else 1


def by_creditor(invoices, creditor_names: dict, start: dt.date, until: dt.date, *, select=None,
                group_by: str = "", language: str = "en") -> Report:
    acc: dict[int, list] = {}
    for i, sign in _in_period(invoices, start, until):
        a = acc.setdefault(i.creditor_id, [0, ZERO])
        a[0] += 1
        a[1] += sign * (i.amount or ZERO)
    rows = [{"creditor": creditor_names.get(cid, str(cid)), "creditor_id": cid, "invoices": a[0],
             "amount": quantize(a[1])} for cid, a in acc.items()]
    return arrange("rpt_purchases_creditor", CREDITOR_COLUMNS, rows, name="purchases-creditor",
                   period=between(start, until), select=select, group_by=group_by, language=language)


def by_account(invoices, lines, account_names: dict, start: dt.date, until: dt.date, *, select=None,
               group_by: str = "", language: str = "en") -> Report:
    signs = {i.number: (i, sign) for i, sign in _in_period(invoices, start, until)}
    acc: dict[str, list] = {}
    split = set()
    for line in lines:
        found = signs.get(line.invoice_number)
        if not found:
            continue
        split.add(line.invoice_number)
        a = acc.setdefault(line.account or found[0].expense_account or "—", [set(), ZERO])
        a[0].add(line.invoice_number)
        a[1] += found[1] * (line.amount or ZERO)
    for number, (i, sign) in signs.items():
        if number not in split:
            a = acc.setdefault(i.expense_account or "—", [set(), ZERO])
            a[0].add(number)
            a[1] += sign * (i.amount or ZERO)
    rows = [{"account": account, "name": account_names.get(account, ""), "invoices": len(a[0]),
             "amount": quantize(a[1])} for account, a in acc.items()]
    return arrange("rpt_purchases_account", ACCOUNT_COLUMNS, rows, name="purchases-account",
                   period=between(start, until), select=select, group_by=group_by, language=language)
