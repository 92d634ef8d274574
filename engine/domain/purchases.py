"""Received invoices (factures reçues): open balance, state letter, cash discount and the credit-note rules.

Source: the Crésus Facturation manual ch. 3.8 (seeds/facturation-chapitre-3.fr.txt) and DOMAIN.md §0. Stages are
C order, L receipt, F invoice and N supplier credit note; a note keeps a positive Amount, its sign comes from the
stage. The state letter is the stage while something is open, ``>B`` / ``>BA`` / ``>BE`` while a payment order for it
is with the bank side, ``X`` once nothing is left to pay (or, for a note, to use or cash).

>>> from decimal import Decimal as D
>>> settle(D("1081.00"), [D("500.00"), D("21.62")])
(Decimal('521.62'), Decimal('559.38'))
>>> status("F", D("559.38"), ()), status("F", D("0.00"), (">BA",)), status("F", D("0"), ()), status("F", D("0"), (), "C")
('F', '>BA', 'X', 'XC')
>>> cash_discount(D("1081.00"), D("2"))
Decimal('21.62')
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal

from engine.domain.purchases_stages import state
from engine.errors import BusinessRuleError
from engine.i18n import tr
from engine.money import ZERO, quantize
from engine.i18n import book_language
from engine.schema.terms import shown_setting, shown_sheet, value

STAGES = ("C", "L", "F", "N")
CREDIT_NOTE = "N"
ORDER_LETTERS = (">B", ">BA", ">BE")  # handed to banking, transmitted (waiting for execution), executed
PAID = "X"
KINDS = ("payment", "discount", "credit_note")  # Payments.Kind on the purchases side
HUNDRED = Decimal(100)


def settle(amount: Decimal | None, settlements: Iterable[Decimal]) -> tuple[Decimal, Decimal]:
    """``(paid, balance)`` of a document whose ``settlements`` (payments, discounts, credit notes used) are given."""
    paid = quantize(sum(settlements, ZERO))
    return paid, quantize((amount or ZERO) - paid)


def status(stage: str, balance: Decimal, order_statuses: Iterable[str], posted: str = "") -> str:
    """The state letter, then the posting letter ``c``/``C`` (engine.domain.purchases_stages); an order with the
    bank wins over ``X`` so the user sees where the money is."""
    statuses = [s for s in order_statuses if s in ORDER_LETTERS]
    if statuses:
        # The least advanced order tells what is still to be done (>B before >BA before >BE).
        return state(min(statuses, key=ORDER_LETTERS.index), posted)
    if balance <= ZERO and stage in ("F", CREDIT_NOTE):
        return state(PAID, posted)
    return state(stage, posted)


def cash_discount(balance: Decimal, rate: Decimal) -> Decimal:
    """The cash discount (escompte) a ``rate`` % gives on the open ``balance``, to the cent (half-up)."""
    if rate < 0 or rate >= HUNDRED:
        raise BusinessRuleError(tr("a cash discount of {rate} % is not possible", rate=rate),
                                tr("enter a rate between 0 and 100"))
    return quantize(balance * rate / HUNDRED)


def discount_deadline(invoice_date: date, days: int) -> date:
    """Last day the discount may be taken: the invoice date counts as day 1 (Crésus: date + days − 1)."""
    return invoice_date + timedelta(days=max(days - 1, 0))


def check_clearing_account(account: str, payables_account: str) -> None:
    """A credit note is used through a clearing account, never the creditors account itself (manual §3.8.11)."""
    if not account:
        raise BusinessRuleError(tr("no clearing account for the credit note"),
                                tr("set {key} in {sheet} (e.g. 2009)", sheet=shown_sheet("Settings"),
                                   key=shown_setting("SupplierCreditClearingAccount")))
    if account.strip() == (payables_account or "").strip():
        raise BusinessRuleError(
            tr("account {account} is the creditors account: an entry cannot debit and credit the same account",
               account=account),
            tr("use a clearing account such as 2009 ({sheet} {key})", sheet=shown_sheet("Settings"),
               key=shown_setting("SupplierCreditClearingAccount")))


def check_settlement(kind: str, amount: Decimal, balance: Decimal, number: str) -> None:
    """A settlement is positive and, except a plain payment (an overpayment the user means), within the balance."""
    if amount <= ZERO:
        raise BusinessRuleError(tr("{number}: a {kind} of {amount} is not positive", number=number,
                                   kind=_kind_word(kind), amount=amount), tr("enter an amount greater than 0"))
    if balance <= ZERO:
        raise BusinessRuleError(tr("{number}: nothing is left to settle (balance {balance})", number=number,
                                   balance=balance), tr("undo a payment first if one was entered by mistake"))
    if kind != "payment" and amount > balance:
        raise BusinessRuleError(tr("{number}: a {kind} of {amount} exceeds the balance {balance}", number=number,
                                   kind=_kind_word(kind), amount=amount, balance=balance),
                                tr("enter at most {balance}", balance=balance))


def _kind_word(kind: str) -> str:
    """A settlement's kind as the Payments sheet of the book shows it (Skonto, escompte; credit note in English)."""
    language = book_language() or "en"
    return kind.replace("_", " ") if language == "en" else value(kind, language)
