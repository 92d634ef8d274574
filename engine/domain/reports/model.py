"""The shape every report shares: title, chosen columns, sorted rows, groups with sub-totals, totals.

Follows the Crésus "statistiques" conventions (facturation ch. 3.11–3.12): the user picks the columns, rows are
sorted by the first column, then the second…, and a sub-total is computed per group of a grouping column.
Given a ``language``, the title and column labels are keys of :mod:`engine.formats.labels` and come out in that
language. Amounts of kind ``fx`` are in each row's document currency (the row's ``currency``, CHF when empty): they
are added up only where every row shares one currency, since 100 EUR + 100 CHF is no amount at all.

>>> from decimal import Decimal
>>> cols = (Column("client", "Client"), Column("open", "Open", "money"))
>>> r = arrange("Debtors", cols, [{"client": "B", "open": Decimal("5")}, {"client": "A", "open": Decimal("2")}])
>>> [row[0] for row in r.rows], r.totals
(['A', 'B'], ('Total', Decimal('7.00')))
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Iterable, Sequence

from engine.errors import ComptoirError
from engine.i18n import tr
from engine.formats.labels import label
from engine.money import ZERO, quantize

SUMMED = ("money", "number")  # kinds that always get sub-totals and totals
AMOUNTS = ("money", "fx", "number")  # kinds shown right-aligned with two decimals


@dataclass(frozen=True, slots=True)
class Column:
    """A report column; positional on purpose: reports declare dozens of them as one-liners."""

    key: str
    label: str
    kind: str = "text"  # text | money (CHF) | fx (document currency) | number | rate | date | int

    @property
    def summed(self) -> bool:
        return self.kind in SUMMED


@dataclass(frozen=True, slots=True, kw_only=True)
class Group:
    value: object
    rows: tuple[tuple, ...]
    subtotal: tuple


@dataclass(frozen=True, slots=True, kw_only=True)
class Report:
    """A finished report: ``rows`` in display order; ``groups`` is empty unless grouped."""

    name: str
    title: str
    period: str
    columns: tuple[Column, ...]
    rows: tuple[tuple, ...]
    groups: tuple[Group, ...] = ()
    totals: tuple = ()
    group_by: str = ""
    language: str = "en"

    def column(self, key: str) -> int:
        return [c.key for c in self.columns].index(key)

    def value(self, row: tuple, key: str):
        return row[self.column(key)]


def choose(columns: Sequence[Column], keys: Iterable[str] | None) -> tuple[Column, ...]:
    """The columns the user asked for, in their order; unknown names are an error that lists the valid ones."""
    if not keys:
        return tuple(columns)
    by_key = {c.key: c for c in columns}
    chosen = []
    for key in keys:
        if key not in by_key:
            raise ComptoirError(tr('the report has no column "{key}"', key=key),
                                tr("choose among: {keys}", keys=", ".join(by_key)))
        chosen.append(by_key[key])
    return tuple(chosen)


def _sort_key(value):
    # None sorts first, then by type so dates, numbers and text never compare with each other
    if value is None:
        return (0, "")
    if isinstance(value, (int, Decimal, float)) and not isinstance(value, bool):
        return (1, value)
    if isinstance(value, dt.date):
        return (2, value)
    return (3, str(value).casefold())


def _sum(rows: Sequence[tuple], columns: Sequence[Column], caption: str) -> tuple:
    """Totals of ``rows`` (each carrying its currency as a last, hidden element)."""
    one_currency = len({row[-1] or "CHF" for row in rows}) <= 1
    out = []
    for index, column in enumerate(columns):
        if column.summed or (column.kind == "fx" and one_currency):
            out.append(quantize(sum((row[index] or ZERO for row in rows), ZERO)))
        else:
            out.append(None)
    if all(value is None for value in out):
        return ()  # nothing was added up: no "Total" row standing empty (a stock list, text columns only)
    if not columns[0].summed and columns[0].kind != "fx":
        out[0] = caption
    return tuple(out)


def _localised(columns: Sequence[Column], language: str | None) -> tuple[Column, ...]:
    if not language:
        return tuple(columns)
    return tuple(Column(c.key, label(c.label, language), c.kind) for c in columns)


def arrange(title: str, columns: Sequence[Column], rows: Iterable[dict], *, name: str = "", period: str = "",
            select: Iterable[str] | None = None, group_by: str = "", sort: bool = True,
            language: str | None = None) -> Report:
    """Rows (dicts keyed by column) → a Report with the chosen columns, sorted, grouped and totalled; with a
    ``language``, ``title`` and the column labels are label keys translated into it."""
    chosen = choose(columns, select)
    if group_by and group_by not in {c.key for c in chosen}:
        raise ComptoirError(tr('cannot group by "{key}": it is not among the chosen columns', key=group_by),
                            tr("add it to --columns or group by another column"))
    keys = [c.key for c in chosen]
    width = len(keys)
    # the row's currency rides along as a last element (chosen or not) so fx totals know what they add up
    table = [tuple(row.get(key) for key in keys) + (row.get("currency"),) for row in rows]
    if sort:
        table.sort(key=lambda row: tuple(_sort_key(v) for v in row[:width]))

    def subtotal(rows, value):
        caption = label("rpt_subtotal", language, value=value) if language else f"Sub-total {value}"
        return _sum(rows, chosen, caption)

    groups: list[Group] = []
    if group_by:
        at = keys.index(group_by)
        if sort and at:
            table.sort(key=lambda row: _sort_key(row[at]))  # stable: keeps the column order inside a group
        current: list[tuple] = []
        for row in table:
            if current and current[-1][at] != row[at]:
                groups.append(Group(value=current[-1][at], rows=tuple(r[:width] for r in current),
                                    subtotal=subtotal(current, current[-1][at])))
                current = []
            current.append(row)
        if current:
            groups.append(Group(value=current[-1][at], rows=tuple(r[:width] for r in current),
                                subtotal=subtotal(current, current[-1][at])))
    return Report(name=name, title=label(title, language) if language else title, period=period,
                  columns=_localised(chosen, language), rows=tuple(row[:width] for row in table),
                  groups=tuple(groups), totals=_sum(table, chosen, label("total", language) if language else "Total"),
                  group_by=group_by, language=(language or "en").lower()[:2])


def at(until: dt.date, language: str) -> str:
    """The period of a report at an end date: "au 31.03.2026"."""
    return label("rpt_at", language, date=f"{until:%d.%m.%Y}")


def between(start: dt.date, until: dt.date) -> str:
    return f"{start:%d.%m.%Y} – {until:%d.%m.%Y}"


def fmt(value, kind: str, thousands: str = "") -> str:
    """A cell as text for TSV/PDF: amounts with two decimals (``thousands`` between groups: ``'`` in Switzerland),
    dates dd.mm.yyyy."""
    if value is None:
        return ""
    if kind in AMOUNTS and isinstance(value, Decimal):
        return f"{quantize(value):,.2f}".replace(",", thousands)
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    return str(value)
