"""A report-only night (``office run --check-only``): what the real night would report for each mandate's books as
they are — movements to sort, bank files waiting or refused (with the reason), posting a closed period refuses,
batches the pull would leave waiting, books open in Excel, what `check` says — with the book and the cell to open,
while nothing is imported, posted, pulled or written anywhere: the books are changed in memory only and never saved,
the mandate store is opened read-only (no schema upgrade, no WAL checkpoint, no ledger state published), the list
of files read is left as it is.

Audit of issue 20: the check-only night named refused files only as "not imported yet", left out a closed period's
refusal and a ledger open in Excel, counted 25 movements to sort where the real nights counted 5 (the 20 its rules
settle wait for the period, not for a person), and changed the bytes of a mandate.sqlite. Its second audit: the new files are imported (in memory) first, with the
night's holding rules, so a statement the night holds back is a refused file here too and the files' movements are
sorted and counted as the night would.
"""
from __future__ import annotations

from pathlib import Path

from engine.errors import BookLocked, BusinessRuleError, ComptoirError, ProblemsFound, Source
from engine.i18n import tr
from engine.office import seen, steps


def check_only(mandate, findings: steps.Findings | None = None) -> steps.Findings:
    """What needs a person in ``mandate``'s books, as the next night would find it."""
    from engine import mandate as mandates
    found = findings or steps.Findings()
    invoicing, ledger = mandate.path(mandate.invoicing), mandate.path(mandate.ledger)
    found.books.update({invoicing.name: str(invoicing), ledger.name: str(ledger)})
    found.counts.update(check_only=1, files_waiting=0, would_post=0)
    with mandates.read_only():
        try:
            books = steps.Books(invoicing, ledger)
        except ComptoirError as error:
            found.add("failed", error.source or Source(str(invoicing)), error.message, error.hint)
            steps.check_books(None, invoicing, ledger, found)
            raise
        _open_in_excel((invoicing, ledger), found)
        steps.check_books(books, invoicing, ledger, found)  # the books as they are, before the night's steps
        try:
            _files(mandate, books.invoicing, found)  # first, as the night: its movements are sorted or posted too
            waiting = _settle(books, found)
            steps.to_sort(books.invoicing, waiting, found)
            _pull_judged(books, found)
        except ProblemsFound as error:
            named = {(i["file"], i["sheet"], i["row"], i["column"], i["message"]) for i in found.items}
            fresh = [p for p in error.problems if (found.books.get(p.source.file, p.source.file), p.source.sheet,
                                                   p.source.row, p.source.column, p.message) not in named]
            found.counts["book_errors"] += found.problems("broken book", fresh)
            raise
        except ComptoirError as error:
            found.add("failed", error.source or Source(str(invoicing)), error.message, error.hint)
            raise
    return found


def _open_in_excel(paths, found: steps.Findings) -> None:
    """A book open in Excel: the night cannot write it, and its mandate fails if the night has something to write
    there (a file to import, a batch to pull) — said whatever the night will find, for a person to close it."""
    from engine.store.atomic import refuse_if_open_in_excel
    for path in paths:
        try:
            refuse_if_open_in_excel(path)
        except BookLocked as locked:
            found.add("book open", locked.source or Source(str(path)), locked.message,
                      tr("{hint}: the night cannot write a book open in Excel, and the mandate fails if it must",
                         hint=locked.hint))


class _Judge:
    """A bank batch judged as the night's posting would publish it (a period the ledger closed is refused), never
    published: the check-only night's sink."""

    def __init__(self, book, ledger):
        from engine.services import bank_post
        sink = bank_post.default_sink(book)  # the mandate, read-only here; none: refused as the night refuses it
        self.mandate, self.sink = sink.mandate, sink
        sink.ledger_book = ledger

    def publish(self, batch) -> None:
        self.sink.refuse(batch)

    def check_withdraw(self, batch_ids) -> None:
        self.sink.check_withdraw(batch_ids)

    def withdraw(self, batch_id: str) -> None:
        self.sink.check_withdraw([batch_id])


def _settle(books: steps.Books, found: steps.Findings) -> set:
    """Recognition and the posting of what it settles, in memory, as the night does them: the movements a refused
    posting leaves waiting (named "not posted", not "to sort"); ``would_post`` counts those the night posts."""
    from engine.services import bank, bank_post
    book = books.invoicing
    recognised = bank.reconcile(book)
    found.problems("recognition", recognised.problems, warning="recognition")
    unsorted = set(recognised.to_sort)
    settled = [m.movement_id for m in book.records("Movements")
               if m.state == "pending" and (m.action or "post") != "pending" and m.movement_id not in unsorted]
    if not settled:
        return set()
    ledger = books.ledger()
    try:
        judge = _Judge(book, ledger)
        try:
            posted = bank_post.post(book, sink=judge, ledger=ledger, ids=settled)
        finally:
            judge.mandate.close()
    except BusinessRuleError as refused:  # e.g. the period is closed: the night posts nothing, the movements wait
        found.add("not posted", refused.source or Source(books.invoicing_path.name, "Movements"), refused.message,
                  refused.hint)
        found.counts["post_refused"] += 1
        return set(settled)
    found.counts["would_post"] = posted.posted + posted.not_posted
    found.counts["post_refused"] += found.problems("not posted", posted.problems)
    return set(settled) if found.counts["post_refused"] else set()


def _pull_judged(books: steps.Books, found: steps.Findings) -> None:
    """The batches waiting in the mandate that the night's pull would leave there (a period the ledger closed), as
    the night names them; the ledger is not touched."""
    from engine import mandate as mandates
    from engine.services.mandate_check import refusals
    try:
        with mandates.open_book(books.ledger_path) as m:
            refused = refusals(m, books.ledger())
    except ComptoirError:  # no mandate, or it cannot be read: check names it
        return
    found.counts["batches_waiting"] = len(refused)
    ledger = books.ledger()  # its words for the hint (None: it cannot be read, said in the mandate's)
    language, sheet = (ledger.language, ledger.title("Periods")) if ledger else (None, "Periods")
    for why in refused.values():
        found.add("batch left waiting", Source(str(books.ledger_path), "Periods"), why,
                  tr("open the period in the ledger's {sheet} sheet, or unpost the batch in invoicing", language,
                     sheet=sheet))


def _files(mandate, book, found: steps.Findings) -> None:
    """The bank files the night would read, each judged as its import would (in memory): refused with the reason,
    a statement dropped again, a statement opening at another balance; the others wait for the night."""
    from engine.services import bank
    drops = [mandate.path(mandate.bank_folder)] if mandate.bank_folder else bank.watched_folders(book)
    fresh, _ = seen.new_files(mandate.folder, drops)
    for path in fresh:
        if not path.is_file():  # the night would fail on it
            found.add("bank file", Source(str(path)), tr("the bank folder is not there"),
                      tr("create it, or register the mandate again with its bank folder (--bank DIR)"))
    files = [path for path in fresh if path.is_file()]
    if not files:
        return
    # imported in memory with the night's rules: a statement the night holds back is a refused file here too, and
    # is not taken for imported by the next statement's continuity check (second audit of issue 20, finding 2)
    imported = bank.import_statements(book, files, own_accounts_only=True, hold_overlaps=True)
    found.counts["refused_files"] += found.problems("refused file", imported.problems, warning="bank file")
    refused = {Path(p.source.file).name for p in imported.problems if p.severity == "error" and p.source}
    known = {Path(file).name for file, _, _ in imported.known}
    for file, statement, entries in imported.known:
        found.add("already imported", Source(file), tr("statement {statement} skipped: already imported (its {count} "
                  "entries are in the book)", statement=statement or Path(file).name, count=entries),
                  tr("nothing to do; remove the file from the drop folder if it is a copy"))
    waiting = [path for path in files if path.name not in refused | known]
    found.counts["files_waiting"] = len(waiting)
    for path in waiting:
        found.add("file waiting", Source(str(path)), tr("not imported yet"),
                  tr("the next office run imports it (comptoir office run)"))
