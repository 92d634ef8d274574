"""Totals of a sales document: line amounts, VAT per rate, CHF rounding to 0.05 and the fixed total ("total arrêté").

Rules (DOMAIN.md §4; manual §3.7.1):
- line amount = quantity × unit price × (1 − line discount %), to 0.01 (what the PDF line shows); the global discount
  (manual §3.7: "Rabais % en pied de facture") is that % of the subtotal of the article and free lines, rounded to
  0.01 once and shared over them to the cent, never on fee (shipping/packing) or down-payment deduction lines — so
  lines + subtotal − discount add up on paper and the discount is what a calculator gives;
- VAT per line at the rate of its code on the performance date; ``vat_rounding="line"`` rounds each line,
  ``"total"`` rounds each rate's total once and shares it over the lines (largest remainder) so lines still add up;
- payable = gross rounded to 0.05 for CHF (``engine.money.round_chf``), to 0.01 for EUR; rounding = payable − gross;
- a fixed total is spread over the article/free lines as a proportional discount on their net amounts (so VAT stays
  right for each rate); what is left after the cent rounding of each line goes to ``rounding``.

>>> t = compute([LineInput(quantity=Decimal(1), unit_price=Decimal("1000"), vat_code="TVA", vat_rate=Decimal("8.1"))])
>>> t.net, t.vat, t.gross, t.payable, t.rounding
(Decimal('1000.00'), Decimal('81.00'), Decimal('1081.00'), Decimal('1081.00'), Decimal('0.00'))
>>> t = compute([LineInput(quantity=Decimal(3), unit_price=Decimal("19.90"), vat_code="TVA", vat_rate=Decimal("8.1"))])
>>> t.gross, t.payable, t.rounding
(Decimal('64.54'), Decimal('64.55'), Decimal('0.01'))
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Sequence

from engine.domain.posting.spread import allocate
from engine.domain.vat import HUNDRED, vat_of_net
from engine.errors import BusinessRuleError
from engine.i18n import tr
from engine.money import ZERO, quantize, round_chf

ONE = Decimal(1)
DISCOUNTABLE = ""  # the Kind of article and free lines


@dataclass(frozen=True, slots=True, kw_only=True)
class LineInput:
    """What a line says; ``kind``: "" article/free line, "text", "fee", "down_payment"."""

    quantity: Decimal = ONE
    unit_price: Decimal = ZERO
    discount: Decimal = ZERO  # percent
    vat_code: str = ""
    vat_rate: Decimal = ZERO  # percent, valid on the performance date
    kind: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class LineTotal:
    gross_listed: Decimal  # quantity × price × (1 − line discount), before the global discount
    listed: Decimal        # after the global discount: what the PDF line shows
    net: Decimal           # after the fixed-total spread: what is posted
    vat: Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class VatShare:
    code: str
    rate: Decimal
    base: Decimal
    vat: Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class Totals:
    lines: tuple[LineTotal | None, ...]  # None for text lines
    subtotal: Decimal          # article/free lines before the global discount
    global_discount: Decimal   # negative: what the global discount took off
    adjustment: Decimal        # negative or positive: what the fixed total changed on the nets
    net: Decimal
    vat: Decimal
    gross: Decimal
    rounding: Decimal
    payable: Decimal
    vat_summary: tuple[VatShare, ...]


def compute(lines: Sequence[LineInput], *, global_discount: Decimal = ZERO, currency: str = "CHF",
            fixed_total: Decimal | None = None, vat_rounding: str = "line") -> Totals:
    """Every amount of a document from its lines (see the module docstring for the rules)."""
    gross_listed, listed = [], []
    for line in lines:
        if line.kind == "text":
            gross_listed.append(None)
            listed.append(None)
            continue
        base = line.quantity * line.unit_price * (ONE - (line.discount or ZERO) / HUNDRED)
        gross_listed.append(quantize(base))
        listed.append(quantize(base))
    _apply_global_discount(lines, gross_listed, listed, global_discount or ZERO)
    nets = list(listed)
    if fixed_total is not None:
        nets = _spread(lines, listed, quantize(fixed_total))
    vats = _vats(lines, nets, vat_rounding)
    totals = [None if n is None else LineTotal(gross_listed=g, listed=li, net=n, vat=v)
              for g, li, n, v in zip(gross_listed, listed, nets, vats)]
    net = sum((t.net for t in totals if t), ZERO)
    vat = sum((t.vat for t in totals if t), ZERO)
    gross = net + vat
    if fixed_total is not None:
        payable = quantize(fixed_total)
    else:
        payable = round_chf(gross) if currency == "CHF" else quantize(gross)
    items = [t for t, line in zip(totals, lines) if t and line.kind == DISCOUNTABLE]
    subtotal = sum((t.gross_listed for t in items), ZERO)
    return Totals(lines=tuple(totals), subtotal=subtotal,
                  global_discount=sum((t.listed for t in items), ZERO) - subtotal,
                  adjustment=net - sum((t.listed for t in totals if t), ZERO),
                  net=net, vat=vat, gross=gross, rounding=payable - gross, payable=payable,
                  vat_summary=_summary(lines, totals))


def _apply_global_discount(lines, gross_listed: list, listed: list, percent: Decimal) -> None:
    """The global discount is ``percent`` of the printed subtotal, rounded to the cent once (a bookkeeper checks
    2.5 % of 829.77 = 20.74, not the sum of 20.75 rounded per line), then shared over the discountable lines to the
    cent (largest remainder), so each line's net and the printed totals add up exactly."""
    if not percent:
        return
    items = [i for i, (line, amount) in enumerate(zip(lines, gross_listed))
             if amount is not None and line.kind == DISCOUNTABLE]
    subtotal = sum((gross_listed[i] for i in items), ZERO)
    shares = allocate(quantize(subtotal * percent / HUNDRED), [gross_listed[i] for i in items])
    for i, share in zip(items, shares):
        listed[i] = gross_listed[i] - share


def _spread(lines, listed, fixed: Decimal) -> list:
    """Nets scaled so the gross of the article/free lines makes ``fixed`` with the other lines unchanged."""
    item_gross = other_gross = ZERO
    for line, amount in zip(lines, listed):
        if amount is None:
            continue
        gross = amount * (ONE + line.vat_rate / HUNDRED)
        if line.kind == DISCOUNTABLE:
            item_gross += gross
        else:
            other_gross += gross
    if item_gross == 0:
        raise BusinessRuleError(tr("a fixed total needs at least one article or free line with an amount"),
                                tr("add a line, or return to the computed total"))
    factor = (fixed - other_gross) / item_gross
    if factor < 0:
        raise BusinessRuleError(tr("the fixed total {fixed} is below the fees and deductions of the document",
                                   fixed=fixed), tr("fix a higher total, or remove fees"))
    return [None if amount is None else quantize(amount * factor) if line.kind == DISCOUNTABLE else amount
            for line, amount in zip(lines, listed)]


def _vats(lines, nets, vat_rounding: str) -> list:
    if vat_rounding == "line":
        return [None if n is None else vat_of_net(n, line.vat_rate) for line, n in zip(lines, nets)]
    # Per rate: round the rate's total once, then share it over its lines so each line keeps a cent amount.
    vats: list = [None if n is None else ZERO for n in nets]
    groups: dict[tuple[str, Decimal], list[int]] = {}
    for index, (line, n) in enumerate(zip(lines, nets)):
        if n is not None:
            groups.setdefault((line.vat_code.upper(), line.vat_rate), []).append(index)
    for (_, rate), indexes in groups.items():
        exact = {i: nets[i] * rate / HUNDRED for i in indexes}
        target = vat_of_net(sum((nets[i] for i in indexes), ZERO), rate)
        shares = {i: quantize(exact[i], Decimal("0.01")) for i in indexes}
        left = target - sum(shares.values(), ZERO)
        step = Decimal("0.01") if left > 0 else Decimal("-0.01")
        order = sorted(indexes, key=lambda i: (exact[i] - shares[i]) * (1 if left > 0 else -1), reverse=True)
        k = 0
        while left != 0 and order:
            shares[order[k % len(order)]] += step
            left -= step
            k += 1
        for i in indexes:
            vats[i] = shares[i]
    return vats


def _summary(lines, totals) -> tuple[VatShare, ...]:
    groups: dict[tuple[str, Decimal], list[Decimal]] = {}
    for line, total in zip(lines, totals):
        if total is None or not line.vat_code:
            continue
        base_vat = groups.setdefault((line.vat_code.upper(), line.vat_rate), [ZERO, ZERO])
        base_vat[0] += total.net
        base_vat[1] += total.vat
    return tuple(VatShare(code=code, rate=rate, base=b, vat=v)
                 for (code, rate), (b, v) in sorted(groups.items(), key=lambda kv: (-kv[0][1], kv[0][0])))
