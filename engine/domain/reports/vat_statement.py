"""VAT statement (décompte TVA) from the ledger's Journal: per code and rate, the taxable base and the tax, with the
box of the ESTV return form each belongs to (DOMAIN.md §4: 302/303 normal, 312/313 reduced, 342/343 lodging,
220 exports, 230 excluded, 400/405 input tax).

The figures are those of ``comptoir ledger vat`` (engine.domain.ledger_reports.vat_statement: one computation, so
the report, the command and the TDFN closing cannot disagree): a base signed by the side of its revenue / expense
account, so credit notes, discounts and losses reduce their box. A code the VatCodes sheet does not know is refused,
naming the entry (its kind and box cannot be guessed). Under the net tax rate method (``tdfn_rate``) the output codes' gross turnover is taxed once
at the branch rate, and no input tax is deducted.

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
from dataclasses import replace
from decimal import Decimal
from typing import Iterable

from engine.domain import ledger_reports
from engine.domain.reports.model import Column, Report, arrange, between
from engine.domain.vat import ACQUISITION_BOXES, VatRates
from engine.errors import BusinessRuleError
from engine.formats.labels import label
from engine.i18n import tr
from engine.money import ZERO, quantize

COLUMNS = (Column("kind", "rpt_vat_kind"), Column("box", "rpt_vat_box"), Column("code", "rpt_vat_code"),
           Column("label", "rpt_vat_label"), Column("rate", "rpt_vat_rate", "text"),
           Column("base", "rpt_vat_base", "money"), Column("vat", "total_vat", "money"))
KIND_LABEL = {"output": "rpt_vat_output", "exempt": "rpt_vat_exempt", "excluded": "rpt_vat_excluded",
              "input_materials": "rpt_vat_input_materials", "input_investments": "rpt_vat_input_investments"}


def lines(journal: Iterable, rates: VatRates, start: dt.date, until: dt.date, classes: dict | None = None) -> dict:
    """(kind, box, code, rate) → [base, vat, label] over the period (``ledger vat``'s rows). A code VatCodes does not
    know is refused, naming the entry: its kind, box and sides cannot be guessed (audit 14f: an acquisition code
    guessed as a sale counted its 81.00 due and never deducted)."""
    known, labels = [], {}
    for e in journal:
        if not e.vat_code or e.date is None or not start <= e.date <= until:
            continue
        try:
            rate = rates.rate(e.vat_code, e.date)
        except BusinessRuleError as error:
            raise BusinessRuleError(tr("Journal entry {entry} ({debit} / {credit} {amount}): {reason}",
                                       entry=e.voucher or getattr(e, "entry_id", ""), debit=e.debit, credit=e.credit,
                                       amount=e.amount, reason=error.message), error.hint) from None
        known.append(e)
        labels[(rate.code.upper(), rate.rate)] = rate.label
    acc: dict[tuple, list] = {}
    for row in ledger_reports.vat_statement(known, rates, classes, start, until):
        acc[(row.kind, row.box or "", row.code, str(row.rate))] = [row.base, row.tax, labels.get((row.code, row.rate))]
    return acc


def _tdfn(acc: dict, net_rate, by_rate=None) -> dict:
    """The net tax rate's rows: the output codes' gross turnover and its tax at ``net_rate`` % (or per activity rate,
    ``by_rate`` [(rate, turnover)]), the other codes' bases (exempt, excluded) as they are, no input tax."""
    turnover = sum((a[0] for (kind, box, *_), a in acc.items() if kind == "output" and box not in ACQUISITION_BOXES),
                   ZERO)
    out = {("tdfn", "", "TDFN", f"{Decimal(rate).normalize():f}"): [amount, ledger_reports.tdfn_tax_of(amount, rate),
                                                                   "TDFN"]
           for rate, amount in (by_rate or [(net_rate, turnover)])}
    out.update({k: [a[0], ZERO, a[2]] for k, a in acc.items() if k[0] in ("exempt", "excluded")})
    # acquisition tax (box 381–383) is due at its code's rate under every method: not turnover, but owed
    out.update({k: a for k, a in acc.items() if k[0] == "output" and k[1] in ACQUISITION_BOXES})
    return out


def _accumulated(journal, rates, start, until, classes, tdfn_rate, activities) -> dict:
    """The period's rows by (kind, box, code, rate); under the net tax rate method, the TDFN rows (one per activity
    rate when ``activities`` name other revenue accounts' rates)."""
    journal = tuple(journal)
    acc = lines(journal, rates, start, until, classes)
    if tdfn_rate is None:
        return acc
    by_rate = None
    if activities:
        from engine.domain.vat_close import taxed_by_rate
        known = [e for e in journal if e.vat_code and e.vat_code in rates]
        by_rate = taxed_by_rate(ledger_reports.turnover_by_account(known, rates, classes, start, until),
                                tdfn_rate, activities)
    return _tdfn(acc, tdfn_rate, by_rate)


def statement(journal, rates: VatRates, start: dt.date, until: dt.date, *, select=None,
              group_by: str = "kind", language: str = "en", classes: dict | None = None, tdfn_rate=None,
              activities: dict | None = None) -> Report:
    """``activities``: other activities' rates by revenue account (Settings TdfnRates) under ``tdfn_rate``."""
    acc = _accumulated(journal, rates, start, until, classes, tdfn_rate, activities)
    rows = [{"kind": label(KIND_LABEL[kind], language) if kind in KIND_LABEL else kind, "box": box, "code": code,
             "label": a[2] or "", "rate": rate,
             "base": quantize(a[0]), "vat": quantize(a[1])}
            for (kind, box, code, rate), a in acc.items()]
    report = arrange("rpt_vat", COLUMNS, rows, name="vat", period=between(start, until), select=select,
                     group_by=group_by, language=language)
    return replace(report, totals=_bottom_line(report, _payable(acc), language))


def _bottom_line(report: Report, due, language: str) -> tuple:
    """The statement's last line is what the return asks to pay, output tax − input tax (negative: a refund), not
    their sum; bases of turnover and of purchases added together mean nothing, so the base column stays blank."""
    keys = [c.key for c in report.columns]
    out = [None] * len(keys)
    if "vat" in keys:
        out[keys.index("vat")] = due
    if keys and keys[0] not in ("base", "vat"):
        out[0] = label("rpt_vat_payable", language)
    return tuple(out)


def _payable(acc: dict):
    """Output tax − input tax of the rows (TDFN rows are output tax; exempt and excluded carry none)."""
    return quantize(sum((-a[1] if kind.startswith("input") else a[1] for (kind, *_), a in acc.items()), ZERO))


def payable(journal, rates: VatRates, start: dt.date, until: dt.date, classes: dict | None = None,
            tdfn_rate=None, activities: dict | None = None) -> object:
    """Output tax minus input tax of the period: what the return will ask to pay (negative: a refund), each TDFN
    activity at its own rate as the statement and the closing tax it."""
    return _payable(_accumulated(journal, rates, start, until, classes, tdfn_rate, activities))
