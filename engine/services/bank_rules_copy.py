"""Rules and substitution strings into a new accounting period (manual §6.4 and §6.5.2: "lorsque vous ouvrez une
nouvelle période comptable toutes les règles définies pour la période précédente seront automatiquement copiées
dans la nouvelle").

A rule belongs to a period through ValidFrom / ValidTo. The previous period's rules are those valid on the day
before the new period starts. In the same book each is copied with ValidFrom = the new start, and an open-ended
original is closed the day before: left open it would still match every movement of the new year and, being
earlier in Order, win over its copy, so editing the copy would change nothing. Into next year's book
(``into``) the originals stay as they are. Substitution strings have no period in a book (one per name): in the same
book they serve the new period as they are; into another book they are copied, a name it already has kept as it is.
Copying twice is refused: the target already has rules starting that day.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from engine.errors import BusinessRuleError
from engine.i18n import tr
from engine.schema.terms import shown_header, shown_sheet


@dataclass(frozen=True, slots=True, kw_only=True)
class Copied:
    rules: tuple[int, ...]  # the new RuleIds
    closed: tuple[int, ...]  # originals given ValidTo = the day before (same book only)
    substitutions: tuple[str, ...] = ()  # copied into the other book
    kept: tuple[str, ...] = ()  # names the other book has already, with another pattern: its own is kept
    strangers: tuple[str, ...] = ()  # BankIBANs of copied rules that the other book's BankAccounts lacks


def _previous(rules, start: date) -> list:
    day = start - timedelta(days=1)
    return [r for r in rules if r.rule_id is not None and (r.valid_from is None or r.valid_from <= day)
            and (r.valid_to is None or r.valid_to >= day)]


def _refuse_twice(rules, start: date, where: str) -> None:
    already = [r.rule_id for r in rules if r.valid_from == start]
    if already:
        raise BusinessRuleError(tr("{sheet} of {book}: rules {rules} already start on {date}: the rules were copied "
                                   "into that period before", sheet=shown_sheet("Rules"), book=where,
                                   rules=", ".join(map(str, already)), date=f"{start:%d.%m.%Y}"),
                                tr("edit those rules; to copy again, delete them first"))
    later = [r for r in rules if r.valid_from is not None and r.valid_from > start]
    if later:  # their copies, open-ended, would overlap the later period's rules
        first = min(r.valid_from for r in later)
        raise BusinessRuleError(tr("{sheet} of {book}: rules {rules} already start later, on {first}: a period after "
                                   "{start} is open", sheet=shown_sheet("Rules"), book=where,
                                   rules=", ".join(str(r.rule_id) for r in later), first=f"{first:%d.%m.%Y}",
                                   start=f"{start:%d.%m.%Y}"),
                                tr("copy into the latest period only (--from its first day)"))


def copy_rules(book, start: date, end: date | None = None, *, into=None) -> Copied:
    """Copy the rules valid on the day before ``start`` into the period from ``start`` (to ``end``), in ``book``
    or into ``into`` (next year's book, with the substitution strings). Nothing is written when refused."""
    target = into if into is not None else book
    if target.kind != "invoicing":
        raise BusinessRuleError(tr("{book} is a ledger book: it has no {sheet} sheet", book=target.name,
                                   sheet=shown_sheet("Rules")), tr("copy into next year's invoicing book"))
    source_rules = list(book.records("Rules"))
    target_rules = source_rules if into is None else list(target.records("Rules"))
    _refuse_twice(target_rules, start, target.name)
    previous = _previous(source_rules, start)
    if not previous:
        raise BusinessRuleError(tr("{sheet} of {book}: no rule is valid on {date}, the last day of the previous "
                                   "period", sheet=shown_sheet("Rules"), book=book.name,
                                   date=f"{start - timedelta(days=1):%d.%m.%Y}"),
                                tr("check {valid_from} / {valid_to}, or the --from date",
                                   valid_from=shown_header("ValidFrom", "Rules"),
                                   valid_to=shown_header("ValidTo", "Rules")))
    if end is not None and end < start:
        raise BusinessRuleError(tr("the period ends ({end}) before it starts ({start})", end=f"{end:%d.%m.%Y}",
                                   start=f"{start:%d.%m.%Y}"), tr("give --until after --from"))
    last_id = max((r.rule_id or 0 for r in target_rules), default=0)
    last_order = max((r.order or 0 for r in target_rules), default=0)
    ranked = sorted(previous, key=lambda r: (r.order if r.order is not None else r.rule_id, r.rule_id))
    copies = [replace(r, rule_id=last_id + n, order=last_order + n, valid_from=start, valid_to=end, row=None)
              for n, r in enumerate(ranked, start=1)]
    closed = ()
    if into is None:
        day = start - timedelta(days=1)
        closed = tuple(r.rule_id for r in previous if r.valid_to is None)
        kept_rules = [replace(r, valid_to=day) if r.rule_id in closed else r for r in source_rules]
        book.put("Rules", [*kept_rules, *copies])
        return Copied(rules=tuple(r.rule_id for r in copies), closed=closed)
    copied, kept = _copy_substitutions(book, into)
    into.put("Rules", [*target_rules, *copies])
    accounts = {(a.iban or "").replace(" ", "").upper() for a in into.records("BankAccounts")}
    strangers = tuple(sorted({iban for r in copies if (iban := (r.bank_iban or "").replace(" ", "").upper())
                              and iban not in accounts}))
    return Copied(rules=tuple(r.rule_id for r in copies), closed=(), substitutions=copied, kept=kept,
                  strangers=strangers)


def _copy_substitutions(book, into) -> tuple[tuple[str, ...], tuple[str, ...]]:
    theirs = {s.name: s for s in into.records("Substitutions")}
    mine = [s for s in book.records("Substitutions") if s.name]
    new = [s for s in mine if s.name not in theirs]
    kept = tuple(s.name for s in mine if s.name in theirs and theirs[s.name].pattern != s.pattern)
    if new:
        into.put("Substitutions", [*theirs.values(), *(into.new("Substitutions", **{
            name: getattr(s, name) for name in ("name", "kind", "before", "after", "example", "pattern", "note")})
            for s in new)])
    return tuple(s.name for s in new), kept
