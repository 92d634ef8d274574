"""The ribbon's year-end buttons on a ledger book (issue 19): Close year, Open year, Financial statements — the
services of ``comptoir ledger close | open | statements``, the year asked in Excel's input box."""
from __future__ import annotations

from addin.ribbon_actions import _folder
from addin.ribbon_stock import _ask
from engine.errors import ComptoirError
from engine.store.book import Book


def _year(book: Book, xl_book, what: str, cli: str) -> int:
    if book.kind != "ledger":
        raise ComptoirError(f"{book.name} is not a ledger book", "click this button in the ledger book")
    answer = _ask(xl_book, f"Year to {what} (e.g. 2026)", 1, cli)
    try:
        year = int(float(answer))
    except (TypeError, ValueError):
        raise ComptoirError(f"{answer!r} is not a year", "type it with four digits, e.g. 2026") from None
    if not 1900 < year < 2200:
        raise ComptoirError(f"{year} is not a year", "type it with four digits, e.g. 2026")
    return year


def close_year(book: Book, ui, xl_book) -> str:
    from engine.services.year_end import close_year as close
    year = _year(book, xl_book, "close", "comptoir ledger close LEDGER --year Y")
    closed = close(book, year)
    if not closed.periods:
        return f"{year} was already closed; nothing changed."
    return f"{year} closed: period(s) {', '.join(closed.periods)} marked Closed; clearing accounts at zero."


def open_year(book: Book, ui, xl_book) -> str:
    """The opening entries of the year in this book's Journal (the mandate keeps feeding this book; a new book per
    year: comptoir ledger open LEDGER --year Y --into NEW.xlsx)."""
    from engine.services.year_end import open_year as open_
    year = _year(book, xl_book, "open", "comptoir ledger open LEDGER --year Y")
    opened = open_(book, year)
    kind = "profit" if opened.result >= 0 else "loss"
    return (f"{year} opened: {opened.entries} opening entries dated 01.01.{year}; {year - 1} {kind} "
            f"{abs(opened.result):,.2f} to {opened.retained}.").replace(",", "'")


def financial_statements(book: Book, ui, xl_book) -> str:
    """Balance sheet and income statement as a PDF in the reports folder beside the book; the sheets are written
    with the book closed (Excel keeps it open): comptoir ledger statements."""
    from engine.services import statements
    year = _year(book, xl_book, "report", "comptoir ledger statements LEDGER --year Y --pdf F")
    company, language = statements.company_and_language(book.path, book)
    made = statements.reports(book, year, language)
    folder = _folder(book, "reports")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"statements-{year}.pdf"
    path.write_bytes(statements.pdf_bytes(made, company))
    return (f"Balance sheet and income statement {year} in {path}. The statements' sheets are "
            f"written with the book closed: comptoir ledger statements {book.name} --year {year}.")
