"""A report as tab-separated text (the suite's "texte tabulé" export), ready for any spreadsheet.

UTF-8, one header line of column labels, one line per row, then the group sub-totals and the total. Text a
spreadsheet would evaluate (leading ``= + - @``) is neutralised (OWASP CSV injection); tabs and line breaks inside
values become spaces so every record stays on one line.

>>> from decimal import Decimal
>>> from engine.domain.reports.model import Column, arrange
>>> r = arrange("T", (Column("name", "Name"), Column("amount", "Amount", "money")), [{"name": "=1+1", "amount": Decimal(5)}])
>>> build(r).decode().splitlines()
['Name\\tAmount', "'=1+1\\t5.00", 'Total\\t5.00']
>>> fx = arrange("T", (Column("name", "Name"), Column("open", "Open EUR", "fx")), [{"name": "-x", "open": Decimal("-229.2")}])
>>> build(fx).decode().splitlines()[1]
"'-x\\t-229.20"
"""
from __future__ import annotations

import re

from engine.domain.reports.model import AMOUNTS, Report, fmt
from engine.store.cells import neutralise_formula

_BREAKS = re.compile(r"[\t\r\n]+")


def _cell(value, kind: str) -> str:
    text = _BREAKS.sub(" ", fmt(value, kind))
    if (kind in AMOUNTS or kind in ("int", "rate")) and not isinstance(value, str):
        return text  # a negative amount (CHF or the document's currency) is a number, not a formula
    return neutralise_formula(text)


def build(report: Report) -> bytes:
    kinds = [c.kind for c in report.columns]
    lines = ["\t".join(_cell(c.label, "text") for c in report.columns)]
    lines += ["\t".join(_cell(v, k) for v, k in zip(row, kinds)) for row in report.rows]
    lines += ["\t".join(_cell(v, k) for v, k in zip(group.subtotal, kinds)) for group in report.groups
              if group.subtotal]  # nothing added up in the group: no empty line
    if report.totals:
        lines.append("\t".join(_cell(v, k) for v, k in zip(report.totals, kinds)))
    return ("\n".join(lines) + "\n").encode("utf-8")
