"""The entries of an invoice and of each payment on it, for sales and purchases alike (DOMAIN.md §4 table).

Sales and purchases mirror each other: the receivable 1100 is debited by an invoice where the payable 2000 is
credited, and so on. A :class:`Doc` holds what both sides need; ``side`` picks the mirror.

* agreed basis (contre-prestations convenues): the invoice posts partner account / lines + VAT at its date; a payment
  clears the partner account; a discount or a loss reduces revenue (or expense) and the tax, spread over the VAT
  codes of the lines pro rata (purchases: one discount account, or spread over the expense accounts — Settings).
* received basis (reçues, MWSTG art. 39): the invoice posts nothing; each payment posts liquidity / lines + VAT,
  spread pro rata (posting.spread); discounts, losses and credit-note uses post nothing (tax only on what came in).
* TDFN method (MWSTG art. 37): lines are booked gross, no VAT split (the net-rate tax is booked per period).

>>> from datetime import date
>>> from engine.domain.posting.spread import Share
>>> doc = Doc(side="sales", number="F-1", sign=1, date=date(2026, 3, 2), partner="C Muster", comment="",
...           account="1100", shares=(Share("3200", "TVA", Decimal("1000.00"), Decimal("81.00")),),
...           total=Decimal("1081.00"), vat_accounts={"TVA": "2200"})
>>> [(e.debit, e.credit, str(e.amount)) for e in invoice_entries(doc, PostingRules())]
[('1100', '3200', '1000.00'), ('1100', '2200', '81.00')]
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from engine.domain.posting.entry import Entry, Event, Leg, PostingRules, entries, merge_legs
from engine.domain.posting.spread import Share, allocate, rescaled, spread
from engine.domain.rates import words
from engine.domain.vat import vat_of_gross
from engine.money import quantize

ZERO = Decimal("0.00")
SETTLING = ("payment", "discount", "loss", "credit_note")  # kinds that reduce what the partner owes


@dataclass(frozen=True, slots=True, kw_only=True)
class Doc:
    """An issued or received invoice (sign +1) or credit note (sign −1) as posting sees it; amounts positive."""

    side: str  # sales | purchases
    number: str
    sign: int
    date: date
    partner: str  # "C Muster AG" / "D Papeterie SA"
    comment: str | None
    account: str  # receivable / payable of the partner
    shares: tuple[Share, ...]  # lines (+ the 5-Rappen rounding as a line without VAT)
    total: Decimal  # what the partner owes: the sum of the shares' gross
    vat_accounts: dict = field(default_factory=dict)  # VAT code → 2200 / 1170 / 1171
    credit_notes: tuple[str, ...] = ()  # numbers of credit notes referring to this invoice
    # received basis: the credit notes used on it, ((date, payment id), note Doc, amount), taken off its lines for
    # the payments that come after each use (posting.credit_notes)
    credit_uses: tuple = ()
    # What a reminder fee follows (DOMAIN §4: the VAT of the supply): (VAT code, rate or None, the lines' gross of
    # that code) per code of the invoice's lines, "" for lines without one; the fee is split in these proportions.
    fee_vat: tuple = ()
    name: str = ""  # the partner's name, for the label (``partner`` is the pointage reference, Settings may drop it)
    # a received invoice's acquisition tax codes (services bought abroad): code → (rate, account of the tax due,
    # account of its deduction); their lines are booked at the amount owed to the supplier (see _acquisition_tax)
    acquisition: dict = field(default_factory=dict)
    vat_rates: dict = field(default_factory=dict)  # a received invoice's VAT code → its rate (a sales one: fee_vat's)

    @property
    def counter_side(self) -> str:
        """Side of the partner account for an invoice: receivables are debited, payables credited."""
        return "debit" if self.side == "sales" else "credit"


def _event(doc: Doc, rules: PostingRules, on: date, voucher: str, source: str, comment=None) -> Event:
    return Event(date=on, voucher=voucher, group=doc.number, reference=doc.partner, source=source,
                 label=rules.label_for(doc.number, doc.name or doc.partner[2:], comment if comment else doc.comment))


def _legs(doc: Doc, shares, rules: PostingRules, sign: int, account: str | None = None) -> list[Leg]:
    """Lines (or their parts) as legs: net + tax (effective method) or gross (TDFN)."""
    legs = []
    tdfn = rules.gross
    for share in shares:
        target = account or share.account
        if tdfn or not share.vat:
            legs.append(Leg(target, sign * share.gross, share.vat_code, sign * share.vat))
        else:
            legs.append(Leg(target, sign * share.net, share.vat_code, sign * share.vat))
    legs = merge_legs(legs)
    if not tdfn:
        taxes: dict[tuple, list] = {}
        for share in shares:
            if share.vat:
                vat_account = doc.vat_accounts.get(share.vat_code) or rules.output_vat
                # Deductions (a final invoice's down-payment line) keep their own tax leg: 2030 + 2200 / 1100.
                slot = taxes.setdefault((vat_account, share.vat_code, share.vat < 0), [ZERO])
                slot[0] += sign * share.vat
        legs += [Leg(acc, amount[0], code) for (acc, code, _), amount in taxes.items()]
    return legs


def invoice_entries(doc: Doc, rules: PostingRules) -> list[Entry]:
    """The invoice or credit note itself: partner account / lines + tax (agreed basis only)."""
    if rules.vat_basis == "received":
        return []
    event = _event(doc, rules, doc.date, doc.number, f"{doc.side}:{doc.number}")
    return _acquisition_tax(doc, event, doc.account, doc.counter_side, _legs(doc, doc.shares, rules, doc.sign), rules)


@dataclass(frozen=True, slots=True, kw_only=True)
class Pay:
    """One row of Payments as posting sees it (amount positive, in the direction that settles the document)."""

    payment_id: int
    kind: str
    date: date
    amount: Decimal
    account: str | None
    comment: str | None = None
    # credit_note: the other document of the use (LinkedDocument, or the sales service's Comment), and whether that
    # document has its own credit_note row back to this one (then each row posts only its own half).
    linked: str | None = None
    paired: bool = False
    # a payment of a foreign-currency document: the CHF the money was worth on its day minus the CHF it clears at
    # the document's rate (``amount``); posted to the exchange gain or loss (posting.currency)
    exchange: Decimal = ZERO
    # received basis, a payment whose CHF the bank booked (AmountCHF) and whose day has a rate: the CHF at that rate
    # minus the CHF it clears; the turnover and tax are valued at it, the bank's CHF beyond it is an exchange result
    at_day_rate: Decimal | None = None


def payment_entries(doc: Doc, pay: Pay, before: Decimal, rules: PostingRules, charges: Decimal = ZERO) -> list[Entry]:
    """Entries of one payment; ``before`` is what earlier settling payments (by date, id) already covered of the
    invoice, ``charges`` what of this payment goes to fees and interest first (CO 85, posting.sessions)."""
    event = _event(doc, rules, pay.date, f"P-{pay.payment_id}", f"payment:{pay.payment_id}", pay.comment)
    # Money moves toward us on a sales invoice or a purchase credit note (liquidity debited).
    money_side = "debit" if (doc.side == "sales") == (doc.sign > 0) else "credit"
    settle_side = "credit" if doc.counter_side == "debit" else "debit"
    if doc.sign < 0:
        settle_side = doc.counter_side
    liquidity = pay.account or doc.account
    if pay.kind in ("fee", "interest"):
        account = rules.interest if pay.kind == "interest" else rules.reminder_fee
        if rules.vat_basis == "received" or (pay.kind == "fee" and rules.reminder_fee_posting == "payment"):
            return []  # posted with the payment that brings the fee in: see fee_entries
        return entries(event, doc.account, doc.counter_side, _charge_legs(doc, pay, account, rules))
    if rules.vat_basis == "agreed":
        if pay.kind == "payment":
            moved = entries(event, liquidity, money_side, [Leg(doc.account, pay.amount + pay.exchange)])
            return moved + exchange_entries(doc, pay, rules, settle_side)
        if pay.kind == "credit_note":
            return _credit_note_use(doc, pay, event, rules)
        if pay.kind == "loss" or doc.side == "sales":
            target = rules.loss if pay.kind == "loss" else rules.sales_discount
        else:
            target = None if rules.purchase_discount_spread else rules.purchase_discount
        # the discount or loss takes what is left after the settlements before it (cumulative, like the received
        # basis): agreed and received then tax the same amounts once the invoice is settled, to the cent
        parts = spread(doc.shares, doc.total, before, pay.amount)
        return _acquisition_tax(doc, event, doc.account, settle_side, _legs(doc, parts, rules, 1, target), rules)
    if pay.kind != "payment":
        return []
    amount = min(pay.amount - charges, max(doc.total - before, ZERO))
    parts = spread(doc.shares, doc.total, before, amount) if amount else ()
    exchange = pay.exchange
    if exchange and amount:  # the tax claim arises at payment (MWSTG art. 40, MWSTV art. 45 al. 1): the lines and
        # their tax at the payment's day rate, each tax its code's rate × its part (the net the rest); the bank's
        # CHF beyond it a gain or loss
        day = exchange if pay.at_day_rate is None else pay.at_day_rate
        rates = doc.vat_rates or {code: rate for code, rate, _gross in doc.fee_vat if code and rate is not None}
        parts, exchange = rescaled(parts, amount + day, rates), exchange - day
    legs = _legs(doc, parts, rules, 1) if amount else []
    if pay.amount > amount:  # the charges it pays (fee_entries) or an overpayment owed back to the partner
        legs.append(Leg(doc.account, pay.amount - amount))
    if exchange:  # an overpayment: what it was worth beyond the invoice's rate; the bank's CHF beyond the day's
        legs.append(Leg(_exchange_account(doc, -exchange, rules), exchange))
    return _acquisition_tax(doc, event, liquidity, money_side, legs, rules)


def _acquisition_tax(doc: Doc, event: Event, counter: str, side: str, legs: list[Leg],
                     rules: PostingRules) -> list[Entry]:
    """``entries`` of ``legs``, with the acquisition tax (Bezugsteuer, MWSTG art. 45) of the legs coded for it: the
    expense is booked at what the supplier abroad is owed and carries the tax on it (its base is box 382/383 of the
    return), and the tax is booked as due and deducted at once — debit 1170 (box 400) / credit 2200 — or, under the
    net tax rate or flat-rate method (no input tax), debit the expense itself. A reduction (a discount, a credit
    note) takes it back the same way."""
    out, taxes = [], []
    for leg in legs:
        found = doc.acquisition.get(leg.vat_code)
        if found is None or not leg.amount:
            out.append(leg)
            continue
        rate, due, deduct = found
        tax = quantize(leg.amount * rate / 100)
        out.append(replace(leg, vat_amount=tax))
        taxes.append((leg.account if rules.gross else deduct, Leg(due, tax, leg.vat_code)))
    # the expense is on the side opposite ``counter`` for a positive leg: so is the deduction, the tax due with it
    deduction_side = "credit" if side == "debit" else "debit"
    made = entries(event, counter, side, out)
    for account, leg in taxes:
        made += entries(event, account, deduction_side, [leg])
    return made


def exchange_entries(doc: Doc, pay: Pay, rules: PostingRules, settle_side: str) -> list[Entry]:
    """Agreed basis: the payment moved the CHF of its day; what the partner account still holds of the CHF the
    payment clears at the document's rate goes to the exchange loss (less came in, or more went out) or gain, so
    the partner account ends at 0.00 once the document is settled."""
    left = -pay.exchange  # CHF of the partner account the money did not clear
    if not left:
        return []
    event = _event(doc, rules, pay.date, f"P-{pay.payment_id}", f"payment:{pay.payment_id}", pay.comment)
    event = replace(event, label=f"{event.label} – {words(rules.language)['difference']}"[:250])
    return entries(event, doc.account, settle_side, [Leg(_exchange_account(doc, left, rules), left)])


def _exchange_account(doc: Doc, left: Decimal, rules: PostingRules) -> str:
    """Less CHF came in than the document was worth, or more went out: a loss; else a gain."""
    toward_us = (doc.side == "sales") == (doc.sign > 0)
    return rules.exchange_loss if (left > 0) == toward_us else rules.exchange_gain


def reallocation_entries(doc: Doc, use: Pay, parts, rules: PostingRules) -> list[Entry]:
    """Received basis: money already received moved between the invoice's lines at a credit-note use (parts from
    posting.credit_notes.reallocated); against the partner account, which nets to 0 in the invoice's group."""
    event = _event(doc, rules, use.date, f"P-{use.payment_id}", f"payment:{use.payment_id}", use.comment)
    money_side = "debit" if doc.side == "sales" else "credit"
    return _acquisition_tax(doc, event, doc.account, money_side, _legs(doc, parts, rules, 1), rules)


def _credit_note_use(doc: Doc, pay: Pay, event: Event, rules: PostingRules) -> list[Entry]:
    """A credit note used on an invoice: partner account ↔ clearing account in this document's group (the suite's
    manual §3.8.11: one account cannot be debited and credited in the same entry, hence the clearing account).

    The use is two Payments rows, one on the invoice and one on the note: each posts its own half, so the aide au
    pointage shows both documents at their open balance (0 when used up) and the clearing account nets to 0. A lone
    row (typed by hand) posts both halves, the second in its linked document's group."""
    default = rules.client_credit_clearing if doc.side == "sales" else rules.supplier_credit_clearing
    clearing = pay.account if pay.account and pay.account != doc.account else default
    # the invoice's row reduces what the partner owes (credit 1100 / debit 2000); the note's row does the reverse
    settle_side = "credit" if doc.counter_side == "debit" else "debit"
    own_side = settle_side if doc.sign > 0 else doc.counter_side
    out = entries(event, doc.account, own_side, [Leg(clearing, pay.amount)])
    if pay.exchange:  # the other document's half is its own CHF: the clearing account's rest is an exchange result
        left = -pay.exchange
        fx = replace(event, label=f"{event.label} – {words(rules.language)['difference']}"[:250])
        out += entries(fx, clearing, own_side, [Leg(_exchange_account(doc, left, rules), left)])
    if pay.paired:
        return out
    other = pay.linked or (doc.credit_notes[0] if len(doc.credit_notes) == 1 else None)
    if other is None or other == doc.number:
        return out
    mirror = Event(date=event.date, voucher=event.voucher, group=other, reference=event.reference,
                   label=event.label, source=event.source)
    return out + entries(mirror, doc.account, doc.counter_side if own_side == settle_side else settle_side,
                         [Leg(clearing, pay.amount + pay.exchange)])


def fee_entries(doc: Doc, fees: list[Pay], paid_by: Pay, rules: PostingRules) -> list[Entry]:
    """Fees and interest posted at payment: once the invoice and its fees are paid, at that payment's date."""
    out = []
    for fee in fees:
        account = rules.interest if fee.kind == "interest" else rules.reminder_fee
        event = _event(doc, rules, paid_by.date, f"P-{fee.payment_id}", f"payment:{fee.payment_id}", fee.comment)
        # received: the overpayment leg of the paying entry went to the partner account; move it to revenue
        out += entries(event, doc.account, doc.counter_side, _charge_legs(doc, fee, account, rules))
    return out


def charges_written_off(doc: Doc, loss: Pay, charges: list[Pay], amount: Decimal, rules: PostingRules) -> list[Entry]:
    """A loss beyond the invoice takes back the fees and interest booked at issue: the interest first, then the fees
    (what was paid went to the fees first), each on its own account, a fee with its VAT."""
    event = _event(doc, rules, loss.date, f"P-{loss.payment_id}", f"payment:{loss.payment_id}", loss.comment)
    settle_side = "credit" if doc.counter_side == "debit" else "debit"
    out = []
    for charge in sorted(charges, key=lambda c: (c.kind == "fee", c.date, c.payment_id)):
        part = min(charge.amount, max(amount, ZERO))
        amount -= part
        if part:
            account = rules.interest if charge.kind == "interest" else rules.reminder_fee
            out += entries(event, doc.account, settle_side, _charge_legs(doc, replace(charge, amount=part), account,
                                                                          rules))
    return out


def _charge_legs(doc: Doc, charge: Pay, account: str, rules: PostingRules) -> list[Leg]:
    """A reminder fee (gross, VAT included) follows the VAT of the supply it is charged on, as an accessory of it
    (DOMAIN §4 "VAT on fees": altrimo 2024, BGer 2A.135/2001; Swiss practice, unlike the German and Austrian
    Schadenersatz): on an invoice of several rates it is split in proportion to each code's gross, each part taxed at
    its rate (a part on exempt or excluded lines untaxed), so every invoice's fee is taxed as its supply is. Default
    interest is damages, outside VAT. Under TDFN the fee stays gross, like the lines."""
    weights = [(code, rate, gross) for code, rate, gross in doc.fee_vat if gross > 0]
    if charge.kind != "fee" or not weights:
        return [Leg(account, charge.amount)]
    legs = []
    for (code, rate, _), part in zip(weights, allocate(charge.amount, [w for _, _, w in weights])):
        vat = vat_of_gross(part, rate) if code and rate else ZERO
        if rules.gross or not vat:
            legs.append(Leg(account, part, code, vat))
            continue
        tax_account = doc.vat_accounts.get(code) or rules.output_vat
        legs += [Leg(account, part - vat, code, vat), Leg(tax_account, vat, code)]
    return legs
