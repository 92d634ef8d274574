"""The expense of a received invoice split over accounts and VAT codes (ventilation), and pro-rata spreading.

Source: Crésus Facturation manual §3.8.6 and §3.8.13 — lines carry an account, a VAT code and an amount with VAT
(TTC, ``gross``) or without (HT, ``net``); what the lines leave of the invoice total goes to the creditor's default
account (the "Balance" line); extra costs are either a line of their own or spread pro rata over the lines; a
discount obtained may be spread over the expense accounts. VAT: gross × r / (100 + r) or net × r / 100 (DOMAIN §4).

>>> from decimal import Decimal as D
>>> spread(D("10.00"), [D("1"), D("1"), D("1")])
[Decimal('3.34'), Decimal('3.33'), Decimal('3.33')]
>>> line = Line(account="4200", vat_code="IPM", amount=D("1000.00"), amount_type="net")
>>> [(a.account, a.gross, a.vat) for a in allocate(D("1200.00"), [line], "6570", "IPI", {"IPM": D("8.1"), "IPI": D("8.1")}.get)]
[('4200', Decimal('1081.00'), Decimal('81.00')), ('6570', Decimal('119.00'), Decimal('8.92'))]
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from engine.errors import BusinessRuleError
from engine.i18n import tr
from engine.schema.terms import shown_sheet
from engine.money import ZERO, quantize

GROSS, NET = "gross", "net"
HUNDRED = Decimal(100)


@dataclass(frozen=True, slots=True, kw_only=True)
class Line:
    """One expense line as entered: ``amount`` is with VAT (gross) or without (net)."""

    account: str
    vat_code: str = ""
    amount: Decimal
    amount_type: str = GROSS
    label: str = ""
    # The detailed form by article (§3.8.6): what was received, kept on the ReceivedLines row for the stock.
    article_id: str = ""
    quantity: Decimal | None = None
    unit_price: Decimal | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Allocation:
    """Where a part of the invoice total goes: ``gross`` includes ``vat``; ``remainder`` marks the Balance line."""

    account: str
    vat_code: str
    gross: Decimal
    vat: Decimal
    remainder: bool = False
    label: str = ""


def amounts(amount: Decimal, amount_type: str, rate: Decimal) -> tuple[Decimal, Decimal]:
    """``(gross, vat)`` of a line amount entered with VAT (gross) or without (net)."""
    if amount_type == NET:
        vat = quantize(amount * rate / HUNDRED)
        return quantize(amount) + vat, vat
    if amount_type != GROSS:
        raise BusinessRuleError(tr('amount type "{type}" is neither gross nor net', type=amount_type),
                                tr("enter gross or net"))
    return quantize(amount), quantize(amount * rate / (HUNDRED + rate))


def spread(amount: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """``amount`` shared pro rata of ``weights`` to the cent, summing exactly to ``amount`` (largest remainders
    first, so no cent is lost or invented)."""
    total = sum(weights, ZERO)
    if not weights or total == ZERO:
        raise BusinessRuleError(tr("nothing to spread the amount over"), tr("enter lines with a non-zero amount first"))
    cents = int(quantize(amount) * 100)
    exact = [Decimal(cents) * w / total for w in weights]
    shares = [int(e) for e in exact]  # toward zero
    left = cents - sum(shares)
    step = 1 if left > 0 else -1
    order = sorted(range(len(weights)), key=lambda i: -abs(exact[i] - shares[i]))
    for i in order[:abs(left)]:
        shares[i] += step
    return [Decimal(s) / 100 for s in shares]


def allocate(
    total: Decimal,
    lines: Sequence[Line],
    default_account: str,
    default_vat_code: str,
    rate_of: Callable[[str], Decimal | None],
    *,
    spread_rest: bool = False,
) -> tuple[Allocation, ...]:
    """The allocations of an invoice of ``total`` (with VAT): one per line, plus the remainder on the default
    account — or, with ``spread_rest``, the remainder (extra costs) spread pro rata over the lines' gross amounts."""
    allocations = []
    for n, line in enumerate(lines, start=1):
        rate = _rate(rate_of, line.vat_code, n)
        gross, vat = amounts(line.amount, line.amount_type, rate)
        allocations.append(Allocation(account=line.account or default_account, vat_code=line.vat_code or "",
                                      gross=gross, vat=vat, label=line.label))
    covered = sum((a.gross for a in allocations), ZERO)
    rest = quantize(total - covered)
    if rest < ZERO:
        raise BusinessRuleError(tr("the lines add up to {covered}, more than the invoice total {total}",
                                   covered=covered, total=total),
                                tr("correct the line amounts (gross with VAT, net without) or the total"))
    if rest == ZERO:
        return tuple(allocations)
    if spread_rest and allocations:
        extra = spread(rest, [a.gross for a in allocations])
        return tuple(_grow(a, e, rate_of) for a, e in zip(allocations, extra))
    rate = _rate(rate_of, default_vat_code, len(lines) + 1)
    return (*allocations, Allocation(account=default_account, vat_code=default_vat_code or "", gross=rest,
                                     vat=amounts(rest, GROSS, rate)[1], remainder=True, label="balance"))


def gross_total(lines: Sequence[Line], rate_of) -> Decimal:
    """The total with VAT of ``lines`` (the invoice total when only lines were entered)."""
    return sum((amounts(line.amount, line.amount_type, _rate(rate_of, line.vat_code, n))[0]
                for n, line in enumerate(lines, start=1)), ZERO)


def spread_over(amount: Decimal, allocations: Sequence[Allocation], rate_of) -> tuple[Allocation, ...]:
    """``amount`` (e.g. a discount obtained, with VAT) as allocations pro rata of the expense allocations, each with
    the VAT it contains (a discount reduces the input tax, DOMAIN §4)."""
    shares = spread(amount, [a.gross for a in allocations])
    return tuple(Allocation(account=a.account, vat_code=a.vat_code, gross=s,
                            vat=amounts(s, GROSS, _rate(rate_of, a.vat_code, n))[1], label=a.label)
                 for n, (a, s) in enumerate(zip(allocations, shares), start=1))


def _grow(allocation: Allocation, extra: Decimal, rate_of) -> Allocation:
    gross = allocation.gross + extra
    return replace(allocation, gross=gross, vat=amounts(gross, GROSS, _rate(rate_of, allocation.vat_code, 0))[1])


def _rate(rate_of, code: str, position: int) -> Decimal:
    if not code:
        return ZERO
    rate = rate_of(code)
    if rate is None:
        unknown = tr('unknown VAT code "{code}"', code=code)
        raise BusinessRuleError(tr("line {number}: {why}", number=position, why=unknown) if position else unknown,
                                tr("use a code of the {sheet} sheet", sheet=shown_sheet("VatCodes")))
    return rate
