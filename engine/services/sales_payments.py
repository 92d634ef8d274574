"""Record what settles a sales document (payment, discount granted, loss, credit note used) or adds to it (reminder
fee, default interest) as Payments rows (Side sales), and keep Paid / Balance / Status in step (manual §3.8.4–3.8.11).

Accounts by kind (Settings): payment → the liquidity account (BankAccounts' first LedgerAccount, else 1020);
discount → SalesDiscountAccount; loss → LossAccount; credit_note → ReceivablesAccount (a credit note used on an
invoice only moves the amount between two open items of 1100: it posts nothing); fee → ReminderFeeAccount;
interest → InterestAccount. Amounts are positive.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from engine import i18n
from engine.errors import BusinessRuleError, Problem
from engine.schema import terms
from engine.money import ZERO, to_money
from engine.domain.rates import paid_in_chf
from engine.services import documents_book as db
from engine.services.rates import refuse_without_chf_column
from engine.store.book import Book

SETTLING = ("payment", "discount", "loss", "credit_note")  # what pays the principal (fees and interest do not)

KINDS = ("payment", "discount", "loss", "credit_note", "fee", "interest")
_ACCOUNT_SETTING = {"discount": "SalesDiscountAccount", "loss": "LossAccount", "credit_note": "ReceivablesAccount",
                    "fee": "ReminderFeeAccount", "interest": "InterestAccount"}


def default_account(book: Book, kind: str) -> str:
    if kind == "payment":
        banks = [b.ledger_account for b in book.records("BankAccounts") if b.ledger_account]
        return banks[0] if banks else "1020"
    return book.settings[_ACCOUNT_SETTING[kind]]


def record_payment(book: Book, number: str, amount, *, on: date | None = None, kind: str = "payment",
                   account: str | None = None, comment: str = "", movement_id: int | None = None, amount_chf=None):
    """Add a Payments row to a document (invoice or credit note) and return the document with its new balance."""
    if kind not in KINDS:
        raise BusinessRuleError(i18n.tr('"{kind}" is not a kind of payment', book.language, kind=kind),
                                i18n.tr("use one of {kinds}", book.language, kinds=", ".join(KINDS)))
    document = db.find_document(book, number)
    if document.stage not in ("F", "N"):
        raise BusinessRuleError(i18n.tr("{number} is at stage {stage}: only invoices and credit notes are paid",
                                        book.language, number=number, stage=document.stage),
                                i18n.tr("move the document to the invoice stage first", book.language))
    value = to_money(amount)
    chf = paid_in_chf(amount_chf, document.currency, number) if kind == "payment" else None
    if chf is not None:
        refuse_without_chf_column(book)
    if amount_chf is not None and kind != "payment":
        raise BusinessRuleError(i18n.tr("a {kind} moves no money: it has no CHF amount", book.language,
                                        kind=terms.value(kind, book.language).replace("_", " ")),
                                i18n.tr("give the CHF amount with the payment only", book.language))
    if value <= 0:
        raise BusinessRuleError(i18n.tr("a {kind} of {amount} on {number} must be positive", book.language,
                                        kind=terms.value(kind, book.language).replace("_", " "), amount=value,
                                        number=number),
                                i18n.tr("type the amount received (a refund is a payment on the credit note)",
                                        book.language))
    rows = list(book.records("Payments"))
    next_id = max((p.payment_id or 0 for p in rows), default=0) + 1
    if chf is not None and movement_id is None:
        movement_id = _chf_movement(book, document, chf, rows, next_id)
    rows.append(book.new("Payments", payment_id=next_id, side="sales", document_number=document.number,
                         date=on or date.today(), kind=kind, amount=value, currency=document.currency or "CHF",
                         account=account or default_account(book, kind), movement_id=movement_id,
                         comment=comment or None, amount_chf=chf))
    book.put("Payments", rows)
    return refresh(book, document.number)


def _chf_movement(book: Book, document, chf, payments, payment_id: int) -> int | None:
    """The pending CHF credit a foreign-currency payment recorded with its CHF comes from: the invoice's reference
    and that amount, not yet any payment's. It becomes the payment's (Action skip, marked M): its money reaches the
    bank account once, through the payment (audit of issue 19: 1020/9907 posted it a second time)."""
    reference = (document.qr_reference or "").replace(" ", "").upper()
    if not reference:
        return None
    linked = {p.movement_id for p in payments if p.movement_id is not None}
    movements = list(book.records("Movements"))
    found = [i for i, m in enumerate(movements) if m.state == "pending" and m.direction == "credit"
             and (m.currency or "CHF") == "CHF" and m.amount == chf and m.movement_id not in linked
             and (m.reference or "").replace(" ", "").upper() == reference]
    if len(found) != 1:
        return None  # none, or two alike: the bookkeeper says which (documents pay --movement is not guessed)
    m = movements[found[0]]
    why = i18n.catalogue(book.text_language).pgettext("reason", "paid_in_chf_by_hand").format(
        payment=payment_id, currency=document.currency, number=document.number, chf=chf)
    movements[found[0]] = replace(m, action="skip", modified=True, why=why)
    book.put("Movements", movements)
    return m.movement_id


def apply_credit_note(book: Book, credit_note: str, invoice: str | None = None, amount=None,
                      on: date | None = None) -> Decimal:
    """Use a credit note (stage N) on an invoice (its RefersTo by default); returns the amount used."""
    note = db.find_document(book, credit_note)
    if note.stage != "N":
        raise BusinessRuleError(i18n.tr("{number} is not a credit note (stage {stage})", book.language,
                                        number=credit_note, stage=note.stage),
                                i18n.tr("choose an N document", book.language))
    targets = [invoice] if invoice else db.refers_to(note)
    if not targets:
        raise BusinessRuleError(i18n.tr("credit note {number} does not say which invoice it is for", book.language,
                                        number=credit_note),
                                i18n.tr("fill {column}, or name the invoice", book.language,
                                        column=terms.header("RefersTo", book.language)))
    target = db.find_document(book, targets[0])
    if target.client_id != note.client_id:
        raise BusinessRuleError(i18n.tr("{note} belongs to client {note_client}, {invoice} to client "
                                        "{invoice_client}", book.language, note=credit_note,
                                        note_client=note.client_id, invoice=target.number,
                                        invoice_client=target.client_id),
                                i18n.tr("use a credit note on an invoice of the same client", book.language))
    available = min(note.balance or ZERO, target.balance or ZERO)
    used = available if amount is None else to_money(amount)
    if used <= 0 or used > available:
        raise BusinessRuleError(i18n.tr("{amount} cannot be used from {note} on {invoice}", book.language,
                                        amount=used, note=credit_note, invoice=target.number),
                                i18n.tr("at most {amount} (open on both documents)", book.language,
                                        amount=available))
    record_payment(book, target.number, used, on=on, kind="credit_note", comment=credit_note)
    record_payment(book, note.number, used, on=on, kind="credit_note", comment=target.number)
    return used


def _check_payment_id(book: Book) -> str:
    return i18n.tr("check the {column} in {sheet}", book.language,
                   column=terms.header("PaymentId", book.language), sheet=book.title("Payments"))


def undo_payment(book: Book, payment_id: int) -> tuple[int, ...]:
    """Remove a payment, discount, loss, fee or credit-note use of an issued document that is not posted yet
    (manual §3.7 "Annuler l'acquittement"); a credit-note use goes with its other half. Returns the ids removed."""
    payments = book.records("Payments")
    target = next((p for p in payments if p.payment_id == payment_id and p.side == "sales"), None)
    if target is None:
        raise BusinessRuleError(i18n.tr("there is no sales payment {payment}", book.language, payment=payment_id),
                                _check_payment_id(book))
    if target.movement_id is not None:
        raise BusinessRuleError(i18n.tr("payment {payment} was recorded from bank movement {movement}",
                                        book.language, payment=payment_id, movement=target.movement_id),
                                i18n.tr("put the movement back to pending instead (comptoir bank pending BOOK --ids "
                                        "{movement}), or correct the movement", book.language,
                                        movement=target.movement_id))
    doomed = [target]
    if target.kind == "credit_note":
        other = getattr(target, "linked_document", None) or target.comment
        doomed += [p for p in payments if p is not target and p.side == "sales" and p.kind == "credit_note"
                   and p.document_number == other and p.amount == target.amount and p.date == target.date][:1]
    for p in doomed:
        if p.posted_session:
            raise BusinessRuleError(i18n.tr("payment {payment} is posted (session {session})", book.language,
                                            payment=p.payment_id, session=p.posted_session),
                                    i18n.tr("unpost session {session} first (comptoir unpost BOOK --session "
                                            "{session}), then remove it", book.language, session=p.posted_session))
    gone = {p.payment_id for p in doomed}
    book.put("Payments", [p for p in payments if not (p.side == "sales" and p.payment_id in gone)])
    for number in {p.document_number for p in doomed}:
        refresh(book, number)
    return tuple(sorted(gone))


def release_movement_payments(book: Book, movement_ids, because: str = "is booked by hand now"
                              ) -> tuple[list, list[Problem], set]:
    """The invoice payments recognition recorded from bank movements that the user now books otherwise (edited to
    post on another account, or put back to pending): removed, so the money is counted once and the invoice is
    open again (audit of issue 15: 1020 ended 5,000.00 above the statement). One already posted stays, with an
    error saying to unpost it first. Returns (the payments removed, a warning for each and an error for each posted
    one, the movement ids whose payment is posted). ``because`` says in the warning what the user did."""
    wanted = set(movement_ids)
    because = i18n.tr(because, book.language)  # the defaults are in the catalogue; a caller's is said already
    payments = book.records("Payments")
    found = [p for p in payments if p.side == "sales" and p.movement_id in wanted]
    problems, gone, blocked = [], [], set()
    table = book.table("Payments")
    for p in found:
        if p.posted_session:
            blocked.add(p.movement_id)
            problems.append(Problem(table.source(p, "movement_id"), i18n.tr(
                "movement {movement} paid {amount} of {document} (payment {payment}), posted in session {session}: "
                "the movement cannot book the money again", book.language, movement=p.movement_id, amount=p.amount,
                document=p.document_number, payment=p.payment_id, session=p.posted_session), i18n.tr(
                "unpost session {session} first (comptoir unpost BOOK --session {session}), or leave the movement as "
                "recognition proposed it", book.language, session=p.posted_session)))
        else:
            gone.append(p)
            problems.append(Problem(table.source(p), i18n.tr(
                "movement {movement} {because}: its payment of {amount} to {document} (payment {payment}) is removed, "
                "and {document} is open again", book.language, movement=p.movement_id, because=because,
                amount=p.amount, document=p.document_number, payment=p.payment_id), i18n.tr(
                "recognise the movement again (comptoir bank recognise BOOK) if the payment was right", book.language),
                severity="warning"))
    if gone:
        ids = {p.payment_id for p in gone}
        book.put("Payments", [p for p in payments if not (p.side == "sales" and p.payment_id in ids)])
        for number in {p.document_number for p in gone}:
            refresh(book, number)
    return gone, problems, blocked


def refresh(book: Book, number: str | None = None):
    """Paid, Balance and Status recomputed from Payments for one document (returned) or for all."""
    if number is not None:
        document = db.settle(book, db.find_document(book, number))
        db.put_document(book, document)
        return document
    book.put("Documents", [db.settle(book, d) for d in book.records("Documents")])
    return None
