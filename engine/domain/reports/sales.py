"""Sales statistics: revenue by article, by client and by month over a period (Crésus "suivi des ventes").

Revenue is net of VAT; credit notes (stage N) count negative. Invoices are taken by their date. Each row is one
group *and one currency*: ``net``/``vat``/``gross`` are in that document currency (kind ``fx``), ``net_chf``/
``vat_chf``/``gross_chf`` in CHF, each document converted at its own rate to the cent before adding up (a EUR
document's ExchangeRate: the Rates sheet's rate of its date, or Settings EURRate, when it was created).

>>> import datetime as dt
>>> from decimal import Decimal as D
>>> from types import SimpleNamespace as R
>>> docs = [R(number="F1", stage="F", client_id=1, date=dt.date(2026, 2, 3), total_net=D("100"), total_vat=D("8.10"),
...           total_gross=D("108.10")),
...         R(number="N1", stage="N", client_id=1, date=dt.date(2026, 2, 9), total_net=D("10"), total_vat=D("0.81"),
...           total_gross=D("10.81")),
...         R(number="F2", stage="F", client_id=2, date=dt.date(2026, 2, 9), total_net=D("10"), total_vat=D("0.81"),
...           total_gross=D("10.81"), currency="EUR", exchange_rate=D("0.9312"))]
>>> [row[:5] for row in by_month(docs, dt.date(2026, 1, 1), dt.date(2026, 12, 31)).rows]
[('2026-02', 'CHF', 2, Decimal('90.00'), Decimal('7.29')), ('2026-02', 'EUR', 1, Decimal('10.00'), Decimal('0.81'))]
>>> r = by_month(docs, dt.date(2026, 1, 1), dt.date(2026, 12, 31), language="fr")
>>> r.value(r.totals, "net_chf"), r.value(r.totals, "net"), r.columns[8].label
(Decimal('99.31'), None, 'Brut CHF')
"""
from __future__ import annotations

import datetime as dt
from typing import Iterable

from engine.domain.reports.model import Column, Report, arrange, between
from engine.domain.reports.open_items import currency_of, rate_of, to_chf
from engine.money import ZERO, quantize

SIGN = {"F": 1, "N": -1}

# labels are keys of engine/formats/labels.py, translated by arrange
_AMOUNTS = (Column("currency", "currency"), Column("documents", "rpt_documents", "int"),
            Column("net", "rpt_net", "fx"), Column("vat", "total_vat", "fx"), Column("gross", "rpt_gross", "fx"),
            Column("net_chf", "rpt_net_chf", "money"), Column("vat_chf", "rpt_vat_chf", "money"),
            Column("gross_chf", "rpt_gross_chf", "money"))
CLIENT_COLUMNS = (Column("client", "rpt_client"), Column("client_id", "number", "int"), *_AMOUNTS)
MONTH_COLUMNS = (Column("month", "rpt_month"), *_AMOUNTS)
ARTICLE_COLUMNS = (Column("article", "item"), Column("designation", "description"), Column("currency", "currency"),
                   Column("quantity", "quantity", "number"), Column("net", "rpt_net", "fx"),
                   Column("vat", "total_vat", "fx"), Column("net_chf", "rpt_net_chf", "money"),
                   Column("vat_chf", "rpt_vat_chf", "money"))


def _in_period(documents: Iterable, start: dt.date, until: dt.date):
    for d in documents:
        sign = SIGN.get(d.stage)
        if sign and d.date is not None and start <= d.date <= until:
            yield d, sign


def _totals_by(documents: Iterable, start: dt.date, until: dt.date, key) -> dict:
    """(key(document), currency) → [documents, net, vat, gross, net CHF, vat CHF, gross CHF] (unrounded sums)."""
    out: dict[tuple, list] = {}
    for d, sign in _in_period(documents, start, until):
        acc = out.setdefault((key(d), currency_of(d)), [0, ZERO, ZERO, ZERO, ZERO, ZERO, ZERO])
        rate = rate_of(d)
        acc[0] += 1
        for index, amount in enumerate((d.total_net, d.total_vat, d.total_gross), start=1):
            amount = sign * (amount or ZERO)
            acc[index] += amount
            acc[index + 3] += to_chf(amount, rate)
    return out


def _in_chf(by_currency: dict) -> dict:
    """Fold the currencies: key → [documents, net, vat, gross] in CHF."""
    out: dict = {}
    for (key, _currency), acc in by_currency.items():
        total = out.setdefault(key, [0, ZERO, ZERO, ZERO])
        total[0] += acc[0]
        for index in range(1, 4):
            total[index] += acc[index + 3]
    return out


def net_by_month(documents: Iterable, start: dt.date, until: dt.date) -> dict:
    """'YYYY-MM' → [documents, net, vat, gross] in CHF (unrounded)."""
    return _in_chf(_totals_by(documents, start, until, lambda d: f"{d.date:%Y-%m}"))


def net_by_client(documents: Iterable, start: dt.date, until: dt.date) -> dict:
    """client id → [documents, net, vat, gross] in CHF (unrounded)."""
    return _in_chf(_totals_by(documents, start, until, lambda d: d.client_id))


def _amounts(currency: str, acc) -> dict:
    return {"currency": currency, "documents": acc[0], "net": quantize(acc[1]), "vat": quantize(acc[2]),
            "gross": quantize(acc[3]), "net_chf": quantize(acc[4]), "vat_chf": quantize(acc[5]),
            "gross_chf": quantize(acc[6])}


def by_month(documents, start: dt.date, until: dt.date, *, select=None, group_by: str = "",
             language: str = "en") -> Report:
    rows = [{"month": month, **_amounts(currency, acc)}
            for (month, currency), acc in _totals_by(documents, start, until, lambda d: f"{d.date:%Y-%m}").items()]
    return arrange("rpt_sales_month", MONTH_COLUMNS, rows, name="sales-month", period=between(start, until),
                   select=select, group_by=group_by, language=language)


def by_client(documents, client_names: dict, start: dt.date, until: dt.date, *, select=None,
              group_by: str = "", language: str = "en") -> Report:
    rows = [{"client": client_names.get(cid, str(cid)), "client_id": cid, **_amounts(currency, acc)}
            for (cid, currency), acc in _totals_by(documents, start, until, lambda d: d.client_id).items()]
    return arrange("rpt_sales_client", CLIENT_COLUMNS, rows, name="sales-client", period=between(start, until),
                   select=select, group_by=group_by, language=language)


def by_article(documents, lines, designations: dict, start: dt.date, until: dt.date, *, select=None,
               group_by: str = "", language: str = "en") -> Report:
    """Lines of the period's invoices (minus credit notes) summed per article and currency; lines without an
    article as "—"."""
    signs = {d.number: (sign, currency_of(d), rate_of(d)) for d, sign in _in_period(documents, start, until)}
    articles: dict[tuple, list] = {}
    for line in lines:
        found = signs.get(line.document_number)
        if not found:
            continue
        sign, currency, rate = found
        key = line.article_id or "—"
        acc = articles.setdefault((key, currency), [ZERO, ZERO, ZERO, ZERO, ZERO, line.designation])
        net, vat = sign * (line.net_amount or ZERO), sign * (line.vat_amount or ZERO)
        acc[0] += sign * (line.quantity or ZERO)
        acc[1] += net
        acc[2] += vat
        acc[3] += to_chf(net, rate)
        acc[4] += to_chf(vat, rate)
    rows = [{"article": key, "designation": designations.get(key, acc[5]), "currency": currency,
             "quantity": acc[0], "net": quantize(acc[1]), "vat": quantize(acc[2]), "net_chf": quantize(acc[3]),
             "vat_chf": quantize(acc[4])} for (key, currency), acc in articles.items()]
    return arrange("rpt_sales_article", ARTICLE_COLUMNS, rows, name="sales-article", period=between(start, until),
                   select=select, group_by=group_by, language=language)
