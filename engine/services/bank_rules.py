"""Rules and substitution strings from movements (manual §6.4 "Créer une règle", §6.5.2 personal substitutions).

A rule made from a movement is pre-filled with its text, bank account, direction and counter-account; the user
then narrows it. A substitution string is defined by example on one movement and tested on every movement of the
same account, returning where it matches. Copying into a new period: :mod:`.bank_rules_copy`.
"""
from __future__ import annotations

import re

from engine.domain.reconcile import movements as mv
from engine.domain.reconcile import substitutions as subst
from engine.errors import BusinessRuleError, InvalidFormat
from engine.i18n import tr
from engine.schema import terms


def _movement(book, movement_id: int):
    for m in book.records("Movements"):
        if m.movement_id == movement_id:
            return m
    raise BusinessRuleError(tr("{sheet}: there is no movement {id}", book.language, sheet=book.title("Movements"),
                               id=movement_id),
                            tr("give a number of the {column} column (the {sheet} sheet's first column)", book.language,
                               column=terms.header("MovementId", book.language), sheet=book.title("Movements")))


def rule_from_movement(book, movement_id: int, *, title: str = "", contains: str = "", account: str = "",
                       label: str = "", vat_code: str = "", advanced: bool = False):
    """A new Rules row (last in order) pre-filled from the movement; returns it."""
    m = _movement(book, movement_id)
    from engine.services.bank_chart import refuse_account
    refuse_account(book, account)
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


def plain_name(name: str) -> str:
    """A string's name as typed in a label or without its braces: "{commande}" and "commande" are the same."""
    return name.strip().removeprefix("{").removesuffix("}").strip()


def define_substitution(book, name: str, *, movement_id: int, marked: str, before: str = "", after: str = ""):
    """Save a substitution string defined by example; returns [(movement_id, value or None)] on the account."""
    name = plain_name(name)
    if not name.isidentifier() or name in subst.PREDEFINED:
        raise BusinessRuleError(tr('"{name}" cannot name a substitution string', book.language, name=name),
                                tr("use letters, digits and _ and not a predefined name", book.language))
    m = _movement(book, movement_id)
    pattern = subst.pattern_from_example(mv.raw_text(m), marked, before=before, after=after)
    rows = [s for s in book.records("Substitutions") if s.name != name]
    rows.append(book.new("Substitutions", name=name, kind="example", before=before or None, after=after or None,
                         example=marked, pattern=pattern, note=f"defined on movement {movement_id}"))
    book.put("Substitutions", rows)
    same = [x for x in book.records("Movements") if x.bank_iban == m.bank_iban]
    return [(same[i].movement_id, value) for i, value in subst.test_pattern(pattern, [mv.raw_text(x) for x in same])]


def personal_patterns(book) -> dict[str, str]:
    """Name → pattern of the personal strings, each checked first: a Pattern edited by hand into a wrong regular
    expression, or one without the group ( ) that holds the value, is said at its cell before recognition, a
    posting or a test reads it (else a movement's label would stop the whole run)."""
    table, found = book.table("Substitutions"), {}
    for s in book.records("Substitutions"):
        if not s.pattern:
            continue
        try:
            wrong = "" if re.compile(s.pattern).groups else "it has no group ( ) around the value to extract"
        except re.error as error:
            wrong = f"it is not a regular expression ({error})"
        if wrong:
            raise InvalidFormat(f'substitution string "{s.name}": the pattern {s.pattern!r} is wrong: {wrong}',
                                "define it again with `comptoir bank substitution add` (the same name replaces it)",
                                table.cell(s.row, "pattern"))
        found[s.name] = s.pattern
    return found


def has_substitution(book, name: str) -> bool:
    return any(s.name == plain_name(name) for s in book.records("Substitutions"))


def _personal(book, name: str):
    name = plain_name(name)
    for s in book.records("Substitutions"):
        if s.name == name:
            return s
    if name in subst.PREDEFINED:
        raise BusinessRuleError(tr('"{name}" is a predefined substitution string ({what})', book.language,
                                   name=name, what=subst.PREDEFINED[name]),
                                tr("only personal strings are tested or removed; see `comptoir bank substitution "
                                   "list`", book.language))
    known = ", ".join(s.name for s in book.records("Substitutions")) or tr("none yet", book.language)
    raise BusinessRuleError(tr('{sheet}: there is no substitution string "{name}" (personal ones: {known})',
                               book.language, sheet=book.title("Substitutions"), name=name, known=known),
                            tr("define it with `comptoir bank substitution add BOOK NAME --movement ID --marked TEXT`",
                               book.language))


def test_substitution(book, name: str) -> list[tuple[int, str | None]]:
    """The manual's "Tester": what the string extracts from every pending movement (None where it finds nothing)."""
    name = _personal(book, name).name
    pattern = personal_patterns(book).get(name)
    if not pattern:
        raise BusinessRuleError(tr('{sheet}: "{name}" has no {column}', book.language,
                                   sheet=book.title("Substitutions"), name=name,
                                   column=terms.header("Pattern", book.language)),
                                tr("define it again with `comptoir bank substitution add BOOK NAME --movement ID "
                                   "--marked TEXT` (the same name replaces it)", book.language))
    pending = [m for m in book.records("Movements") if m.state == "pending"]
    return [(pending[i].movement_id, value)
            for i, value in subst.test_pattern(pattern, [mv.raw_text(m) for m in pending])]


def users_of(book, name: str) -> list[str]:
    """Where ``{name}`` is written: rules' labels and lines, movement types' label templates."""
    name = plain_name(name)
    field = re.compile(r"\{" + re.escape(name) + r"(?::[^{}]*)?\}")
    found = [f"rule {r.rule_id} «{r.title}»" for r in book.records("Rules")
             if field.search(r.label or "") or field.search(r.lines or "")]
    return found + [f"movement type «{t.type}»" for t in book.records("MovementTypes")
                    if field.search(t.label_template or "")]


def remove_substitution(book, name: str, *, force: bool = False) -> list[str]:
    """Delete a personal string; refused while a label uses it (it would print «{name}»), unless ``force``."""
    name = _personal(book, name).name
    users = users_of(book, name)
    if users and not force:
        raise BusinessRuleError(tr('{sheet}: "{name}" is used by {users}', book.language,
                                   sheet=book.title("Substitutions"), name=name, users=", ".join(users)),
                                tr("take {field} out of those labels first, or remove it with --force (the labels "
                                   "then show {field} as written)", book.language, field="{" + name + "}"))
    book.put("Substitutions", [s for s in book.records("Substitutions") if s.name != name])
    return users
