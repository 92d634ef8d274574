"""The ribbon's Import rates and Revalue buttons (issue 19): the same services as ``comptoir rates import`` and
``comptoir ledger revalue``, asking Excel for what the command line takes as arguments."""
from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from addin.ribbon_stock import _ask
from engine.dates import date_option
from engine.errors import ComptoirError
from engine.services import rates, revaluation
from engine.store.book import Book


def _api(xl_book):
    return getattr(getattr(xl_book, "app", None), "api", None)


def _file(xl_book) -> Path:
    """The CSV to read: Excel's Open dialog (GetOpenFilename), else an input box for its path."""
    dialog = getattr(_api(xl_book), "GetOpenFilename", None)
    if dialog is not None:
        answer = dialog("CSV (*.csv;*.txt),*.csv;*.txt", 1, "Comptoir: the rates file")
        if answer is False or answer in (None, ""):
            raise ComptoirError("cancelled", "nothing was changed")
        return Path(str(answer))
    return Path(str(_ask(xl_book, "Path of the rates CSV (date,currency,rate)", 2, "comptoir rates import BOOK FILE")))


def import_rates(book: Book, ui, xl_book) -> str:
    """A CSV of daily rates into the Rates sheet of the invoicing book."""
    if book.kind != "invoicing":
        raise ComptoirError("Import rates works in the invoicing book", "open the invoicing book and click again")
    path = _file(xl_book)
    done = rates.import_file(book, path)
    if done.added or done.replaced:
        book.save()
    return (f"{path.name}: {done.added} rate(s) added, {done.replaced} replaced, {done.unchanged} already there "
            f"({done.first:%d.%m.%Y} – {done.last:%d.%m.%Y}).")


def revalue(book: Book, ui, xl_book) -> str:
    """In the ledger book: the revaluation at the closing day asked for, from the mandate's invoicing book."""
    if book.kind != "ledger":
        raise ComptoirError("Revalue works in the ledger book", "open the ledger book and click again")
    last = dt.date(dt.date.today().year - 1, 12, 31)
    cli = "comptoir ledger revalue LEDGER --date D --book INVOICING"
    answer = str(_ask(xl_book, f"Closing day (e.g. {last:%d.%m.%Y})", 2, cli)).strip()
    try:
        on = date_option(answer)
    except argparse.ArgumentTypeError:
        raise ComptoirError(f'"{answer}" is not a date', f"type it as {last:%d.%m.%Y}") from None
    invoicing = _invoicing_of(book)
    result = revaluation.revalue(book, Book.open(invoicing), on)
    book.save()
    moved = ", ".join(f"{r.position.label} {r.difference:+}" for r in result.rows if r.difference)
    if not result.entries:
        return f"Nothing to revalue on {on:%d.%m.%Y}: every position is at the closing rate."
    return (f"{result.entries} entries on {on:%d.%m.%Y} and their reversal on the next day (batch {result.batch}): "
            f"{moved}.")


def _invoicing_of(book: Book) -> Path:
    """The invoicing book the ledger's mandate names (the first, when several post into it)."""
    from engine import mandate as mandates
    if book.path is None:
        raise ComptoirError("this workbook has never been saved, so it has no mandate", "save it beside the mandate")
    with mandates.open_book(book.path) as m:
        if not m.invoicing:
            raise ComptoirError(f"the mandate {m.name} names no invoicing book", "use `comptoir ledger revalue`")
        return m.invoicing_paths[0]
