"""``comptoir bank rule-from | rules test|check|copy | substitution add|list|test|remove``: reconciliation rules and
personal substitution strings (manual §6.4, §6.5), with the rule backtest (:mod:`engine.services.bank_backtest`)."""
from __future__ import annotations

from pathlib import Path

from engine.dates import date_option
from engine.errors import ComptoirError
from engine.i18n import tr
from engine.schema import terms
from engine.store.book import Book

SHOWN = 20  # movements listed by name in a backtest or a test; the rest are counted


def say_backtest(found) -> list[str]:
    """A backtest as the lines the command and the ribbon show."""
    rule = found.rule
    lines = [tr("rule {rule} «{title}» (Order {order}): catches {processed} processed and {pending} pending "
                "movement(s)" if found.active else
                "rule {rule} «{title}» (Order {order}, inactive): catches {processed} processed and {pending} "
                "pending movement(s)", rule=rule.rule_id, title=rule.title, order=rule.order,
                processed=found.count("processed"), pending=found.count("pending"))]
    for other, count in sorted(found.overlaps.items()):
        lines.append("  " + tr("rule {rule} also matches {count} of them", rule=other, count=count))
    if found.lost:
        winners = sorted({c.winner for c in found.caught if c.winner != rule.rule_id})
        lines.append("  " + tr("on {count} of them an earlier rule wins ({rules}): lower this rule's Order to make it "
                               "apply", count=found.lost, rules=", ".join(map(str, winners))))
    first = len(found.caught) - found.lost - found.applies  # it wins among rules, an earlier matcher takes them
    if first > 0:
        lines.append("  " + tr("{count} of them are recognised before any rule (QR or creditor reference, end-to-end "
                               "id, reversal): the rule does not apply to them", count=first))
    lines.append("  " + tr("it applies to {count} of them", count=found.applies))
    if found.changes:
        lines.append("  " + tr("it changes the proposal of {count} pending movement(s):", count=len(found.changes)))
        lines += ["    " + tr("movement {id}: {before}  ⇒  {after}", id=c.movement_id, before=c.before, after=c.after)
                  for c in found.changes[:SHOWN]]
        if len(found.changes) > SHOWN:
            lines.append("    " + tr("… and {count} more", count=len(found.changes) - SHOWN))
    else:
        lines.append("  " + tr("it changes no pending movement's proposal"))
    return lines


def say_check(found) -> list[str]:
    lines = [tr("rule {rule} «{title}» matches none of the {count} movement(s)", rule=r.rule_id, title=r.title,
                count=found.movements) for r in found.never]
    lines += [tr("rules {first} «{first_title}» and {second} «{second_title}» both match {count} movement(s); {first} "
                 "wins (Order {first_order} before {second_order})", first=o.first.rule_id, first_title=o.first.title,
                 second=o.second.rule_id, second_title=o.second.title, count=o.movements,
                 first_order=o.first.order, second_order=o.second.order) for o in found.overlaps]
    lines += [tr("rule {rule} «{title}» never applies: every movement it matches goes to an earlier rule (lower its "
                 "Order)", rule=r.rule_id, title=r.title) for r in found.shadowed]
    quiet = [tr("rule {rule} «{title}» has no movement of its period and account yet", rule=r.rule_id, title=r.title)
             for r in found.untried]
    return (lines or [tr("{rules} rule(s) on {count} movement(s): each matches some, none overlap",
                         rules=found.rules, count=found.movements)]) + quiet


def run_rule_from(args) -> int:
    from engine.services import bank_backtest, bank_rules
    book = Book.open(args.book)
    rule = bank_rules.rule_from_movement(book, args.id, title=args.title or "", account=args.account or "",
                                         contains=args.contains or "")
    found = bank_backtest.backtest(book, rule.rule_id)
    book.save()
    print(tr("rule {rule} «{title}»: contains «{contains}», {direction}; edit it in {sheet}", rule=rule.rule_id,
             title=rule.title, contains=rule.contains, direction=terms.value(rule.direction, book.language),
             sheet=book.title("Rules")))
    print("\n".join(say_backtest(found)))
    return 0


def run_rules_test(args) -> int:
    from engine.services import bank_backtest
    print("\n".join(say_backtest(bank_backtest.backtest(Book.open(args.book), args.rule))))
    return 0


def run_rules_check(args) -> int:
    from engine.services import bank_backtest
    found = bank_backtest.check(Book.open(args.book))
    print("\n".join(say_check(found)))
    return 0 if found.clean else 1


def run_rules_copy(args) -> int:
    from engine.services import bank_rules_copy
    if args.to and Path(args.to).resolve() == Path(args.book).resolve():
        raise ComptoirError(tr("--to {book} is the book itself", book=args.to),
                            tr("leave --to out to copy within the same book"))
    book = Book.open(args.book)
    into = Book.open(args.to) if args.to else None
    done = bank_rules_copy.copy_rules(book, args.start, args.until, into=into)
    (into or book).save()
    said = (tr("{count} rule(s) copied into {book} from {date}: RuleIds {rules}") if into else
            tr("{count} rule(s) copied in {book} from {date}: RuleIds {rules}"))
    print(said.format(count=len(done.rules), book=(into or book).name, date=f"{args.start:%d.%m.%Y}",
                      rules=", ".join(map(str, done.rules))))
    if done.closed:
        print(tr("rules {rules} now end on the day before (ValidTo)", rules=", ".join(map(str, done.closed))))
    if into:
        print(tr("{count} substitution string(s) copied", count=len(done.substitutions))
              + (tr("; {names} kept as {book} has them (another pattern)", names=", ".join(done.kept), book=into.name)
                 if done.kept else ""))
        for iban in done.strangers:
            print(f"{tr('warning')}: " + tr("{book} has no bank account {iban} in {sheet}: the rules for it match "
                                            "nothing there until you add it", book=into.name, iban=iban,
                                            sheet=into.title("BankAccounts")))
    else:
        print(tr("substitution strings have no period in a book: they serve the new period as they are"))
    return 0


def run_substitution_add(args) -> int:
    from engine.services import bank_rules
    book = Book.open(args.book)
    args.name = bank_rules.plain_name(args.name)
    replaced = bank_rules.has_substitution(book, args.name)
    found = bank_rules.define_substitution(book, args.name, movement_id=args.movement, marked=args.marked,
                                           before=args.before or "", after=args.after or "")
    book.save()
    pattern = next(s.pattern for s in book.records("Substitutions") if s.name == args.name)
    print((tr("substitution string {name} replaced: pattern {pattern}") if replaced else
           tr("substitution string {name} defined: pattern {pattern}")).format(name=f"{{{args.name}}}",
                                                                              pattern=pattern))
    _say_extracted(found, "movement(s) of the account")
    return 0


def _say_extracted(found, what: str) -> None:
    print("\n".join(say_extracted(found, what)))


def say_extracted(found, what: str) -> list[str]:
    """What a string extracts: the movements it reads a value from, then those it finds nothing in (by number)."""
    hits = [(i, v) for i, v in found if v is not None]
    misses = [str(i) for i, v in found if v is None]
    lines = [tr("extracts a value from {hits} of {count} {what}", hits=len(hits), count=len(found), what=tr(what))]
    lines += ["  " + tr("movement {id}: {value}", id=movement_id, value=value) for movement_id, value in hits[:SHOWN]]
    if len(hits) > SHOWN:
        lines.append("  " + tr("… and {count} more", count=len(hits) - SHOWN))
    if misses:
        more = tr(", … ({count} in all)", count=len(misses)) if len(misses) > SHOWN else ""
        lines.append("  " + tr("nothing in movement(s) {ids}", ids=", ".join(misses[:SHOWN])) + more)
    return lines


def run_substitution_list(args) -> int:
    from engine.domain.reconcile import substitutions as subst
    from engine.services import bank_rules
    book = Book.open(args.book)
    rows = book.records("Substitutions")
    for s in rows:
        around = " ".join(filter(None, (tr("after «{text}»", text=s.before) if s.before else "",
                                        tr("before «{text}»", text=s.after) if s.after else "")))
        users = bank_rules.users_of(book, s.name)
        used = tr("; used by {labels}", labels=", ".join(users)) if users else tr("; used by no label yet")
        print(f"{{{s.name}}}  «{s.example or ''}» {around}  " + tr("pattern {pattern}", pattern=s.pattern or "-")
              + f"  {s.note or ''}{used}")
    if not rows:
        print(tr("no personal substitution string yet"))
    print(tr("predefined: {names}", names=", ".join(f"{{{name}}}" for name in subst.PREDEFINED)))
    return 0


def run_substitution_test(args) -> int:
    from engine.services import bank_rules
    _say_extracted(bank_rules.test_substitution(Book.open(args.book), args.name), "pending movement(s)")
    return 0


def run_substitution_remove(args) -> int:
    from engine.services import bank_rules
    book = Book.open(args.book)
    args.name = bank_rules.plain_name(args.name)
    users = bank_rules.remove_substitution(book, args.name, force=args.force)
    book.save()
    name = f"{{{args.name}}}"
    print(tr("substitution string {name} removed", name=name)
          + (tr("; {labels} now show {name} as written", labels=", ".join(users), name=name) if users else ""))
    return 0


def add_to(sub) -> None:
    """The rule and substitution subcommands of ``comptoir bank``."""
    p = sub.add_parser("rule-from", help="create a rule pre-filled from a movement, and show what it catches")
    p.add_argument("book"), p.add_argument("--id", type=int, required=True), p.add_argument("--title")
    p.add_argument("--account"), p.add_argument("--contains", help="the text common to the movements the rule is "
                                                "for (default: the movement's counterparty or text)")
    p.set_defaults(run=run_rule_from)
    rules = sub.add_parser("rules", help="rules: test one (backtest), check all, copy into a new period")
    verbs = rules.add_subparsers(dest="rules_command", required=True)
    p = verbs.add_parser("test", help="what a rule catches: processed and pending movements, overlaps, the "
                         "pending proposals it changes")
    p.add_argument("book"), p.add_argument("--rule", type=int, required=True)
    p.set_defaults(run=run_rules_test)
    p = verbs.add_parser("check", help="rules that never match and pairs that overlap (exit 1 when any)")
    p.add_argument("book")
    p.set_defaults(run=run_rules_check)
    p = verbs.add_parser("copy", help="copy the previous period's rules (and, into another book, the substitution "
                         "strings) into the period from --from; refused when done before")
    p.add_argument("book"), p.add_argument("--from", dest="start", type=date_option, required=True)
    p.add_argument("--until", type=date_option, help="the new period's last day (default: open)")
    p.add_argument("--to", help="next year's invoicing book (default: this book)")
    p.set_defaults(run=run_rules_copy)
    subs = sub.add_parser("substitution", help="personal substitution strings: add (or replace), list, test, remove")
    verbs = subs.add_subparsers(dest="substitution_command", required=True)
    p = verbs.add_parser("add", help="define {NAME} by example: the text marked in a movement, between --before "
                         "and --after; the same NAME replaces it")
    p.add_argument("book"), p.add_argument("name"), p.add_argument("--movement", type=int, required=True)
    p.add_argument("--marked", required=True), p.add_argument("--before"), p.add_argument("--after")
    p.set_defaults(run=run_substitution_add)
    p = verbs.add_parser("list", help="the personal strings and the predefined names")
    p.add_argument("book")
    p.set_defaults(run=run_substitution_list)
    p = verbs.add_parser("test", help="what {NAME} extracts from every pending movement")
    p.add_argument("book"), p.add_argument("name")
    p.set_defaults(run=run_substitution_test)
    p = verbs.add_parser("remove", help="delete {NAME} (refused while a label uses it, unless --force)")
    p.add_argument("book"), p.add_argument("name"), p.add_argument("--force", action="store_true")
    p.set_defaults(run=run_substitution_remove)
