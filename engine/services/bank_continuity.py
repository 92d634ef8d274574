"""Statements follow on (banking manual §6: the statements are imported in order, each one whole): a statement opens
at the balance the account's previous statement closed with. One that does not — a statement missing in between,
or one imported twice — is told at import (audit of issue 15: a statement opening 554.64 below the last closing
was imported silently). The movements are the bank's all the same, so it is a warning, not a refusal.

The last closing balance and its date are kept per bank account (BankAccounts LastClosing, LastClosingDate), so the
check costs nothing however many movements the book holds.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

from engine.errors import Problem, Source
from engine.formats.camt.checks import check_balances
from engine.ids.iban import compact
from engine.money import format_amount


def check(accounts: dict, documents, movements=(), hold: set | None = None) -> list[Problem]:
    """A warning for each statement of ``documents`` that opens elsewhere than its account's previous closing: the
    one kept from earlier imports, then, through this run's statements taken in date order (a folder's files come in
    any order), each one's own closing. A statement whose days the book already holds (it opens before the last
    closing) is judged on the balance the account stood at on its first day: its opening balance and the book's
    ``movements`` booked from its opening day to the day before (audit of issue 20: one opening elsewhere passed).
    A statement every entry of which the book holds is the same statement again — the import skips it — and is not
    judged (a day's second statement opens within the day: judged again, it was a false alarm; re-audit of issue 20).

    ``hold`` (the office's unattended night): such an overlapping statement is refused, not imported — its
    movements would be posted next to those of the statement the book holds for the same days (re-audit of issue
    20: the bank stood 339.03 off in the ledger) — and ``id()`` of each is added to ``hold``."""
    stood = _Stood(accounts, movements)
    known = _Known(movements)
    statements = sorted(((document, s) for document in documents for s in document.statements
                         if s.kind == "statement" and s.opening_balance is not None
                         and s.opening_balance.date is not None), key=lambda pair: pair[1].opening_balance.date)
    last: dict = {}  # iban → (amount, date, name) of the latest closing seen
    for iban, account in accounts.items():
        if getattr(account, "last_closing", None) is not None and account.last_closing_date is not None:
            last[iban] = (account.last_closing, account.last_closing_date, account.name or account.iban)
    out = []
    for document, statement in statements:
        iban = compact(statement.account.iban or statement.account.other_id or "")
        opening, before = statement.opening_balance, last.get(iban)
        if before is None or opening.amount == before[0] or known.all_of(iban, statement):
            pass
        elif opening.date > before[1]:
            out.append(_gap(document, statement, *before))
        elif (then := stood.on(iban, opening.date)) is None:  # before the book's first statement: the last closing
            if opening.date == before[1]:
                out.append(_gap(document, statement, *before))
        elif then != opening.amount:  # its first day is in the book already (the same statement again matches)
            out.append(_overlap(document, statement, then, held=hold is not None))
            if hold is not None:
                hold.add(id(statement))
                continue  # not imported: the next statement follows on the one before it
        if before is not None and not (opening.amount == before[0] and opening.date >= before[1]) and \
                not known.all_of(iban, statement) and (found := _closes_elsewhere(stood, known, iban, statement,
                                                                                 before[1])):
            # every day of it is in the book and it does not follow on the last closing: its opening alone proves
            # nothing (second audit of issue 20: bravo2-ov30.xml opened where the account stood, closed 846.39 off)
            out.append(_overlap(document, statement, found, held=hold is not None))
            if hold is not None:
                hold.add(id(statement))
                continue
        closing = statement.closing_balance
        if closing is not None and closing.date is not None and (before is None or closing.date >= before[1]):
            last[iban] = (closing.amount, closing.date, before[2] if before else iban)
    return out


def _closes_elsewhere(stood, known, iban, statement, last_day):
    """What tells a statement over days the book holds (to its last closing's day) as not the book's: the book's
    balance at the end of its last day when its closing is another (a tuple: balance, day), or the number of its
    entries when none of them is in the book (a re-issue of those days under new references; an int); else None."""
    closing = statement.closing_balance
    if closing is None or closing.date is None or closing.date > last_day:
        return None
    then = stood.on(iban, closing.date + timedelta(days=1))
    if then is None:
        return None
    if then != closing.amount:
        return (then, closing.date)
    booked = [e for e in statement.entries if e.status in (None, "BOOK")]
    if booked and known.none_of(iban, statement):
        return len(booked)
    return None


def _gap(document, statement, amount, on, name) -> Problem:
    opening = statement.opening_balance
    where = Source(document.source, sheet=f"statement {statement.id}" if statement.id else "")
    # its amounts written as the overlap's are (second audit of issue 20: "6290.71" here, "6,290.71" there)
    return Problem(where, f"statement {statement.id or ''} opens at {format_amount(opening.amount, ',')} on "
                   f"{opening.date:%d.%m.%Y}, but the statement before it closed {name} at "
                   f"{format_amount(amount, ',')} on {on:%d.%m.%Y} (a difference of "
                   f"{format_amount(opening.amount - amount, ',')}): a statement is missing, or one was imported "
                   "twice",
                   "import the missing statement (its days are between the two dates), or compare with the "
                   "e-banking", "warning")


class _Stood:
    """An account's balance at the start of a day, from what the book held before this import."""

    def __init__(self, accounts: dict, movements):
        self.accounts, self.movements = accounts, movements
        self._by_iban: dict | None = None

    def on(self, iban: str, day) -> Decimal | None:
        account = self.accounts.get(iban)
        start = getattr(account, "opening_date", None)
        if account is None or start is None or account.opening_balance is None or day < start:
            return None  # before the first statement imported: nothing to judge it on
        if self._by_iban is None:  # a grouped entry's details are in its total already
            self._by_iban = {}
            for m in self.movements:
                if m.parent is None and m.booking_date is not None and m.amount is not None:
                    self._by_iban.setdefault(compact(m.bank_iban or ""), []).append(m)
        return account.opening_balance + sum(
            (m.amount if m.direction == "credit" else -m.amount for m in self._by_iban.get(iban, ())
             if start <= m.booking_date < day), Decimal(0))


def _overlap(document, statement, then, held: bool = False) -> Problem:
    """``then``: the balance the account stood at on the statement's first day (it opens elsewhere), or what
    :func:`_closes_elsewhere` found."""
    opening, closing = statement.opening_balance, statement.closing_balance
    where = Source(document.source, sheet=f"statement {statement.id}" if statement.id else "")
    if isinstance(then, tuple):
        then, day = then
        message = (f"statement {statement.id or ''} closes at {format_amount(closing.amount, ',')} on "
                   f"{day:%d.%m.%Y}, but the book closes that day at {format_amount(then, ',')} (the account's "
                   f"opening balance and the movements imported up to that day; a difference of "
                   f"{format_amount(closing.amount - then, ',')}): its days are already in the book, from another "
                   "statement")
    elif isinstance(then, int):
        message = (f"statement {statement.id or ''} of {opening.date:%d.%m.%Y} to {closing.date:%d.%m.%Y}: "
                   f"those days are already in the book, from another statement, and none of its {then} entries "
                   "is in the book (other bank references: a statement the bank issued again?)")
    else:
        message = (f"statement {statement.id or ''} opens at {format_amount(opening.amount, ',')} on "
                   f"{opening.date:%d.%m.%Y}, but the account stood at {format_amount(then, ',')} on that day (its "
                   f"opening balance and the movements imported before it; a difference of "
                   f"{format_amount(opening.amount - then, ',')}): its days are already in the book, from another "
                   "statement")
    if held:
        return Problem(where, f"{message}; held back, nothing of it imported",
                       "compare it with the e-banking and the book's movements of those days: a copy or another "
                       "account's file, remove it from the drop folder; a statement the bank corrected, take out "
                       "what the first one brought for those days (unpost the posted movements, then delete them) "
                       "and import it by hand (comptoir bank import BOOK FILE); until then each night names it")
    return Problem(where, message, "compare both statements with the e-banking: a corrected statement from the bank "
                   "(then the movements it replaces are in the book twice: unpost those already posted, delete "
                   "them), or a file of another account (delete the movements it brought)", "warning")


class _Known:
    """The bank entries the book holds (their import keys), to tell the same statement dropped again."""

    def __init__(self, movements):
        self.movements, self._parts = movements, None

    def all_of(self, iban: str, statement) -> bool:
        from engine.domain.reconcile import batches, movements as mv
        booked = [e for e in statement.entries if e.status in (None, "BOOK")]
        if not booked:
            return False
        if self._parts is None:
            self._parts = {part for m in self.movements for part in batches.key_parts(m.import_key)}
        seen: dict = {}
        for entry in booked:
            key = mv.import_key(iban, entry, seen)
            if key not in self._parts and f"{key}/1" not in self._parts:
                return False
        return True

    def none_of(self, iban: str, statement) -> bool:
        """No booked entry of ``statement`` is in the book."""
        from engine.domain.reconcile import movements as mv
        self.all_of(iban, statement)  # fills the parts
        seen: dict = {}
        return not any(key in (self._parts or ()) or f"{key}/1" in (self._parts or ())
                       for key in (mv.import_key(iban, e, seen) for e in statement.entries
                                   if e.status in (None, "BOOK")))


def remember(book, statements) -> None:
    """Each account's latest closing balance among ``statements``, kept for the next import's check."""
    latest: dict = {}
    for statement in statements:
        closing = statement.closing_balance
        if statement.kind != "statement" or closing is None or closing.date is None:
            continue
        if any(p.severity == "error" for p in check_balances(statement)):
            continue  # a closing its entries do not reach is no base for the next statement (re-audit of issue 15)
        iban = compact(statement.account.iban or statement.account.other_id or "")
        if iban not in latest or closing.date >= latest[iban].date:
            latest[iban] = closing
    if not latest:
        return
    out, changed = [], False
    for account in book.records("BankAccounts"):
        closing = latest.get(compact(account.iban or ""))
        if closing is not None and (account.last_closing_date is None or closing.date >= account.last_closing_date):
            account, changed = replace(account, last_closing=closing.amount, last_closing_date=closing.date), True
        out.append(account)
    if changed:
        book.put("BankAccounts", out)
