"""Recognition: an ordered tuple of pure matchers, each saying WHY it proposes what it proposes (STYLE.md §6).

Reversal of an earlier movement → QR reference → creditor reference → end-to-end id → rules → amount/date/name → bank transaction code. The first
matcher that answers wins. Receipts that pay an open invoice are *identified*: the invoice's payment is recorded on
the invoicing side (which posts it), so the movement itself is not posted again; a grouped QR credit posts its total
against the transit account 9909 and each detail's payment is recorded on 9909, so detail and total balance there
(manual §6, DOMAIN.md §6.1). Payments that match an exported order clear 2003 with the invoice number as group.

>>> from decimal import Decimal
>>> from types import SimpleNamespace as M
>>> ctx = Context(types=MovementTypes([]), rules=RuleSet([]),
...               invoices={"210000000003139471430009017": Invoice(number="F-1", balance=Decimal("100.00"), client="Muster AG")})
>>> m = M(direction="credit", amount=Decimal("100.00"), reference_type="QRR", reference="210000000003139471430009017",
...       end_to_end_id=None, bank_code="PMNT/RCDT/VCOM", bank_iban="CH93", counterparty="Muster AG", counterparty_iban=None,
...       remittance=None, bank_text=None, booking_date=None, parent=None)
>>> p = recognise(m, ctx)
>>> p.type, p.group, p.why
('Encaissement identifié', 'F-1', 'QR reference 210000000003139471430009017 → invoice F-1 (paid in full)')
"""
from __future__ import annotations

from decimal import Decimal

from engine.domain.reconcile.movements import haystack, is_reversal
# the proposal and its context live in proposals.py; they are named here too, where callers have always found them
from engine.domain.reconcile.proposals import (  # noqa: F401
    DEFAULT_ACCOUNTS, TO_SORT, TRANSIT, TRANSIT_QR, Context, Invoice, Order, Proposal, _type, new_invoice,
    new_proposal)
from engine.domain.reconcile.rules import RuleSet  # noqa: F401 - the doctest builds one
from engine.schema import seeded, terms
from engine.domain.reconcile.types import (  # noqa: F401 - MovementTypes: the doctest builds one
    BANK_CHARGES, DD_RETURNED, GROUPED_PAYMENTS, GROUPED_QR, IDENTIFIED, RETURNED, SALARIES, UNIDENTIFIED,
    MovementTypes)

def _paid(ctx: "Context", invoice: Invoice, amount: Decimal) -> str:
    if amount == invoice.balance:
        return ctx.say("paid_full")
    if amount < invoice.balance:
        return ctx.say("paid_part", amount=amount, balance=invoice.balance)
    return ctx.say("overpaid", over=amount - invoice.balance, balance=invoice.balance)


def _receipt(m, ctx: Context, invoice: Invoice, why: str, matcher: str) -> Proposal:
    currency = getattr(m, "currency", None) or "CHF"
    if currency != invoice.currency:  # a CHF credit for a EUR invoice: the bank changed it; which amount settles?
        kind = ctx.types.get(UNIDENTIFIED["credit"])
        return _type(ctx, UNIDENTIFIED["credit"], counter_account=(kind and kind.counter_account) or TO_SORT["credit"],
                     why=ctx.say("invoice_currency", source=why, number=invoice.number,
                                 invoice_currency=invoice.currency, currency=currency)
                     + (ctx.say("invoice_in_chf", number=invoice.number, amount=m.amount) if currency == "CHF"
                        else ""), matcher=matcher)
    return _type(ctx, IDENTIFIED["credit"], why=ctx.say("to_invoice", source=why, number=invoice.number,
                                                              paid=_paid(ctx, invoice, m.amount)),
                 matcher=matcher, group=invoice.number, settles=("sales", invoice.number, m.amount),
                 posted_elsewhere=True)


def is_qr_reference(reference: str | None) -> bool:
    """27 digits whose last is the modulo-10-recursive check digit (DOMAIN.md §1): a QR (or ISR) reference, whether
    or not the bank wrote its type (many omit ``Tp/Prtry = QRR``)."""
    if not reference or len(reference) != 27 or not reference.isdigit():
        return False
    carry = 0
    for digit in reference[:26]:
        carry = (0, 9, 4, 6, 8, 2, 7, 1, 3, 5)[(carry + int(digit)) % 10]
    return (10 - carry) % 10 == int(reference[26])


def by_qr_reference(m, ctx: Context) -> Proposal | None:
    if m.direction != "credit" or not m.reference or m.reference_type == "SCOR":
        return None
    if m.reference_type in ("QRR", "ISR") or is_qr_reference(m.reference):
        invoice = ctx.invoices.get(m.reference)
        if invoice is not None:
            return _receipt(m, ctx, invoice, ctx.say("qr_source", reference=m.reference), "qr_reference")
    return None  # a rule may still know it; else by_bank_code says the reference matched nothing


def _carries_qr_reference(m) -> bool:
    return m.direction == "credit" and bool(m.reference) and m.reference_type != "SCOR" and (
        m.reference_type in ("QRR", "ISR") or is_qr_reference(m.reference))


def by_creditor_reference(m, ctx: Context) -> Proposal | None:
    if m.direction == "credit" and m.reference_type == "SCOR" and m.reference in ctx.invoices:
        return _receipt(m, ctx, ctx.invoices[m.reference], ctx.say("scor_source", reference=m.reference),
                        "creditor_reference")
    return None


def by_end_to_end_id(m, ctx: Context) -> Proposal | None:
    if m.direction != "debit":
        return None
    order, why = ctx.orders_by_e2e.get(m.end_to_end_id or ""), ctx.say("e2e_source", id=m.end_to_end_id)
    if order is None and m.reference:
        order, why = ctx.orders_by_reference.get(m.reference), ctx.say("ref_source", reference=m.reference)
    if order is None:
        return None
    currency = getattr(m, "currency", None) or "CHF"
    if currency == "CHF" and order.currency != "CHF":  # a EUR order debited from a CHF account: the CHF debited is
        # the payment's value (Payments AmountCHF, services.order_exchange), the difference an exchange result
        note = ctx.say("order_in_chf", order_currency=order.currency, amount=m.amount)
        return _type(ctx, IDENTIFIED["debit"], why=ctx.say("to_order", source=why, order=order.order_id,
                                                           invoice=order.invoice, note=note),
                     matcher="end_to_end_id", group=order.invoice, settles=("order", order.order_id, m.amount))
    if currency != order.currency:  # a CHF order debited in EUR: not what was ordered, booked by hand
        kind = ctx.types.get(UNIDENTIFIED["debit"])
        return _type(ctx, UNIDENTIFIED["debit"], counter_account=(kind and kind.counter_account) or TO_SORT["debit"],
                     why=ctx.say("order_currency", source=why, order=order.order_id, invoice=order.invoice,
                                 order_currency=order.currency, currency=currency),
                     matcher="end_to_end_id")
    difference = m.amount - order.amount
    lines, note = "", ""
    if difference:  # bank fees, or a part of the order: shown, and booked to fees / to sort
        charges = ctx.types.get(BANK_CHARGES)  # the book's bank charges type says where fees go (6940 by default)
        extra = ((charges and charges.counter_account) or "6940") if difference > 0 else TO_SORT["debit"]
        lines = (f"2003|{order.amount}|{ctx.say('order_line', order=order.order_id)}; {extra}|{abs(difference)}|"
                 f"{ctx.say('order_difference_line', order=order.order_id)}")
        note = ctx.say("order_difference", amount=m.amount, difference=f"{difference:+}")
    return _type(ctx, IDENTIFIED["debit"], why=ctx.say("to_order", source=why, order=order.order_id,
                                                           invoice=order.invoice, note=note),
                 matcher="end_to_end_id", group=order.invoice, lines=lines, settles=("order", order.order_id, m.amount))


def original_of(m, ctx: Context):
    """The movement a reversal cancels: same amount, other direction, same end-to-end id, reference or bank
    reference (the latest such one booked before it)."""
    other = "debit" if m.direction == "credit" else "credit"
    if ctx.originals is None:
        ctx.originals = {}
        for position, o in enumerate(ctx.movements):
            if o.state != "deleted" and not is_reversal(o):
                for key in {o.end_to_end_id, o.reference, o.bank_reference} - {None, ""}:
                    ctx.originals.setdefault(key, []).append(position)
    found = None
    for key in (m.end_to_end_id, m.reference, m.bank_reference):
        for position in ctx.originals.get(key, ()) if key else ():
            o = ctx.movements[position]
            if (o.direction == other and o.amount == m.amount and o.movement_id != m.movement_id
                    and o.bank_iban == m.bank_iban
                    and (not (o.booking_date and m.booking_date) or o.booking_date <= m.booking_date)):
                found = o if found is None or (o.booking_date or m.booking_date) > (found.booking_date or
                                                                                      m.booking_date) else found
        if found is not None:
            return found, key
    return None, None


def by_reversal(m, ctx: Context) -> Proposal | None:
    """A reversal (``RvslInd``) or returned payment (``RRTN``) books the reverse of the original's entry."""
    if not is_reversal(m):
        return None
    original, key = original_of(m, ctx)
    direct_debit = any(part in (m.bank_code or "") for part in ("/RDDT/", "/IDDT/", "/PRDD", "/UPDD"))
    if original is None:  # a rule may know it; else it is a return all the same, to sort by hand
        ruled = by_rule(m, ctx)
        if ruled is not None:
            return ruled
        kind = ctx.types.get(DD_RETURNED if direct_debit else RETURNED)
        return _type(ctx, DD_RETURNED if direct_debit else RETURNED, matcher="reversal",
                     counter_account=(kind and kind.counter_account) or TO_SORT[m.direction],
                     why=ctx.say("reversal_unknown_dd" if direct_debit else "reversal_unknown"))
    counter = original.debit_account if original.direction == "debit" else original.credit_account
    order = ctx.orders_by_e2e.get(original.end_to_end_id or "") or (
        ctx.orders_by_reference.get(original.reference) if original.reference else None)
    why = ctx.say("reversal_of", id=original.movement_id, via=key, amount=original.amount,
                  direction=terms.value(original.direction, ctx.types.language))  # Belastung, not debit
    if order is not None:
        why += ctx.say("order_returned", order=order.order_id, invoice=order.invoice)
    return _type(ctx, DD_RETURNED if direct_debit else RETURNED, counter_account=counter or TO_SORT[m.direction], why=why, matcher="reversal",
                 group=original.group or "", settles=("return", order.order_id, m.amount) if order else ())


def rule_query(m) -> tuple:
    """What :meth:`.RuleSet.first` / :meth:`.RuleSet.matching` ask of a movement (recognition and the backtest)."""
    return (m.bank_iban or "", m.direction, m.amount, m.bank_code or "", m.counterparty_iban or "", haystack(m),
            m.booking_date)


def by_rule(m, ctx: Context) -> Proposal | None:
    rule = ctx.rules.first(*rule_query(m))
    if rule is None:
        return None
    key = (rule.rule_id, m.direction, m.bank_code)
    found = ctx.shared.get(key)
    if found is None:
        found = ctx.shared[key] = _by_rule(rule, m, ctx)
    return found


def _by_rule(rule, m, ctx: Context) -> Proposal:
    kind = ctx.types.for_code(m.direction, m.bank_code)
    return Proposal(type=rule.title or (kind.name if kind else ctx.types.name_of(UNIDENTIFIED[m.direction])),
                    counter_account=rule.counter_account(m.direction) or (kind.counter_account if kind else ""),
                    vat_code=rule.vat_code, analytic_code=rule.analytic_code, label=rule.label or rule.title,
                    lines=rule.lines, why=ctx.say("rule", id=rule.rule_id, title=rule.title), matcher="rule", rule_id=rule.rule_id)


def by_amount_date_name(m, ctx: Context) -> Proposal | None:
    """A receipt without reference: one open invoice of that amount whose number is in the text or whose client
    shares a word with the payer."""
    if m.direction != "credit":
        return None
    candidates = ctx.by_amount.get(m.amount)
    if not candidates:
        return None
    text = haystack(m)
    words = set(text.split())
    fits = [i for i in candidates if i.number.casefold() in text or (words & set(i.client.casefold().split()))]
    if len(fits) != 1:
        return None
    return _receipt(m, ctx, fits[0], ctx.say("payer_source", amount=m.amount, payer=m.counterparty or ""),
                    "amount_date_name")


def by_bank_code(m, ctx: Context) -> Proposal:
    """The last resort: the type the bank transaction code tells, or unidentified. A credit carrying a QR
    reference is a debtor's payment whatever its code (a post-office counter payment is ``PMNT/CNTR/CDPT``, the
    code of our own cash deposits): unidentified when its reference matches no open invoice, never cash."""
    if _carries_qr_reference(m):
        kind = ctx.types.get(UNIDENTIFIED["credit"])
        return _type(ctx, UNIDENTIFIED["credit"], matcher="qr_reference",
                     counter_account=(kind and kind.counter_account) or TO_SORT["credit"],
                     why=ctx.say("qr_unknown", reference=m.reference))
    key = (None, m.direction, m.bank_code)
    found = ctx.shared.get(key)
    if found is None:
        found = ctx.shared[key] = _by_bank_code(m, ctx)
    return found


def _by_bank_code(m, ctx: Context) -> Proposal:
    kind = ctx.types.for_code(m.direction, m.bank_code)
    if kind is None or kind.code in IDENTIFIED.values() or kind.code == GROUPED_QR:
        why = ctx.say("no_match", code=m.bank_code) if m.bank_code else ctx.say("no_code")
        return _type(ctx, UNIDENTIFIED[m.direction], why=why, matcher="unidentified",
                     counter_account=(ctx.types.get(UNIDENTIFIED[m.direction]) and
                                      ctx.types.get(UNIDENTIFIED[m.direction]).counter_account) or TO_SORT[m.direction])
    return _type(ctx, kind.code or kind.name, why=ctx.say("by_code", code=m.bank_code, type=kind.name),
                 matcher="bank_code")


def _outgoing_batch(m, ctx: Context, detailed: bool, named: str | None) -> Proposal:
    """A debit booked as one total for several payments: never a receipt. A salary batch (SALA) goes to 2002 as a
    whole (its details, if a camt.054 brings them, post nothing more); any other batch (our payment orders, ESCT,
    DMCT) waits on 9908, each detail then clearing its order on 2003 against 9908."""
    kind = ctx.types.for_code("debit", m.bank_code)
    if kind is not None and kind.code == SALARIES:
        return _type(ctx, SALARIES, why=ctx.say("salary_batch", code=m.bank_code),
                     matcher="grouped")
    why = ctx.say("outgoing_detailed") if detailed else ctx.say("outgoing_awaiting",
                                                                  msg=f" (MsgId {named})" if named else "")
    group = ctx.types.get(GROUPED_PAYMENTS)
    return _type(ctx, GROUPED_PAYMENTS, counter_account=(group and group.counter_account) or TRANSIT["debit"],
                 label=(group and group.label) or seeded.movement_type_label(GROUPED_PAYMENTS, ctx.types.language),
                 why=why, matcher="grouped")


MATCHERS = (by_reversal, by_qr_reference, by_creditor_reference, by_end_to_end_id, by_rule, by_amount_date_name)


def recognise(m, ctx: Context) -> Proposal:
    """The first matcher's proposal for movement ``m`` (a Movements record or anything with its fields)."""
    if ctx.grouped or ctx.awaiting:
        movement_id = getattr(m, "movement_id", None)
        if (movement_id in ctx.grouped or movement_id in ctx.awaiting) and m.direction == "debit":
            return _outgoing_batch(m, ctx, movement_id in ctx.grouped, ctx.awaiting.get(movement_id))
        if movement_id in ctx.grouped or movement_id in ctx.awaiting:
            named = ctx.awaiting.get(movement_id)
            why = ctx.say("grouped") if movement_id in ctx.grouped else ctx.say(
                "awaiting", msg=f" (MsgId {named})" if named else "")
            return _type(ctx, GROUPED_QR, counter_account=(ctx.types.get(GROUPED_QR) and ctx.types.get(GROUPED_QR)
                                                           .counter_account) or TRANSIT_QR, why=why, matcher="grouped")
    for matcher in MATCHERS:
        found = matcher(m, ctx)
        if found is not None:
            return found
    return by_bank_code(m, ctx)
