"""``ledger statements``: the balance sheet and income statement of a year (:mod:`engine.domain.statements`) as two
reports — written as two sheets of the ledger book named in their language (Bilanz, Erfolgsrechnung) and as one
PDF."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from engine.domain import statements as st
from engine.domain.reports.model import Column, Report
from engine.domain.year_end import year_span
from engine.errors import BusinessRuleError, ComptoirError, ProblemsFound
from engine.services import year_end_opening as opening_check
from engine.formats.labels import LANGUAGES, label
from engine.ledger_words import say
from engine.schema import terms
from engine.store.book import Book

SHEETS = {"balance": "BalanceSheet", "income": "IncomeStatement"}
_INDENT = {"side": "", "section": "  ", "line": "    ", "result": "    ", "clearing": "  ", "total": ""}


def lines(ledger: Book, year: int, previous_book: Book | None = None) -> list[st.Line]:
    span = year_span(ledger.records("Periods"), year)[:2]
    # a Journal row without its amount or a side: no statement of these books can be right (ledger close says so too)
    unreadable = [p for book in (ledger, previous_book) if book is not None
                  for p in opening_check.unreadable_journal(book)]
    if unreadable:
        raise ProblemsFound(unreadable)
    opening_check.refuse_unopened(ledger, year, f"no statements of {year}")
    if previous_book is not None:  # another company's book, or the year before a correction: refused
        opening_check.refuse_stale(ledger, year, f"no statements of {year}", previous_book)
    source = previous_book or ledger
    try:
        previous = year_span(source.records("Periods"), year - 1)[:2]
    except BusinessRuleError:
        previous = None  # the first year of the books: no previous column
    return st.build(ledger.records("Journal"), span, previous,
                    previous_book.records("Journal") if previous_book else None)


def reports(ledger: Book, year: int, language: str = "fr", previous_book: Book | None = None) -> list[Report]:
    found = lines(ledger, year, previous_book)
    start, end = year_span(ledger.records("Periods"), year)[:2]
    period = label("stmt_period", language, start=f"{start:%d.%m.%Y}", end=f"{end:%d.%m.%Y}")
    out = []
    for statement in ("balance", "income"):
        mine = [line for line in found if line.statement == statement]
        title = next(line.heading.label(language) for line in mine if line.kind == "title")
        columns = (Column("heading", label("stmt_item", language)), Column("year", _name(year, start, end), "money"),
                   Column("previous", _name(year - 1, start, end), "money"),
                   Column("accounts", label("stmt_accounts", language)))
        rows = tuple((_INDENT.get(line.kind, "") + line.heading.label(language), line.amount, line.previous,
                      " ".join(line.accounts)) for line in mine if line.kind != "title")
        out.append(Report(name=SHEETS[statement], title=title, period=period, columns=columns, rows=rows,
                          language=language))
    return out


def _name(year: int, start, end) -> str:
    """A year's column heading: 2026, or 2025/26 for a financial year from July to June."""
    return str(year) if start.year == end.year else f"{year}/{str(year + 1)[2:]}"


def warnings(ledger: Book, year: int) -> list[str]:
    """What the statements of ``year`` show but should not: an opening that is no longer the previous year's
    closing in this book (a correction of that year after the opening)."""
    found = opening_check.differences(ledger, year)
    return [opening_check.stale_message(ledger, year, found) + say(
        "; after closing {previous} again, carry it once more (comptoir ledger open {book} --year {year} --replace)",
        previous=year - 1, book=ledger.name, year=year)] if found else []


def write(ledger_path: Path, year: int, language: str | None = None, pdf: Path | None = None,
          previous: Path | None = None, company: str = "", warned: list | None = None) -> list[Report]:
    """The two statements as sheets of the ledger book (replaced when they exist) and, with ``pdf``, as a PDF.
    Without ``language`` / ``company``: those of the ledger's mandate (see :func:`book_language`). ``warned``
    receives :func:`warnings`."""
    from engine.formats import report_xlsx
    from engine.store.report_sheets import refuse_own_sheets
    from engine.store.xlsx_add_sheet import put_sheet_in_book
    ledger = Book.open(ledger_path)
    found_company, found_language = company_and_language(ledger_path, ledger)
    company, language = company or found_company, (language or found_language).lower()
    made = reports(ledger, year, language, Book.open(previous) if previous else None)
    if warned is not None and previous is None:
        warned.extend(warnings(ledger, year))
    # the sheets are named in the statements' language (Bilancio with --language it in a German ledger): their words
    # and their name agree, and each language's statements are kept under their own names
    names = [terms.report_sheet(report.name, language) for report in made]
    refuse_own_sheets(ledger_path, names)  # a sheet of the bookkeeper's own named Bilan: nothing written
    if pdf is not None:  # first: a PDF that cannot be written leaves the book as it was
        pdf.parent.mkdir(parents=True, exist_ok=True)
        pdf.write_bytes(pdf_bytes(made, company))
    for report, name in zip(made, names):  # Bilanz, Erfolgsrechnung in a German ledger
        put_sheet_in_book(ledger, name, report_xlsx.build(report, name, company))
    return [replace(report, name=name) for report, name in zip(made, names)]


def company_and_language(ledger_path: Path | None, ledger: Book | None = None) -> tuple[str, str]:
    """The company and the language of the books: a ledger book has neither, so they are the mandate's name and its
    (first) invoicing book's language (its Settings Language, else its sheet names', else DefaultLanguage:
    :attr:`Book.text_language`); without a mandate, no name and French (the chart's language). A ``ledger`` whose
    sheets are not English speaks its own language: a German ledger's statements are German whatever its clients'
    documents say."""
    from engine.services.year_end_mandate import mandate_of
    own = ledger.language if ledger is not None and ledger.language != "en" else None
    with mandate_of(ledger_path) as mandate:
        if mandate is None:
            return "", own or "fr"
        if own:
            return mandate.name, own
        language = "fr"
        for path in mandate.invoicing_paths[:1]:
            try:
                language = Book.open(path).text_language
            except (ComptoirError, KeyError, OSError):
                pass  # an invoicing book out of reach: the statements still come, in French
        return mandate.name, language if language in LANGUAGES else "fr"


def pdf_bytes(made: list[Report], company: str = "") -> bytes:
    """Both statements in one PDF, the sides, sections, totals and the year's result in bold."""
    from engine.formats import report_pdf
    results = {line.label(lang) for line in st.headings() if line.kind == "result" for lang in LANGUAGES}
    return report_pdf.render_all(made, company=company, text_cap=115,
                                 strong=lambda row: not row[0].startswith("    ") or row[0].strip() in results)

