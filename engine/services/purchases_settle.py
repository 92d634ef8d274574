"""Settling received invoices by hand: payments (part or full), cash discounts, supplier credit notes, undo.

Source: Crésus Facturation manual §3.8.4 (manual payment), §3.8.7 (acompte), §3.8.9–10 (escompte, to one account or
spread over the expense accounts), §3.8.11 (credit notes: used through a clearing account, never the creditors
account, or cashed in). A payment can be undone until it is posted; then only by unposting its session first.
Every function changes the book (``book.put``) and returns a :class:`Done`; the caller saves.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from engine.domain import purchases as rules
from engine.domain.purchases_stages import parse_state
from engine.errors import BusinessRuleError, Problem
from engine.i18n import tr
from engine.schema import terms
from engine.money import ZERO, to_money
from engine.domain.rates import paid_in_chf
from engine.services.purchases import SIDE, Done, creditor, invoice, refresh, where
from engine.services.rates import refuse_without_chf_column


def _bank_account(book, account: str | None) -> str:
    if account:
        return account
    banks = book.records("BankAccounts")
    if not banks or not banks[0].ledger_account:
        raise BusinessRuleError(tr("no bank account to pay from", book.language),
                                tr("add one to {sheet}, or give the account", book.language,
                                   sheet=book.title("BankAccounts")))
    return banks[0].ledger_account


def _next_id(book) -> int:
    return max((p.payment_id or 0 for p in book.records("Payments")), default=0) + 1


def _add(book, rows: list) -> tuple[int, ...]:
    start = _next_id(book)
    made = [book.new("Payments", payment_id=start + n, side=SIDE, **row) for n, row in enumerate(rows)]
    book.put("Payments", [*book.records("Payments"), *made])
    refresh(book, {row["document_number"] for row in rows})
    return tuple(p.payment_id for p in made)


def _open(book, number: str, *, stages=("F",)):
    record = invoice(book, number)
    if record.stage not in stages:
        said = (tr("{number} is a credit note", book.language, number=number) if record.stage == rules.CREDIT_NOTE
                else tr("{number} is at stage {stage}, not an invoice", book.language, number=number,
                        stage=record.stage))
        raise BusinessRuleError(said, tr("settle invoices (stage F); use credit notes with `purchases credit`",
                                         book.language), where(book, "ReceivedInvoices", record, "stage"))
    if parse_state(record.status)[0] in rules.ORDER_LETTERS[:2]:
        raise BusinessRuleError(tr("{number} has a payment order with the bank ({status})", book.language,
                                   number=number, status=record.status),
                                tr("remove the order first (comptoir payments remove) or wait for its execution",
                                   book.language),
                                where(book, "ReceivedInvoices", record, "status"))
    return record


def record_payment(book, number: str, *, date: date, amount=None, account: str | None = None,
                   discount_rest: bool = False, comment: str = "", amount_chf=None) -> Done:
    """Pay ``amount`` (default: the balance) from ``account`` (default: the first bank's ledger account);
    ``discount_rest`` takes the rest of the balance as a cash discount (manual §3.8.9 "Escompter le solde")."""
    record = _open(book, number)
    balance = record.balance if record.balance is not None else record.amount
    paid = balance if amount is None else to_money(amount)
    rules.check_settlement("payment", paid, balance, number)
    chf = paid_in_chf(amount_chf, record.currency, number)
    if chf is not None:
        refuse_without_chf_column(book)
    rows = [dict(document_number=number, date=date, kind="payment", amount=paid, currency=record.currency,
                 account=_bank_account(book, account), comment=comment or None, amount_chf=chf)]
    if discount_rest and paid < balance:
        rows.append(_discount_row(book, record, date, balance - paid, None))
    warnings = ()
    if paid > balance:
        warnings = (Problem(where(book, "ReceivedInvoices", record, "balance"),
                            tr("{number}: {paid} paid on a balance of {balance}: overpaid by {over}", book.language,
                               number=number, paid=paid, balance=balance, over=paid - balance),
                            tr("ask the creditor for a refund, or undo the payment", book.language), "warning"),)
    return Done(ids=_add(book, rows), warnings=warnings)


def take_discount(book, number: str, *, date: date, amount=None, rate=None, account: str | None = None) -> Done:
    """Record a cash discount obtained: ``amount``, or ``rate`` % of the balance, or the whole balance."""
    record = _open(book, number)
    balance = record.balance if record.balance is not None else record.amount
    if amount is not None:
        discount = to_money(amount)
    elif rate is not None:
        discount = rules.cash_discount(balance, Decimal(str(rate)))
    else:
        discount = balance
    rules.check_settlement("discount", discount, balance, number)
    return Done(ids=_add(book, [_discount_row(book, record, date, discount, account)]))


def _discount_row(book, record, when: date, amount: Decimal, account: str | None) -> dict:
    settings = book.settings
    spread = settings["PurchaseDiscountSpread"] and not account
    return dict(document_number=record.number, date=when, kind="discount", amount=amount, currency=record.currency,
                # Empty account = spread over the expense accounts (Settings PurchaseDiscountSpread, manual §3.8.10).
                account=None if spread else (account or settings["PurchaseDiscountAccount"]),
                comment="spread over the expense accounts" if spread else None)


def use_credit_note(book, number: str, credit_note: str, *, date: date, amount=None,
                    account: str | None = None) -> Done:
    """Use supplier credit note ``credit_note`` against invoice ``number`` through a clearing account (default
    Settings SupplierCreditClearingAccount); the creditors account itself is refused with the reason."""
    record = _open(book, number)
    note = invoice(book, credit_note)
    if note.stage != rules.CREDIT_NOTE:
        raise BusinessRuleError(tr("{number} is not a credit note (stage {stage})", book.language, number=credit_note,
                                   stage=note.stage),
                                tr("enter the credit note as a received invoice with a negative amount (stage N)",
                                   book.language),
                                where(book, "ReceivedInvoices", note, "stage"))
    if note.creditor_id != record.creditor_id:
        raise BusinessRuleError(tr("credit note {note} is from creditor {note_creditor}, invoice {number} from "
                                   "creditor {creditor}", book.language, note=credit_note,
                                   note_creditor=note.creditor_id, number=number, creditor=record.creditor_id),
                                tr("use a credit note of the same creditor", book.language))
    settings = book.settings
    supplier = creditor(book, record.creditor_id)
    clearing = account or settings["SupplierCreditClearingAccount"]
    rules.check_clearing_account(clearing, supplier.payables_account or settings["PayablesAccount"])
    left = note.balance if note.balance is not None else note.amount
    balance = record.balance if record.balance is not None else record.amount
    used = min(left, balance) if amount is None else to_money(amount)
    rules.check_settlement("credit_note", used, balance, number)
    rules.check_settlement("credit_note", used, left, credit_note)
    common = dict(date=date, kind="credit_note", amount=used, currency=record.currency, account=clearing)
    return Done(ids=_add(book, [dict(document_number=number, linked_document=credit_note, **common),
                                dict(document_number=credit_note, linked_document=number, **common)]))


def cash_credit_note(book, credit_note: str, *, date: date, amount=None, account: str | None = None) -> Done:
    """The creditor refunds the credit note: the money comes in on ``account`` (manual "Encaisser la note")."""
    note = _open(book, credit_note, stages=(rules.CREDIT_NOTE,))
    left = note.balance if note.balance is not None else note.amount
    cashed = left if amount is None else to_money(amount)
    rules.check_settlement("credit_note", cashed, left, credit_note)
    return Done(ids=_add(book, [dict(document_number=credit_note, date=date, kind="payment", amount=cashed,
                                     currency=note.currency, account=_bank_account(book, account))]))


def undo_payment(book, payment_id: int) -> Done:
    """Remove a payment, discount or credit-note use (both sides) that is not posted yet."""
    payments = book.records("Payments")
    target = next((p for p in payments if p.payment_id == payment_id and p.side == SIDE), None)
    if target is None:
        raise BusinessRuleError(tr("there is no purchases payment {payment}", book.language, payment=payment_id),
                                tr("check the {column} in {sheet}", book.language,
                                   column=terms.header("PaymentId", book.language), sheet=book.title("Payments")))
    if target.order_id:
        raise BusinessRuleError(tr("payment {payment} belongs to payment order {order}", book.language,
                                   payment=payment_id, order=target.order_id),
                                tr("remove the order instead: comptoir payments remove BOOK {order}", book.language,
                                   order=target.order_id),
                                where(book, "Payments", target, "order_id"))
    doomed = [target]
    if target.kind == "credit_note" and target.linked_document:
        doomed += [p for p in payments if p is not target and p.side == SIDE and p.kind == "credit_note"
                   and p.document_number == target.linked_document and p.linked_document == target.document_number
                   and p.amount == target.amount and p.date == target.date][:1]
    for p in doomed:
        if p.posted_session:
            raise BusinessRuleError(tr("payment {payment} is posted (session {session})", book.language,
                                       payment=p.payment_id, session=p.posted_session),
                                    tr("unpost session {session} (and every later one) first", book.language,
                                       session=p.posted_session),
                                    where(book, "Payments", p, "posted_session"))
    gone = {id(p) for p in doomed}
    book.put("Payments", [p for p in payments if id(p) not in gone])
    refresh(book, {p.document_number for p in doomed})
    return Done(ids=tuple(p.payment_id for p in doomed))


def settlements(book, number: str) -> tuple:
    """The Payments rows of a received invoice, oldest first."""
    return tuple(sorted((p for p in book.records("Payments") if p.side == SIDE and p.document_number == number),
                        key=lambda p: (p.date, p.payment_id)))


__all__ = ["record_payment", "take_discount", "use_credit_note", "cash_credit_note", "undo_payment", "settlements",
           "ZERO"]
