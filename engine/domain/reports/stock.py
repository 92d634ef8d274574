"""Stock levels (Crésus: "Gestion du stock"): the quantity on hand of every stocked article at a date — the sum of
its StockMoves up to then — beside its minimum; the low-stock list keeps the articles under their minimum, with the
quantity missing to reach it. The stock list also values the stock: quantity on hand × the article's PurchasePrice
(without VAT, CHF), each line rounded to the centime, their sum as the Total; an article without a purchase price
has no value (and counts 0 in the total) rather than a guessed one. A quantity below 0 (more went out than the
moves brought in: a receipt or an inventory is missing) is valued at 0, never subtracted from the total, and its
Alert column says so.

>>> import datetime as dt
>>> from types import SimpleNamespace as R
>>> arts = [R(article_id="HUILE", designation="Huile", unit="pce", stocked=True, minimum_stock=Decimal(10))]
>>> moves = [R(article_id="HUILE", quantity=Decimal(24), date=dt.date(2026, 1, 5)),
...          R(article_id="huile", quantity=Decimal(-16), date=dt.date(2026, 2, 1))]
>>> levels(arts, moves, dt.date(2026, 2, 28), low_only=True).rows
(('HUILE', 'Huile', 'pce', Decimal('8'), Decimal('10'), Decimal('2'), 'LOW'),)
>>> arts = [R(**{**vars(arts[0]), "purchase_price": Decimal("12.35")})]
>>> listed = levels(arts, moves, dt.date(2026, 2, 28), select=["article", "on_hand", "purchase_price", "value"])
>>> listed.rows, listed.totals  # 8 × 12.35 = 98.80
((('HUILE', Decimal('8'), Decimal('12.35'), Decimal('98.80')),), ('Total', None, None, Decimal('98.80')))
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Iterable

from engine.domain.reports.model import Column, Report, arrange
from engine.formats.labels import label
from engine.money import quantize
NO_QUANTITY = Decimal(0)  # quantities, not money: no cents to show

# quantities are "rate" columns: shown as numbers, never added up (pieces and metres make no total)
COLUMNS = (Column("article", "item"), Column("designation", "description"), Column("unit", "unit"),
           Column("on_hand", "rpt_on_hand", "rate"), Column("minimum", "rpt_minimum", "rate"),
           Column("missing", "rpt_missing", "rate"), Column("low", "rpt_low"))
# the stock list adds its value: a unit price is not added up ("rate"), the line values are ("money")
VALUED = (*COLUMNS, Column("purchase_price", "rpt_purchase_price", "rate"), Column("value", "rpt_stock_value", "money"))


def quantities(articles: Iterable, moves: Iterable, until: dt.date | None = None) -> dict[str, Decimal]:
    """On hand per stocked article (upper-case id), counting the moves dated up to ``until``."""
    totals = {str(a.article_id).strip().upper(): NO_QUANTITY for a in articles if a.article_id and a.stocked}
    for move in moves:
        key = str(move.article_id or "").strip().upper()
        if key in totals and move.quantity is not None and (until is None or move.date is None or move.date <= until):
            totals[key] += move.quantity
    return {key: plain(total) for key, total in totals.items()}


def plain(quantity: Decimal | None) -> Decimal | None:
    """6.0 read from a cell shows as 6, 2.50 as 2.5 (a quantity has no fixed decimals)."""
    if quantity is None:
        return None
    return quantity.quantize(Decimal(1)) if quantity == quantity.to_integral() else quantity.normalize()


def _alert(quantity: Decimal, low: bool, language: str) -> str:
    if quantity < 0:
        return label("rpt_negative_mark", language)
    return label("rpt_low_mark", language) if low else ""


def levels(articles, moves, until: dt.date, *, low_only: bool = False, select=None, group_by: str = "",
           language: str = "en") -> Report:
    """Every stocked article with its quantity on hand at ``until`` (``low_only``: those under their minimum)."""
    articles = list(articles)
    on_hand = quantities(articles, moves, until)
    rows = []
    for article in articles:
        key = str(article.article_id or "").strip().upper()
        if key not in on_hand:
            continue
        minimum = article.minimum_stock
        low = minimum is not None and on_hand[key] < minimum
        if low_only and not low:
            continue
        price = getattr(article, "purchase_price", None)
        rows.append({"article": article.article_id, "designation": article.designation, "unit": article.unit,
                     "on_hand": plain(on_hand[key]), "minimum": plain(minimum),
                     "missing": plain(minimum - on_hand[key]) if low else None,
                     "low": _alert(on_hand[key], low, language), "purchase_price": price,
                     "value": quantize(max(on_hand[key], NO_QUANTITY) * price) if price is not None else None})
    return arrange("rpt_stock_low" if low_only else "rpt_stock", COLUMNS if low_only else VALUED, rows,
                     name="stock-low" if low_only else "stock",
                     period=label("rpt_at", language, date=f"{until:%d.%m.%Y}"),
                     select=select, group_by=group_by, language=language)
