"""Sales statistics: revenue by article, by client and by month over a period (Crésus "suivi des ventes").

Revenue is net of VAT; credit notes (stage N) count negative. Invoices are taken by their date.

>>> import datetime as dt
>>> from decimal import Decimal as D
>>> from types import SimpleNamespace as R
>>> docs = [R(number="F1", stage="F", client_id=1, date=dt.date(2026, 2, 3), total_net=D("100"), total_vat=D("8.10"),
...           total_gross=D("108.10")),
...         R(number="N1", stage="N", client_id=1, date=dt.date(2026, 2, 9), total_net=D("10"), total_vat=D("0.81"),
...           total_gross=D("10.81"))]
>>> by_month(docs, dt.date(2026, 1, 1), dt.date(2026, 12, 31)).rows[0][:3]
('2026-02', 2, Decimal('90.00'))
"""
from __future__ import annotations

import datetime as dt
from typing import Iterable

from engine.domain.reports.model import Column, Report, arrange
from engine.money import ZERO, quantize

SIGN = {"F": 1, "N": -1}

_AMOUNTS = (Column("net", "Net", "money"), Column("vat", "VAT", "money"), Column("gross", "Gross", "money"))
CLIENT_COLUMNS = (Column("client", "Client"), Column("client_id", "No", "int"), Column("documents", "Documents", "int"),
                  *_AMOUNTS)
MONTH_COLUMNS = (Column("month", "Month"), Column("documents", "Documents", "int"), *_AMOUNTS)
ARTICLE_COLUMNS = (Column("article", "Article"), Column("designation", "Designation"),
                   Column("quantity", "Quantity", "number"), Column("net", "Net", "money"),
                   Column("vat", "VAT", "money"))


def _in_period(documents: Iterable, start: dt.date, until: dt.date):
    for d in documents:
        sign = SIGN.get(d.stage)
        if sign and d.date is not None and start <= d.date <= until:
            yield d, sign


def _period(start, until) -> str:
    return f"{start:%d.%m.%Y} – {until:%d.%m.%Y}"


def net_by_month(documents: Iterable, start: dt.date, until: dt.date) -> dict:
    """'YYYY-MM' → [documents, net, vat, gross] (unrounded)."""
    months: dict[str, list] = {}
    for d, sign in _in_period(documents, start, until):
        acc = months.setdefault(f"{d.date:%Y-%m}", [0, ZERO, ZERO, ZERO])
        acc[0] += 1
        acc[1] += sign * (d.total_net or ZERO)
        acc[2] += sign * (d.total_vat or ZERO)
        acc[3] += sign * (d.total_gross or ZERO)
    return months


def net_by_client(documents: Iterable, start: dt.date, until: dt.date) -> dict:
    clients: dict[int, list] = {}
    for d, sign in _in_period(documents, start, until):
        acc = clients.setdefault(d.client_id, [0, ZERO, ZERO, ZERO])
        acc[0] += 1
        acc[1] += sign * (d.total_net or ZERO)
        acc[2] += sign * (d.total_vat or ZERO)
        acc[3] += sign * (d.total_gross or ZERO)
    return clients


def _amounts(acc) -> dict:
    return {"documents": acc[0], "net": quantize(acc[1]), "vat": quantize(acc[2]), "gross": quantize(acc[3])}


def by_month(documents, start: dt.date, until: dt.date, *, select=None, group_by: str = "") -> Report:
    rows = [{"month": month, **_amounts(acc)} for month, acc in net_by_month(documents, start, until).items()]
    return arrange("Sales by month", MONTH_COLUMNS, rows, name="sales-month", period=_period(start, until),
                   select=select, group_by=group_by)


def by_client(documents, client_names: dict, start: dt.date, until: dt.date, *, select=None,
              group_by: str = "") -> Report:
    rows = [{"client": client_names.get(cid, str(cid)), "client_id": cid, **_amounts(acc)}
            for cid, acc in net_by_client(documents, start, until).items()]
    return arrange("Sales by client", CLIENT_COLUMNS, rows, name="sales-client", period=_period(start, until),
                   select=select, group_by=group_by)


def by_article(documents, lines, designations: dict, start: dt.date, until: dt.date, *, select=None,
               group_by: str = "") -> Report:
    """Lines of the period's invoices (minus credit notes) summed per article; lines without one as "—"."""
    signs = {d.number: sign for d, sign in _in_period(documents, start, until)}
    articles: dict[str, list] = {}
    for line in lines:
        sign = signs.get(line.document_number)
        if not sign:
            continue
        key = line.article_id or "—"
        acc = articles.setdefault(key, [ZERO, ZERO, ZERO, line.designation])
        acc[0] += sign * (line.quantity or ZERO)
        acc[1] += sign * (line.net_amount or ZERO)
        acc[2] += sign * (line.vat_amount or ZERO)
    rows = [{"article": key, "designation": designations.get(key, acc[3]), "quantity": acc[0],
             "net": quantize(acc[1]), "vat": quantize(acc[2])} for key, acc in articles.items()]
    return arrange("Sales by article", ARTICLE_COLUMNS, rows, name="sales-article", period=_period(start, until),
                   select=select, group_by=group_by)
