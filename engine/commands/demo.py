"""``comptoir demo DIR``: build the demo company in DIR and run it through the cycle."""
from __future__ import annotations

from pathlib import Path

from engine import progress
from engine.demo import folder, run
from engine.i18n import tr


def register(sub) -> None:
    demo = sub.add_parser("demo", help="build a demo Swiss SME in DIR and run the whole cycle")
    demo.add_argument("folder", type=Path, metavar="DIR")
    demo.add_argument("--force", action="store_true",
                      help="start over in a folder that already holds a demo (its books and files are removed)")
    demo.add_argument("--language", choices=("en", "fr", "de", "it"), default="en",
                      help="the books' sheet names, headers and drop-down values in this language")
    demo.set_defaults(run=run_demo)


def run_demo(args) -> int:
    removed = folder.prepare(args.folder, args.force, args.language)  # before anything is written
    # the demo speaks the language of its books from the first line (the system's for English books)
    print(tr("Comptoir demo in {folder}", args.language, folder=args.folder.resolve()))
    if removed:
        print(tr("started over: removed the earlier demo's {files}", args.language, files=", ".join(removed)))
    run.run(args.folder, progress=progress.terminal(), language=args.language)
    print(tr("done: open the books in Excel or LibreOffice to look around.", args.language))
    return 0
