"""The ribbon's reconciliation-rule and substitution-string buttons (manual §6.4, §6.5): each acts on the selected
rows, calls the same engine service as ``comptoir bank rules … / substitution …`` and says what happened; what a
check finds goes to the Problems sheet. Actions are ``(book, ui, xl_book) -> message`` like
:mod:`addin.ribbon_actions`.
"""
from __future__ import annotations

import datetime as dt

from addin.ribbon_actions import selected
from engine.errors import ComptoirError, Problem

SHOWN = 10  # lines a message box shows before "… and n more"


def ask_text(xl_book, prompt: str, default: str = "", *, optional: bool = False) -> str:
    """Excel's own input box (text type); Cancel stops the button, nothing changed."""
    api = getattr(getattr(xl_book, "app", None), "api", None)
    ask = getattr(api, "InputBox", None)
    if ask is None:
        raise ComptoirError("this Excel offers Python no input box", "use the `comptoir bank` command instead")
    answer = ask(prompt, "Comptoir", default, Type=2)  # Type=2: text
    if answer is False or answer is None or (answer == "" and not optional):
        raise ComptoirError("cancelled", "nothing was changed")
    return str(answer).strip()


def _shorten(lines: list[str]) -> str:
    more = f"\n… and {len(lines) - SHOWN} more" if len(lines) > SHOWN else ""
    return "\n".join(lines[:SHOWN]) + more


def test_rule(book, ui, xl_book) -> str:
    """The backtest of each selected rule (after creating or editing it)."""
    from engine.commands.bank_rules import say_backtest
    from engine.services import bank_backtest
    return "\n\n".join("\n".join(say_backtest(bank_backtest.backtest(book, r.rule_id)))
                       for r in selected(book, xl_book, "Rules"))


def check_rules(book, ui, xl_book) -> str:
    """Rules that never match, overlapping pairs and rules that never win, as warnings on the Problems sheet (each on
    its Rules row)."""
    from addin.ribbon import write_problems
    from engine.commands.bank_rules import say_check
    from engine.services import bank_backtest
    found = bank_backtest.check(book)
    said = say_check(found)
    where = book.table("Rules").cell  # the rule's row, its Contains column
    hint = "lower the Order of the rule that should win, or narrow the texts"
    never = "check its Contains text, Regex and BankIBAN, or delete it"
    problems = [Problem(message=text, source=where(r.row, "contains"), severity="warning", hint=never)
                for r, text in zip(found.never, said)]
    problems += [Problem(message=text, source=where(o.second.row, "contains"), severity="warning", hint=hint)
                 for o, text in zip(found.overlaps, said[len(found.never):])]
    problems += [Problem(message=text, source=where(r.row, "order"), severity="warning", hint=hint)
                 for r, text in zip(found.shadowed, said[len(found.never) + len(found.overlaps):])]
    if "Problems" in book.sheet_titles:  # in the book's language: Problèmes, Probleme…
        write_problems(book, problems)
        book.save()
    if found.clean:
        return said[0]
    return (f"{len(found.never)} rule(s) never match, {len(found.overlaps)} pair(s) overlap — see the Problems "
            f"sheet.\n{_shorten(said)}")


def copy_rules(book, ui, xl_book) -> str:
    """The previous period's rules into a new one starting on the day asked (1 January next year proposed)."""
    from argparse import ArgumentTypeError

    from engine.dates import date_option
    from engine.services import bank_rules_copy
    selected(book, xl_book, "Rules")  # on the Rules sheet: the user sees what is copied
    proposed = dt.date(dt.date.today().year + 1, 1, 1)
    answer = ask_text(xl_book, "First day of the new accounting period (the rules valid the day before are "
                      "copied into it)", f"{proposed:%d.%m.%Y}")
    try:
        start = date_option(answer)
    except ArgumentTypeError as error:  # the command line's wording, said in a message box
        raise ComptoirError(str(error), "click Copy rules to new period again") from None
    done = bank_rules_copy.copy_rules(book, start)
    book.save()
    closed = f"; rules {', '.join(map(str, done.closed))} end the day before" if done.closed else ""
    return (f"{len(done.rules)} rule(s) copied from {start:%d.%m.%Y}: RuleIds {', '.join(map(str, done.rules))}"
            f"{closed}. Substitution strings serve the new period as they are.")


def new_substitution(book, ui, xl_book) -> str:
    """A personal substitution string defined by example on the selected movement (the same name replaces it)."""
    from engine.commands.bank_rules import say_extracted
    from engine.domain.reconcile import movements as mv
    from engine.services import bank_rules
    movement = selected(book, xl_book, "Movements")[0]
    text = mv.raw_text(movement)
    name = ask_text(xl_book, f"Name of the substitution string (used as {{name}} in labels).\n\nMovement "
                    f"{movement.movement_id}: {text[:200]}")
    marked = ask_text(xl_book, f"The text to extract, copied from the movement:\n\n{text[:200]}")
    before = ask_text(xl_book, "The text just before it, that does not change between movements (may be empty "
                      "when the text starts the details)", optional=True)
    after = ask_text(xl_book, "The text just after it (may be empty when the text ends the details)", optional=True)
    replaced = bank_rules.has_substitution(book, name)
    found = bank_rules.define_substitution(book, name, movement_id=movement.movement_id, marked=marked,
                                           before=before, after=after)
    book.save()
    said = say_extracted(found, "movement(s) of the account")
    return f"{{{name}}} {'replaced' if replaced else 'defined'}: it {said[0]}.\n{_shorten(said[1:])}"


def test_substitution(book, ui, xl_book) -> str:
    """The manual's "Tester": what each selected string extracts from every pending movement."""
    from engine.commands.bank_rules import say_extracted
    from engine.services import bank_rules
    out = []
    for s in selected(book, xl_book, "Substitutions"):
        said = say_extracted(bank_rules.test_substitution(book, s.name), "pending movement(s)")
        out.append(f"{{{s.name}}} {said[0]}\n{_shorten(said[1:])}")
    return "\n\n".join(out)


def remove_substitution(book, ui, xl_book) -> str:
    """The selected strings deleted; refused while a rule's or a type's label uses one."""
    from engine.services import bank_rules
    names = [s.name for s in selected(book, xl_book, "Substitutions")]
    for name in names:  # every one checked first: a refusal leaves the book as it was
        users = bank_rules.users_of(book, name)
        if users:
            raise ComptoirError(f'"{name}" is used by {", ".join(users)}',
                                "take {" + name + "} out of those labels first, or use `comptoir bank substitution "
                                "remove BOOK NAME --force`")
    for name in names:
        bank_rules.remove_substitution(book, name)
    book.save()
    return f"Removed substitution string(s) {', '.join('{' + n + '}' for n in names)}."
