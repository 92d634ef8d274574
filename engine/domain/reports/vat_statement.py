"""VAT statement (décompte TVA) from the ledger's Journal: per code and rate, the taxable base and the tax, with the
box of the ESTV return form each belongs to (DOMAIN.md §4: 302/303 normal, 312/313 reduced, 342/343 lodging,
220 exports, 230 excluded, 400/405 input tax).

Read straight from the Journal as posting writes it (engine/domain/posting/entry.py): a *base* line carries the code
and its tax in ``vat_amount`` (signed: negative for credit notes and discounts); the *tax* line on the code's own
account (2200, 1170, 1171) carries the code with ``vat_amount`` 0 and is not counted again. When a shared
``ledger_reports`` module lands, this thin adapter can be switched to it.

>>> import datetime as dt
>>> from decimal import Decimal as D
>>> from types import SimpleNamespace as R
>>> from engine.domain.vat import VatRate, VatRates
>>> rates = VatRates([VatRate(code="TVA", rate=D("8.1"), valid_from=dt.date(2024, 1, 1), account="2200",
...                           kind="output", return_box="303")])
>>> j = [R(date=dt.date(2026, 3, 1), debit="1100", credit="3200", amount=D("1000"), vat_code="TVA", vat_amount=D("81")),
...      R(date=dt.date(2026, 3, 1), debit="1100", credit="2200", amount=D("81"), vat_code="TVA", vat_amount=D("0"))]
>>> payable(j, rates, dt.date(2026, 1, 1), dt.date(2026, 3, 31))
Decimal('81.00')
"""
from __future__ import annotations

import datetime as dt
from typing import Iterable

from engine.domain.reports.model import Column, Report, arrange, between
from engine.domain.vat import VatRates
from engine.errors import BusinessRuleError
from engine.formats.labels import label
from engine.money import ZERO, quantize

COLUMNS = (Column("kind", "rpt_vat_kind"), Column("box", "rpt_vat_box"), Column("code", "rpt_vat_code"),
           Column("label", "rpt_vat_label"), Column("rate", "rpt_vat_rate", "text"),
           Column("base", "rpt_vat_base", "money"), Column("vat", "total_vat", "money"))
KIND_LABEL = {"output": "rpt_vat_output", "exempt": "rpt_vat_exempt", "excluded": "rpt_vat_excluded",
              "input_materials": "rpt_vat_input_materials", "input_investments": "rpt_vat_input_investments"}
UNKNOWN = "rpt_vat_unknown_code"


def _sign(entry, kind: str) -> int:
    if entry.vat_amount:
        return 1 if entry.vat_amount > 0 else -1
    # no tax to read the direction from (0 % codes): revenue credited / expense debited is the normal way
    if kind.startswith("input"):
        return -1 if str(entry.credit or "")[:1] in "456" and str(entry.debit or "")[:1] not in "456" else 1
    return -1 if str(entry.debit or "").startswith("3") else 1


def lines(journal: Iterable, rates: VatRates, start: dt.date, until: dt.date) -> dict:
    """(kind, box, code, rate) → [base, vat, label] over the base lines of the period."""
    acc: dict[tuple, list] = {}
    for e in journal:
        if not e.vat_code or e.date is None or not start <= e.date <= until:
            continue
        try:
            rate = rates.rate(e.vat_code, e.date)
        except BusinessRuleError:
            rate = None
        account = rate.account if rate else ""
        if account and account in (e.debit, e.credit) and not e.vat_amount:
            continue  # the tax line itself
        kind = rate.kind if rate else "unknown"
        key = (kind, rate.return_box if rate else "", e.vat_code, str(rate.rate) if rate else "?")
        a = acc.setdefault(key, [ZERO, ZERO, rate.label if rate else None])  # None: not in VatCodes
        sign = _sign(e, kind)
        a[0] += sign * (e.amount or ZERO)
        a[1] += abs(e.vat_amount or ZERO) * sign
    return acc


def statement(journal, rates: VatRates, start: dt.date, until: dt.date, *, select=None,
              group_by: str = "kind", language: str = "en") -> Report:
    rows = [{"kind": label(KIND_LABEL[kind], language) if kind in KIND_LABEL else kind, "box": box, "code": code,
             "label": a[2] if a[2] is not None else label(UNKNOWN, language), "rate": rate,
             "base": quantize(a[0]), "vat": quantize(a[1])}
            for (kind, box, code, rate), a in lines(journal, rates, start, until).items()]
    return arrange("rpt_vat", COLUMNS, rows, name="vat", period=between(start, until), select=select,
                   group_by=group_by, language=language)


def payable(journal, rates: VatRates, start: dt.date, until: dt.date) -> object:
    """Output tax minus input tax of the period: what the return will ask to pay (negative: a refund)."""
    total = ZERO
    for (kind, _box, _code, _rate), a in lines(journal, rates, start, until).items():
        total += -a[1] if kind.startswith("input") else a[1]
    return quantize(total)
