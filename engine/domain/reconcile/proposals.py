"""What recognition proposes for a movement and what it looks at: the proposal, the open invoices and exported
orders it matches against, the recognition context, and the transit / to-sort accounts (banking manual §6, DOMAIN.md
§6.1). The matchers that fill it are in :mod:`engine.domain.reconcile.matchers`."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from engine.domain.reconcile.reasons import Reasons
from engine.domain.reconcile.rules import RuleSet
from engine.domain.reconcile.types import MovementTypes
from engine.frozen import maker

TRANSIT_QR = "9909"
TRANSIT = {"credit": TRANSIT_QR, "debit": "9908"}  # where a batch's total waits for its details, per direction
TO_SORT = {"credit": "9907", "debit": "9908"}  # Encaissements / Paiements à ventiler: not recognised
DEFAULT_ACCOUNTS = {"receipt_identified": "1100", "payment_identified": "2003"}  # by the types' codes


@dataclass(frozen=True, slots=True, kw_only=True)
class Invoice:
    """An issued invoice a receipt may pay (Documents, stage F)."""

    number: str
    balance: Decimal
    client: str = ""
    currency: str = "CHF"


@dataclass(frozen=True, slots=True, kw_only=True)
class Order:
    """An exported payment order a debit may execute (PaymentOrders)."""

    order_id: int
    invoice: str
    amount: Decimal
    creditor: str = ""
    currency: str = "CHF"


@dataclass(frozen=True, slots=True, kw_only=True)
class Proposal:
    type: str
    counter_account: str
    why: str
    matcher: str
    vat_code: str = ""
    analytic_code: str = ""
    label: str = ""  # a template (substitution strings)
    group: str = ""
    lines: str = ""
    settles: tuple = ()  # ("sales", number, amount) | ("order", order_id, amount)
    posted_elsewhere: bool = False  # the invoicing side posts it (its Payments row)
    rule_id: int | None = None

    @property
    def recognised(self) -> bool:
        return self.counter_account not in TO_SORT.values()


# one invoice per open invoice and a proposal per movement, 100,000 of each: built fast (engine.frozen)
new_invoice = maker(Invoice)
new_proposal = maker(Proposal)


@dataclass(kw_only=True)
class Context:
    types: MovementTypes
    rules: RuleSet
    invoices: dict = field(default_factory=dict)  # QR / creditor reference → Invoice
    by_amount: dict = field(default_factory=dict)  # balance → [Invoice] (amount/date/name matcher)
    orders_by_e2e: dict = field(default_factory=dict)
    orders_by_reference: dict = field(default_factory=dict)
    grouped: set = field(default_factory=set)  # MovementIds of grouped entries (their details follow them)
    awaiting: dict = field(default_factory=dict)  # MovementId → camt.054 MsgId: totals whose details are to come
    movements: list = field(default_factory=list)  # the live Movements list (originals of reversals)
    originals: dict | None = None  # end-to-end id / reference / bank reference → [positions], built when needed
    # proposals that depend on (rule or nothing, direction, bank code) only: 100,000 card payments share a few
    shared: dict = field(default_factory=dict)
    say: object = Reasons().say  # the reasons in the book's language (Settings DefaultLanguage): reasons.Reasons


def _type(ctx: Context, code: str, **values) -> Proposal:
    """A proposal of the type ``code`` (a seeded type's code, or a name), named as the book names it."""
    kind = ctx.types.get(code)
    base = dict(type=ctx.types.name_of(code),
                counter_account=(kind and kind.counter_account) or DEFAULT_ACCOUNTS.get(code, ""),
                vat_code=(kind and kind.vat_code) or "", analytic_code=(kind and kind.analytic_code) or "",
                label=ctx.types.label_of(code))
    base.update(values)
    return new_proposal(**base)
