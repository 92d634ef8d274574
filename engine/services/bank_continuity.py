"""Statements follow on (banking manual §6: the statements are imported in order, each one whole): a statement opens
at the balance the account's previous statement closed with. One that does not — a statement missing in between,
or one imported twice — is told at import (audit of issue 15: a statement opening 554.64 below the last closing
was imported silently). The movements are the bank's all the same, so it is a warning, not a refusal.

The last closing balance and its date are kept per bank account (BankAccounts LastClosing, LastClosingDate), so the
check costs nothing however many movements the book holds.
"""
from __future__ import annotations

from dataclasses import replace

from engine.errors import Problem, Source
from engine.ids.iban import compact


def check(accounts: dict, document, statement) -> list[Problem]:
    """A warning when ``statement`` opens elsewhere than its account's last closing (later statements only)."""
    opening = statement.opening_balance
    account = accounts.get(compact(statement.account.iban or statement.account.other_id or ""))
    last, on = (getattr(account, "last_closing", None), getattr(account, "last_closing_date", None)) \
        if account is not None else (None, None)
    if statement.kind != "statement" or opening is None or opening.date is None or last is None or on is None \
            or opening.date < on or opening.amount == last:
        return []
    where = Source(document.source, sheet=f"statement {statement.id}" if statement.id else "")
    return [Problem(where, f"statement {statement.id or ''} opens at {opening.amount} on {opening.date:%d.%m.%Y}, "
                    f"but the statement before it closed {account.name or account.iban} at {last} on {on:%d.%m.%Y} "
                    f"(a difference of {opening.amount - last}): a statement is missing, or one was imported twice",
                    "import the missing statement (its days are between the two dates), or compare with the "
                    "e-banking", "warning")]


def remember(book, statements) -> None:
    """Each account's latest closing balance among ``statements``, kept for the next import's check."""
    latest: dict = {}
    for statement in statements:
        closing = statement.closing_balance
        if statement.kind != "statement" or closing is None or closing.date is None:
            continue
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
