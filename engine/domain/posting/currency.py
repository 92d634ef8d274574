"""Documents in a foreign currency posted in CHF: the ledger keeps one currency, the invoicing book keeps the
document's.

A EUR (USD, GBP) invoice or received invoice is valued at its own ``ExchangeRate`` (CHF per unit, copied from
Settings EURRate when a EUR document is made; typed for others): each line's net and VAT to the cent, and the
largest line takes the cent the rounding of the parts may leave, so the partner account gets exactly the CHF value
of the total. Its payments (in the document's currency) are valued at the same rate *cumulatively*: each one is the
CHF value of everything settled so far minus what the earlier ones were valued at, so once the document is settled
the partner account is exactly cleared. Fees and interest are valued one by one.

What this does not do: the difference between the invoice's rate and the rate of the day the money came in (a
realised exchange gain or loss) is not computed; the bank movement shows it, to be booked by hand.

>>> from datetime import date
>>> from engine.domain.posting.documents import Doc, Pay
>>> from engine.domain.posting.spread import Share
>>> doc = Doc(side="sales", number="F-1", sign=1, date=date(2026, 3, 2), partner="C Muster", comment="",
...           account="1100", shares=(Share("3200", "TVA", Decimal("1000.00"), Decimal("81.00")),),
...           total=Decimal("1081.00"), vat_accounts={"TVA": "2200"})
>>> pays = ((Pay(payment_id=1, kind="payment", date=date(2026, 4, 1), amount=Decimal("500.00"), account="1020"), None),
...         (Pay(payment_id=2, kind="payment", date=date(2026, 5, 1), amount=Decimal("581.00"), account="1020"), None))
>>> chf, valued = in_chf(doc, pays, Decimal("0.95"))
>>> chf.shares[0].net, chf.shares[0].vat, chf.total, [p.amount for p, _ in valued]
(Decimal('950.00'), Decimal('76.95'), Decimal('1026.95'), [Decimal('475.00'), Decimal('551.95')])
"""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from engine.domain.posting.documents import SETTLING, Doc
from engine.errors import BusinessRuleError, Source
from engine.money import currency_of, exchange_rate, quantize

ZERO = Decimal("0.00")


def rate_of(record, sheet: str, file: str = "") -> Decimal | None:
    """CHF per unit of ``record``'s currency; ``None`` for CHF; refused when a foreign document has no rate."""
    rate = exchange_rate(record)
    if rate is None:
        currency = currency_of(record)
        raise BusinessRuleError(f"{record.number} is in {currency} but has no ExchangeRate: it cannot be posted in CHF",
                                f"write the rate (CHF per 1 {currency}) in its ExchangeRate column",
                                Source(file, sheet, record.row))
    return None if currency_of(record) == "CHF" else rate


def in_chf(doc: Doc, payments: tuple, rate: Decimal) -> tuple[Doc, tuple]:
    """``doc`` and its ``payments`` ((Pay, posted session) pairs, in the document's currency) valued in CHF."""
    total = quantize(doc.total * rate)
    shares = [replace(s, net=quantize(s.net * rate), vat=quantize(s.vat * rate)) for s in doc.shares]
    rest = total - sum((s.gross for s in shares), ZERO)
    if rest and shares:  # the cent the parts' rounding left: on the largest line, so the partner gets ``total``
        largest = max(range(len(shares)), key=lambda i: abs(shares[i].net))
        shares[largest] = replace(shares[largest], net=shares[largest].net + rest)
    chf, settled, settled_chf = {}, ZERO, ZERO
    for pay, _ in sorted(payments, key=lambda item: (item[0].date, item[0].payment_id)):
        if pay.kind in SETTLING:
            settled += pay.amount
            chf[pay.payment_id] = quantize(settled * rate) - settled_chf
            settled_chf += chf[pay.payment_id]
        else:
            chf[pay.payment_id] = quantize(pay.amount * rate)
    valued = tuple((replace(pay, amount=chf[pay.payment_id]), session) for pay, session in payments)
    return replace(doc, shares=tuple(shares), total=total), valued
