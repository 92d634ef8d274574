"""Payment orders for received invoices: propose (PaymentOrders, status ``>B``), remove, export as pain.001.

Source: Crésus Facturation manual §3.8.2/§3.8.5/§3.8.8 ("Ajouter à la liste des paiements"; the planned payment shows
as pending in the payments table; removing it puts the invoice back with a warning) and SPS 2025 pain.001.001.09
(``engine.formats.pain001``). A proposal adds a PaymentOrders row and a Payments row on the pending-payments
account (Settings PaymentsPendingAccount, 2003) with its OrderId, plus the cash discount taken. Export groups the
orders of one debit account by execution date, writes the file and marks the orders ``>BA`` (or ``>BE``).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from engine.bank_calendar import calendar_for
from engine.domain.purchases_proposal import Payable, propose
from engine.domain.purchases_stages import parse_state
from engine.domain.reconcile import bank_accounts
from engine.errors import BusinessRuleError, ComptoirError, Problem, ProblemsFound, Source
from engine.i18n import tr
from engine.schema import terms
from engine.formats import pain001
from engine.formats.pain001.model import DebitAccount, PostalAddress, compact, group_transfers, transfer
from engine.ids import iban as ids_iban
from engine.money import ZERO, to_money
from engine.services.purchases import SIDE, Done, refresh, updated, where
from engine.store.whole_file import write_whole
from engine import collector

PENDING, TRANSMITTED, EXECUTED = ">B", ">BA", ">BE"


@dataclass(frozen=True, slots=True, kw_only=True)
class Export:
    path: Path
    message_id: str
    orders: tuple[int, ...]
    total: object
    groups: int


def _debit_iban(book, debit_iban: str | None) -> str:
    banks = book.records("BankAccounts")
    if debit_iban:
        wanted = compact(debit_iban)
        if not any(compact(b.iban or "") == wanted for b in banks):
            raise BusinessRuleError(tr("{iban} is not one of your bank accounts", book.language, iban=debit_iban),
                                    tr("add it to {sheet}, or give one of its IBANs", book.language,
                                       sheet=book.title("BankAccounts")))
        return wanted
    if not banks:
        raise BusinessRuleError(tr("no bank account to pay from", book.language),
                                tr("add your account to {sheet}", book.language, sheet=book.title("BankAccounts")))
    return compact(banks[0].iban)


def propose_payments(book, *, today: date, numbers=None, on: date | None = None, amount=None,
                     debit_iban: str | None = None) -> Done:
    """Hand open invoices (all, or ``numbers``) to the bank side; ``amount`` (one invoice only) makes a part
    payment. Invoices that cannot be proposed are reported as problems with their cell, the others go ahead."""
    with collector.paused():  # 20,000 new rows hold no cycles: the collector would only rescan the book (a fifth of the run)
        return _propose(book, today=today, numbers=numbers, on=on, amount=amount, debit_iban=debit_iban)


def _propose(book, *, today: date, numbers, on: date | None, amount, debit_iban: str | None) -> Done:
    settings = book.settings
    debit = _debit_iban(book, debit_iban)
    pending_account = bank_accounts.pending_account(  # the debiting bank's own 2003.0x, if it names one
        next((b for b in book.records("BankAccounts") if compact(b.iban or "") == debit), None),
        settings["PaymentsPendingAccount"])
    default_term = settings["PaymentTermDays"]
    creditors = {c.creditor_id: c for c in book.records("Creditors")}
    wanted = None if numbers is None else set(numbers)
    if amount is not None and (wanted is None or len(wanted) != 1):
        raise BusinessRuleError(tr("a part payment amount needs exactly one invoice", book.language),
                                tr("name the invoice", book.language))
    table = book.table("ReceivedInvoices")
    order_id = max((o.order_id or 0 for o in book.records("PaymentOrders")), default=0)
    payment_id = max((p.payment_id or 0 for p in book.records("Payments")), default=0)
    new_orders, new_payments, problems, touched = [], [], [], set()
    calendars: dict = {}
    # Record makers once, not book.new per row: 10,000 proposals make 20,000 rows.
    order_record = _maker(book, "PaymentOrders", "order_id invoice_number debit_iban execution_date amount currency "
                          "creditor_name creditor_iban reference_type reference message status end_to_end_id")
    payment_record = _maker(book, "Payments", "payment_id side document_number date kind amount currency account "
                            "order_id comment")
    for r in table.records:
        if wanted is not None:
            if r.number not in wanted:
                continue
            if r.stage != "F" or parse_state(r.status)[0] != "F":
                problems.append(Problem(table.source(r, "status"),
                                        tr("{number} is {status}: only open invoices (status F) can be proposed",
                                           book.language, number=r.number, status=r.status or r.stage),
                                        tr("check its state", book.language)))
                continue
        elif r.stage != "F" or parse_state(r.status)[0] != "F" or (r.balance or ZERO) <= ZERO:
            continue
        c = creditors.get(r.creditor_id)
        balance = r.balance if r.balance is not None else r.amount
        payable = Payable(
            number=r.number, invoice_date=r.date, balance=balance if amount is None else to_money(amount),
            currency=r.currency or "CHF", creditor_name=c.name if c else "",
            creditor_iban=r.iban or (c.iban if c else "") or "", creditor_town=(c.town if c else "") or "",
            creditor_country=(c.country if c else "") or "", reference_type=r.reference_type or "",
            reference=r.reference or "", message=r.message or (f"Facture {r.supplier_number}" if r.supplier_number
                                                               else r.number),
            term_days=(r.due_date - r.date).days if r.due_date and r.date else
            (c.payment_term_days if c and c.payment_term_days is not None else default_term),
            discount_rate=r.discount_rate if amount is None else None, discount_days=r.discount_days)
        # Without source: a refusal gets the invoice row in the except below (table.source(r)), made only then.
        try:
            calendar = calendars.get(payable.currency) or calendars.setdefault(payable.currency,
                                                                              calendar_for(payable.currency))
            p = propose(payable, today=today, on=on, calendar=calendar)
        except ComptoirError as error:
            problems.append(Problem(error.source or table.source(r), error.message, error.hint))
            continue
        order_id += 1
        new_orders.append(order_record(
            order_id, r.number, debit, p.execution_date, p.amount, p.currency, payable.creditor_name, p.creditor_iban,
            p.reference_type, p.reference or None, p.message or None, PENDING, f"{r.number}-{order_id}"[-35:]))
        payment_id += 1
        new_payments.append(payment_record(payment_id, SIDE, r.number, p.execution_date, "payment", p.amount,
                                           p.currency, pending_account, order_id, None))
        if p.discount > ZERO:
            payment_id += 1
            spread = settings["PurchaseDiscountSpread"]
            new_payments.append(payment_record(
                payment_id, SIDE, r.number, p.execution_date, "discount", p.discount, p.currency,
                None if spread else settings["PurchaseDiscountAccount"], order_id,
                "spread over the expense accounts" if spread else None))
        touched.add(r.number)
    if new_orders:
        book.put("PaymentOrders", [*book.records("PaymentOrders"), *new_orders])
        book.put("Payments", [*book.records("Payments"), *new_payments])
        refresh(book, touched)
    return Done(ids=tuple(o.order_id for o in new_orders), warnings=tuple(problems))


def remove_order(book, order_id: int) -> Done:
    """Take a pending order back: its Payments rows go, the invoice is open again (with a warning saying so)."""
    orders = book.records("PaymentOrders")
    order = next((o for o in orders if o.order_id == order_id), None)
    if order is None:
        raise BusinessRuleError(tr("there is no payment order {order}", book.language, order=order_id),
                                tr("check the {column} in {sheet}", book.language,
                                   column=terms.header("OrderId", book.language), sheet=book.title("PaymentOrders")))
    if order.status not in (PENDING, TRANSMITTED):
        raise BusinessRuleError(tr("payment order {order} is {status}: it was executed", book.language,
                                   order=order_id, status=order.status),
                                tr("a payment the bank executed stays; ask the creditor for a refund", book.language),
                                where(book, "PaymentOrders", order, "status"))
    payments = book.records("Payments")
    linked = [p for p in payments if p.side == SIDE and p.order_id == order_id]
    for p in linked:
        if p.posted_session:
            raise BusinessRuleError(tr("payment {payment} of order {order} is posted (session {session})",
                                       book.language, payment=p.payment_id, order=order_id, session=p.posted_session),
                                    tr("unpost session {session} first", book.language, session=p.posted_session),
                                    where(book, "Payments", p, "posted_session"))
    book.put("PaymentOrders", [o for o in orders if o.order_id != order_id])
    book.put("Payments", [p for p in payments if not (p.side == SIDE and p.order_id == order_id)])
    refresh(book, {order.invoice_number})
    hint = (tr("it was already in a file sent to the bank: delete it in your e-banking too", book.language)
            if order.status == TRANSMITTED else tr("propose it again, or pay it by hand", book.language))
    warning = Problem(where(book, "PaymentOrders", order),
                      tr("payment order {order} removed: {number} is open again ({amount})", book.language,
                         order=order_id, number=order.invoice_number, amount=f"{order.amount} {order.currency}"),
                      hint, "warning")
    return Done(ids=(order_id,), warnings=(warning,))


def export_payments(book, *, account: str, out: str | Path, on: date | None = None, today: date,
                    now: datetime | None = None, executed: bool = False) -> Export:
    """Write the pending orders of ``account`` (those executed ``on`` that day, or all) as one pain.001.001.09
    file and mark them transmitted (``>BA``; ``>BE`` with ``executed``). Nothing changes when a rule fails."""
    with collector.paused():  # transfers, XML pieces and updated rows hold no cycles (see engine.collector)
        return _export(book, account=account, out=out, on=on, today=today, now=now, executed=executed)


def _export(book, *, account: str, out: str | Path, on: date | None, today: date, now: datetime | None,
            executed: bool) -> Export:
    debit_iban = _debit_iban(book, account)
    table = book.table("PaymentOrders")
    ours = _same_account(debit_iban)
    chosen = [o for o in table.records if o.status == PENDING and ours(o.debit_iban or "")
              and (on is None or o.execution_date == on)]
    if not chosen:
        iban_text = ids_iban.format(debit_iban)
        raise BusinessRuleError(tr("no payment order waiting for {iban} on {date}", book.language, iban=iban_text,
                                   date=on) if on else
                                tr("no payment order waiting for {iban}", book.language, iban=iban_text),
                                tr("propose payments first (comptoir payments propose)", book.language))
    settings = book.settings
    bank = next(b for b in book.records("BankAccounts") if compact(b.iban or "") == debit_iban)
    company = settings["CompanyName"] or bank.name or ""
    debtor = DebitAccount(name=company, iban=debit_iban, bic=bank.bic or "")
    invoices = {r.number: r for r in book.records("ReceivedInvoices")}
    creditors = {c.creditor_id: c for c in book.records("Creditors")}
    payments, addresses = [], {}
    file, sheet = table.file, table.schema.name
    for o in chosen:
        c = creditors.get(getattr(invoices.get(o.invoice_number), "creditor_id", None))
        address = addresses.get(c.creditor_id) if c else None
        if c and address is None:  # one per creditor: a supplier paid for many invoices keeps one address
            address = addresses[c.creditor_id] = PostalAddress(
                street=c.street or "", building=c.building_number or "", postcode=c.post_code or "",
                town=c.town or "", country=c.country or "")
        payments.append((debtor, o.execution_date, transfer(  # Transfer(...) without its __init__ (10,000 rows)
            end_to_end_id=o.end_to_end_id or str(o.order_id), instruction_id=str(o.order_id), amount=o.amount,
            currency=o.currency or "CHF", creditor_name=o.creditor_name or (c.name if c else ""),
            creditor_account=o.creditor_iban or "", creditor_address=address, creditor_bic=(c.bic if c else "") or "",
            reference_type=o.reference_type or "NON", reference=o.reference or "", message=o.message or "",
            source=Source(file, sheet, o.row))))  # = table.source(o): the order's row
    now = (now or datetime.now()).replace(microsecond=0)
    message_id = f"CPT-{now:%Y%m%d-%H%M%S}"
    order = pain001.PaymentOrder(message_id=message_id, created=now, initiating_party=company,
                                 groups=group_transfers(payments, message_id=message_id))
    late = [Problem(t.source, tr("{id}: execution date {date} is in the past (today is {today})", book.language,
                                 id=t.end_to_end_id, date=g.execution_date, today=today),
                    tr("remove the order and propose it again", book.language))
            for g in order.groups if g.execution_date < today for t in g.transfers]
    if late:
        raise ProblemsFound(late)
    xml = pain001.build(order)  # checks every SPS business rule, naming each problem
    path = Path(out)
    _write(path, xml)
    status = EXECUTED if executed else TRANSMITTED
    ids = {o.order_id for o in chosen}
    name = path.name
    book.put("PaymentOrders", [updated(o, status=status, message_id=message_id, file=name)
                               if o.order_id in ids else o for o in table.records])
    refresh(book, {o.invoice_number for o in chosen}, statuses_only=True)  # Payments did not change
    return Export(path=path, message_id=message_id, orders=tuple(sorted(ids)),
                  total=sum((o.amount for o in chosen), ZERO), groups=len(order.groups))


def _maker(book, sheet: str, names: str):
    """``make(*values)``: a record of ``sheet`` with ``values`` for the fields ``names`` (in that order) and None
    elsewhere — the record's keyword ``__init__`` without its cost (slot setters, as ``engine.store.records.build``)."""
    cls = type(book.new(sheet))
    fields = (*cls.__sheet__.fields, "row")
    given = names.split()
    setters = tuple(cls.__setters__[fields.index(name)] for name in given)  # ValueError: a field the sheet lacks
    blank = tuple(setter for name, setter in zip(fields, cls.__setters__) if name not in given)
    new = object.__new__

    def make(*values):
        record = new(cls)
        for setter in blank:
            setter(record, None)
        for setter, value in zip(setters, values, strict=True):
            setter(record, value)
        return record
    return make


def _same_account(iban: str):
    """``compact(text) == iban``, each distinct spelling compacted once (10,000 orders name a handful)."""
    seen: dict[str, bool] = {}

    def same(text: str) -> bool:
        verdict = seen.get(text)
        if verdict is None:
            verdict = seen[text] = compact(text) == iban
        return verdict
    return same


def _write(path: Path, data: bytes) -> None:
    """A half-written payment file never reaches the bank."""
    write_whole(path, data, "the payment file")
