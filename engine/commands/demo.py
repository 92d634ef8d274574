"""``comptoir demo DIR``: build the demo company in DIR and run it through the cycle."""
from __future__ import annotations

from pathlib import Path

from engine import progress
from engine.demo import run


def register(sub) -> None:
    demo = sub.add_parser("demo", help="build a demo Swiss SME in DIR and run the whole cycle")
    demo.add_argument("folder", type=Path, metavar="DIR")
    demo.set_defaults(run=run_demo)


def run_demo(args) -> int:
    print(f"Comptoir demo in {args.folder.resolve()}")
    run.run(args.folder, progress=progress.terminal())
    print("done: open the books in Excel or LibreOffice to look around.")
    return 0
