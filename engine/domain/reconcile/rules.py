"""Reconciliation rules (the Rules sheet): ordered, first match wins; each belongs to a bank account and a period.

Manual §6.4: a rule has a title and a "movement contains" text; the advanced mode adds a regular expression, the
direction, an amount range, the counterparty IBAN and the bank code. A rule sets the accounts, VAT code, analytic
code and label, or a multi-line entry (:mod:`.lines`). Matching 100,000 movements against hundreds of rules must
not try every rule on every movement: one regular-expression scan of the movement's text finds the rules whose
text it contains (:class:`_Finder`), and only those are checked, in rule order, so the result is exactly "the
first rule that matches".

>>> from decimal import Decimal
>>> rules = RuleSet([Rule(rule_id=1, order=1, title="Fleurs", contains="achat fleurs", credit_account="6500"),
...                  Rule(rule_id=2, order=2, title="Gros débits", direction="debit", amount_min=Decimal("1000"))])
>>> rules.first("CH93", "debit", Decimal("45.00"), "", "", "visa achat fleurs sàrl", None).title
'Fleurs'
>>> rules.first("CH93", "debit", Decimal("4500.00"), "", "", "loyer", None).title
'Gros débits'
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from engine.errors import InvalidFormat, Source


@dataclass(frozen=True, slots=True, kw_only=True)
class Rule:
    rule_id: int
    order: int = 0
    bank_iban: str = ""
    title: str = ""
    contains: str = ""
    regex: str = ""
    direction: str = ""
    amount_min: Decimal | None = None
    amount_max: Decimal | None = None
    counterparty_iban: str = ""
    bank_code: str = ""
    debit_account: str = ""
    credit_account: str = ""
    vat_code: str = ""
    analytic_code: str = ""
    label: str = ""
    lines: str = ""
    valid_from: date | None = None
    valid_to: date | None = None
    row: int | None = None

    @classmethod
    def from_record(cls, r) -> "Rule":
        text = {name: (getattr(r, name) or "") for name in (
            "bank_iban", "title", "contains", "regex", "direction", "counterparty_iban", "bank_code", "debit_account",
            "credit_account", "vat_code", "analytic_code", "label", "lines")}
        for name in ("bank_iban", "counterparty_iban"):
            text[name] = text[name].replace(" ", "").upper()
        return cls(rule_id=r.rule_id, order=r.order if r.order is not None else r.rule_id, amount_min=r.amount_min,
                   amount_max=r.amount_max, valid_from=r.valid_from, valid_to=r.valid_to, row=r.row, **text)

    def counter_account(self, direction: str) -> str:
        """The account the rule sets opposite the bank (credit side of a payment, debit side of a receipt)."""
        picked = self.credit_account if direction == "credit" else self.debit_account
        return picked or self.debit_account or self.credit_account


def _compile(rule: Rule):
    if not rule.regex:
        return None
    try:
        return re.compile(rule.regex, re.IGNORECASE)
    except re.error as error:
        raise InvalidFormat(f"rule {rule.rule_id} ({rule.title}): the regular expression {rule.regex!r} is wrong "
                            f"({error})", "correct it in the Rules sheet, or use the Contains column",
                            Source(sheet="Rules", row=rule.row)) from None


def _trie(needles) -> str:
    """A regular expression of the needles as a trie (``ab(?:c|d)?``): at each position one character picks the
    branch, and the greedy ``?`` makes the match the *longest* needle there."""
    root: dict = {}
    for needle in needles:
        node = root
        for char in needle:
            node = node.setdefault(char, {})
        node[""] = True

    def pattern(node) -> str:
        branches = [re.escape(char) + pattern(child) for char, child in node.items() if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body
    return pattern(root)


class _Finder:
    """Which rules' texts occur in a text, in one scan: a trie regex under a lookahead finds the longest needle at
    each position; every needle that is a prefix of it occurs there too (both start there, and it is shorter),
    so each longest needle maps to the rules of all its prefixes. Rules without a text are always candidates."""

    def __init__(self, needles: list[tuple[int, str]]):
        self.empty = tuple(index for index, needle in needles if not needle)
        texts = {needle for _, needle in needles if needle}
        self.closure = {text: tuple(index for index, needle in needles if needle and text.startswith(needle))
                        for text in texts}
        self.scan = re.compile(f"(?=({_trie(texts)}))").finditer if texts else None

    def candidates(self, text: str) -> list[int]:
        if self.scan is None:
            return list(self.empty)
        closure, found = self.closure, set(self.empty)
        for match in self.scan(text):
            found.update(closure[match.group(1)])
        return sorted(found)


class RuleSet:
    """Rules in order, with a scanner per direction that finds the rules whose text the movement contains."""

    def __init__(self, rules):
        self.rules = tuple(sorted(rules, key=lambda r: (r.order, r.rule_id)))
        self._regex = [_compile(r) for r in self.rules]
        self._needles = [r.contains.casefold().strip() for r in self.rules]
        # a rule for payments is never tried on a receipt (most rules are one-sided); a rule that only asks for
        # its text ("simple") is decided by the text alone, the rest go through _ok
        everything = list(enumerate(self._needles))
        self._finder_any = _Finder(everything)
        self._finder_for = {side: _Finder([(i, n) for i, n in everything if self.rules[i].direction in ("", side)])
                            for side in ("credit", "debit")}
        self._simple_for = {side: [self._simple(i) and self.rules[i].direction in ("", side)
                                   for i in range(len(self.rules))] for side in ("credit", "debit")}
        self._simple_any = [False] * len(self.rules)

    def _simple(self, index: int) -> bool:
        rule = self.rules[index]
        return bool(self._needles[index]) and not (
            rule.bank_iban or rule.amount_min is not None or rule.amount_max is not None or rule.bank_code or
            rule.counterparty_iban or rule.valid_from or rule.valid_to or rule.regex)

    @classmethod
    def from_records(cls, records, on: date | None = None) -> "RuleSet":
        rules = [Rule.from_record(r) for r in records if r.rule_id is not None and r.active is not False]
        return cls(rules)

    def _ok(self, index: int, iban: str, direction: str, amount: Decimal, code: str, party_iban: str, text: str,
            on: date | None) -> bool:
        rule = self.rules[index]
        if rule.bank_iban and rule.bank_iban != iban:
            return False
        if rule.direction and rule.direction != direction:
            return False
        if (rule.amount_min is not None and amount < rule.amount_min) or (
                rule.amount_max is not None and amount > rule.amount_max):
            return False
        if rule.bank_code and rule.bank_code not in code:
            return False
        if rule.counterparty_iban and rule.counterparty_iban != party_iban:
            return False
        if on is not None and ((rule.valid_from and on < rule.valid_from) or (rule.valid_to and on > rule.valid_to)):
            return False
        needle = self._needles[index]
        if needle and needle not in text:
            return False
        pattern = self._regex[index]
        return pattern is None or pattern.search(text) is not None

    def candidates(self, text: str) -> list[int]:
        """The indexes, in order, of the rules whose text ``text`` contains (or that have none)."""
        return self._finder_any.candidates(text)

    def matching(self, iban: str, direction: str, amount: Decimal, code: str, party_iban: str, text: str,
                 on: date | None):
        """Every rule that matches the movement, in order; the first is the one recognition applies (:meth:`first`),
        the others are the overlaps a backtest shows. ``text`` is :func:`.movements.haystack`.

        Only the rules whose text occurs in ``text`` can match: one scan finds them, and they are tried in order."""
        code, party_iban = code or "", party_iban or ""
        simple = self._simple_for.get(direction, self._simple_any)
        rules, ok = self.rules, self._ok
        for index in self._finder_for.get(direction, self._finder_any).candidates(text):
            if simple[index] or ok(index, iban, direction, amount, code, party_iban, text, on):
                yield rules[index]

    def first(self, iban: str, direction: str, amount: Decimal, code: str, party_iban: str, text: str,
              on: date | None) -> Rule | None:
        """The first rule (in order) that matches the movement: the first of :meth:`matching`."""
        return next(self.matching(iban, direction, amount, code, party_iban, text, on), None)
