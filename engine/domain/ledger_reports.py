"""Ledger reports on the Journal: trial balance, account extract grouped by group / reference (the suite's "aide au
pointage"), and the VAT statement per code, rate and return box (ESTV form boxes, DOMAIN.md §4).

Journal rows carry one amount between a debit and a credit account; a base row (revenue or expense) carries its VAT
code and the tax belonging to it, a tax row (2200 / 1170 / 1171) carries the code only. The VAT statement signs a
base by the side of its revenue / expense account: a credited revenue is turnover, a debited one (credit note,
discount) reduces it; a debited expense is input tax, a credited one (supplier credit note, discount) reduces it.

>>> from types import SimpleNamespace as R
>>> j = [R(date=date(2026, 1, 5), debit="1100", credit="3200", amount=Decimal("1000.00"), vat_code="TVA",
...        vat_amount=Decimal("81.00"), group="F-1", reference="C Muster", voucher="F-1", label="")]
>>> [(r.account, str(r.debit), str(r.credit), str(r.balance)) for r in trial_balance(j)]
[('1100', '1000.00', '0.00', '1000.00'), ('3200', '0.00', '1000.00', '-1000.00')]
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from engine.domain import imputation
from engine.errors import BusinessRuleError
from engine.i18n import tr
from engine.schema.terms import shown_header, shown_sheet

ZERO = Decimal("0.00")
PNL = ("revenue", "expense")


@dataclass(frozen=True, slots=True, kw_only=True)
class BalanceRow:
    account: str
    name: str
    debit: Decimal
    credit: Decimal

    @property
    def balance(self) -> Decimal:
        return self.debit - self.credit


def _within(entry, start: date | None, end: date | None) -> bool:
    return (start is None or entry.date >= start) and (end is None or entry.date <= end)


def trial_balance(journal, names: dict | None = None, start: date | None = None,
                  end: date | None = None) -> list[BalanceRow]:
    """Debit and credit totals per account (sorted by account number); totals of both columns are equal."""
    sums = defaultdict(lambda: [ZERO, ZERO])
    for e in journal:
        if _within(e, start, end):
            sums[e.debit][0] += e.amount
            sums[e.credit][1] += e.amount
    names = names or {}
    return [BalanceRow(account=a, name=names.get(a, ""), debit=d, credit=c) for a, (d, c) in sorted(sums.items())]


def imputed_balance(journal, names: dict | None, wanted: imputation.Period, where=None) -> list[BalanceRow]:
    """The trial balance of the months of ``wanted`` by imputation (manual §6.2.1, Période d'imputation): an entry
    with a Period counts its share of those months (engine.domain.imputation.share: a twelfth a month over a year,
    the rest in the last), one without counts whole in the month of its date. A Period that cannot be read is
    refused naming the entry (``where(entry)``: its cell)."""
    sums = defaultdict(lambda: [ZERO, ZERO])
    for e in journal:
        amount = sum((part for _month, part in _shares(e, wanted, where)), ZERO)
        if amount:
            sums[e.debit][0] += amount
            sums[e.credit][1] += amount
    names = names or {}
    return [BalanceRow(account=a, name=names.get(a, ""), debit=d, credit=c) for a, (d, c) in sorted(sums.items())]


def monthly_balance(journal, wanted: imputation.Period, where=None) -> dict[str, dict[tuple[int, int], Decimal]]:
    """Each account's balance (debit - credit) in each month of ``wanted``, by imputation as
    :func:`imputed_balance` counts it (the suite's "résumés périodiques", manual §8.5); months without a movement of
    the account are left out."""
    out: dict[str, dict] = defaultdict(lambda: defaultdict(lambda: ZERO))
    for e in journal:
        for month, part in _shares(e, wanted, where):
            out[e.debit][month] += part
            out[e.credit][month] -= part
    return {account: dict(months) for account, months in sorted(out.items())}


def _shares(entry, wanted: imputation.Period, where) -> list[tuple[tuple[int, int], Decimal]]:
    """(month, amount) of ``entry`` in the months of ``wanted``: its shares by its Period, else its date's month."""
    text = getattr(entry, "period", None)
    if not text:
        month = (entry.date.year, entry.date.month)
        return [(month, entry.amount)] if month in wanted else []
    try:
        imputed = imputation.parse(text)
    except BusinessRuleError as error:
        raise BusinessRuleError(tr("{sheet} entry {entry}: the {column} {why}", sheet=shown_sheet("Journal"),
                                   entry=entry.entry_id, column=shown_header("Period", "Journal"), why=error.message),
                                error.hint,
                                where(entry) if where else None) from None
    if imputed.last < wanted.first or wanted.last < imputed.first:
        return []
    return [(month, part) for month, part in imputation.spread(entry.amount, imputed).items() if month in wanted]


@dataclass(frozen=True, slots=True, kw_only=True)
class ExtractGroup:
    key: str
    debit: Decimal
    credit: Decimal
    entries: tuple

    @property
    def balance(self) -> Decimal:
        return self.debit - self.credit


def account_extract(journal, account: str, by: str = "group", start: date | None = None,
                    end: date | None = None) -> list[ExtractGroup]:
    """Entries of ``account`` grouped by ``group`` (per invoice) or ``reference`` (per partner); a settled
    invoice or partner shows a zero balance."""
    groups = defaultdict(list)
    for e in journal:
        if (e.debit == account or e.credit == account) and _within(e, start, end):
            groups[getattr(e, by) or ""].append(e)
    out = []
    for key, rows in sorted(groups.items()):
        rows.sort(key=lambda e: (e.date, e.voucher or ""))
        debit = sum((e.amount for e in rows if e.debit == account), ZERO)
        credit = sum((e.amount for e in rows if e.credit == account), ZERO)
        out.append(ExtractGroup(key=key, debit=debit, credit=credit, entries=tuple(rows)))
    return out


@dataclass(frozen=True, slots=True, kw_only=True)
class VatRow:
    code: str
    rate: Decimal
    box: str
    kind: str
    base: Decimal  # turnover (output codes) or purchases (input codes), signed
    tax: Decimal  # tax belonging to the base rows
    booked: Decimal  # tax booked on the VAT accounts with this code (equals ``tax`` under the effective method)


def _class(account: str, classes: dict) -> str:
    known = classes.get(account)
    if known:
        return known
    first = account[:1]
    return "revenue" if first == "3" else "expense" if first in "45678" else "liability" if first == "2" else "asset"


_INPUT_BOX = {"input_materials": "400", "input_investments": "405"}


def _input_accounts(rates) -> dict:
    """Input tax account → its kind (1170 materials and services, 1171 investments), from the input codes."""
    return {r.account: r.kind for code in rates.codes() for r in rates._by_code[code]
            if r.account and r.kind in _INPUT_BOX}


def _vat_accounts(rates) -> set:
    return {r.account for code in rates.codes() for r in rates._by_code[code] if r.account}


def _vat_lines(journal, rates, classes: dict, start: date | None, end: date | None, vat_accounts=None):
    """(entry, its rate, signed base or None for a tax line, the taxed account) of the VAT-coded entries of the
    period: a base signed by the side of its revenue / expense account (see the module docstring)."""
    vat_accounts = _vat_accounts(rates) if vat_accounts is None else vat_accounts
    for e in journal:
        if not e.vat_code or not _within(e, start, end):
            continue
        rate = rates.rate(e.vat_code, e.date)
        output = rate.kind in ("output", "exempt", "excluded")
        if e.debit in vat_accounts or e.credit in vat_accounts:
            yield e, rate, None, (e.debit in vat_accounts) != output
            continue
        debit_class, credit_class = _class(e.debit, classes), _class(e.credit, classes)
        if debit_class in PNL or credit_class in PNL:
            taxed_is_debit = debit_class in PNL
        else:  # a down payment: 1100 / 2030 "acomptes reçus" (taxed: the liability), 1190 / 2000 (the asset)
            taxed_is_debit = (debit_class == "liability") == output
        account = e.debit if taxed_is_debit else e.credit
        if output and (debit_class if taxed_is_debit else credit_class) == "expense":
            if rate.kind != "output":
                continue  # a purchase outside VAT (EXCLU on an insurance premium) is no supply: no turnover box
            # acquisition tax (Bezugsteuer, box 383): the base is what was bought, a refund of it negative
            yield e, rate, 1 if taxed_is_debit else -1, account
            continue
        yield e, rate, 1 if taxed_is_debit != output else -1, account


def turnover_by_account(journal, rates, classes: dict | None = None, start: date | None = None,
                        end: date | None = None) -> dict[str, Decimal]:
    """The gross taxable turnover (output-coded bases, signed as :func:`vat_statement` signs them) per revenue
    account: what the net tax rate or flat-rate method taxes at each activity's rate. Its sum is
    :func:`taxable_turnover` of the same entries.

    A reduction (a discount, loss or credit note debited to an account its document's revenue is not on, e.g. 3800 /
    3805) belongs to the activity of the document it reduces (same Group): it is spread over that document's revenue
    accounts pro rata of their turnover, read from the whole ``journal`` (the invoice may be of an earlier period).
    Left on its own account when its group shows no revenue."""
    classes = classes or {}
    lines = [line for line in _vat_lines(journal, rates, classes, start, end)
             if line[2] is not None and line[1].kind == "output" and not line[1].acquisition]
    revenue = _group_revenue(journal, rates, classes, end, {e.group for e, _r, sign, _a in lines if sign < 0})
    out: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for e, _rate, sign, account in lines:
        shares = revenue.get(e.group) if sign < 0 else None
        if not shares or account in shares:
            out[account] += sign * e.amount
            continue
        for to, part in pro_rata(e.amount, shares).items():
            out[to] -= part
    return dict(out)


def _group_revenue(journal, rates, classes: dict, end: date | None, groups: set) -> dict[str, dict[str, Decimal]]:
    """Group → revenue account → output-coded turnover credited up to ``end``, for the ``groups`` asked (an entry
    whose code has no rate on its date is not a document's revenue here: :func:`vat_statement` reports it)."""
    from engine.errors import BusinessRuleError
    out: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    vat_accounts = _vat_accounts(rates)
    for entry in journal:
        if not entry.group or entry.group not in groups or not entry.vat_code:
            continue
        try:
            found = list(_vat_lines((entry,), rates, classes, None, end, vat_accounts))
        except BusinessRuleError:
            continue
        for e, rate, sign, account in found:
            if sign == 1 and rate.kind == "output" and e.amount > 0:
                out[e.group][account] += e.amount
    return out


def pro_rata(amount: Decimal, weights: dict[str, Decimal]) -> dict[str, Decimal]:
    """``amount`` split in cents over ``weights`` (the last key, in key order, takes the rounding rest).

    >>> pro_rata(Decimal("62.06"), {"3200": Decimal("972.90"), "3400": Decimal("389.16")})
    {'3200': Decimal('44.33'), '3400': Decimal('17.73')}
    """
    from engine.money import quantize
    keys = sorted(weights)
    total = sum(weights.values(), ZERO)
    out, left = {}, amount
    for key in keys[:-1]:
        out[key] = quantize(amount * weights[key] / total)
        left -= out[key]
    out[keys[-1]] = left
    return out


def vat_statement(journal, rates, classes: dict | None = None, start: date | None = None,
                  end: date | None = None) -> list[VatRow]:
    """Base and tax per VAT code and rate (the rate valid on each entry's date) for the period."""
    sums = defaultdict(lambda: [ZERO, ZERO, ZERO])
    info = {}
    deducting = _input_accounts(rates)
    for e, rate, sign, tax_debited in _vat_lines(journal, rates, classes or {}, start, end):
        key = (rate.code.upper(), rate.rate, rate.return_box)
        info[key] = rate.kind
        slot = sums[key]
        if sign is None:  # a tax line: what is booked (the 4th item says whether its tax side is the usual one)
            kind = deducting.get(e.debit) or deducting.get(e.credit)
            if rate.acquisition and kind:  # acquisition tax due and deducted at once (1170 / 2200): booked as due,
                amount, deduction = e.amount if e.debit in deducting else -e.amount, key[:2] + (_INPUT_BOX[kind],)
                info[deduction] = kind  # and its input tax in 400 / 405
                slot[2] += amount
                sums[deduction][1] += amount
                sums[deduction][2] += amount
                continue
            slot[2] += e.amount if tax_debited else -e.amount
            continue
        slot[0] += sign * e.amount
        slot[1] += sign * (e.vat_amount or ZERO)
    return [VatRow(code=c, rate=r, box=b, kind=info[(c, r, b)], base=v[0], tax=v[1], booked=v[2])
            for (c, r, b), v in sorted(sums.items(), key=lambda kv: (kv[0][2], kv[0][0], kv[0][1]))]


def is_acquisition(row: VatRow) -> bool:
    """A row of acquisition tax (box 381–383): what was bought abroad, taxed at its code's rate under every method,
    never the company's turnover (audit 14f: under TDFN it was taxed a second time at the net rate)."""
    from engine.domain.vat import ACQUISITION_BOXES
    return row.kind == "output" and (row.box or "").strip() in ACQUISITION_BOXES


def taxable_turnover(statement: list[VatRow]) -> Decimal:
    """The gross taxable turnover under TDFN: the output-coded bases (already gross), signed — the one sum both the
    ledger's VAT statement and the period closing (engine.services.vat_close) tax; acquisition tax is not in it."""
    return sum((r.base for r in statement if r.kind == "output" and not is_acquisition(r)), ZERO)


def tdfn_tax(statement: list[VatRow], net_rate: Decimal) -> Decimal:
    """Net tax rate method (MWSTG art. 37): gross taxable turnover × the ESTV branch rate, booked once per period
    (e.g. 3809 TVA – TDFN / 2200)."""
    return tdfn_tax_of(taxable_turnover(statement), net_rate)


def tdfn_tax_of(turnover: Decimal, net_rate: Decimal) -> Decimal:
    """The net tax rate's tax on a gross taxable turnover, to the cent."""
    from engine.money import quantize
    return quantize(turnover * net_rate / Decimal(100))


def output_reductions(journal, rates, classes: dict | None = None, start: date | None = None,
                      end: date | None = None) -> Decimal:
    """Credit notes, discounts and losses on the taxable turnover — the output-coded bases :func:`vat_statement`
    signs negative (a revenue debited) — as a positive amount: box 235 of the VAT return, already deducted from
    each rate's turnover there. Acquisition tax codes (ReturnBox 381–383) are not turnover and are left out."""
    return -sum((sign * e.amount for e, rate, sign, _ in _vat_lines(journal, rates, classes or {}, start, end)
                 if sign is not None and sign < 0 and rate.kind == "output"
                 and (rate.return_box or "") not in ("381", "382", "383")), ZERO)
