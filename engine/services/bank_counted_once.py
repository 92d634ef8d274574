"""A bank movement's money is booked once (audit of issue 15, and its re-audit). Invoicing posts the payments that
recognition recorded from movements (1020 / 1100, or 9909 / 1100 for the details of a grouped QR total); a movement
that books the money itself — typed by hand to post on an account, or a grouped total typed off its transit account —
would book it a second time. Before posting, such a movement's recorded payments go (the invoice is open again,
said in a warning); one whose payment is posted already is refused, naming the session to undo. Reposting processed
movements (``repost-all``, or a batch republished without a movement put back to pending) refuses them outright, as
it refuses a processed movement whose bank figures were typed over: nothing is published.
"""
from __future__ import annotations

from engine.domain.reconcile import bank_accounts, edits
from engine.domain.reconcile.types import MovementTypes
from engine.errors import Problem
from engine.i18n import tr
from engine.schema import terms
from engine.services import sales_payments

BOOKED = ("post", "force")


def _counter(m) -> str | None:
    return m.credit_account if m.direction == "credit" else m.debit_account


def _transits(book) -> frozenset[str]:
    types = MovementTypes.from_records(book.records("MovementTypes"))
    return bank_accounts.transit_accounts(book.records("BankAccounts"), types,
                                          book.settings["PaymentsPendingAccount"])


def _totals_off_transit(book, picked, movements) -> dict[int, list[int]]:
    """Grouped totals among ``picked`` booked on something else than a transit account → their details' ids."""
    details: dict[int, list[int]] = {}
    for m in movements:
        if m.parent is not None:
            details.setdefault(m.parent, []).append(m.movement_id)
    totals = [m for m in picked if m.movement_id in details and m.action in BOOKED]
    if not totals:
        return {}
    transits = _transits(book)
    return {m.movement_id: details[m.movement_id] for m in totals if _counter(m) not in transits}


def release_before_post(book, picked, movements) -> tuple[list[Problem], set[int]]:
    """The payments recorded from ``picked`` movements (or from the details of a total among them) that would count
    the money a second time, removed; returns (the warnings and errors, the ids of the movements refused because
    such a payment is posted already)."""
    _, problems, refused = sales_payments.release_movement_payments(
        book, [m.movement_id for m in picked if m.action in BOOKED])
    for total, detail_ids in _totals_off_transit(book, picked, movements).items():
        total_row = next(m for m in picked if m.movement_id == total)
        _, said, blocked = sales_payments.release_movement_payments(
            book, detail_ids, because=tr("belongs to total {total}, booked by hand on {account}", book.language,
                                         total=total, account=_counter(total_row)))
        problems += said
        if blocked:
            refused.add(total)
    return problems, refused


def typed_over(book, movements) -> list[tuple]:
    """(movement, problem) for each of ``movements`` whose amount, currency, direction or dates are no longer what its
    bank file said: posted, 1020 would differ from the statement (audit of issue 15)."""
    table = book.table("Movements")
    return [(m, Problem(table.source(m, "amount"),
                        tr("movement {id}: its amount, currency, direction or dates are not what the bank file {file} "
                           "said (typed over?): not posted", book.language, id=m.movement_id,
                           file=m.source_file or ""),
                        tr("type back the bank's figures (comptoir camt parse FILE shows them), or delete the movement "
                           "and import the file again", book.language)))
            for m in movements if edits.bank_data_changed(m)]


def unused_accounts(book, movements) -> list[Problem]:
    """A warning for each movement whose accounts were typed by hand while its Action stays skip: the payment
    recognition recorded books the money (invoicing posts it), so the accounts typed are not used (re-audit of issue
    15: the sheet showed 1020/3200 while invoicing booked 1020/1100)."""
    language, action = book.language, terms.header("Action", book.language)
    return [Problem(book.table("Movements").source(m, "action"),
                    tr("movement {id}: its accounts were typed by hand ({debit} / {credit}) but its {column} is "
                       "{skip}: the payment recognition recorded books it (invoicing posts it on the invoice's "
                       "account), the accounts typed are not used", language, id=m.movement_id,
                       debit=m.debit_account, credit=m.credit_account, column=action,
                       skip=terms.value("skip", language)),
                    tr("type {column} {post} to book the movement on these accounts instead (its payment then goes "
                       "and the invoice is open again), or type back the proposed accounts", language, column=action,
                       post=terms.value("post", language)), "warning")
            for m in movements]


def republish_problems(book, members, movements) -> list[Problem]:
    """Why processed ``members`` cannot be posted again as they stand (empty: they can)."""
    problems = [problem for _, problem in typed_over(book, members)]
    payments = {}
    for p in book.records("Payments"):
        if p.side == "sales" and p.movement_id is not None:
            payments.setdefault(p.movement_id, p)
    table = book.table("Movements")
    for m in members:
        paid = payments.get(m.movement_id)
        if m.action in BOOKED and paid is not None:
            problems.append(_twice(table, m, f"its payment {paid.payment_id} of {paid.amount} to "
                                             f"{paid.document_number}"))
    for total, detail_ids in _totals_off_transit(book, members, movements).items():
        if paid := [payments[i] for i in detail_ids if i in payments]:
            m = next(x for x in members if x.movement_id == total)
            problems.append(_twice(table, m, f"its details' payments to {', '.join(p.document_number for p in paid)}"))
    return problems


def _twice(table, m, booked_by: str) -> Problem:
    return Problem(table.source(m, "credit_account" if m.direction == "credit" else "debit_account"),
                   f"movement {m.movement_id} (batch {m.batch}) is typed to book {m.amount} on {_counter(m)} while "
                   f"{booked_by} books the same money: it would count twice",
                   "type back what was posted (Action skip, or the transit account), or put the movement back to "
                   "pending (comptoir bank pending BOOK --ids N) and book it from there")
