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
        description=tr("Swiss small-business back office on Excel workbooks."),
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    if command in commands.MODULES:
        importlib.import_module(f"{commands.__name__}.{commands.MODULES[command]}").register(sub)
    else:  # the list of commands: their one-line help, no module imported (`comptoir --help` in ~0.1 s)
        for name, text in commands.HELP.items():
            sub.add_parser(name, help=text)
    return parser


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
