"""Is a year's opening the previous year's closing? A year of a multi-year book begins with its opening entries
(``ledger open``): its statements, its close and the opening of the next add up only its own entries, so a year
whose previous year is in the book but was never opened into it (cash −17'720 instead of 65'395, the capital gone),
or was opened before a correction of that year (the old equity), gives wrong balances without a word.

:func:`refuse_unopened` refuses statements, close and open of such a year; :func:`differences` compares the opening
entries with the balances the previous year ends on, account by account (the same book, or ``--previous``).
"""
from __future__ import annotations

from decimal import Decimal

from engine.domain import year_end as ye
from engine.errors import BusinessRuleError
from engine.ledger_words import say
from engine.money import format_amount
from engine.errors import ProblemsFound

SOURCE = "opening {year}"  # the Source of the opening entries of ``year`` (engine.services.year_end writes it)
# The opening entries' voucher and labels (msgctxt "entry": words written into the book, not said), in the
# language of the book they are written into: OUV2027, Report à nouveau 2026, Résultat 2026 reporté; EB2027,
# Saldovortrag 2026, Ergebnisvortrag 2026.
VOUCHER = "OPEN{year}"
CARRIED = "Balance carried forward {year}"
RESULT = "Result {year} carried forward"


def entry_language(book) -> str:
    """The language the opening entries of ``book`` are labelled in: the ledger's own, English included (its chart
    is named in it too since issue 18)."""
    return book.language


def written(message: str, language: str, **values) -> str:
    """``message`` as the book in ``language`` is written, English included (a message said to the user would
    fall back to the system's language for an English book)."""
    from engine.i18n import catalogue
    return catalogue(language).pgettext("entry", message).format(**values)


def is_result_label(label, year: int) -> bool:
    """Whether ``label`` is the one of the entry carrying ``year``'s result, in any of the four languages."""
    from engine.i18n import LANGUAGES
    return any((label or "") == written(RESULT, language, year=year) for language in LANGUAGES)


def unreadable_journal(book) -> list:
    """The Journal's cells that do not read (an entry without amount or side): the books do not balance with them."""
    book.records("Journal")  # read first: a sheet's problems are found as it is read
    return [p for p in book.problems if p.severity == "error" and p.source.sheet in ("Journal", book.title("Journal"))]


def opens(entry, year: int) -> bool:
    """Whether ``entry`` is one of the opening entries ``ledger open`` wrote for ``year`` (its Source)."""
    return entry.source == SOURCE.format(year=year)


def _span(book, year):
    try:
        return ye.year_span(book.records("Periods"), year)[:2]
    except BusinessRuleError:
        return None


def opening_entries(book, year: int) -> list:
    """The entries opening ``year``: those ``ledger open`` wrote (Source "opening YEAR"), else those typed by hand
    against the opening account 9100 within the year."""
    journal = book.records("Journal")
    tagged = [e for e in journal if opens(e, year)]
    span = _span(book, year)
    if tagged or span is None:
        return tagged
    return [e for e in journal if span[0] <= e.date <= span[1] and ye.OPENING_ACCOUNT in (e.debit, e.credit)]


def refuse_unopened(book, year: int, what: str) -> None:
    """Refuse ``what`` (statements, close, opening of the next year) of ``year`` when the year before has entries in
    this book and ``year`` has no opening entries: its balances would leave out everything before it."""
    before = _span(book, year - 1)
    if before is None or opening_entries(book, year):
        return
    if not any(before[0] <= e.date <= before[1] for e in book.records("Journal")):
        return  # the previous year is only a row of Periods: nothing to carry
    closed = all(p.closed for p in ye.year_span(book.records("Periods"), year)[2])  # closed unopened: reopen first
    raise BusinessRuleError(
        f"{what}: {year} was never opened in {book.name} — {year - 1} has entries in this book but {year} has no "
        f"opening entries, so its balances would leave out everything carried from {year - 1}",
        (f"reopen it (comptoir ledger reopen {book.name} --year {year}), then " if closed else "")
        + f"open it: comptoir ledger open {book.name} --year {year} (after closing {year - 1}; --force to open "
        "provisionally)")


def _net(entries, skip: str) -> dict[str, Decimal]:
    """Each account's balance by ``entries`` (debit positive), but ``skip``'s and those at zero."""
    return {a: v for a, v in ye.balances(entries).items() if v and a != skip}


def _chf(balance: dict, account: str) -> str:
    return format_amount(balance.get(account, ye.ZERO), "'")


def differences(book, year: int, previous_book=None) -> list[str]:
    """The accounts whose opening in ``year`` differs from the balance ``year - 1`` ends on (in ``previous_book``,
    or this book), as "2970: opening -450.00, closing of 2026 -350.00" (debit positive); empty when they agree or
    when there is nothing to compare (no previous year, or in this book no opening or no entries before)."""
    source = previous_book or book
    span = _span(source, year - 1)
    if previous_book is not None and span is None:  # the wrong book: said, not an empty previous column
        raise BusinessRuleError(f"the previous book {previous_book.name} has no period of {year - 1}",
                                f"name with --previous the ledger book {year - 1} was kept in")
    opening = opening_entries(book, year)
    if span is None or (previous_book is None and not opening):
        return []
    if previous_book is None and not any(span[0] <= e.date <= span[1] for e in book.records("Journal")):
        return []  # the book's first year: its opening came from elsewhere (typed by hand against 9100)
    unreadable = unreadable_journal(book) + (unreadable_journal(previous_book) if previous_book is not None else [])
    if unreadable:  # a row without its amount or a side: the balances below cannot be added up
        raise ProblemsFound(unreadable)
    retained = next((a for e in opening if is_result_label(e.label, year - 1)
                     for a in (e.debit, e.credit) if a != ye.OPENING_ACCOUNT), ye.RETAINED_EARNINGS)
    closing = ye.balances(source.records("Journal"), *span)
    expected = _net(ye.opening_entries(closing, ye.OPENING_ACCOUNT, retained), ye.OPENING_ACCOUNT)
    actual = _net(opening, ye.OPENING_ACCOUNT)
    return [say("{account}: opening {opening}, closing of {year} {closing}", account=a, opening=_chf(actual, a),
                year=year - 1, closing=_chf(expected, a))
            for a in sorted(set(expected) | set(actual)) if actual.get(a, ye.ZERO) != expected.get(a, ye.ZERO)]


def stale_message(book, year: int, found: list[str], previous_book=None) -> str:
    if previous_book is not None:
        return say("the opening of {year} in {book} is not the closing balances of {previous} (debit positive): "
                   "{found}", year=year, book=book.name, previous=previous_book.name, found="; ".join(found))
    return say("the opening of {year} in {book} is not {before}'s closing balances (debit positive): {found}",
               year=year, book=book.name, before=year - 1, found="; ".join(found))


def refuse_stale(book, year: int, what: str, previous_book=None) -> None:
    """Refuse ``what`` of ``year`` when its opening is not the previous year's closing (in this book, or in
    ``previous_book``)."""
    found = differences(book, year, previous_book)
    if found:
        source = previous_book or book
        raise BusinessRuleError(f"{what}: " + stale_message(book, year, found, previous_book),
                                f"carry {year - 1}'s balances again: comptoir ledger open {source.name} --year {year} "
                                + (f"--into {book.name} --replace" if previous_book else "--replace")
                                + (" (or name the book the year before was closed in with --previous)"
                                   if previous_book else ""))
