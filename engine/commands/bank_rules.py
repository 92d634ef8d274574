"""``comptoir bank rule-from | rules test|check|copy | substitution add|list|test|remove``: reconciliation rules and
personal substitution strings (manual §6.4, §6.5), with the rule backtest (:mod:`engine.services.bank_backtest`)."""
from __future__ import annotations

from pathlib import Path

from engine.dates import date_option
from engine.errors import ComptoirError
from engine.store.book import Book

SHOWN = 20  # movements listed by name in a backtest or a test; the rest are counted


def say_backtest(found) -> list[str]:
    """A backtest as the lines the command and the ribbon show."""
    rule = found.rule
    lines = [f"rule {rule.rule_id} «{rule.title}» (Order {rule.order}{'' if found.active else ', inactive'}): "
             f"catches {found.count('processed')} processed and {found.count('pending')} pending movement(s)"]
    for other, count in sorted(found.overlaps.items()):
        lines.append(f"  rule {other} also matches {count} of them")
    if found.lost:
        winners = sorted({c.winner for c in found.caught if c.winner != rule.rule_id})
        lines.append(f"  on {found.lost} of them an earlier rule wins ({', '.join(map(str, winners))}): lower this "
                     "rule's Order to make it apply")
    first = len(found.caught) - found.lost - found.applies  # it wins among rules, an earlier matcher takes them
    if first > 0:
        lines.append(f"  {first} of them are recognised before any rule (QR or creditor reference, end-to-end id, "
                     "reversal): the rule does not apply to them")
    lines.append(f"  it applies to {found.applies} of them")
    if found.changes:
        lines.append(f"  it changes the proposal of {len(found.changes)} pending movement(s):")
        lines += [f"    movement {c.movement_id}: {c.before}  ⇒  {c.after}" for c in found.changes[:SHOWN]]
        if len(found.changes) > SHOWN:
            lines.append(f"    … and {len(found.changes) - SHOWN} more")
    else:
        lines.append("  it changes no pending movement's proposal")
    return lines


def say_check(found) -> list[str]:
    lines = [f"rule {r.rule_id} «{r.title}» matches none of the {found.movements} movement(s)" for r in found.never]
    lines += [f"rules {o.first.rule_id} «{o.first.title}» and {o.second.rule_id} «{o.second.title}» both match "
              f"{o.movements} movement(s); {o.first.rule_id} wins (Order {o.first.order} before {o.second.order})"
              for o in found.overlaps]
    lines += [f"rule {r.rule_id} «{r.title}» never applies: every movement it matches goes to an earlier rule "
              "(lower its Order)" for r in found.shadowed]
    quiet = [f"rule {r.rule_id} «{r.title}» has no movement of its period and account yet" for r in found.untried]
    return (lines or [f"{found.rules} rule(s) on {found.movements} movement(s): each matches some, none overlap"]
            ) + quiet


def run_rule_from(args) -> int:
    from engine.services import bank_backtest, bank_rules
    book = Book.open(args.book)
    rule = bank_rules.rule_from_movement(book, args.id, title=args.title or "", account=args.account or "",
                                         contains=args.contains or "")
    found = bank_backtest.backtest(book, rule.rule_id)
    book.save()
    print(f"rule {rule.rule_id} «{rule.title}»: contains «{rule.contains}», {rule.direction}; edit it in Rules")
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
        raise ComptoirError(f"--to {args.to} is the book itself", "leave --to out to copy within the same book")
    book = Book.open(args.book)
    into = Book.open(args.to) if args.to else None
    done = bank_rules_copy.copy_rules(book, args.start, args.until, into=into)
    (into or book).save()
    where = f"into {into.name}" if into else f"in {book.name}"
    print(f"{len(done.rules)} rule(s) copied {where} from {args.start:%d.%m.%Y}: RuleIds "
          f"{', '.join(map(str, done.rules))}")
    if done.closed:
        print(f"rules {', '.join(map(str, done.closed))} now end on the day before (ValidTo)")
    if into:
        print(f"{len(done.substitutions)} substitution string(s) copied"
              + (f"; {', '.join(done.kept)} kept as {into.name} has them (another pattern)" if done.kept else ""))
        for iban in done.strangers:
            print(f"warning: {into.name} has no bank account {iban} in BankAccounts: the rules for it match nothing "
                  "there until you add it")
    else:
        print("substitution strings have no period in a book: they serve the new period as they are")
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
    print(f"substitution string {{{args.name}}} {'replaced' if replaced else 'defined'}: pattern {pattern}")
    _say_extracted(found, "movement(s) of the account")
    return 0


def _say_extracted(found, what: str) -> None:
    print("\n".join(say_extracted(found, what)))


def say_extracted(found, what: str) -> list[str]:
    """What a string extracts: the movements it reads a value from, then those it finds nothing in (by number)."""
    hits = [(i, v) for i, v in found if v is not None]
    misses = [str(i) for i, v in found if v is None]
    lines = [f"extracts a value from {len(hits)} of {len(found)} {what}"]
    lines += [f"  movement {movement_id}: {value}" for movement_id, value in hits[:SHOWN]]
    if len(hits) > SHOWN:
        lines.append(f"  … and {len(hits) - SHOWN} more")
    if misses:
        more = f", … ({len(misses)} in all)" if len(misses) > SHOWN else ""
        lines.append(f"  nothing in movement(s) {', '.join(misses[:SHOWN])}{more}")
    return lines


def run_substitution_list(args) -> int:
    from engine.domain.reconcile import substitutions as subst
    from engine.services import bank_rules
    book = Book.open(args.book)
    rows = book.records("Substitutions")
    for s in rows:
        around = " ".join(filter(None, (f"after «{s.before}»" if s.before else "",
                                        f"before «{s.after}»" if s.after else "")))
        users = bank_rules.users_of(book, s.name)
        used = f"; used by {', '.join(users)}" if users else "; used by no label yet"
        print(f"{{{s.name}}}  «{s.example or ''}» {around}  pattern {s.pattern or '-'}  {s.note or ''}{used}")
    if not rows:
        print("no personal substitution string yet")
    print("predefined: " + ", ".join(f"{{{name}}}" for name in subst.PREDEFINED))
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
    print(f"substitution string {{{args.name}}} removed"
          + (f"; {', '.join(users)} now show {{{args.name}}} as written" if users else ""))
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
