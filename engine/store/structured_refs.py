"""Structured references follow a translated table (issue 18): a formula that names a column of one of our Excel
tables — ``tblClients[Company]``, ``tblClients[[#This Row],[Company]]``, ``SUM(tblDocuments[TotalGross])`` — names
it by its new header once ``comptoir book translate`` renamed it (Excel would otherwise find no such column).

Inside the brackets the characters ``[ ] # '`` of a column name are escaped by an apostrophe (Excel's rule).

>>> columns = {"tblarticles": {"unitprice": "Prix unitaire", "purchaseprice": "Prix d'achat"}}
>>> rename_columns("=SUM(tblArticles[UnitPrice])-tblArticles[[#This Row],[PurchasePrice]]", columns)
"=SUM(tblArticles[Prix unitaire])-tblArticles[[#This Row],[Prix d''achat]]"
"""
from __future__ import annotations

import re

from engine.schema import terms

_TABLE = re.compile(r"(?<![\w.])(tbl\w+)\[", re.IGNORECASE)
_SPECIAL = "[]#'"


def _unescape(name: str) -> str:
    return re.sub(r"'(.)", r"\1", name)


def _escape(name: str) -> str:
    return "".join("'" + char if char in _SPECIAL else char for char in name)


def _closing(text: str, start: int) -> int:
    """Index of the bracket closing the one at ``start`` (escaped brackets skipped), or -1."""
    depth, index = 0, start
    while index < len(text):
        char = text[index]
        if char == "'":
            index += 2
            continue
        depth += char == "["
        depth -= char == "]"
        if depth == 0:
            return index
        index += 1
    return -1


def _rename_item(item: str, names: dict[str, str]) -> str:
    if item.startswith("#") or item.startswith("@"):
        return item
    new = names.get(terms.norm_header(_unescape(item)))
    return _escape(new) if new else item


def rename_columns(formula: str, columns: dict[str, dict[str, str]]) -> str:
    """``formula`` with each column of a known table (``columns``: table name, lower case → normalised header →
    new header) named by its new header."""
    out, position = [], 0
    for match in _TABLE.finditer(formula):
        if match.start() < position:
            continue
        names = columns.get(match[1].lower())
        open_at = match.end() - 1
        close_at = _closing(formula, open_at)
        if names is None or close_at < 0:
            continue
        inner = formula[open_at + 1:close_at]
        if "[" in inner.replace("'[", ""):  # [[#This Row],[Company]] or [[Amount]:[VatAmount]]
            inner = re.sub(r"\[((?:'.|[^\]'])*)\]", lambda m: "[" + _rename_item(m[1], names) + "]", inner)
        else:
            inner = _rename_item(inner, names)
        out.append(formula[position:open_at + 1] + inner)
        position = close_at
    out.append(formula[position:])
    return "".join(out)


def table_columns(schemas, to: str) -> dict[str, dict[str, str]]:
    """Every table of ``schemas``: its name (lower case) → each header's spellings, normalised → the ``to`` word."""
    return {schema.table_name.lower(): {alias: terms.header(col.header, to, schema.name) for col in schema.columns
                                        for alias in terms.header_aliases(col.header, schema.name)}
            for schema in schemas}
