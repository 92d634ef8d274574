"""A payment proposal for a received invoice: amount, execution date and what the transfer needs.

Source: Crésus Facturation manual §3.8.2/§3.8.5 — the date proposed is the invoice date + the usual term − 1 day, or
the discount date when a cash discount is offered, never a weekend or bank holiday (``engine.bank_calendar``); a
date in the past is refused; "every missing field is named". The amount is the open balance (part payments already
deducted) less the cash discount when it is taken. QR-IBAN ⇔ QR reference (IG QR-bill §2.12, SPS IG §3.14).

>>> from decimal import Decimal as D
>>> p = Payable(number="R-1", invoice_date=date(2026, 3, 5), balance=D("1081.00"), currency="CHF",
...             creditor_name="Scierie du Jorat SA", creditor_iban="CH5600767000123456789", creditor_town="Lausanne",
...             creditor_country="CH", term_days=30, discount_rate=D("2"), discount_days=10)
>>> q = propose(p, today=date(2026, 3, 6))
>>> q.execution_date, q.discount, q.amount   # 5 Mar + 9 days = Saturday 14 Mar → back to Friday
(datetime.date(2026, 3, 13), Decimal('21.62'), Decimal('1059.38'))
>>> propose(p, today=date(2026, 3, 20)).execution_date   # discount over: 5 Mar + 29 = Good Friday → Thursday
datetime.date(2026, 4, 2)
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache

from engine.bank_calendar import BankCalendar, calendar_for, execution_date, next_banking_day
from engine.domain.purchases import cash_discount, discount_deadline
from engine.errors import BusinessRuleError, Source
from engine.i18n import tr
from engine.money import ZERO, quantize

QRR, SCOR, NON = "QRR", "SCOR", "NON"
QR_IID = range(30000, 32000)
# Thousands of invoices share a few dozen (date, term, calendar) keys; a refused date raises and is not cached.
_execution_date = lru_cache(maxsize=4096)(execution_date)


@dataclass(frozen=True, slots=True, kw_only=True)
class Payable:
    """What a proposal needs from the invoice and its creditor (the service gathers it)."""

    number: str
    invoice_date: date | None
    balance: Decimal
    currency: str = "CHF"
    creditor_name: str = ""
    creditor_iban: str = ""
    creditor_town: str = ""
    creditor_country: str = ""
    reference_type: str = ""
    reference: str = ""
    message: str = ""
    term_days: int | None = None
    discount_rate: Decimal | None = None
    discount_days: int | None = None
    source: Source | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Proposal:
    number: str
    execution_date: date
    amount: Decimal
    discount: Decimal
    currency: str
    creditor_iban: str
    reference_type: str
    reference: str
    message: str


def reference_kind(reference_type: str, reference: str) -> str:
    """The type of a reference, inferred when left empty: 27 digits → QRR, ``RF…`` → SCOR, else NON."""
    if reference_type:
        return reference_type.strip().upper()
    ref = "".join(reference.split()).upper()
    if len(ref) == 27 and ref.isdigit():
        return QRR
    if ref.startswith("RF") and ref[2:4].isdigit():
        return SCOR
    return NON


def is_qr_iban(iban: str) -> bool:
    return iban[:2] in ("CH", "LI") and len(iban) == 21 and iban[4:9].isdigit() and int(iban[4:9]) in QR_IID


def missing(p: Payable) -> list[str]:
    """Every field a transfer for ``p`` lacks, named as the user sees it (empty when nothing is missing)."""
    iban = "".join(p.creditor_iban.split()).upper()
    kind = reference_kind(p.reference_type, p.reference)
    gaps = []
    if p.invoice_date is None:
        gaps.append("the invoice date (ReceivedInvoices Date)")
    if p.balance <= ZERO:
        gaps.append(f"an open balance (it is {p.balance})")
    if not p.currency:
        gaps.append("the currency")
    if not p.creditor_name:
        gaps.append("the creditor's name")
    if not iban:
        gaps.append("the creditor's IBAN (Creditors IBAN, or the IBAN of the invoice)")
    if not p.creditor_town:
        gaps.append("the creditor's town (structured address, SPS IG §3.11)")
    if not p.creditor_country:
        gaps.append("the creditor's country")
    if is_qr_iban(iban) and (kind != QRR or not p.reference):
        gaps.append("the 27-digit QR reference of the QR-bill (the creditor's account is a QR-IBAN)")
    elif kind == QRR and iban and not is_qr_iban(iban):
        gaps.append("a QR-IBAN for the QR reference (copy the IBAN from the QR-bill)")
    return gaps


def propose(p: Payable, *, today: date, on: date | None = None, calendar: BankCalendar | None = None) -> Proposal:
    """The proposal for ``p``; ``on`` forces an execution date (e.g. to pay an overdue invoice now)."""
    gaps = missing(p)
    if gaps:
        raise BusinessRuleError(f"{p.number}: cannot propose a payment, missing " + "; ".join(gaps),
                                "complete the invoice or the creditor, then propose again", p.source)
    calendar = calendar or calendar_for(p.currency)
    deadline = (discount_deadline(p.invoice_date, p.discount_days)
                if p.discount_rate and p.discount_days is not None else None)
    if on is not None:
        if on < today:
            raise BusinessRuleError(tr("{number}: execution date {date} is in the past (today is {today})",
                                       number=p.number, date=f"{on:%d.%m.%Y}", today=f"{today:%d.%m.%Y}"),
                                    tr("choose today or a later date"), p.source)
        when = next_banking_day(on, p.currency, calendar)
        with_discount = deadline is not None and on <= deadline
    else:
        when, with_discount = None, False
        if deadline is not None and deadline >= today:
            when = _execution_date(p.invoice_date, p.term_days or 0, p.discount_days, today=today,
                                  currency=p.currency, calendar=calendar)
            with_discount = True
        if when is None:
            try:
                when = _execution_date(p.invoice_date, p.term_days or 0, today=today, currency=p.currency,
                                      calendar=calendar)
            except BusinessRuleError as error:
                raise BusinessRuleError(tr("{number}: {why}", number=p.number, why=error.message),
                                        tr("pay it now: propose with an execution date (--date)"), p.source) from None
    discount = cash_discount(p.balance, p.discount_rate) if with_discount else ZERO
    kind = reference_kind(p.reference_type, p.reference)
    reference = "".join(p.reference.split()).upper() if kind != NON else ""
    message = p.message if kind != NON or not p.reference else " ".join(x for x in (p.reference, p.message) if x)
    return Proposal(number=p.number, execution_date=when, amount=quantize(p.balance - discount), discount=discount,
                    currency=p.currency, creditor_iban="".join(p.creditor_iban.split()).upper(),
                    reference_type=kind, reference=reference, message=message[:140])
