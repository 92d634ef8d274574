"""Open items at an end date: what each invoice still owes once the payments up to that date are counted.

An invoice's open amount at date D is its total minus the settlements (payments, discounts, losses, credit notes
used) dated on or before D; settlements after D are kept apart for the "after period" column (Crésus facturation
§3.11). Fees and interest received do not settle the invoice's principal, so they are left out.

A document in EUR is valued in CHF at its own ``exchange_rate`` (Documents / ReceivedInvoices ExchangeRate, CHF per
unit: the Rates sheet's rate of its date, or Settings EURRate, when it was created), to the cent: ``to_chf``.

>>> import datetime as dt
>>> from decimal import Decimal as D
>>> from types import SimpleNamespace as R
>>> pays = [R(side="sales", document_number="F1", date=dt.date(2026, 1, 5), kind="payment", amount=D("40")),
...         R(side="sales", document_number="F1", date=dt.date(2026, 3, 1), kind="payment", amount=D("60"))]
>>> settled_by_document(pays, "sales", dt.date(2026, 1, 31))
({'F1': Decimal('40.00')}, {'F1': Decimal('60.00')})
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Iterable

from engine.domain.reminders import charges_first, charges_value
from engine.errors import BusinessRuleError
from engine.i18n import tr
from engine.schema.terms import shown_header, shown_sheet
from engine.money import ZERO, currency_of, exchange_rate, quantize

SETTLING_KINDS = frozenset({"payment", "discount", "loss", "credit_note"})
SALES_STAGES = frozenset({"F"})  # invoices; credit notes (N) reach the debtors through Payments kind credit_note
PURCHASE_STAGES = frozenset({"F"})  # what is owed: an order (C) or a receipt (L) is not, a credit note (N) is ours
CREDIT_NOTE = "N"  # an open item of its own while not used up: a negative amount, as the partner account shows it
# (column key, label key) of the ageing buckets
BUCKETS = (("not_due", "rpt_not_due"), ("d1_30", "rpt_d1_30"), ("d31_60", "rpt_d31_60"), ("d61_90", "rpt_d61_90"),
           ("d90", "rpt_d90"))
ONE = Decimal(1)


def rate_of(document, sheet: str = "Documents") -> Decimal:
    """CHF per unit of the document's currency (1 for CHF); a foreign document without a rate cannot be valued."""
    rate = exchange_rate(document)
    if rate is None:
        currency = currency_of(document)
        column = shown_header("ExchangeRate", sheet)
        raise BusinessRuleError(tr("{sheet}: {number} is in {currency} but has no {column}", sheet=shown_sheet(sheet),
                                   number=document.number, currency=currency, column=column),
                                tr("write the rate (CHF per 1 {currency}) in its {column} column", currency=currency,
                                   column=column))
    return rate


def to_chf(amount: Decimal, rate: Decimal) -> Decimal:
    """``amount`` in a document's currency → CHF at ``rate``, to the cent (half up)."""
    return amount if rate == ONE else quantize(amount * rate)


def settled_by_document(payments: Iterable, side: str, until: dt.date) -> tuple[dict, dict]:
    """(settled up to ``until``, settled after it) per document number, for one side (sales/purchases)."""
    before: dict[str, Decimal] = {}
    after: dict[str, Decimal] = {}
    for p in payments:
        if p.side != side or p.kind not in SETTLING_KINDS or p.amount is None:
            continue
        target = before if p.date is None or p.date <= until else after
        number = p.document_number
        target[number] = target.get(number, ZERO) + p.amount
    return before, after


def charged_by_document(payments: Iterable, side: str, until: dt.date) -> dict:
    """Reminder fees and default interest charged up to ``until`` per document: owed on top of its total, as the
    ledger's 1100 shows them (audit of issues 14 and 21: a paid reminder showed as a client credit)."""
    out: dict[str, Decimal] = {}
    for p in _charges(payments, side, until):
        out[p.document_number] = out.get(p.document_number, ZERO) + p.amount
    return out


def _charges(payments: Iterable, side: str, until: dt.date):
    """The fee and interest rows of ``side`` charged up to ``until`` (a row without a date counts)."""
    return (p for p in payments if p.side == side and p.kind in ("fee", "interest") and p.amount is not None
            and (p.date is None or p.date <= until))


def open_sign(document) -> int:
    """+1 for an invoice, −1 for a credit note (stage N): the debtors and creditors reports list what a credit note
    has not yet settled (used on an invoice, refunded) as an item of the partner owing the other way, since the ledger's
    1100 / 2000 carries it until it is used (audit 14e: 1100 925.50, the report 1033.60 without the unused 108.10)."""
    return -1 if document.stage == CREDIT_NOTE else 1


def charged_chf_by_document(payments: Iterable, side: str, until: dt.date, rates: dict,
                            charge_chf: dict | None = None) -> dict:
    """As :func:`charged_by_document`, in CHF: each fee or interest valued on its own as the posting values it
    (``charge_chf``: row id → its CHF, engine.services.posting_exchange.charges_in_chf), else at its document's rate
    (``rates``: number → rate; 1 when absent), to the cent (domain.posting.currency)."""
    out: dict[str, Decimal] = {}
    for p in _charges(payments, side, until):
        out[p.document_number] = out.get(p.document_number, ZERO) + _charge_chf(p, rates, charge_chf)
    return out


def _charge_chf(p, rates: dict, charge_chf: dict | None) -> Decimal:
    known = (charge_chf or {}).get(p.payment_id)
    return known if known is not None else to_chf(p.amount, rates.get(p.document_number, ONE))


def paid_first_by_document(payments: Iterable, side: str, until: dt.date, rates: dict,
                           charge_chf: dict | None = None) -> dict:
    """number → (what its payments up to ``until`` paid of its fees and interest first — CO 85 al. 1 —, its CHF as
    the posting clears it): the capital settled is the rest, valued cumulatively at the document's rate, so
    ``open_chf(total, charged − paid first, settled − paid first, rate)`` is what the partner account holds."""
    rows: dict[str, list] = {}
    for p in payments:
        if p.side == side and p.amount is not None and p.date is not None and p.date <= until:
            rows.setdefault(p.document_number, []).append(p)
    out = {}
    for number, found in rows.items():
        found.sort(key=lambda p: (p.date, p.payment_id))
        charges = [p for p in found if p.kind in ("fee", "interest")]
        if not charges:
            continue
        paid = sum(charges_first([(p, None) for p in found if p.kind in SETTLING_KINDS],
                                 [(c, None) for c in charges]).values(), ZERO)
        value = {c.payment_id: _charge_chf(c, rates, charge_chf) for c in charges}
        out[number] = (paid, charges_value(charges, value, paid))
    return out


def open_chf(total: Decimal, charged_chf: Decimal, settled: Decimal, rate: Decimal) -> Decimal:
    """What a document still owes in CHF as its partner account in the ledger carries it: its total and everything
    settled so far each valued at its rate (the posting values payments cumulatively), plus its fees and interest
    valued one by one — not the open amount × the rate, a cent off (audit 14e: 589.92 beside 1100 589.93)."""
    return to_chf(total, rate) + charged_chf - to_chf(settled, rate)


def aged(days_overdue: int, amount: Decimal) -> dict:
    """The ageing columns of one open item: ``amount`` in its bucket, zero in the others. An overpaid item (a
    negative open amount) is money the client has with us, not a late debt: it goes in no bucket."""
    row = {key: ZERO for key, _ in BUCKETS}
    if amount > ZERO:
        row[BUCKETS[bucket(days_overdue)][0]] = amount
    return row


def bucket(days_overdue: int) -> int:
    """Index in BUCKETS of an item ``days_overdue`` days past its due date."""
    if days_overdue <= 0:
        return 0
    if days_overdue <= 30:
        return 1
    if days_overdue <= 60:
        return 2
    if days_overdue <= 90:
        return 3
    return 4
