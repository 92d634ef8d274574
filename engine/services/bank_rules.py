"""Rules and substitution strings from movements (manual §6.4 "Créer une règle", §6.5.2 personal substitutions).

A rule made from a movement is pre-filled with its text, bank account, direction and counter-account; the user
then narrows it. A substitution string is defined by example on one movement and tested on every movement of the
same account, returning where it matches. Rules and substitutions are copied into a new period.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from engine.domain.reconcile import movements as mv
from engine.domain.reconcile import substitutions as subst
from engine.errors import BusinessRuleError


def _movement(book, movement_id: int):
    for m in book.records("Movements"):
        if m.movement_id == movement_id:
            return m
    raise BusinessRuleError(f"there is no movement {movement_id}", "check the MovementId column")


def rule_from_movement(book, movement_id: int, *, title: str = "", contains: str = "", account: str = "",
                       label: str = "", vat_code: str = "", advanced: bool = False):
    """A new Rules row (last in order) pre-filled from the movement; returns it."""
    m = _movement(book, movement_id)
    rules = list(book.records("Rules"))
    text = contains or m.counterparty or m.remittance or m.bank_text or ""
    counter = account or (m.credit_account if m.direction == "credit" else m.debit_account) or ""
    if counter in ("9907", "9908"):
        counter = account  # to be sorted is what the rule is meant to replace
    rule = book.new("Rules", rule_id=max((r.rule_id or 0 for r in rules), default=0) + 1,
                    bank_iban=m.bank_iban, order=max((r.order or 0 for r in rules), default=0) + 1,
                    title=title or text[:40] or m.type, contains=text[:80], direction=m.direction,
                    counterparty_iban=m.counterparty_iban if advanced else None,
                    bank_code=m.bank_code if advanced else None,
                    debit_account=(counter or None) if m.direction == "debit" else None,
                    credit_account=(counter or None) if m.direction == "credit" else None,
                    vat_code=vat_code or None, label=label or title or None, active=True)
    book.put("Rules", [*rules, rule])
    return rule


def define_substitution(book, name: str, *, movement_id: int, marked: str, before: str = "", after: str = ""):
    """Save a substitution string defined by example; returns [(movement_id, value or None)] on the account."""
    if not name.isidentifier() or name in subst.PREDEFINED:
        raise BusinessRuleError(f'"{name}" cannot name a substitution string',
                                "use letters, digits and _ and not a predefined name")
    m = _movement(book, movement_id)
    pattern = subst.pattern_from_example(mv.raw_text(m), marked, before=before, after=after)
    rows = [s for s in book.records("Substitutions") if s.name != name]
    rows.append(book.new("Substitutions", name=name, kind="example", before=before or None, after=after or None,
                         example=marked, pattern=pattern, note=f"defined on movement {movement_id}"))
    book.put("Substitutions", rows)
    same = [x for x in book.records("Movements") if x.bank_iban == m.bank_iban]
    return [(same[i].movement_id, value) for i, value in subst.test_pattern(pattern, [mv.raw_text(x) for x in same])]


def copy_rules_to_period(book, valid_from: date, valid_to: date | None = None) -> int:
    """Copy the rules valid at the end of the previous period into a new one (manual §6.4)."""
    rules = list(book.records("Rules"))
    open_ones = [r for r in rules if r.valid_to is None or r.valid_to < valid_from]  # the previous period's
    last = max((r.rule_id or 0 for r in rules), default=0)
    copies = [replace(r, rule_id=last + n, valid_from=valid_from, valid_to=valid_to, row=None)
              for n, r in enumerate((r for r in open_ones if r.valid_from is None or r.valid_from < valid_from),
                                    start=1)]
    book.put("Rules", [*rules, *copies])
    return len(copies)
