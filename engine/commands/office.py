"""``comptoir office``: a fiduciary's mandates processed in one night — the registry (add, list, remove), the run
(``run --workers N``, on as many machines as share the ``--database``), and the morning report."""
from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

from engine import i18n, progress
from engine.dates import date_option
from engine.errors import ComptoirError
from engine.i18n import tr

CHECK = "-check"  # the suffix of a report-only night's name
DATABASE_HELP = ("the office database: a file (SQLite, one machine) or postgresql://USER:PASSWORD@HOST:PORT/DB "
                 "(several machines); default $COMPTOIR_OFFICE, else office.sqlite here")


def register(subparsers) -> None:
    parser = subparsers.add_parser("office", help="a fiduciary's mandates: registry, nightly run, morning report")
    sub = parser.add_subparsers(dest="office_command", metavar="ACTION", required=True)

    p = sub.add_parser("add", help="register a mandate (the folder holding its books and .comptoir/)")
    p.add_argument("folder", type=Path)
    p.add_argument("--name", help="default: the folder's name")
    p.add_argument("--invoicing", metavar="BOOK", help="the invoicing book the bank files go into (required "
                   "when the mandate links several; default: its only one)")
    p.add_argument("--bank", metavar="DIR", help="the bank drop folder (default: each bank account's WatchFolder)")
    p.set_defaults(run=_add)

    p = sub.add_parser("list", help="the registered mandates")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=_list)

    p = sub.add_parser("remove", help="take a mandate out of the office (its books are not touched)")
    p.add_argument("name")
    p.set_defaults(run=_remove)

    p = sub.add_parser("run", help="import, recognise, post, pull and check every mandate (any number of "
                       "processes and machines share the work)")
    p.add_argument("--workers", type=int, default=1, help="processes on this machine (default 1)")
    p.add_argument("--night", default=None, help="the run's name (default: today's date); run again with the same "
                   "name, it only does what is left")
    p.add_argument("--lease", type=float, default=300.0, help="seconds before a silent worker's mandate is taken "
                   "again (default 300; workers renew it while they work)")
    p.add_argument("--attempts", type=int, default=3, help="times a mandate is taken again after its worker died "
                   "before it is marked failed (default 3)")
    p.add_argument("--retry-failed", action="store_true", help="take the night's failed mandates again")
    p.add_argument("--post-until", type=date_option, metavar="DATE", help="also post each invoicing book's "
                   "documents and the payments recognised, up to DATE (as comptoir post BOOK --until DATE)")
    p.add_argument("--check-only", action="store_true", help="a report-only night: check every mandate's books "
                   "and list what needs a person (movements to sort, bank files waiting, broken cells) without "
                   "importing, posting or pulling; its night is named NIGHT-check")
    p.set_defaults(run=_run)

    p = sub.add_parser("report", help="the morning report: what was done and what needs a person")
    p.add_argument("--night", help="default: the last run")
    p.add_argument("--xlsx", type=Path, help="write the workbook here")
    p.add_argument("--pdf", type=Path, help="write the PDF here")
    p.add_argument("--json", action="store_true", help="print everything as JSON")
    p.set_defaults(run=_report)

    for p in sub.choices.values():
        p.add_argument("--database", help=DATABASE_HELP)


def _office(args):
    from engine.office.database import open_office
    # The office names folders, not a workbook: its own words (progress, counts, the morning report's) are the
    # system's, whatever book a mandate opens first; each mandate's findings speak its books' (worker.do_job).
    i18n.speak(i18n.system_language())
    return open_office(args.database)


def _add(args) -> int:
    from engine.office import registry
    with _office(args) as office:
        m = registry.add(office, args.folder, name=args.name, invoicing=args.invoicing, bank_folder=args.bank)
    print(tr("{name} added: the bank files from {bank} go into {invoicing}, its entries into {ledger}",
             name=repr(m.name), bank=m.bank_folder or tr("each bank account WatchFolder"),
             invoicing=m.path(m.invoicing), ledger=m.path(m.ledger)))
    return 0


def _list(args) -> int:
    from engine.office import registry
    with _office(args) as office:
        found = registry.listed(office)
    if args.json:
        print(json.dumps([{"name": m.name, "folder": m.folder, "invoicing": m.invoicing, "ledger": m.ledger,
                           "bank_folder": m.bank_folder, "shared": m.shared} for m in found],
                         ensure_ascii=False, indent=1))
        return 0
    for m in found:
        print(f"{m.name}\t{m.folder}\t{m.bank_folder or '(WatchFolder)'}{chr(9) + m.shared if m.shared else ''}")
    print(tr("{count} mandate(s)", count=len(found)), file=sys.stderr)
    return 0


def _remove(args) -> int:
    from engine.office import registry
    with _office(args) as office:
        m = registry.remove(office, args.name)
    print(tr("{name} removed from the office; its books in {folder} are as they were", name=repr(m.name),
             folder=m.folder))
    return 0


def _run(args) -> int:
    from engine.office import worker
    i18n.speak(i18n.system_language())  # the night's words (see _office)
    if args.workers < 1:
        raise ComptoirError(tr("--workers {workers}: give at least 1", workers=args.workers), tr("e.g. --workers 2"))
    night = args.night or date.today().isoformat()
    if args.check_only and args.post_until:
        raise ComptoirError(tr("--check-only posts nothing: --post-until cannot go with it"),
                            tr("leave one of them out"))
    if args.check_only and not night.endswith(CHECK):  # its jobs never stand for the real night's, done or not
        night += CHECK
    plan = worker.Plan(database=args.database, night=night, lease=args.lease, attempts=args.attempts,
                       post_until=args.post_until, retry_failed=args.retry_failed, check_only=args.check_only)
    try:
        tally = worker.run(plan, args.workers, progress.terminal())
    except KeyboardInterrupt:  # the mandates finished are saved; those half-done are taken again, whole
        print("\n" + tr("comptoir: interrupted. The mandates finished are done, the one in progress was given back; "
                        "run the same command (--night {night}) to do the rest", night=night), file=sys.stderr)
        return 130
    print(tr("night {night}: {done} done, {failed} failed, {left} not finished, of {total} mandate(s); the morning "
             "report: comptoir office report --night {night}", night=night, done=tally.done, failed=tally.failed,
             left=tally.todo + tally.running, total=tally.total))
    return 1 if tally.failed or tally.todo or tally.running else 0


def _report(args) -> int:
    from engine.office import morning, queue
    with _office(args) as office:
        night = args.night or queue.last_night(office)
        if night is None:
            raise ComptoirError(tr("the office has run no night yet"), tr("run comptoir office run first"))
        found = morning.gather(office, night)
    if not found["mandates"]:
        raise ComptoirError(tr("no mandate ran on night {night}", night=repr(night)),
                            tr("see the nights run with comptoir office report (the last one by default)"))
    for path in (args.xlsx, args.pdf):  # a mistyped folder is said, not made (second audit of issue 20)
        if path and not Path(path).expanduser().resolve().parent.is_dir():
            raise ComptoirError(tr("the folder of {path} does not exist", path=path),
                                tr("name a file in an existing folder, or create the folder first"))
    for path, make in ((args.xlsx, morning.workbook), (args.pdf, morning.pdf)):
        if path:
            from engine.store.whole_file import write_whole
            write_whole(path, make(found), "the morning report")
            print(tr("written: {path}", path=path), file=sys.stderr)
    if args.json:
        print(json.dumps(found, ensure_ascii=False, indent=1, default=str))
    elif not (args.xlsx or args.pdf):
        for m in found["mandates"]:
            print(f"{m['name']}\t{morning.state(m)}\t{morning.did(m)}")
            for item in m["items"]:
                if item["kind"] not in ("warning", "to sort"):
                    print(f"\t{item['kind']}\t{' '.join(filter(None, (item['book'], item['cell'])))}\t"
                          f"{item['message']}")
            sorting = [i for i in m["items"] if i["kind"] == "to sort"]
            if sorting:
                print(f"\tto sort\t{sorting[0]['book']} {sorting[0]['cell']}\t"
                      + tr("{count} movement(s), the first here", count=len(sorting)))
    return 0
