"""The shape every report shares: title, chosen columns, sorted rows, groups with sub-totals, totals.

Follows the Crésus "statistiques" conventions (facturation ch. 3.11–3.12): the user picks the columns, rows are
sorted by the first column, then the second…, and a sub-total is computed per group of a grouping column.

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
from engine.money import ZERO, quantize

SUMMED = ("money", "number")  # kinds that get sub-totals and totals


@dataclass(frozen=True, slots=True)
class Column:
    """A report column; positional on purpose: reports declare dozens of them as one-liners."""

    key: str
    label: str
    kind: str = "text"  # text | money | number | date | int

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
            raise ComptoirError(f'the report has no column "{key}"',
                                "choose among: " + ", ".join(by_key))
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


def _sum(rows: Sequence[tuple], columns: Sequence[Column], label: str) -> tuple:
    out = []
    for index, column in enumerate(columns):
        if column.summed:
            out.append(quantize(sum((row[index] or ZERO for row in rows), ZERO)))
        else:
            out.append(None)
    if out and not columns[0].summed:
        out[0] = label
    return tuple(out)


def arrange(title: str, columns: Sequence[Column], rows: Iterable[dict], *, name: str = "", period: str = "",
            select: Iterable[str] | None = None, group_by: str = "", sort: bool = True) -> Report:
    """Rows (dicts keyed by column) → a Report with the chosen columns, sorted, grouped and totalled."""
    chosen = choose(columns, select)
    if group_by and group_by not in {c.key for c in chosen}:
        raise ComptoirError(f'cannot group by "{group_by}": it is not among the chosen columns',
                            "add it to --columns or group by another column")
    keys = [c.key for c in chosen]
    table = [tuple(row.get(key) for key in keys) for row in rows]
    if sort:
        table.sort(key=lambda row: tuple(_sort_key(v) for v in row))
    groups: list[Group] = []
    if group_by:
        at = keys.index(group_by)
        if sort and at:
            table.sort(key=lambda row: _sort_key(row[at]))  # stable: keeps the column order inside a group
        current: list[tuple] = []
        for row in table:
            if current and current[-1][at] != row[at]:
                groups.append(Group(value=current[-1][at], rows=tuple(current),
                                    subtotal=_sum(current, chosen, f"Sub-total {current[-1][at]}")))
                current = []
            current.append(row)
        if current:
            groups.append(Group(value=current[-1][at], rows=tuple(current),
                                subtotal=_sum(current, chosen, f"Sub-total {current[-1][at]}")))
    return Report(name=name, title=title, period=period, columns=chosen, rows=tuple(table), groups=tuple(groups),
                  totals=_sum(table, chosen, "Total"), group_by=group_by)


def fmt(value, kind: str) -> str:
    """A cell as text for TSV/PDF: amounts with two decimals, dates dd.mm.yyyy."""
    if value is None:
        return ""
    if kind in SUMMED and isinstance(value, Decimal):
        return f"{quantize(value):.2f}"
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    return str(value)
