"""The dashboard's figures (the suite's "Horizon" overview): key figures, revenue per month against last year,
receivables ageing, the cash forecast by fortnight and the top clients — values only; the sheet, PDF and PNG
are drawn from them at the edges. Captions, bucket and month names come in the dashboard's ``language``; amounts
are in CHF (EUR documents at their own rate).

>>> import datetime as dt
>>> months_of(dt.date(2026, 3, 10))[:2]
['01.2026', '02.2026']
>>> month_names("fr")[1:3]
('févr.', 'mars')
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from engine.domain.reports import debtors, liquidity, sales
from engine.domain.reports.open_items import BUCKETS, rate_of, to_chf
from engine.formats.labels import label
from engine.money import ZERO, quantize


def month_names(language: str) -> tuple[str, ...]:
    return tuple(label(f"month_{m:02d}", language) for m in range(1, 13))


@dataclass(frozen=True, slots=True, kw_only=True)
class Dashboard:
    company: str
    until: dt.date
    figures: tuple[tuple[str, Decimal], ...]  # label, amount
    revenue: tuple[tuple[str, Decimal, Decimal], ...]  # month, this year, last year (net, CHF)
    ageing: tuple[tuple[str, Decimal], ...]  # bucket, open amount
    cash: tuple[tuple[str, Decimal, Decimal, Decimal], ...]  # fortnight, receipts, payments, balance
    top_clients: tuple[tuple[str, Decimal], ...]  # client, net revenue this year
    language: str = "en"


def months_of(until: dt.date) -> list[str]:
    return [f"{m:02d}.{until.year}" for m in range(1, 13)]


def build(*, company: str, until: dt.date, documents, payments, received, orders, clients, cash: dict,
          vat_due: Decimal, periods: int = 8, top: int = 8, language: str = "en",
          charge_chf: dict | None = None, waiting: dict | None = None) -> Dashboard:
    """Every figure of the dashboard at ``until`` (the year to date for revenue and top clients); ``charge_chf``: a
    foreign invoice's fees in CHF as posted, ``waiting``: fees booked when paid (debtors.detail)."""
    year_start = until.replace(month=1, day=1)
    this_year = sales.net_by_month(documents, year_start, dt.date(until.year, 12, 31))
    last_year = sales.net_by_month(documents, year_start.replace(year=until.year - 1),
                                   dt.date(until.year - 1, 12, 31))
    months = month_names(language)
    revenue = tuple((months[m - 1], quantize(this_year.get(f"{until.year}-{m:02d}", [0, ZERO])[1]),
                     quantize(last_year.get(f"{until.year - 1}-{m:02d}", [0, ZERO])[1])) for m in range(1, 13))
    per_client = debtors.ageing_by_client(documents, payments, until, charge_chf, waiting)
    buckets = [ZERO] * len(BUCKETS)
    for acc in per_client.values():
        for index in range(len(BUCKETS)):
            buckets[index] += acc[1 + index]
    ageing = tuple((label(key, language), quantize(amount)) for (_column, key), amount in zip(BUCKETS, buckets))
    acc, slots = liquidity.flows(documents, payments, received, orders, until, periods)
    balance = sum(cash.values(), ZERO)
    cash_today = balance
    rows = []
    for index, (start, end) in enumerate(slots):
        receipts, payments = quantize(acc[index][0]), quantize(acc[index][1])
        balance += receipts + payments
        rows.append((f"{start:%d.%m}", receipts, payments, quantize(balance)))
    names = debtors.client_names(clients)
    ranked = sorted(sales.net_by_client(documents, year_start, until).items(), key=lambda kv: (-kv[1][1], kv[0]))
    top_clients = tuple((names.get(cid, str(cid)), quantize(acc[1])) for cid, acc in ranked[:top])
    open_total = sum(buckets, ZERO)
    figures = tuple((label(key, language), amount) for key, amount in (
        ("dash_revenue_ytd", quantize(sum((a[1] for a in this_year.values()), ZERO))),
        ("dash_open_receivables", quantize(open_total)), ("dash_overdue", quantize(open_total - buckets[0])),
        ("dash_cash", quantize(cash_today)), ("dash_vat_due", quantize(vat_due))))
    return Dashboard(company=company, until=until, figures=figures, revenue=revenue, ageing=ageing,
                     cash=tuple(rows), top_clients=top_clients, language=language.lower()[:2])


def quarter_of(day: dt.date) -> tuple[dt.date, dt.date]:
    first_month = (day.month - 1) // 3 * 3 + 1
    start = day.replace(month=first_month, day=1)
    end = (start.replace(month=first_month + 2, day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    return start, end


def vat_from_invoices(documents, received_invoices, received_lines, start: dt.date, until: dt.date) -> Decimal:
    """Output VAT of the invoices minus input VAT of the received lines of the period: the estimate shown when no
    ledger is at hand (the VAT statement from the Journal is the authority)."""
    out = ZERO
    for d in documents:
        if d.stage in sales.SIGN and d.date is not None and start <= d.date <= until:
            out += to_chf(sales.SIGN[d.stage] * (d.total_vat or ZERO), rate_of(d))
    dated = {i.number: (-1 if i.stage == "N" else 1) for i in received_invoices  # an order's tax is not paid yet
             if i.stage in ("F", "N") and i.date is not None and start <= i.date <= until}
    for line in received_lines:
        sign = dated.get(line.invoice_number)
        if sign:
            out -= sign * (line.vat_amount or ZERO)
    return quantize(out)
