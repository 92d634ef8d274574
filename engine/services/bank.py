"""Bank statements into the Movements sheet: import camt files (idempotent, :mod:`engine.services.bank_import`)
and recognise the movements.

Recognise: the ordered matchers propose a type, accounts and a label with the reason;
identified receipts record the invoice payment (Payments, Side sales, on the bank's account or on 9909 for the
details of a grouped credit), identified payments mark the order executed (``>BE``). Movements the user modified
(``M``) keep what the user chose. Functions change the book; the caller saves.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from operator import attrgetter

from engine.domain import documents as dd
from engine.domain.reconcile import bank_accounts, batches, edits
from engine.domain.reconcile import lines as multi
from engine.domain.reconcile import movements as mv
from engine.domain.reconcile import substitutions as subst
from engine.domain.reconcile.reasons import Reasons
from engine.domain.reconcile.matchers import TRANSIT, Context, Order, new_invoice, recognise
from engine.domain.reconcile.rules import RuleSet
from engine.domain.reconcile.types import SALARIES, MovementTypes
from engine.errors import InvalidFormat, Problem, Source
from engine.i18n import tr
from engine import collector
from engine.money import ZERO
from engine.services import bank_counted_once as counted_once
from engine.services import bank_orders, order_exchange, sales_payments
from engine.services.bank_rules import personal_patterns
from engine.services.bank_import import (ImportResult, _Maker, compact, import_documents, import_statements,
                                         import_watched, watched_folders)
from engine.frozen import replacer
from engine.store.records import record_class

__all__ = ["ImportResult", "ReconcileResult", "import_statements", "import_documents", "import_watched",
           "watched_folders", "reconcile", "facts"]

EXECUTABLE = (">BA", ">BE")  # orders transmitted to the bank (and those already marked executed)


@dataclass(frozen=True, slots=True, kw_only=True)
class ReconcileResult:
    movements: int
    recognised: int
    payments: int
    orders: int
    problems: tuple[Problem, ...] = ()
    edited: int = 0  # pending movements found edited by hand: marked modified (M), left as they are
    to_sort: tuple[int, ...] = ()  # MovementIds no matcher placed (9907 / 9908, or details held): for a person

    @property
    def rate(self) -> float:
        return self.recognised / self.movements if self.movements else 1.0


def _context(book, banks: dict) -> tuple[Context, dict]:
    clients = {c.client_id: (c.company or " ".join(filter(None, (c.first_name, c.last_name))) or "")
               for c in book.records("Clients")}
    invoices, by_amount = {}, {}
    for d in book.records("Documents"):
        if d.stage != "F" or d.total_payable is None:
            continue
        balance = d.balance if d.balance is not None else d.total_payable
        invoice = new_invoice(d.number, balance, clients.get(d.client_id, ""), (d.currency or "CHF").upper())
        if d.qr_reference:
            invoices[compact(d.qr_reference)] = invoice
        if balance > 0:
            by_amount.setdefault(balance, []).append(invoice)
    by_e2e, by_ref = {}, {}
    for o in book.records("PaymentOrders"):
        if o.status in EXECUTABLE:
            order = Order(order_id=o.order_id, invoice=o.invoice_number, amount=o.amount, creditor=o.creditor_name or "",
                          currency=(o.currency or "CHF").upper())
            if o.end_to_end_id:
                by_e2e[o.end_to_end_id] = order
            if o.reference:
                by_ref[compact(o.reference)] = order
    ctx = Context(types=MovementTypes.from_records(book.records("MovementTypes"), book.text_language),
                  rules=RuleSet.from_records(book.records("Rules")), invoices=invoices, by_amount=by_amount,
                  orders_by_e2e=by_e2e, orders_by_reference=by_ref,
                  say=Reasons.of(book.text_language, book.title("Settings")).say)
    custom = personal_patterns(book)
    return ctx, custom


def with_movements(ctx: Context, movements: list) -> Context:
    """``ctx`` told about the book's movements: grouped entries, totals awaiting their camt.054, reversals'
    originals."""
    ctx.grouped = {m.parent for m in movements if m.parent is not None}
    ctx.movements = movements  # the originals of reversals are indexed on the first reversal met
    ctx.awaiting = {m.movement_id: named for m in movements if m.parent is None and m.movement_id not in ctx.grouped
                    and (named := batches.expects(m.import_key)) is not None}
    return ctx


def recognition_context(book) -> Context:
    """The context recognition reads for ``book`` (its rules, types, open invoices and orders, movements)."""
    banks = {compact(b.iban): b for b in book.records("BankAccounts")}
    return with_movements(_context(book, banks)[0], list(book.records("Movements")))


_UNCHANGED = object()
_PROPOSAL = ("type", "debit_account", "credit_account", "vat_code", "analytic_code", "group", "lines", "action",
             "label", "why", "proposed")  # the Movements fields a recognition sets (edits.BOOKING, why, fingerprint)


_FACTS = {  # name → its value from (movement, bank account, group)
    "remittance": lambda m, bank, group: m.remittance, "bank_text": lambda m, bank, group: m.bank_text,
    "partner": lambda m, bank, group: m.counterparty, "address": lambda m, bank, group: m.counterparty_address,
    "partner_iban": lambda m, bank, group: m.counterparty_iban, "own_iban": lambda m, bank, group: m.bank_iban,
    "qr_iban": lambda m, bank, group: bank.qriban if bank else None,
    "reference": lambda m, bank, group: m.reference, "booking_date": lambda m, bank, group: m.booking_date,
    "value_date": lambda m, bank, group: m.value_date, "amount": lambda m, bank, group: m.amount,
    "end_to_end_id": lambda m, bank, group: m.end_to_end_id, "document": lambda m, bank, group: group,
    "raw": lambda m, bank, group: mv.raw_text(m)}


def facts(m, bank, *, group=_UNCHANGED) -> dict:
    """The predefined substitution values of a movement (manual §6.5.1); ``group``: the one just proposed."""
    group = m.group if group is _UNCHANGED else group
    return {name: get(m, bank, group) for name, get in _FACTS.items()}


def _label(template: str, m, bank, group, custom: dict, compiled: dict, language: str = "fr") -> str:
    """``template`` filled for ``m``: compiled once per run, only the facts it reads are looked up, and a label
    already made from the same facts is reused (a card payment's "{partner} {month}" repeats all month)."""
    found = compiled.get(template)
    if found is None:
        parts, needs = subst.compile_label(template, custom)
        names = tuple(name for name in sorted(needs) if name in _FACTS)
        found = compiled[template] = (parts, names, tuple(_FACTS[name] for name in names), {})
    parts, names, getters, made = found
    values = tuple([get(m, bank, group) for get in getters])
    label = made.get(values)
    if label is None:
        label = subst.render(parts, dict(zip(names, values)), custom, language)
        if len(made) < 100_000:
            made[values] = label
    return label


def reconcile(book, *, ids=None, today: date | None = None) -> ReconcileResult:
    """Recognise the pending movements (all, or ``ids``) and settle what they identify."""
    with collector.paused():
        return _reconcile(book, ids)


def _reconcile(book, ids) -> ReconcileResult:
    banks = {compact(b.iban): b for b in book.records("BankAccounts")}
    ctx, custom = _context(book, banks)
    settings = book.settings
    go_live = settings.get("GoLiveDate")
    movements = list(book.records("Movements"))
    with_movements(ctx, movements)
    settled = {p.movement_id for p in book.records("Payments") if p.movement_id is not None}
    wanted = None if ids is None else set(ids)
    new_payments: list[dict] = []
    executed: dict[int, object] = {}
    returned: dict[int, object] = {}
    considered = recognised = 0
    cls = record_class(book.schema.sheet("Movements"))
    # a movement is rebuilt only when its proposal differs from the one it holds (a second Reconcile changes few)
    proposed = attrgetter(*_PROPOSAL)
    propose = replacer(cls, (*cls.__sheet__.fields, "row"), _PROPOSAL)
    types = ctx.types
    templates: dict = {}  # label template → compiled
    pending_default = settings["PaymentsPendingAccount"]
    own_accounts = {iban: found for iban, b in banks.items()
                    if (found := bank_accounts.own_accounts(b, types, payments_pending=pending_default))}
    transits = bank_accounts.transit_accounts(banks.values(), types, pending_default)
    held = batches.unbalanced_details(movements, ctx.say, transits)
    posted_orders = {p.order_id for p in book.records("Payments")
                     if p.side == "purchases" and p.order_id is not None and p.posted_session}
    salary_batches = {x.movement_id for x in movements if x.parent is None and x.direction == "debit"
                      and getattr(ctx.types.for_code("debit", x.bank_code), "code", None) == SALARIES}
    edited = 0
    to_sort: list[int] = []
    booked_by_hand: list[int] = []
    held_payers: dict[int, list[int]] = {}  # total → its details whose recorded payments go
    hand_skipped: list = []  # accounts typed on a movement its invoice payment books (Action skip)
    fingerprints = "proposed" in book.table("Movements").positions
    for index, m in enumerate(movements):
        if m.state != "pending" or m.modified or (wanted is not None and m.movement_id not in wanted):
            continue
        if edits.edited(m):  # changed by hand since recognition wrote it: marked M, kept as the user made it
            movements[index] = replace(m, modified=True)
            edited += 1
            if m.movement_id in settled and m.action in ("post", "force"):
                booked_by_hand.append(m.movement_id)  # it books the money itself now: its payment goes
            elif m.movement_id in settled and m.action == "skip":  # the payment books it; the typed accounts do not
                hand_skipped.append(m)
            continue
        if m.parent in held:  # details that do not add up to their entry settle nothing: they wait, said why
            if m.movement_id in settled:  # one that paid an invoice before its total was held pays nothing now
                held_payers.setdefault(m.parent, []).append(m.movement_id)
            hold = _with_fingerprint((None, None, None, None, None, None, None, "pending", m.label, held[m.parent]),
                                     fingerprints)
            if proposed(m) != hold:
                m = movements[index] = propose(m, *hold)
            considered += 1
            to_sort.append(m.movement_id)
            continue
        if m.parent in salary_batches:  # the batch went to 2002 as a whole: its details only tell who got what
            skip = _with_fingerprint((types.name_of(SALARIES), None, None, None, None, None, None, "skip", m.label,
                                      ctx.say("salary_detail", id=m.parent)), fingerprints)
            if proposed(m) != skip:
                m = movements[index] = propose(m, *skip)
            considered += 1
            continue
        if m.amount is None or m.direction not in ("credit", "debit"):
            continue
        if m.movement_id in settled and m.why:
            # Its payment is recorded and its proposal made: recognised again it would meet its own invoice already
            # paid (by itself) and read "OVERPAID"; recognition is idempotent, so the proposal stays as it is.
            considered += 1
            recognised += 1
            continue
        bank = banks.get(m.bank_iban or "")
        # charges the bank took off a receipt: the payer paid them too, so an invoice is matched on the sum
        charges = m.charges if m.direction == "credit" and m.charges else ZERO
        p = recognise(replace(m, amount=m.amount + charges) if charges else m, ctx)
        considered += 1
        recognised += p.recognised
        if not p.recognised:
            to_sort.append(m.movement_id)
        swap = own_accounts.get(m.bank_iban or "")  # this bank's own 9907.02, 2003.02 … (BankAccounts)
        counter, transit, lines = p.counter_account, TRANSIT[m.direction], p.lines
        if swap:
            counter, transit = swap.get(counter, counter), swap.get(transit, transit)
            lines = _swapped(lines, swap) if lines else lines
        own = transit if m.parent is not None else (bank.ledger_account if bank else None)
        debit, credit = (own, counter) if m.direction == "credit" else (counter, own)
        kind = types.get(p.type)
        action = "skip" if p.posted_elsewhere else "post"
        why = p.why
        if m.parent is not None and counter == own:  # an unidentified detail: 9908/9908 says nothing
            action, why = "pending", ctx.say("detail_to_sort", why=why, account=own)
        if p.settles and p.settles[0] == "return" and p.settles[1] in posted_orders:
            # the invoice cannot open again while its payment stays posted (2003 would keep the returned amount)
            action, why = "pending", ctx.say("returned_posted", why=why.split(":")[0].rstrip(), order=p.settles[1])
        if kind and kind.exclude:
            action = "excluded"
        elif go_live and m.booking_date and m.booking_date < go_live:
            action, why = "excluded", ctx.say("before_go_live", date=f"{go_live:%d.%m.%Y}")
        group = p.group or None
        label = p.label
        if label and "{" in label:  # the facts include the group just chosen ({document})
            label = _label(label, m, bank, group, custom, templates, types.language) or p.type
        else:
            label = label or p.type
        if m.label_from:  # the user chose where the label comes from (LabelFrom): kept at every recognition
            label = mv.label_of(m, m.label_from, label)
        proposal = _with_fingerprint((p.type, debit or None, credit or None, p.vat_code or None,
                                      p.analytic_code or None, group, lines or None, action, label,
                                      why + (ctx.say("posted_elsewhere") if p.posted_elsewhere else "")),
                                     fingerprints)
        if proposed(m) != proposal:
            m = movements[index] = propose(m, *proposal)
        if p.settles and p.settles[0] == "sales" and m.movement_id not in settled:
            number, amount = p.settles[1], p.settles[2]
            new_payments.append(dict(side="sales", document_number=number, date=m.booking_date, kind="payment",
                                     amount=amount - charges, currency=m.currency or "CHF", account=own,
                                     movement_id=m.movement_id, comment=p.why[:200]))
            if charges:  # the rest of what the payer paid: the bank's charges, 6940 / 1100
                fees = bank_accounts.general_account(types, "charges_account")
                new_payments.append(dict(side="sales", document_number=number, date=m.booking_date, kind="payment",
                                         amount=charges, currency=m.currency or "CHF",
                                         account=(swap or {}).get(fees, fees), movement_id=m.movement_id,
                                         comment=ctx.say("charges_deducted", amount=charges)[:200]))
            settled.add(m.movement_id)
            _lower_balance(ctx, m.reference, number, amount)
        elif p.settles and p.settles[0] == "order":
            executed[p.settles[1]] = m
        elif p.settles and p.settles[0] == "return" and p.settles[1] not in posted_orders:
            returned[p.settles[1]] = m
    book.put("Movements", movements)
    problems = _record_payments(book, new_payments)
    if booked_by_hand:
        problems += sales_payments.release_movement_payments(book, booked_by_hand)[1]
    problems += counted_once.unused_accounts(book, hand_skipped)
    for total, details in held_payers.items():  # audit of issue 15: 1100 credited by the total and its details
        problems += sales_payments.release_movement_payments(
            book, details, because=tr("is held: {why}", book.language, why=held[total]))[1]
    if executed:
        bank_orders.execute(book, executed)
        problems += order_exchange.value_executed(book, executed)  # a EUR order: the CHF the bank debited
    if returned:
        problems.extend(bank_orders.returned(book, returned))
    return ReconcileResult(movements=considered, recognised=recognised, payments=len(new_payments),
                           orders=len(executed), problems=tuple(problems), edited=edited,
                           to_sort=tuple(to_sort))


def _swapped(spec: str, accounts: dict) -> str:
    """A multi-line spec on this bank's own accounts; a spec that does not read is left for posting to name."""
    try:
        return multi.render(multi.swap_accounts(multi.parse(spec), accounts))
    except InvalidFormat:
        return spec


def _with_fingerprint(proposal: tuple, kept: bool = True) -> tuple:
    """The proposal (edits.BOOKING fields, then Why) and the fingerprint of its booking fields (None when the book's
    Movements sheet has no Proposed column yet: a book of an earlier version is read and saved as it is)."""
    return (*proposal, edits.fingerprint(proposal[:len(edits.BOOKING)]) if kept else None)


def _lower_balance(ctx: Context, reference, number: str, amount) -> None:
    """The invoice's balance after this payment, so a second payment in the same run is seen as over-payment."""
    key = compact(reference) if reference else None
    invoice = ctx.invoices.get(key) if key else None
    if invoice is None or invoice.number != number:
        return
    ctx.invoices[key] = new_invoice(invoice.number, invoice.balance - amount, invoice.client, invoice.currency)
    listed = ctx.by_amount.get(invoice.balance)
    if listed and invoice in listed:
        listed.remove(invoice)


def _record_payments(book, rows: list[dict]) -> list[Problem]:
    """Payments rows for identified receipts, then Paid / Balance / Status of the invoices they settle."""
    if not rows:
        return []
    payments = list(book.records("Payments"))
    next_id = max((p.payment_id or 0 for p in payments), default=0) + 1
    make = _Maker(record_class(book.schema.sheet("Payments")))
    for offset, row in enumerate(rows):
        row["payment_id"] = next_id + offset
        payments.append(make.from_dict(row))
    book.put("Payments", payments)
    touched = {row["document_number"] for row in rows}
    by_document: dict[str, list] = {}
    for p in payments:
        if p.side == "sales" and p.document_number in touched:
            by_document.setdefault(p.document_number, []).append((p.kind, p.amount or ZERO))
    problems, out = [], []
    cls = record_class(book.schema.sheet("Documents"))
    settle = replacer(cls, (*cls.__sheet__.fields, "row"), ("paid", "balance", "status"))
    for d in book.records("Documents"):
        if d.number in touched and d.total_payable is not None:
            _, printed, posted, _ = dd.parse_status(d.status)
            balance = dd.balance(d.total_payable, by_document.get(d.number, ()))
            if balance < 0:
                problems.append(Problem(Source(book.name, "Documents", d.row), f"{d.number} is overpaid by "
                                        f"{-balance}", "refund the client or keep it as a credit", "warning"))
            d = settle(d, dd.paid_amount(by_document.get(d.number, ())), balance,
                       dd.status(d.stage, printed=printed, paid=balance <= 0, posted=posted))
        out.append(d)
    book.put("Documents", out)
    return problems
