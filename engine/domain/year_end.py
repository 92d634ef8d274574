"""The year end in the ledger: what must be true before a year is closed, and the opening entries of the next.

Closing (DOMAIN.md §5, manual: 9907/9908/9909 must be zero at year end) refuses while a clearing account still
holds money: the unidentified receipts and payments (9907, 9908, 9909), the supplier and client credit-note
clearing (2009, 1091),
the opening balance account (9100: an opening that does not balance) and any other class 9 account, with their
sub-accounts (9907.02). What is left is listed per account with the groups (documents) or entries making it up,
so the bookkeeper knows what to allocate.

Opening carries every balance sheet account (classes 1 and 2) with one entry against 9100 Bilan d'ouverture, and
the year's profit or loss to 2970 Bénéfice / perte reporté (SME chart: 2970 Gewinnvortrag / Verlustvortrag, where
the result waits for the general meeting to allocate it; 2979 is the result *of* a year, which the statements
show computed). The entries against 9100 then add up to zero.

Balances are those of the year's own entries (its first period's start to its last period's end): the year began
with its opening entries, so the earlier years are already in them.

>>> from types import SimpleNamespace as R
>>> j = [R(date=date(2026, 1, 5), debit="1020", credit="2800", amount=Decimal("100.00"), group=None, voucher="1",
...        label="", reference=None),
...      R(date=date(2026, 2, 1), debit="1020", credit="3400", amount=Decimal("30.00"), group=None, voucher="2",
...        label="", reference=None)]
>>> [(e.debit, e.credit, str(e.amount)) for e in opening_entries(balances(j), "9100", "2970")]
[('1020', '9100', '130.00'), ('9100', '2800', '100.00'), ('9100', '2970', '30.00')]
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from engine.domain.ledger_reports import account_extract, trial_balance
from engine.money import ZERO, format_amount
from engine.errors import BusinessRuleError
from engine.ledger_words import say
from engine.schema.terms import shown_header, shown_sheet

SWISS = "'"  # the thousands separator a Swiss bookkeeper reads: 10'000.00

OPENING_ACCOUNT = "9100"  # Bilan d'ouverture
RETAINED_EARNINGS = "2970"  # Bénéfice / perte reporté
YEAR_RESULT = "2979"  # Bénéfice / perte de l'exercice: carried into 2970 at the opening
CLEARING = ("9907", "9908", "9909", "2009", "1091")  # and every class 9 account (1091: client credit notes)
EQUITY = ("28", "29")  # the SME chart's equity groups: the only ones that may receive the year's result


def is_equity(account: str) -> bool:
    """Capital and reserves (groups 28 and 29, sub-accounts too): where a year's result may be carried."""
    return account.split(".")[0][:2] in EQUITY


def is_clearing(account: str) -> bool:
    """A clearing account that must be zero at year end (its sub-accounts too: 9907.02, 2009.01)."""
    return account.startswith("9") or account.split(".")[0] in CLEARING


def is_balance_sheet(account: str) -> bool:
    return account[:1] in ("1", "2")


def is_result(account: str) -> bool:
    """Income statement accounts, classes 3 to 8."""
    return account[:1] in "345678" and account[:1] != ""


def year_span(periods, year: int) -> tuple[date, date, list]:
    """First day, last day and the Periods rows of ``year`` (the periods starting in it)."""
    rows = [p for p in periods if p.start and p.end and p.start.year == year]
    if not rows:
        sheet = shown_sheet("Periods")
        raise BusinessRuleError(
            say("the ledger's sheet {sheet} has no period of {year}", sheet=sheet, year=year),
            say("add a row to {sheet}: {period} {year}, {start} 01.01.{year}, {end} 31.12.{year}", sheet=sheet,
                year=year, period=shown_header("Period", "Periods"), start=shown_header("Start", "Periods"),
                end=shown_header("End", "Periods")))
    return min(p.start for p in rows), max(p.end for p in rows), rows


def balances(journal, start: date | None = None, end: date | None = None) -> dict[str, Decimal]:
    """Debit minus credit per account, of the entries dated from ``start`` to ``end``: the trial balance's."""
    return {row.account: row.balance for row in trial_balance(journal, start=start, end=end)}


def profit(balance: dict[str, Decimal]) -> Decimal:
    """The year's result: revenue minus expenses, the credit balance of classes 3 to 8 (a loss is negative)."""
    return -sum((amount for account, amount in balance.items() if is_result(account)), ZERO)


def carried_result(balance: dict[str, Decimal]) -> Decimal:
    """The result the opening carries to retained earnings: the income statement's (:func:`profit`) and what was
    already booked to 2979 and its sub-accounts (a credit balance is a profit)."""
    booked = sum((amount for account, amount in balance.items() if account.split(".")[0] == YEAR_RESULT), ZERO)
    return profit(balance) - booked


@dataclass(frozen=True, slots=True, kw_only=True)
class Left:
    """A clearing account not at zero: its balance (debit positive) and what makes it up, (key, label, amount)."""
    account: str
    balance: Decimal
    parts: tuple[tuple[str, str, Decimal], ...]

    def describe(self) -> str:
        amount = format_amount(abs(self.balance), SWISS)
        lines = [say("{account}: debit balance {amount}", account=self.account, amount=amount) if self.balance > 0
                 else say("{account}: credit balance {amount}", account=self.account, amount=amount)]
        for key, text, amount in self.parts:
            lines.append(f"    {key}: {format_amount(amount, SWISS)}" + (f" ({text})" if text else ""))
        return "\n".join(lines)


def clearing_left(journal, start: date, end: date) -> list[Left]:
    """Clearing accounts whose balance over the year is not zero, each with its groups (a document number) whose
    own balance is not zero, and the entries without a group one by one."""
    entries = [e for e in journal if start <= e.date <= end]
    out = []
    for account, amount in sorted(balances(entries).items()):
        if not is_clearing(account) or amount == 0:
            continue
        parts = []
        for group in account_extract(entries, account, "group"):
            if group.key and group.balance:
                parts.append((say("group {group}", group=group.key), group.entries[0].reference or "", group.balance))
            elif not group.key:  # no document to name: each entry by its voucher and date
                parts.extend((say("entry {voucher} of {date}", voucher=e.voucher or "", date=f"{e.date:%d.%m.%Y}"),
                              e.label or "",
                              e.amount if e.debit == account else -e.amount) for e in group.entries)
        out.append(Left(account=account, balance=amount, parts=tuple(parts)))
    return out


@dataclass(frozen=True, slots=True, kw_only=True)
class Opening:
    debit: str
    credit: str
    amount: Decimal
    account: str  # the account carried (or the retained earnings account for the result)
    result: bool = False  # the year's profit or loss, not a balance carried


def opening_entries(balance: dict[str, Decimal], opening: str = OPENING_ACCOUNT,
                    retained: str = RETAINED_EARNINGS) -> list[Opening]:
    """One entry per balance sheet account with a balance, against ``opening``: a debit balance is debited, a
    credit balance credited (a negative amount would read as the other side); then the result to ``retained``
    (a profit credited, a loss debited). The retained earnings account's own balance is carried like any other,
    in its own entry, so the result stays readable on its own line. A result already booked to 2979 (the SME
    chart's closing entries, 9200 / 2979) is the year's result too: it opens in ``retained``, not in 2979."""
    out = []
    result = carried_result(balance)
    for account, amount in sorted(balance.items()):
        if not is_balance_sheet(account) or amount == 0 or account.split(".")[0] == YEAR_RESULT:
            continue
        out.append(Opening(debit=account, credit=opening, amount=amount, account=account) if amount > 0
                   else Opening(debit=opening, credit=account, amount=-amount, account=account))
    if result > 0:
        out.append(Opening(debit=opening, credit=retained, amount=result, account=retained, result=True))
    elif result < 0:
        out.append(Opening(debit=retained, credit=opening, amount=-result, account=retained, result=True))
    return out
