"""A report-only night (``office run --check-only``): what needs a person in each mandate's books as they are, with
the book and the cell to open, while nothing is imported, posted, pulled or written in the books — for a morning
after a night that did not run, or before the first one."""
from __future__ import annotations

from engine.errors import ComptoirError, Source
from engine.i18n import tr
from engine.office import seen, steps


def check_only(mandate, findings: steps.Findings | None = None) -> steps.Findings:
    """What needs a person in ``mandate``'s books: the movements left to sort, the bank files not imported yet (or a
    bank folder that is not there), what `check` says of each book."""
    found = findings or steps.Findings()
    invoicing, ledger = mandate.path(mandate.invoicing), mandate.path(mandate.ledger)
    found.books.update({invoicing.name: str(invoicing), ledger.name: str(ledger)})
    found.counts["check_only"] = 1
    from engine.services import bank
    books = None
    try:
        books = steps.Books(invoicing, ledger)
        drops = [mandate.path(mandate.bank_folder)] if mandate.bank_folder else bank.watched_folders(books.invoicing)
        fresh, _ = seen.new_files(mandate.folder, drops)
        found.counts["files_waiting"] = sum(path.is_file() for path in fresh)
        for path in fresh:
            if path.is_file():
                found.add("file waiting", Source(str(path)), tr("not imported yet"),
                          tr("the next office run imports it (comptoir office run)"))
            else:  # the night would fail on it
                found.add("bank file", Source(str(path)), tr("the bank folder is not there"),
                          tr("create it, or register the mandate again with its bank folder (--bank DIR)"))
        steps.to_sort(books.invoicing, set(), found)
    except ComptoirError as error:
        found.add("failed", error.source or Source(str(invoicing)), error.message, error.hint)
        raise
    finally:
        steps.check_books(books, invoicing, ledger, found)
    return found
