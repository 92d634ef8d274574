"""Financial statements in the minimum structure of the Swiss Code of Obligations: the balance sheet (art. 959a)
and the income statement by nature of expense (art. 959b para. 2), the law's headings in its order, with the
previous year beside each amount.

The headings and the account ranges of the SME chart they take are data (``engine/data/statement_headings.tsv``):
an account falls under the heading whose range holds its number, so an account a user adds (2005, 6321, 1020.01)
lands where its number says. Amounts are those of the year's own entries, which begin with its opening entries.

Signs are the reader's: assets as debit balances, liabilities and equity as credit balances; in the income
statement every heading is its contribution to the result (revenue positive, expenses negative), so the column adds
up to the year's profit. The balance sheet's equity includes that profit (computed, not booked: the opening of the
next year books it to 2970), hence assets = liabilities + equity.

>>> from types import SimpleNamespace as R
>>> j = [R(date=date(2026, 1, 1), debit="1020", credit="2800", amount=Decimal("100.00")),
...      R(date=date(2026, 3, 1), debit="1020", credit="3400", amount=Decimal("40.00")),
...      R(date=date(2026, 4, 1), debit="6000", credit="1020", amount=Decimal("15.00"))]
>>> lines = build(j, (date(2026, 1, 1), date(2026, 12, 31)))
>>> [(l.code, str(l.amount)) for l in lines if l.amount and l.kind != "section"]
[('A1a', '125.00'), ('A=', '125.00'), ('P3a', '100.00'), ('P3r', '25.00'), ('P=', '125.00'), ('I1', '40.00'), ('I5', '-15.00'), ('I11', '25.00')]
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from importlib import resources

from engine.domain.year_end import YEAR_RESULT, balances, is_result, profit
from engine.money import ZERO
from engine.errors import BusinessRuleError


@dataclass(frozen=True, slots=True, kw_only=True)
class Heading:
    statement: str  # balance | income
    code: str  # A1a: side A, section 1, heading a (the law's numbering)
    kind: str  # title | side | section | line | result | clearing | total
    low: int | None
    high: int | None
    labels: dict

    def label(self, language: str) -> str:
        return self.labels.get(language) or self.labels["fr"]


@lru_cache(maxsize=1)
def headings() -> tuple[Heading, ...]:
    text = resources.files("engine.data").joinpath("statement_headings.tsv").read_text(encoding="utf-8")
    rows = csv.DictReader([line for line in text.splitlines() if line and not line.startswith("#")], delimiter="\t")
    return tuple(Heading(statement=r["Statement"], code=r["Code"], kind=r["Kind"],
                         low=int(r["From"]) if r["From"] else None, high=int(r["To"]) if r["To"] else None,
                         labels={k: r[k] for k in ("fr", "de", "it", "en")})
                 for r in rows)


def number_of(account: str) -> int:
    """The account's place in the chart: its first four digits (1020.01 → 1020; a three-digit 102 → 1020)."""
    digits = account.split(".")[0].strip()[:4]
    if not digits.isdigit():
        raise BusinessRuleError(f'the account "{account}" has no number, so no heading of the statements',
                                "number it as the SME chart does (four digits, e.g. 6321)")
    return int(digits.ljust(4, "0"))


@lru_cache(maxsize=4096)  # asked for each side of each entry: a journal has few accounts and many entries
def heading_of(account: str) -> Heading | None:
    """The heading whose range holds the account; the narrowest range wins, so a ``range`` row of the data (1091,
    a clearing account inside the cash range 1000–1099) takes its account to another heading."""
    n = number_of(account)
    found = [h for h in headings() if h.low is not None and h.low <= n <= h.high]
    if not found:
        return None
    narrowest = min(found, key=lambda h: h.high - h.low)
    return next(h for h in headings() if h.code == narrowest.code and h.kind != "range")


@dataclass(frozen=True, slots=True, kw_only=True)
class Line:
    statement: str
    code: str
    kind: str
    heading: Heading
    amount: Decimal | None
    previous: Decimal | None
    accounts: tuple[str, ...] = ()


def is_closing_entry(entry) -> bool:
    """A closing entry of the SME chart (3400 / 9200, 9200 / 6000, 9200 / 2979): it empties the income statement
    into class 9 and the year's result into 2979. The statements leave these out, so the income statement shows
    the year and equity shows the result once, as computed (the opening entries, against 9100, stay in)."""
    debit, credit = entry.debit, entry.credit
    # the chart's closing group: 9000 Compte de résultat, 9200 Bénéfice de l'exercice (not 9100 the opening,
    # nor 99xx, the clearing accounts of receipts and payments: 9907 / 8100 is an allocation, not a closing)
    closing_debit, closing_credit = debit[:2] in ("90", "92"), credit[:2] in ("90", "92")
    if not (closing_debit or closing_credit):
        return False  # most entries: decided by two string slices
    return all(closing or is_result(a) or a.split(".")[0] == YEAR_RESULT
               for a, closing in ((debit, closing_debit), (credit, closing_credit)))


OVERDRAWN = "P1b"  # a bank with a credit balance is a short-term interest-bearing debt
OVERPAID = "A1c"  # a liability with a debit balance (VAT overpaid) is another short-term receivable


def placed(account: str, amount: Decimal) -> Heading:
    """The heading of an account with the balance ``amount`` (debit positive). No offsetting (CO art. 958c para. 1
    item 7): an overdrawn cash account is not a negative asset but a liability, a short-term liability with a debit
    balance not a negative debt but a receivable. Equity, and corrections of assets (1109 del credere, 1509
    depreciation: credit balances by nature), stay where their number puts them."""
    h = heading_of(account)
    if h is None:
        raise BusinessRuleError(f"the account {account} falls under no heading of the statements",
                                "add its range to engine/data/statement_headings.tsv")
    moved = (OVERDRAWN if h.code == "A1a" and amount < 0
             else OVERPAID if h.code[:2] in ("P1", "P2") and h.kind == "line" and amount > 0 else None)
    return next(x for x in headings() if x.code == moved and x.kind == "line") if moved else h


def _balance(journal, span: tuple[date, date]) -> dict[str, Decimal]:
    start, end = span
    return balances([e for e in journal if start <= e.date <= end and not is_closing_entry(e)])


def amounts(journal, span: tuple[date, date], balance: dict[str, Decimal] | None = None) -> dict[str, Decimal]:
    """Each heading's amount (by code) over the span, in the reader's sign (see the module docstring);
    ``balance``: the span's, when the caller has it already."""
    balance = _balance(journal, span) if balance is None else balance
    out: dict[str, Decimal] = {h.code: ZERO for h in headings()}
    for account, amount in balance.items():
        h = placed(account, amount)
        debit_side = h.code.startswith("A")
        out[h.code] += amount if debit_side else -amount
    result = profit(balance)
    code_of = {h.statement: h.code for h in headings() if h.kind == "result"}
    for code in code_of.values():
        out[code] = result
    # sections add up their lines (and the result line within equity); sides add up their sections
    section = side = None
    for h in headings():
        if h.kind == "side":
            side = h.code
        elif h.kind == "section":
            section = h.code
        elif h.kind in ("line", "result", "clearing") and h.statement == "balance":
            if h.kind != "clearing" and section:
                out[section] += out[h.code]
            out[side + "="] += out[h.code]
    return out


def build(journal, span: tuple[date, date], previous_span: tuple[date, date] | None = None,
          previous_journal=None) -> list[Line]:
    """Every heading of both statements with the year's amount and the previous year's (None without one)."""
    balance = _balance(journal, span)
    now = amounts(journal, span, balance)
    before = amounts(previous_journal if previous_journal is not None else journal, previous_span) \
        if previous_span else None
    seen = set()
    for e in journal:
        if span[0] <= e.date <= span[1]:
            seen.add(e.debit)
            seen.add(e.credit)
    accounts: dict[str, set] = {}
    for account in seen:  # placed once per account: a journal has few accounts and many entries
        accounts.setdefault(placed(account, balance.get(account, ZERO)).code, set()).add(account)
    out = []
    for h in headings():
        if h.kind == "range":
            continue  # more accounts of a heading listed elsewhere
        if h.kind == "title" or h.kind == "side":
            out.append(Line(statement=h.statement, code=h.code, kind=h.kind, heading=h, amount=None, previous=None))
            continue
        amount = now[h.code]
        previous = before[h.code] if before else None
        if h.kind == "clearing" and not amount and not previous:
            continue  # class 9 is shown only while something is left in it
        out.append(Line(statement=h.statement, code=h.code, kind=h.kind, heading=h, amount=amount, previous=previous,
                        accounts=tuple(sorted(accounts.get(h.code, ())))))
    return out
