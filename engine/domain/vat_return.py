"""The VAT return (décompte TVA, form 0200 / 0205 of the ESTV) of one period, box by box, from the ledger's VAT
statement (:func:`engine.domain.ledger_reports.vat_statement`, the figures of ``comptoir ledger vat``): one
computation, so the return file, the command and the report cannot disagree.

Boxes (DOMAIN.md §4): 200 total consideration; 220 exports and exempt supplies with credit, 221 supplies abroad,
225 notification procedure, 230 excluded supplies, 235 reductions of consideration, 280 various; 289 = their sum;
299 = 200 − 289 = the taxable turnover, split by rate in 302/303 (normal), 312/313 (reduced), 342/343 (lodging),
or under the net tax rate / flat-rate method in 322 and 332 (one box per rate); 382/383 acquisition tax; 400 / 405
input tax on materials and services / investments, 410 subsequent deduction, 415 corrections, 420 reductions; 500
the tax payable (510 a credit when negative); 900 subsidies and 910 donations, outside the taxable turnover.

A code's ``ReturnBox`` in VatCodes puts its base in the box (an output code with box 383 is acquisition tax, an
excluded code with box 900 a subsidy); a code without one goes by its kind. Credit notes, discounts and losses on
the taxable turnover are already deducted from each rate's turnover (the statement signs them); the form shows them
in 235 and counts them in 200 (so 200 is the consideration before them, never below zero for a quarter of credit
notes), and 299 = 200 − 289 is the sum of the per-rate turnovers, which is what the ESTV checks.

Turnovers and input tax are ``ledger vat``'s to the cent. The tax on the turnover is the form's (turnover × rate,
:func:`estv_tax`), as the portal computes it from the turnovers this file carries; the books' tax (each invoice
rounded) may differ by a few cents, which :attr:`VatReturn.booked_tax` shows and the command prints.

>>> period("2026-Q1"), period("2026-S2"), period("2026"), period("2026-03")
((datetime.date(2026, 1, 1), datetime.date(2026, 3, 31)), (datetime.date(2026, 7, 1), datetime.date(2026, 12, 31)), \
(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)), (datetime.date(2026, 3, 1), datetime.date(2026, 3, 31)))
"""
from __future__ import annotations

import calendar
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from engine.domain import ledger_reports
from engine.domain.vat_close import taxed_by_rate
from engine.errors import ComptoirError
from engine.i18n import tr
from engine.money import ZERO, quantize
from engine.schema.terms import shown_setting, shown_sheet

METHODS = ("effective", "tdfn", "flat")
#: the turnover boxes a code's ReturnBox may name, and what the form calls them
DEDUCTION_BOXES = {"220": "exports", "221": "abroad", "225": "notification", "230": "excluded", "235": "reductions",
                   "280": "various"}
FLOW_BOXES = {"900": "subsidies", "910": "donations"}
INPUT_BOXES = ("400", "405", "410", "415", "420")
ACQUISITION_BOXES = ("381", "382", "383")
_DEFAULT_BOX = {"exempt": "220", "excluded": "230", "input_materials": "400", "input_investments": "405"}


def period(text: str) -> tuple[date, date]:
    """``2026-Q1`` (quarter), ``2026-S1`` (half year: the net tax rate method's period), ``2026`` (a year: the
    annual reconciliation) or ``2026-03`` (a month, for those the ESTV allows monthly returns)."""
    match = re.fullmatch(r"\s*(\d{4})(?:-(?:([QqSs])([1-4])|(\d{1,2})))?\s*", str(text or ""))
    if match:
        year, kind, number, month = int(match[1]), (match[2] or "").upper(), int(match[3] or 0), int(match[4] or 0)
        if not kind and not month:
            return date(year, 1, 1), date(year, 12, 31)
        if kind == "Q" or (kind == "S" and number <= 2) or 1 <= month <= 12:
            first, months = (month, 1) if month else ((number - 1) * 3 + 1, 3) if kind == "Q" else \
                ((number - 1) * 6 + 1, 6)
            last = first + months - 1
            return date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1])
    raise ComptoirError(tr("period {period} is not a VAT period", period=repr(text)),
                        tr("write 2026-Q1 … 2026-Q4 (quarter), 2026-S1 or 2026-S2 (half year, net tax rate method), "
                           "2026 (year) or 2026-03 (month)"))


def period_note(method: str, start: date, end: date) -> str:
    """A word when the period is not the method's usual one (MWSTG art. 35: quarters under the effective method,
    half years under a net tax rate; months or a year only by the ESTV's leave), else ''.

    >>> period_note("effective", date(2026, 1, 1), date(2026, 6, 30))
    'the effective method files quarters (a month or a year only if the ESTV allowed it): check the period'
    >>> period_note("tdfn", date(2026, 1, 1), date(2026, 6, 30))
    ''
    """
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    usual = 3 if method == "effective" else 6
    if months in (usual, 12):  # a year: the reconciliation, or a yearly return the ESTV allowed
        return ""
    return (f"the {method} method files {'quarters' if usual == 3 else 'half years'} (a month or a year only if "
            f"the ESTV allowed it): check the period")


@dataclass(frozen=True, slots=True, kw_only=True)
class RateLine:
    """A per-rate line of the form: its box, the rate in %, the turnover and the tax on it."""
    box: str
    rate: Decimal
    turnover: Decimal
    tax: Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class VatReturn:
    start: date
    end: date
    method: str  # effective | tdfn | flat
    deductions: dict = field(default_factory=dict)  # 220 … 280: amount
    supplies: tuple = ()  # RateLine: 302/303/312/313/342/343, or 322/332 under a net tax / flat rate
    acquisitions: tuple = ()  # RateLine: 382/383
    input_tax: dict = field(default_factory=dict)  # 400 … 420, as the form shows them (415 / 420 reduce)
    flows: dict = field(default_factory=dict)  # 900 / 910

    @property
    def taxable(self) -> Decimal:
        """Box 299: the taxable turnover, the sum of the per-rate turnovers."""
        return sum((s.turnover for s in self.supplies), ZERO)

    @property
    def total(self) -> Decimal:
        """Box 200: 299 + 289."""
        return self.taxable + self.deducted

    @property
    def deducted(self) -> Decimal:
        """Box 289: 220 + 221 + 225 + 230 + 235 + 280."""
        return sum(self.deductions.values(), ZERO)

    @property
    def output_tax(self) -> Decimal:
        """Box 399: the tax on the turnover and the acquisition tax, as the form computes it (each rate's turnover ×
        its rate): the portal takes turnovers, not taxes, and bills what it computes."""
        return sum((estv_tax(s) for s in (*self.supplies, *self.acquisitions)), ZERO)

    @property
    def booked_tax(self) -> Decimal:
        """The same tax as the books hold it (each invoice's tax, ``ledger vat``'s Tax column): it differs from
        :attr:`output_tax` by the invoices' roundings, a difference the bookkeeper books at the closing."""
        return sum((s.tax for s in (*self.supplies, *self.acquisitions)), ZERO)

    @property
    def deductible(self) -> Decimal:
        """Box 479: 400 + 405 + 410 − 415 − 420."""
        box = self.input_tax.get
        return (box("400", ZERO) + box("405", ZERO) + box("410", ZERO) - box("415", ZERO) - box("420", ZERO))

    @property
    def payable(self) -> Decimal:
        """Box 500 (positive: to pay) or 510 (negative: the ESTV owes it)."""
        return self.output_tax - self.deductible

    def boxes(self) -> dict[str, Decimal]:
        """Every box with an amount, as the form numbers them (a per-rate box shows its turnover)."""
        out = {"200": self.total, **self.deductions, "289": self.deducted, "299": self.taxable}
        for line in (*self.supplies, *self.acquisitions):
            out[line.box] = out.get(line.box, ZERO) + line.turnover
        out.update({"399": self.output_tax, **self.input_tax, "479": self.deductible})
        out["500" if self.payable >= 0 else "510"] = abs(self.payable)
        out.update(self.flows)
        return out


def _add(target: dict, key: str, amount: Decimal) -> None:
    target[key] = target.get(key, ZERO) + amount


def from_statement(rows, start: date, end: date, method: str = "effective", turnover_by_account=None,
                   net_rate: Decimal | None = None, activity_rates: dict | None = None,
                   reductions: Decimal = ZERO) -> VatReturn:
    """The return from ``ledger vat``'s rows (:class:`engine.domain.ledger_reports.VatRow`). Under ``tdfn`` or
    ``flat`` the output codes' gross turnover is taxed at ``net_rate`` (or each revenue account at its activity's
    rate, from ``turnover_by_account``) and no input tax is deducted. ``reductions``: box 235
    (:func:`engine.domain.ledger_reports.output_reductions`), already deducted from the rows' turnover."""
    if method not in METHODS:
        raise ComptoirError(tr('{key} "{value}" is not one of {choices}', key=shown_setting("VatMethod"),
                               value=method, choices=", ".join(METHODS)),
                            tr("fix {key} in {sheet}", key=shown_setting("VatMethod"), sheet=shown_sheet("Settings")))
    deductions, input_tax, flows = {"235": reductions}, {}, {}
    supplies, acquisitions = defaultdict(lambda: [ZERO, ZERO]), defaultdict(lambda: [ZERO, ZERO])
    for r in rows:
        box = (r.box or _DEFAULT_BOX.get(r.kind, "")).strip()
        if box in ACQUISITION_BOXES:  # a service bought abroad, booked on the expense it is: the statement gives
            slot = acquisitions[(box, r.rate)]  # what was bought (ledger_reports signs it so), as the form wants
            slot[0] += r.base
            slot[1] += r.tax
            continue
        if r.kind == "output":
            slot = supplies[(box, r.rate)]
            slot[0] += r.base
            slot[1] += r.tax
        elif r.kind.startswith("input"):
            if method == "effective":  # 415 / 420 are entered as positive amounts that reduce the deduction
                _add(input_tax, box if box in INPUT_BOXES else _DEFAULT_BOX[r.kind],
                     -r.tax if box in ("415", "420") else r.tax)
        else:
            _add(flows if box in FLOW_BOXES else deductions, box if box in (*FLOW_BOXES, *DEDUCTION_BOXES)
                 else _DEFAULT_BOX.get(r.kind, "230"), r.base)
    if method == "effective":
        lines = [RateLine(box=b, rate=rate, turnover=v[0], tax=v[1])
                 for (b, rate), v in sorted(supplies.items(), key=_by_box)]
    else:
        if net_rate is None:
            raise ComptoirError(tr("the {method} method needs its rate", method=method),
                                tr("set {key} in {sheet} (e.g. 6.2)", key=shown_setting("TdfnRate"),
                                   sheet=shown_sheet("Settings")))
        taxed = taxed_by_rate(turnover_by_account or {}, net_rate, activity_rates or {}) if turnover_by_account \
            is not None else [(net_rate, ledger_reports.taxable_turnover(rows))]
        taxed = [(rate, amount) for rate, amount in taxed if amount or len(taxed) == 1]
        taxed.sort(key=lambda ra: (ra[0] != net_rate, ra[0]))  # the main activity's rate first: box 322
        lines = [RateLine(box="322" if i == 0 else "332", rate=rate, turnover=amount,
                          tax=ledger_reports.tdfn_tax_of(amount, rate)) for i, (rate, amount) in enumerate(taxed)]
    return VatReturn(start=start, end=end, method=method, deductions=_money(deductions), supplies=tuple(lines),
                     acquisitions=tuple(RateLine(box=b, rate=rate, turnover=v[0], tax=v[1]) for (b, rate), v in
                                        sorted(acquisitions.items(), key=_by_box)),
                     input_tax=_money(input_tax), flows=_money(flows))


def _by_box(item) -> tuple:
    (box, rate), _ = item
    return box, rate


def _money(values: dict) -> dict:
    return {k: quantize(v) for k, v in sorted(values.items()) if v}


def estv_tax(line: RateLine) -> Decimal:
    """The tax the ESTV's form computes on a per-rate line: turnover × rate, to the cent. The books' tax (summed
    per invoice) may differ by the invoices' roundings; the command names any difference (20.10 × 8.1 % = 1.6281).

    >>> estv_tax(RateLine(box="303", rate=Decimal("8.1"), turnover=Decimal("20.10"), tax=Decimal("1.62")))
    Decimal('1.63')
    """
    return quantize(line.turnover * line.rate / Decimal(100))
