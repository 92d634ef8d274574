"""Pro rata spreading of a payment over an invoice's lines (the suite's "au prorata du montant de chaque position").

Received counter-performance (MWSTG art. 39 al. 1 b) posts only payments, spread over the invoice lines' accounts
and VAT codes; a discount obtained may be spread over the expense accounts too. Spreading is *cumulative*: the k-th
payment gets the share of everything paid up to it minus the share of everything paid before it, each share split
to the cent by largest remainder. So the parts always add up to the payment, and once the invoice is paid in full
every line has received exactly its gross, net and tax, whatever the number of partial payments.

>>> lines = [Share("3200", "TVA", Decimal("1000.00"), Decimal("81.00"))]
>>> [(s.account, str(s.net), str(s.vat)) for s in spread(lines, Decimal("1081.00"), Decimal("0"), Decimal("1059.38"))]
[('3200', '980.00', '79.38')]
>>> allocate(Decimal("100.00"), [Decimal(1), Decimal(1), Decimal(1)])
[Decimal('33.34'), Decimal('33.33'), Decimal('33.33')]
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from typing import Sequence

from engine.money import quantize

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def rescaled(parts: Sequence["Share"], target: Decimal, rates: dict | None = None) -> tuple["Share", ...]:
    """``parts`` (net and tax) scaled so their gross adds up to ``target``, the cent left by rounding on the
    largest net: a foreign-currency payment's lines valued at its own day's rate instead of the invoice's.

    ``rates`` (VAT code → its rate in %): the tax of a part is then its rate × its gross at the day's value, rounded
    — what the ESTV computes on it — and its net the rest, so a rounding centime goes to the net, never the tax
    (audit 14f: 103.77 booked 96.00 / 7.77, its 8.10 EUR of tax × 0.96 = 7.776 being 7.78).

    >>> [(s.net, s.vat) for s in rescaled([Share("3400", "TVA", Decimal("940.00"), Decimal("76.14"))],
    ...                                   Decimal("1005.33"))]
    [(Decimal('930.00'), Decimal('75.33'))]
    >>> [(s.net, s.vat) for s in rescaled([Share("3200", "TVA", Decimal("93.00"), Decimal("7.53"))],
    ...                                   Decimal("103.77"), {"TVA": Decimal("8.1")})]
    [(Decimal('95.99'), Decimal('7.78'))]
    """
    total = sum((p.gross for p in parts), ZERO)
    if not parts or not total:
        return tuple(parts)
    factor = target / total
    out = [Share(p.account, p.vat_code, quantize(p.net * factor), quantize(p.vat * factor)) for p in parts]
    rest = target - sum((s.gross for s in out), ZERO)
    if rest:
        largest = max(range(len(out)), key=lambda i: abs(out[i].net))
        out[largest] = Share(out[largest].account, out[largest].vat_code, out[largest].net + rest, out[largest].vat)
    for i, share in enumerate(out):
        rate = (rates or {}).get(share.vat_code)
        if rate and share.vat:  # the tax of the gross at its rate; the gross (and so the target) stays as it is
            vat = quantize(share.gross * rate / (100 + rate))
            out[i] = Share(share.account, share.vat_code, share.gross - vat, vat)
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Share:
    """One line of an invoice as posted: account, VAT code, net amount and its tax (gross = net + vat)."""

    account: str
    vat_code: str
    net: Decimal
    vat: Decimal

    @property
    def gross(self) -> Decimal:
        return self.net + self.vat


def allocate(total: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """``total`` split to the cent in proportion to ``weights`` (largest remainder; first lines win ties)."""
    base = sum(weights, Decimal(0))
    if not base:
        return [ZERO for _ in weights]
    if any(w < 0 for w in weights) and any(w > 0 for w in weights):
        # a credit note's line the invoice lacks is negative (posting.credit_notes): signed shares, the cent left
        # over on the largest line
        parts = [quantize(total * w / base) for w in weights]
        largest = max(range(len(weights)), key=lambda i: abs(weights[i]))
        parts[largest] += total - sum(parts, ZERO)
        return parts
    sign = -1 if total < 0 else 1
    cents = int((abs(total) / CENT).to_integral_value())
    raw = [abs(w) * cents / abs(base) for w in weights]
    floors = [int(r.to_integral_value(rounding=ROUND_FLOOR)) for r in raw]
    left = cents - sum(floors)
    order = sorted(range(len(raw)), key=lambda i: (-(raw[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return [sign * Decimal(f) * CENT for f in floors]


def _cumulative(lines: Sequence[Share], total: Decimal, paid: Decimal) -> list[tuple[Decimal, Decimal]]:
    """(net, vat) of each line once ``paid`` of ``total`` is in."""
    if paid == total:
        return [(s.net, s.vat) for s in lines]
    grosses = allocate(paid, [s.gross for s in lines])
    out = []
    for share, gross in zip(lines, grosses):
        vat = quantize(gross * share.vat / share.gross) if share.gross else ZERO
        out.append((gross - vat, vat))
    return out


def spread(lines: Sequence[Share], total: Decimal, before: Decimal, amount: Decimal) -> list[Share]:
    """The parts of a payment of ``amount`` after ``before`` was already paid on an invoice of ``total``."""
    after = _cumulative(lines, total, before + amount)
    earlier = _cumulative(lines, total, before) if before else [(ZERO, ZERO)] * len(lines)
    return [Share(s.account, s.vat_code, a[0] - b[0], a[1] - b[1]) for s, a, b in zip(lines, after, earlier)]
