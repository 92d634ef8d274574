"""Documents in a foreign currency posted in CHF: the ledger keeps one currency, the invoicing book keeps the
document's.

A EUR (USD, GBP) invoice or received invoice is valued at its own ``ExchangeRate`` (CHF per unit: typed, or the
Rates sheet's rate of its date, Settings EURRate in a book without one): each line's net and VAT to the cent, and the
largest line takes the cent the rounding of the parts may leave, so the partner account gets exactly the CHF value
of the total. Its payments (in the document's currency) are valued at the same rate *cumulatively*: each one is the
CHF value of everything settled so far minus what the earlier ones were valued at, so once the document is settled
the partner account is exactly cleared. Fees and interest are valued one by one, each at the rate of its day
when the Rates sheet has one (a reminder fee set in CHF is worth that CHF), and a payment clears the charges it
pays first (CO 85) at that value, the rest at the document's rate.

A payment whose CHF value on its own day is known (``worth``: the Payments row's AmountCHF, or its amount at the
Rates sheet's rate of its date) carries the difference from the CHF it clears as ``exchange``: the realised exchange
gain or loss, posted with the payment (posting.documents.exchange_entries), so the partner account still ends at
0.00 and the bank account holds what the bank booked. Without one it moves the CHF it clears (books made before the
Rates sheet post as they did). A credit note used on an invoice posted at another rate is worth the other
document's CHF: the clearing account's rest is an exchange result too. On the received basis there is no such
difference: the tax claim arises at payment (MWSTG art. 40; MWSTV art. 45 al. 1 converts at that moment), so the
payment's lines and their tax are valued at its own day's rate (posting.spread.rescaled).

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
from engine.domain.reminders import charges_first, charges_value
from engine.errors import BusinessRuleError, Source
from engine.i18n import tr
from engine.schema.terms import shown_header, shown_sheet
from engine.money import currency_of, exchange_rate, quantize

ZERO = Decimal("0.00")


def rate_of(record, sheet: str, file: str = "", table=None) -> Decimal | None:
    """CHF per unit of ``record``'s currency: its ExchangeRate, else the rate of its date in ``table`` (a
    domain.rates.RateTable); ``None`` for CHF; refused when a foreign document has neither."""
    if currency_of(record) == "CHF":
        return None
    rate = exchange_rate(record)
    if rate is None and table is not None:
        rate = table.on(currency_of(record), record.date)
    if rate is None:
        currency = currency_of(record)
        column = shown_header("ExchangeRate", sheet)
        raise BusinessRuleError(tr("{number} is in {currency} but has no {column} and no {currency} rate on or before "
                                   "its date: it cannot be posted in CHF", number=record.number, currency=currency,
                                   column=column),
                                tr("write the rate (CHF per 1 {currency}) in its {column} column, or add the day's "
                                   "rate to the {sheet} sheet", currency=currency, column=column,
                                   sheet=shown_sheet("Rates")), Source(file, sheet, record.row))
    return rate


def settlements_in_chf(payments, rate: Decimal, ahead: dict | None = None) -> dict:
    """Payment id → the CHF of a document's settlement (a Pay or a Payments row, in the document's currency) at the
    document's ``rate``, cumulatively — the CHF of everything settled so far minus what the earlier ones were valued
    at, so the settled document's partner account is cleared to the cent. ``ahead``: payment id → what it paid of
    the fees and interest first (CO 85), which is not capital and is valued by the caller. Fees and interest
    themselves are not in the result.

    100.00 EUR at 0.9333 paid in three: 33.33 → 31.11 (31.106889); 66.66 → 62.21, less 31.11 → 31.10; 100.00 →
    93.33, less 62.21 → 31.12: 93.33 in all, the invoice's CHF (one by one they would make 31.11 + 31.11 + 31.12 =
    93.34, a cent left on 1100).

    >>> from datetime import date
    >>> from engine.domain.posting.documents import Pay
    >>> pays = [Pay(payment_id=n, kind="payment", date=date(2026, 4, n), amount=Decimal(a), account="1020")
    ...         for n, a in ((1, "33.33"), (2, "33.33"), (3, "33.34"))]
    >>> settlements_in_chf(pays, Decimal("0.9333"))
    {1: Decimal('31.11'), 2: Decimal('31.10'), 3: Decimal('31.12')}
    """
    chf, settled, settled_chf = {}, ZERO, ZERO
    for pay in sorted(payments, key=lambda p: (p.date, p.payment_id)):
        if pay.kind in SETTLING:
            settled += (pay.amount or ZERO) - (ahead or {}).get(pay.payment_id, ZERO)
            chf[pay.payment_id] = quantize(settled * rate) - settled_chf
            settled_chf += chf[pay.payment_id]
    return chf


def in_chf(doc: Doc, payments: tuple, rate: Decimal, worth: dict | None = None,
           at_day: dict | None = None, charge_rates: dict | None = None) -> tuple[Doc, tuple]:
    """``doc`` and its ``payments`` ((Pay, posted session) pairs, in the document's currency) valued in CHF;
    ``worth``: payment id → the CHF a payment's money was worth on its day (its ``exchange`` is the difference);
    ``at_day``: payment id → its amount at its day's rate, when the bank booked other CHF (received basis);
    ``charge_rates``: fee or interest row id → the rate it is booked at (else the document's). A payment clears the
    charges it pays first (CO 85) at their CHF, the capital cumulatively at the document's rate."""
    total = quantize(doc.total * rate)
    shares = [replace(s, net=quantize(s.net * rate), vat=quantize(s.vat * rate)) for s in doc.shares]
    rest = total - sum((s.gross for s in shares), ZERO)
    if rest and shares:  # the cent the parts' rounding left: on the largest line, so the partner gets ``total``
        largest = max(range(len(shares)), key=lambda i: abs(shares[i].net))
        shares[largest] = replace(shares[largest], net=shares[largest].net + rest)
    ordered = sorted(payments, key=lambda item: (item[0].date, item[0].payment_id))
    charges = [(p, s) for p, s in ordered if p.kind not in SETTLING]
    charged = {p.payment_id: quantize(p.amount * (charge_rates or {}).get(p.payment_id, rate)) for p, _ in charges}
    ahead = charges_first([i for i in ordered if i[0].kind in SETTLING], charges)
    chf = settlements_in_chf((pay for pay, _ in ordered), rate, ahead)
    covered = ZERO
    for pay, _ in ordered:
        if pay.kind in SETTLING:
            first = ahead.get(pay.payment_id, ZERO)
            if first:  # the charges it pays, at the CHF they were booked at
                rows = [c for c, _ in charges]
                chf[pay.payment_id] += (charges_value(rows, charged, covered + first)
                                        - charges_value(rows, charged, covered))
                covered += first
        else:
            chf[pay.payment_id] = charged[pay.payment_id]
    worth = worth or {}

    def exchange(pay) -> Decimal:
        day = worth.get(pay.payment_id)
        if day is None or pay.kind not in ("payment", "credit_note"):
            return ZERO
        return quantize(day) - chf[pay.payment_id]
    at_day = at_day or {}

    def day_rate(pay) -> Decimal | None:
        day = at_day.get(pay.payment_id)
        return None if day is None or pay.kind != "payment" else quantize(day) - chf[pay.payment_id]
    valued = tuple((replace(pay, amount=chf[pay.payment_id], exchange=exchange(pay), at_day_rate=day_rate(pay)),
                    session) for pay, session in payments)
    return replace(doc, shares=tuple(shares), total=total), valued

