"""The ``comptoir`` command: headless runs on saved workbooks.

Each module in :mod:`engine.commands` adds its sub-commands with ``register(subparsers)`` and sets
``run=function(args) -> exit status``; this file only finds them and presents errors (STYLE.md §5).
Exit status: 0 ok, 1 problems found / invalid input, 2 usage or a refused run.
"""
from __future__ import annotations

import argparse
import importlib
import json
import sys

from engine import commands, i18n
from engine.i18n import tr
from engine.errors import ComptoirError, ProblemsFound


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser with every command, or only with ``command``'s module when it is a known command."""
    parser = argparse.ArgumentParser(
        prog="comptoir",
        description="Swiss small-business back office on Excel workbooks.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    if command in commands.MODULES:
        importlib.import_module(f"{commands.__name__}.{commands.MODULES[command]}").register(sub)
    else:  # the list of commands: their one-line help, no module imported (`comptoir --help` in ~0.1 s)
        for name, text in commands.HELP.items():
            sub.add_parser(name, help=text)
    _in_systems_language(parser)
    return parser


def _in_systems_language(parser: argparse.ArgumentParser) -> None:
    """Every help text of ``parser`` and its sub-commands in the system's language (no book is open yet when the
    help is read): the modules write their help in English once, and the catalogue (commands.po) says it in the
    others; a help text the catalogue does not know stays English."""
    parser.description = tr(parser.description) if parser.description else parser.description
    for action in parser._actions:
        if action.help and action.help is not argparse.SUPPRESS:
            action.help = tr(action.help)
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:  # the one-line help of each sub-command in the list
                choice.help = tr(choice.help) if choice.help else choice.help
            for child in set(action.choices.values()):
                _in_systems_language(child)


# argparse's own words ("usage:", "options", "the following arguments are required") come through its module's
# gettext; they are said from Comptoir's catalogue instead, which knows them in the four languages.
argparse._ = lambda text: tr(text) if text else text


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(argv[0] if argv else None)
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 2
    tokens = i18n.command_started(argv)  # messages: the language of the book the command names, else the system's
    try:
        return _run(args)
    finally:
        i18n.command_ended(tokens)


def _run(args) -> int:
    try:
        return int(args.run(args) or 0)
    except ProblemsFound as found:
        if getattr(args, "json", False):
            print(json.dumps([p.as_dict() for p in found.problems], ensure_ascii=False, indent=1))
        else:
            for problem in found.problems:
                print(problem, file=sys.stderr)
            print(tr("{count} problem(s); nothing was written.", count=len(found.problems)), file=sys.stderr)
        return 1
    except ComptoirError as error:
        print(f"comptoir: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `comptoir ... | head`: the reader left; nothing more to say
        return 0
    except KeyboardInterrupt:
        print(tr("comptoir: interrupted; nothing was written."), file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
