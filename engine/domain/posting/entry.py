"""Posting entries: one journal line (date, voucher, debit, credit, amount, VAT code and amount, label, group, ref).

An event (an invoice, a payment) is written as a *counter account* against signed *legs*: the receivable 1100
against revenue 1000.00 and VAT 81.00, say. :func:`entries` turns legs into debit/credit entries, swapping the two
accounts when a leg is negative, so credit notes and reversals need no code of their own. The aide au pointage of the
suite (DOMAIN.md §0): group = document number, reference = "C " / "D " + the partner's name.

>>> rules = PostingRules()
>>> e = entries(Event(date=date(2026, 3, 1), voucher="F-1", group="F-1", reference="C Muster AG", label="F-1 Muster AG",
...                   source="sales:F-1"), "1100", "debit",
...             [Leg("3200", Decimal("1000.00"), "TVA", Decimal("81.00")), Leg("2200", Decimal("81.00"), "TVA")])
>>> [(x.debit, x.credit, str(x.amount), x.vat_code, str(x.vat_amount)) for x in e]
[('1100', '3200', '1000.00', 'TVA', '81.00'), ('1100', '2200', '81.00', 'TVA', '0.00')]
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Iterable

ZERO = Decimal("0.00")


@dataclass(frozen=True, slots=True, kw_only=True)
class Entry:
    """One journal line; ``amount`` > 0; ``vat_amount`` is the tax belonging to a base line (0 on tax lines)."""

    date: date
    voucher: str
    debit: str
    credit: str
    amount: Decimal
    vat_code: str = ""
    vat_amount: Decimal = ZERO
    label: str = ""
    group: str = ""
    reference: str = ""
    source: str = ""  # "sales:F-2026-0001", "payment:17": the record the entry comes from
    analytic_code: str = ""  # the cost centre (centre d'analyse) the entry is charged to, when one is named
    period: str = ""  # the période d'imputation (engine.domain.imputation), when not the month of its date


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """What every entry of one posted record shares."""

    date: date
    voucher: str
    group: str
    reference: str
    label: str
    source: str


@dataclass(frozen=True, slots=True)
class Leg:
    """A signed amount on one account; positive = the side opposite the counter account."""

    account: str
    amount: Decimal
    vat_code: str = ""
    vat_amount: Decimal = ZERO


@dataclass(frozen=True, slots=True, kw_only=True)
class PostingRules:
    """The Settings that shape entries (engine/schema/settings.py), read once per session."""

    vat_method: str = "effective"  # effective | tdfn | flat
    vat_basis: str = "agreed"  # agreed | received
    receivables: str = "1100"
    payables: str = "2000"
    sales_discount: str = "3800"
    loss: str = "3805"
    purchase_discount: str = "4900"
    purchase_discount_spread: bool = False
    supplier_credit_clearing: str = "2009"
    client_credit_clearing: str = "1091"  # a client's note used on an invoice: 1100 ↔ 1091 (2009 is the suppliers')
    rounding: str = "6943"
    reminder_fee: str = "3600"
    reminder_fee_posting: str = "issue"  # issue | payment
    interest: str = "6950"
    exchange_gain: str = "6999"  # class 69: 6950–6999 financial income
    exchange_loss: str = "6949"  # 6900–6949 financial expense
    output_vat: str = "2200"
    label: str = "{number} {partner}"
    language: str = "FR"  # the book's (Settings DefaultLanguage): the words of the entries' labels

    @property
    def method(self) -> str:
        return f"{self.vat_method}/{self.vat_basis}"

    @property
    def gross(self) -> bool:
        """Revenue booked gross, the tax once per period at a rate of the turnover: the net tax rate method (TDFN)
        and the flat-rate method (taux forfaitaires) alike."""
        return self.vat_method in ("tdfn", "flat")

    @classmethod
    def from_settings(cls, settings) -> "PostingRules":
        def get(key, default):
            value = settings[key]
            return default if value in (None, "") else value
        return cls(vat_method=get("VatMethod", "effective"), vat_basis=get("VatBasis", "agreed"),
                   receivables=get("ReceivablesAccount", "1100"), payables=get("PayablesAccount", "2000"),
                   sales_discount=get("SalesDiscountAccount", "3800"), loss=get("LossAccount", "3805"),
                   purchase_discount=get("PurchaseDiscountAccount", "4900"),
                   purchase_discount_spread=bool(get("PurchaseDiscountSpread", False)),
                   supplier_credit_clearing=get("SupplierCreditClearingAccount", "2009"),
                   client_credit_clearing=get("ClientCreditClearingAccount", "1091"),
                   rounding=get("RoundingAccount", "6943"), reminder_fee=get("ReminderFeeAccount", "3600"),
                   reminder_fee_posting=get("ReminderFeePosting", "issue"), interest=get("InterestAccount", "6950"),
                   exchange_gain=get("ExchangeGainAccount", "6999"), exchange_loss=get("ExchangeLossAccount", "6949"),
                   label=get("PostingLabel", "{number} {partner}"), language=get("DefaultLanguage", "FR"))

    def label_for(self, number: str, partner: str, comment: str | None) -> str:
        """The entry label from Settings PostingLabel parts ({number} {partner} {comment})."""
        text = self.label.format(number=number or "", partner=partner or "", comment=comment or "")
        return " ".join(text.split())


def entries(event: Event, counter: str, side: str, legs: Iterable[Leg]) -> list[Entry]:
    """Entries of ``legs`` against ``counter``; ``side`` is the counter's side for positive legs (debit|credit)."""
    out = []
    for leg in legs:
        if not leg.amount:
            continue
        positive = leg.amount > 0
        counter_debit = positive == (side == "debit")
        debit, credit = (counter, leg.account) if counter_debit else (leg.account, counter)
        sign = 1 if positive else -1
        out.append(Entry(date=event.date, voucher=event.voucher, debit=debit, credit=credit,
                         amount=abs(leg.amount), vat_code=leg.vat_code, vat_amount=sign * leg.vat_amount,
                         label=event.label, group=event.group, reference=event.reference, source=event.source))
    return out


def merge_legs(legs: Iterable[Leg]) -> list[Leg]:
    """Legs on the same account and VAT code added together (one entry per revenue account and code)."""
    totals: dict[tuple[str, str], list] = {}
    for leg in legs:
        slot = totals.setdefault((leg.account, leg.vat_code), [ZERO, ZERO])
        slot[0] += leg.amount
        slot[1] += leg.vat_amount
    return [Leg(account, amount, code, vat) for (account, code), (amount, vat) in totals.items()]
