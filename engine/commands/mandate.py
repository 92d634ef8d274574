"""``comptoir mandate``: create a local mandate, share it (publish / subscribe / revoke), see and watch what waits.

``pull`` is wired to the ledger workbook elsewhere; it calls :func:`engine.mandate.waiting_batches` and
:func:`engine.mandate.acknowledge`.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from engine import mandate as mandates
from engine.errors import ComptoirError
from engine.i18n import tr
from engine.store.peek import speak_book_language


def register(subparsers) -> None:
    parser = subparsers.add_parser("mandate", help="link invoicing and ledger books (local or shared)")
    sub = parser.add_subparsers(dest="mandate_command", metavar="ACTION", required=True)

    p = sub.add_parser("create", help="create a local mandate in .comptoir/ beside the books")
    p.add_argument("--invoicing", action="append", default=[], metavar="BOOK", help="an invoicing book (repeatable)")
    p.add_argument("--ledger", required=True, metavar="BOOK", help="the ledger book")
    p.add_argument("--name", help="the mandate's name (default: the ledger's file name)")
    p.add_argument("--folder", help="where .comptoir/ goes (default: the ledger's folder)")
    p.set_defaults(run=_create)

    p = sub.add_parser("publish", help="move a local mandate to a PostgreSQL server and print its ticket")
    p.add_argument("place", nargs="?", default=".", metavar="BOOK|DIR")
    p.add_argument("--server", metavar="DSN", default=os.environ.get("COMPTOIR_SERVER"),
                   help="postgresql://OWNER:PASSWORD@HOST:PORT/DB (or $COMPTOIR_SERVER); never stored")
    p.add_argument("--ticket-host", help="the host name subscribers use, if not the DSN's")
    p.set_defaults(run=_publish)

    p = sub.add_parser("subscribe", help="attach this machine's books to a shared mandate")
    p.add_argument("ticket", help="the ticket (comptoir1:...), or - to read it from standard input")
    p.add_argument("--folder", default=".", help="where .comptoir/ goes (default: here)")
    p.add_argument("--invoicing", action="append", default=[], metavar="BOOK")
    p.add_argument("--ledger", metavar="BOOK")
    p.set_defaults(run=_subscribe)

    p = sub.add_parser("status", help="show the batches waiting and who published them")
    p.add_argument("place", nargs="?", default=".", metavar="BOOK|DIR")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=_status)

    p = sub.add_parser("watch", help="print a line whenever batches arrive or are withdrawn")
    p.add_argument("place", nargs="?", default=".", metavar="BOOK|DIR")
    p.add_argument("--timeout", type=float, help="stop after this many seconds (default: never)")
    p.add_argument("--once", action="store_true", help="stop after the first change")
    p.set_defaults(run=_watch)

    p = sub.add_parser("pull", help="import the waiting batches into the ledger's Journal (each exactly once)")
    p.add_argument("ledger", metavar="LEDGER", help="the ledger book")
    p.set_defaults(run=_pull)

    p = sub.add_parser("chart", help="publish the ledger's accounts and VAT codes, and refresh the invoicing books")
    p.add_argument("ledger", metavar="LEDGER", help="the ledger book")
    p.set_defaults(run=_chart)

    p = sub.add_parser("upgrade", help="bring a shared mandate server to this Comptoir's schema (its owner, once "
                       "after updating Comptoir; a local mandate is upgraded when opened)")
    p.add_argument("--server", metavar="DSN", default=os.environ.get("COMPTOIR_SERVER"))
    p.set_defaults(run=_upgrade)

    p = sub.add_parser("revoke", help="invalidate a shared mandate's ticket (and print a new one)")
    p.add_argument("mandate_id", help="the mandate id (see `comptoir mandate status`)")
    p.add_argument("--server", metavar="DSN", default=os.environ.get("COMPTOIR_SERVER"))
    p.add_argument("--no-reissue", action="store_true", help="lock everyone out; print no new ticket")
    p.add_argument("--ticket-host")
    p.set_defaults(run=_revoke)


def _need_server(args) -> str:
    if not args.server:
        raise ComptoirError(tr("no server given"), tr("pass --server postgresql://OWNER:PASSWORD@HOST:PORT/DB or set "
                                                      "COMPTOIR_SERVER"))
    return args.server


def _create(args) -> int:
    ledger = Path(args.ledger)
    folder = Path(args.folder) if args.folder else ledger.resolve().parent
    with mandates.create_local(folder, args.name or ledger.stem, args.invoicing, ledger) as m:
        print(tr("mandate {name} created ({id}) in {folder}", name=repr(m.name), id=m.mandate_id,
                 folder=folder / ".comptoir"))
    return 0


def _publish(args) -> int:
    server = _need_server(args)
    local = mandates.open_book(args.place)
    ticket = mandates.publish(local, server, ticket_host=args.ticket_host)
    print(tr("mandate {name} is now shared. Give this ticket to the people who work on it (it is a password: send "
             "it privately):", name=repr(local.name)), file=sys.stderr)
    print(ticket)
    return 0


def _subscribe(args) -> int:
    ticket = sys.stdin.readline().strip() if args.ticket == "-" else args.ticket
    with mandates.subscribe(ticket, args.folder, args.invoicing, args.ledger) as m:
        print(tr("subscribed to mandate {name} ({id}) on {where}", name=repr(m.name), id=m.mandate_id, where=m.where))
    return 0


def _status(args) -> int:
    speak_book_language(args.place)  # the book named speaks, though it is not opened
    with mandates.open_book(args.place) as m:
        found = mandates.status(m)
    if args.json:
        print(json.dumps({"mandate_id": found.mandate_id, "name": found.name, "backend": found.backend,
                          "where": found.where, "counts": found.counts,
                          "waiting": [{"batch_id": b.batch_id, "kind": b.kind, "source": b.source,
                                       "session": b.session, "publisher": b.publisher, "status": b.status,
                                       "entries": b.entry_count, "created_at": b.created_at.isoformat()}
                                      for b in found.waiting]}, ensure_ascii=False, indent=1))
    else:
        print(found.summary())
    return 0


def _watch(args) -> int:
    def show(found) -> bool:
        print(tr("{count} batch(es) waiting in {name}", count=len(found.waiting), name=repr(found.name)), flush=True)
        return args.once

    speak_book_language(args.place)
    with mandates.open_book(args.place) as m:
        mandates.watch(m, show, timeout=args.timeout)
    return 0


def _upgrade(args) -> int:
    print(tr("the mandate store is at schema version {version}", version=mandates.upgrade(_need_server(args))))
    return 0


def _revoke(args) -> int:
    ticket = mandates.revoke(_need_server(args), args.mandate_id, reissue=not args.no_reissue,
                             ticket_host=args.ticket_host)
    if ticket:
        print(tr("the old ticket no longer opens the mandate; the new one:"), file=sys.stderr)
        print(ticket)
    else:
        print(tr("the mandate's ticket is revoked; nobody can open it until it is reissued"), file=sys.stderr)
    return 0


def _pull(args) -> int:
    from engine.services.ledger_sync import pull_into_ledger
    from engine.store.book import Book

    ledger = Book.open(args.ledger, kind="ledger")
    with mandates.open_book(args.ledger) as m:
        result = pull_into_ledger(ledger, m)
    print(tr("{imported} batch(es) imported ({entries} entries), {removed} withdrawn", imported=result.imported,
             entries=result.entries, removed=result.removed))
    for why in result.refused:  # left waiting in the mandate, nothing lost
        print(tr("not pulled: {why}", why=why), file=sys.stderr)
    return 2 if result.refused else 0


def _chart(args) -> int:
    from engine.services.ledger_sync import publish_chart, refresh_chart
    from engine.store.book import Book

    ledger = Book.open(args.ledger, kind="ledger")
    with mandates.open_book(args.ledger) as m:
        publish_chart(ledger, m)
        for path in m.invoicing_paths:
            invoicing = Book.open(path, kind="invoicing")
            copied = refresh_chart(invoicing, m)
            invoicing.save()
            print(tr("{book}: {count} reference rows refreshed", book=Path(path).name, count=copied))
    return 0
