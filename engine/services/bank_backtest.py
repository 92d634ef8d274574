"""Rule backtest (beyond Crésus): what a rule catches among the book's movements, before the user relies on it.

Manual §6.4: rules are ordered and the first that matches applies; a rule that never matches, or one hidden behind
an earlier rule, is invisible in Crésus until a movement is booked wrongly. Here a rule is tried on every movement
(processed and pending) with :meth:`.RuleSet.matching`, the very function recognition uses through
:meth:`.RuleSet.first`, so the backtest and recognition cannot disagree; the pending movements whose proposal it
would change are found by running recognition (:func:`.matchers.recognise`) with and without the rule.
"""
from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date

from engine.domain.reconcile import edits
from engine.domain.reconcile.matchers import recognise, rule_query
from engine.domain.reconcile.rules import Rule, RuleSet
from engine.errors import BusinessRuleError
from engine.i18n import tr
from engine.schema import terms
from engine.services.bank import recognition_context


@dataclass(frozen=True, slots=True, kw_only=True)
class Caught:
    movement_id: int
    state: str
    winner: int  # the RuleId recognition applies (the first in Order among those that match)
    others: tuple[int, ...]  # the other rules that match it too


@dataclass(frozen=True, slots=True, kw_only=True)
class Change:
    movement_id: int
    before: str  # "type → account «label»" without the rule
    after: str  # with it


@dataclass(frozen=True, slots=True, kw_only=True)
class Backtest:
    rule: Rule
    active: bool
    caught: tuple[Caught, ...]
    changes: tuple[Change, ...]
    applies: int = 0  # caught movements recognition gives this rule (not an earlier rule, nor a reference match)

    def count(self, state: str) -> int:
        return sum(1 for c in self.caught if c.state == state)

    @property
    def overlaps(self) -> dict[int, int]:
        """Other RuleId → how many of the caught movements it matches too."""
        found: dict[int, int] = {}
        for c in self.caught:
            for other in c.others:
                found[other] = found.get(other, 0) + 1
        return found

    @property
    def lost(self) -> int:
        """Caught movements on which an earlier rule wins: the rule does nothing for them."""
        return sum(1 for c in self.caught if c.winner != self.rule.rule_id)


@dataclass(frozen=True, slots=True, kw_only=True)
class Overlap:
    first: Rule  # wins (earlier in Order)
    second: Rule
    movements: int


@dataclass(frozen=True, slots=True, kw_only=True)
class RulesCheck:
    never: tuple[Rule, ...]  # active rules that match no movement of their period and account
    overlaps: tuple[Overlap, ...]
    rules: int
    movements: int
    shadowed: tuple[Rule, ...] = ()  # rules that match movements but win none: an earlier rule takes them all
    untried: tuple[Rule, ...] = ()  # rules whose period (and account) has no movement yet: nothing to say

    @property
    def clean(self) -> bool:
        return not self.never and not self.overlaps


def _movements(book) -> list:
    """The movements a rule can be tried on: processed or pending, with a side and an amount."""
    return [m for m in book.records("Movements") if m.state in ("processed", "pending")
            and m.direction in ("credit", "debit") and m.amount is not None]


def _rule(book, rule_id: int):
    for r in book.records("Rules"):
        if r.rule_id == rule_id:
            return r
    known = ", ".join(str(r.rule_id) for r in book.records("Rules")) or tr("none", book.language)
    column = terms.header("RuleId", book.language, "Rules")
    raise BusinessRuleError(tr("{sheet}: there is no rule {rule} ({column}: {known})", book.language,
                               sheet=book.title("Rules"), rule=rule_id, column=column, known=known),
                            tr("give a {column} of the {sheet} sheet", book.language, column=column,
                               sheet=book.title("Rules")))


def _active(book) -> list:
    return [r for r in book.records("Rules") if r.rule_id is not None and r.active is not False]


def _matches(rules: RuleSet, movements) -> list[tuple[object, tuple[Rule, ...]]]:
    return [(m, tuple(rules.matching(*rule_query(m)))) for m in movements]


def backtest(book, rule_id: int) -> Backtest:
    """What rule ``rule_id`` catches (even when it is inactive: the user is about to switch it on)."""
    record = _rule(book, rule_id)
    others = [r for r in _active(book) if r.rule_id != rule_id]
    with_it = RuleSet.from_records([*others, replace(record, active=True)])
    movements = _movements(book)
    found = [(m, rules) for m, rules in _matches(with_it, movements) if any(r.rule_id == rule_id for r in rules)]
    caught = tuple(Caught(movement_id=m.movement_id, state=m.state, winner=rules[0].rule_id,
                          others=tuple(r.rule_id for r in rules if r.rule_id != rule_id)) for m, rules in found)
    base = recognition_context(book)
    before = replace(base, rules=RuleSet.from_records(others), shared={})
    after = replace(base, rules=with_it, shared={})
    # a movement the rule matches may still be recognised first by its QR reference, end-to-end id or reversal
    applies = sum(1 for m, _ in found if recognise(m, after).rule_id == rule_id)
    return Backtest(rule=Rule.from_record(record), active=record.active is not False, caught=caught,
                    applies=applies, changes=tuple(_changes(movements, before, after)))


def _said(p) -> str:
    label = f" «{p.label}»" if p.label else ""
    return f"{p.type} → {p.counter_account or '?'}{label}"


def _changes(movements, before, after):
    """The pending movements whose proposal differs with the rule (recognition run both ways; hand-edited
    movements are kept as the user made them, so no rule changes them)."""
    for m in movements:
        if m.state != "pending" or m.modified or edits.edited(m):
            continue
        old, new = recognise(m, before), recognise(m, after)
        if _said(old) != _said(new) or old.vat_code != new.vat_code or old.lines != new.lines:
            yield Change(movement_id=m.movement_id, before=_said(old), after=_said(new))


def check(book) -> RulesCheck:
    """Active rules that match no movement, and pairs of rules that match the same movements (the first wins)."""
    rules = RuleSet.from_records(_active(book))
    movements = _movements(book)
    # movements matched by the same rules count together: a year of card payments makes a few dozen combinations,
    # so pairs are counted per combination, not per movement (ten rules on one text: 45 pairs, not 45 per line)
    combos = Counter(found for _, found in _matches(rules, movements))
    hits: Counter = Counter()
    pairs: Counter = Counter()
    wins = {found[0].rule_id for found in combos if found}
    for found, count in combos.items():
        for i, rule in enumerate(found):
            hits[rule.rule_id] += count
            for later in found[i + 1:]:
                pairs[rule.rule_id, later.rule_id] += count
    by_id = {r.rule_id: r for r in rules.rules}
    missed = [r for r in rules.rules if r.rule_id not in hits]
    days = _days(movements)
    tried = [r for r in missed if _in_scope(r, days)]
    return RulesCheck(never=tuple(tried), untried=tuple(r for r in missed if r not in tried),
                      shadowed=tuple(r for r in rules.rules if r.rule_id in hits and r.rule_id not in wins),
                      overlaps=tuple(Overlap(first=by_id[a], second=by_id[b], movements=n)
                                     for (a, b), n in sorted(pairs.items())),
                      rules=len(rules.rules), movements=len(movements))


def _days(movements) -> dict:
    """Booking dates, sorted, per bank account and for all ("")."""
    days: dict[str, list] = {"": []}
    for m in movements:
        day = m.booking_date or date.min  # an undated movement is in every period
        days[""].append(day)
        days.setdefault(m.bank_iban or "", []).append(day)
    return {iban: sorted(found) for iban, found in days.items()}


def _in_scope(rule: Rule, days: dict) -> bool:
    """A movement of the rule's account falls in its period: the rule could have matched it (a rule of next year's
    period, before its first statement, is not "never matching")."""
    found = days.get(rule.bank_iban, [])
    if found and found[0] == date.min:
        return True
    first = bisect_left(found, rule.valid_from or date.min)
    return first < len(found) and found[first] <= (rule.valid_to or date.max)
