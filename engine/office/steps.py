"""One mandate's night: import the new bank files, recognise, post what the rules settle, pull the entries into the
ledger, check both books — the same services a person runs by hand (``bank import``, ``bank post``, ``mandate
pull``, ``check``), in that order, each book read once and saved the way those commands save it (temp file, then
replace), once.

Every step can be run again after a crash: the import skips files and entries it holds, posting takes only pending
movements, the pull takes each waiting batch once (and a batch published twice replaces itself). What needs a person
comes back as findings, each with the book and cell to open; only counts go to the office database.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from engine.errors import BusinessRuleError, ComptoirError, Problem, ProblemsFound, Source
from engine.i18n import tr
from engine.office import seen
from engine.schema import terms

# the kinds of findings, in the order the morning report lists them
KINDS = ("failed", "broken book", "refused file", "bank file", "batch left waiting", "not posted", "recognition",
         "to sort", "file waiting", "already imported", "warning")


@dataclass
class Findings:
    counts: dict = field(default_factory=lambda: dict.fromkeys(COUNTS, 0))
    items: list[dict] = field(default_factory=list)
    books: dict = field(default_factory=dict)  # a book's file name (what problems name) → its full path

    def add(self, kind: str, source: Source, message: str, hint: str = "") -> None:
        file = self.books.get(source.file, source.file)
        self.items.append({"kind": kind, "file": file, "sheet": source.sheet, "row": source.row,
                           "column": source.column, "message": message, "hint": hint})

    def problems(self, kind: str, problems, warning: str = "warning") -> int:
        """Record ``problems``: errors as ``kind`` (their count is returned), warnings as ``warning``."""
        count = 0
        for p in problems:
            if p.severity == "error":
                self.add(kind, p.source, p.message, p.hint)
                count += 1
            else:
                self.add(warning, p.source, p.message, p.hint)
                self.counts["warnings"] += 1
        return count


# posted: movements posted by the bank batch; without_entry: processed without an entry of their own (an invoice's
# payment, which posts from invoicing; an excluded type or date; a salary batch's details); post_refused: left
# pending by the posting, said why; documents_posted and payments_posted: the invoicing session of --post-until
COUNTS = ("files", "movements", "duplicates", "recognised", "posted", "without_entry", "entries", "documents_posted",
          "payments_posted", "batches_pulled", "entries_pulled", "to_sort", "refused_files", "post_refused",
          "batches_waiting", "book_errors", "warnings")


def preload() -> None:
    """Import what the steps use (about a second of imports): before forking workers, so they share it."""
    from engine import mandate  # noqa: F401
    from engine.services import bank, bank_post, book_check, ledger_sync  # noqa: F401
    from engine.store.book import Book  # noqa: F401


class Books:
    """The mandate's two workbooks, each opened once for the night and passed from step to step (a night opened the
    ledger five times and the invoicing book twice, re-reading the same sheets). The ledger is opened on first use:
    one that cannot be read stops only the pull, as by hand (the bank steps judge on what it last published)."""

    def __init__(self, invoicing: Path, ledger: Path):
        from engine.store.book import Book
        self.invoicing_path, self.ledger_path = invoicing, ledger
        self.invoicing = Book.open(invoicing, kind="invoicing")
        self._ledger = None

    def reopen_invoicing(self):
        from engine.store.book import Book
        self.invoicing = Book.open(self.invoicing_path, kind="invoicing")
        return self.invoicing

    def ledger(self, required: bool = False):
        """The ledger book; None when it cannot be read and ``required`` is false (then its error is the pull's)."""
        from engine.store.book import Book
        if self._ledger is None:
            try:
                self._ledger = Book.open(self.ledger_path, kind="ledger")
            except ComptoirError:
                if required:
                    raise
                return None
        return self._ledger


def run(mandate, findings: Findings | None = None, post_until=None, attempts=None) -> Findings:
    """Run the night's steps on ``mandate`` (a :class:`engine.office.registry.Registered`); raises only what stops
    the mandate (a book that cannot be read or written), after recording it in ``findings``. ``post_until``: also
    post the invoicing book's documents and payments up to that date (``comptoir post BOOK --until D``).

    Each book is read once and saved once: the invoicing book after the import, recognition, the bank batch and the
    invoicing session (each batch is in the mandate before the book is saved: a crash in between imports the same
    files again as the same movements and publishes the same batches, which replace themselves), the ledger by the
    pull. ``attempts`` (:class:`engine.office.attempts.Attempts`) hears what was done at each of these points, for a
    later attempt of the night to count it."""
    found = findings or Findings()
    invoicing, ledger = mandate.path(mandate.invoicing), mandate.path(mandate.ledger)
    found.books.update({invoicing.name: str(invoicing), ledger.name: str(ledger)})
    books, finished, pulling = None, False, False
    try:
        books = Books(invoicing, ledger)
        files, waiting = _bank(mandate, books, found)
        if post_until is not None:
            _documents(books, post_until, found)
        if attempts:
            attempts.bank_done(found.counts, saved=False, items=found.items)
        try:
            books.invoicing.save()  # what `comptoir bank import` and `bank post` write, in one save
        except (ComptoirError, OSError):
            unsaved(books, found)  # e.g. open in Excel: what was published for it is taken back
            raise
        to_sort(books.invoicing, waiting, found)
        seen.remember(mandate.folder, files)  # after the save: a crash before it reads the files again, harmlessly
        if attempts:
            attempts.bank_done(found.counts, saved=True, items=found.items)
        pulling = True
        _pull(books, found, attempts)
        finished = True
    except ProblemsFound as error:
        found.counts["book_errors"] += found.problems("broken book", error.problems)
        raise
    except ComptoirError as error:
        waits = ""
        if pulling and found.counts["entries"] > found.counts["entries_pulled"]:  # e.g. the ledger open in Excel:
            # what the night published stays in the mandate (second audit of issue 20, finding 6)
            waits = tr("; the {count} entries published tonight wait in the mandate: the next night pulls them into "
                       "the ledger (or comptoir mandate pull LEDGER once it is closed)",
                       count=found.counts["entries"] - found.counts["entries_pulled"])
        found.add("failed", error.source or Source(str(invoicing)), error.message + waits, error.hint)
        raise
    finally:
        check_books(books if finished else None, invoicing, ledger, found)  # a stopped run: the books as on disk
    return found


def _import(mandate, book, found: Findings) -> tuple[dict, set]:
    """The new bank files into ``book`` and recognition: the files' state to remember, and the movements to sort."""
    from engine.services import bank
    drops = [mandate.path(mandate.bank_folder)] if mandate.bank_folder else bank.watched_folders(book)
    if not drops:
        words = {"sheet": book.title("BankAccounts"), "column": terms.header("WatchFolder", book.language,
                                                                             "BankAccounts")}
        raise BusinessRuleError(tr("{book}: no bank account has a {column}", book.language, book=book.name, **words),
                                tr("fill {sheet} › {column}, or register the mandate again with --bank DIR",
                                   book.language, **words))
    fresh, files = seen.new_files(mandate.folder, drops)  # a year of daily files is not parsed again each night
    nothing = bank.ImportResult(files=0, added=0, duplicates=0, problems=())
    imported = bank.import_statements(book, fresh, own_accounts_only=True, hold_overlaps=True) if fresh else nothing
    recognised = bank.reconcile(book)
    # a refused file stays new: every night reports it until someone removes or replaces it (audit of issue 20)
    refused = {Path(p.source.file).name for p in imported.problems if p.severity == "error" and p.source}
    # a file dropped again is no file of the night's: counted apart (second audit of issue 20, finding 4)
    found.counts.update(files=imported.files - imported.skipped, skipped=imported.skipped, movements=imported.added,
                        duplicates=imported.duplicates,
                        recognised=recognised.recognised)
    # a file's warnings go to the to-do list too: an account not in BankAccounts (another client's file?), entries
    # still pending at the bank, a currency the books cannot post
    found.counts["refused_files"] += found.problems("refused file", imported.problems, warning="bank file")
    found.problems("recognition", recognised.problems, warning="recognition")  # a payment it could not record
    for file, statement, entries in imported.known:  # dropped again: said, not counted silently (audit of #20)
        found.add("already imported", Source(file), tr("statement {statement} skipped: already imported (its {count} "
                  "entries are in the book)", statement=statement or Path(file).name, count=entries),
                  tr("nothing to do; remove the file from the drop folder if it is a copy"))
    return {path: state for path, state in files.items() if Path(path).name not in refused}, set(recognised.to_sort)


def _bank(mandate, books: Books, found: Findings) -> tuple[dict, set]:
    """Import, recognise, post what is settled (the batch into the mandate); the files' state to remember once the
    book is saved, and the settled movements a refused batch left waiting (not to sort)."""
    from engine.services import bank_post
    book = books.invoicing
    invoicing = books.invoicing_path
    files, to_sort = _import(mandate, book, found)
    settled = [m.movement_id for m in book.records("Movements")
               if m.state == "pending" and (m.action or "post") != "pending" and m.movement_id not in to_sort]
    if settled:
        ledger = books.ledger()
        try:
            sink = bank_post.default_sink(book)
            sink.ledger_book = ledger  # its periods, read once for the night
            posted = bank_post.post(book, sink=sink, ledger=ledger, ids=settled)
        except BusinessRuleError as refused:  # e.g. the period is closed: nothing posted, the movements wait
            found.add("not posted", refused.source or Source(invoicing.name, "Movements"), refused.message,
                      refused.hint)
            found.counts["post_refused"] += 1
            # the refused batch may have changed the book in memory: the book as it was, the import done again
            book = books.reopen_invoicing()
            _import(mandate, book, Findings(books=found.books))  # counted and named above already
        else:
            found.counts.update(posted=posted.posted, without_entry=posted.not_posted, entries=posted.entries)
            found.counts["post_refused"] += found.problems("not posted", posted.problems)
    waiting = set(settled) if found.counts["post_refused"] else set()  # settled, named by "not posted" above
    return files, waiting


def unsaved(books: Books, found: Findings) -> None:
    """The invoicing book could not be saved: the batches this night published for it (sessions the book on disk
    does not have) are withdrawn from the mandate, and its bank work counts nothing — the next night does it again
    (re-audit of issue 20, finding 3: a failed mandate's report said "20 new movements, 16 posted, 16 entries
    published", its book unchanged and the batch waiting in the mandate)."""
    from engine import mandate as mandates
    from engine.office.attempts import BANK
    table = books.invoicing.table("PostingSessions")
    on_disk = {s.batch for s in table.loaded}
    published = [s.batch for s in table.records if s.batch and s.batch not in on_disk and s.status == "posted"]
    taken_back, one = "", len(published) == 1
    if published:
        batches = ", ".join(published)
        try:
            with mandates.open_book(books.invoicing_path) as m:
                for batch_id in published:
                    mandates.withdraw_batch(m, batch_id)
            taken_back = (tr("; batch {batches} published for it was withdrawn from the mandate", batches=batches)
                          if one else
                          tr("; batches {batches} published for it were withdrawn from the mandate", batches=batches))
        except ComptoirError as error:
            taken_back = (tr("; batch {batches} published for it could not be withdrawn ({error})",
                             batches=batches, error=error.message) if one else
                          tr("; batches {batches} published for it could not be withdrawn ({error})",
                             batches=batches, error=error.message))
    read = (found.counts["files"], found.counts["movements"])
    found.counts.update(dict.fromkeys(BANK, 0))
    found.add("failed", Source(str(books.invoicing_path)),
              tr("nothing of the night's bank work was saved ({files} file(s), {movements} new movement(s) read)",
                 files=read[0], movements=read[1]) + taken_back,
              tr("close the book in Excel (or free the disk); the next night imports and posts them again"))


def to_sort(book, waiting: set, found: Findings) -> None:
    """The movements left pending for a person, each at its cell (the book saved: new rows have their number)."""
    table = book.table("Movements")
    for m in book.records("Movements"):
        if m.state == "pending" and m.movement_id not in waiting:  # not "to sort": the period must open (audit #20)
            found.counts["to_sort"] += 1
            found.add("to sort", table.source(m, "debit_account" if m.direction == "debit" else "credit_account"),
                      tr("movement {id} of {day} ({direction} {amount}): {why}", book.language, id=m.movement_id,
                         day=f"{m.booking_date:%d.%m.%Y}" if m.booking_date else "?", amount=m.amount,
                         direction=terms.value(m.direction or "", book.language),
                         why=m.why or tr("not recognised", book.language)),
                      tr("choose its accounts, or make a rule of it (comptoir bank rule-from {book} --id {id} "
                         "--account ACCOUNT); the next night posts it", book.language, book=book.name,
                         id=m.movement_id))


def _documents(books: Books, until, found: Findings) -> None:
    """The session `comptoir post BOOK --until D` makes: invoices, credit notes, received invoices and the payments
    recognition recorded, into the mandate. What it refuses (an invoice whose lines no longer add up, a period whose
    VAT is closed) is named and the rest of the night goes on: the pull, the check."""
    from engine import mandate as mandates
    from engine.services import posting
    from engine.services.posting_sink import MandateSink

    book = books.invoicing
    try:
        with mandates.open_book(books.invoicing_path) as m:
            result = posting.post(book, None, until, "all", sink=MandateSink(m, books.ledger()), save=False)
    except ProblemsFound as refused:
        found.counts["post_refused"] += found.problems("not posted", refused.problems)
        return
    except BusinessRuleError as refused:
        found.add("not posted", refused.source or Source(books.invoicing_path.name, "PostingSessions"),
                  refused.message, refused.hint)
        found.counts["post_refused"] += 1
        return
    found.counts.update(documents_posted=result.documents, payments_posted=result.payments)
    found.counts["entries"] += result.entries


def _pull(books: Books, found: Findings, attempts=None) -> None:
    from engine import mandate as mandates
    from engine.services.ledger_sync import pull_into_ledger

    ledger = books.ledger(required=True)
    with mandates.open_book(books.ledger_path) as m:
        pulled = pull_into_ledger(ledger, m, attempts.pulled if attempts else None)
    found.counts.update(batches_pulled=pulled.imported, entries_pulled=pulled.entries,
                        batches_waiting=len(pulled.refused))
    for why in pulled.refused:
        found.add("batch left waiting", Source(str(books.ledger_path), "Periods"), why,
                  tr("as the message says after its dash: reopen the period in the ledger's {sheet} sheet, or open "
                     "its year (comptoir ledger open); or unpost the batch in invoicing; the next night pulls it",
                     ledger.language, sheet=ledger.title("Periods")))


def check_books(books: Books | None, invoicing: Path, ledger: Path, found: Findings) -> None:
    """What `comptoir check` says of each book now (a book already named broken is not named twice): the books the
    night saved, or, when it stopped, as they are on disk."""
    from engine.services import book_check
    from engine.store.book import Book

    named = {(i["file"], i["sheet"], i["row"], i["column"], i["message"]) for i in found.items}
    # a batch the pull left waiting is named once, not again by the check of each book (its why within theirs)
    waiting = [i["message"] for i in found.items if i["kind"] == "batch left waiting"]
    opened = {"ledger": books.ledger() if books else None, "invoicing": books.invoicing if books else None}
    for path, kind in ((invoicing, "invoicing"), (ledger, "ledger")):
        try:
            book = opened[kind] or Book.open(path, kind=kind)
            problems = book_check.problems(book, opened["ledger"] if kind == "invoicing" else None)
        except ComptoirError as error:
            problems = [Problem(error.source or Source(str(path)), error.message, error.hint)]
        fresh = [p for p in problems if (found.books.get(p.source.file, p.source.file), p.source.sheet,
                                         p.source.row, p.source.column, p.message) not in named
                 and not any(why in p.message for why in waiting)]
        found.counts["book_errors"] += found.problems("broken book", fresh)
