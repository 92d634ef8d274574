"""The invoicing book's exchange rates: the Rates sheet read as a :class:`RateTable`, and filled from a CSV.

Everything that values a foreign amount in CHF asks :func:`book_rates` (new documents and received invoices, EUR
bank movements) or :func:`day_rates` (payments: only a rate of the Rates sheet values a payment at its own day;
without one it keeps the document's rate, as books made before the sheet did, so they post as they always did).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from engine.domain.rates import RateTable
from engine.errors import BusinessRuleError, ComptoirError
from engine.formats.rates_csv import parse_file
from engine.i18n import tr
from engine.money import currency_of, exchange_rate, quantize
from engine.schema import terms
from engine.services.rates_warnings import implausible, posted_on


def _rows(book):
    return [(r.date, r.currency, r.rate) for r in book.records("Rates")]


def refuse_without_chf_column(book) -> None:
    """A CHF amount given for a payment in a book whose Payments sheet predates AmountCHF would be dropped on save:
    refused, saying how to add the column."""
    if "amount_chf" not in book.table("Payments").positions:
        sheet, column = book.title("Payments"), terms.header("AmountCHF", book.language, "Payments")
        raise BusinessRuleError(tr("{book}: the {sheet} sheet has no {column} column (the book is older than it): the "
                                   "CHF amount cannot be kept", book.language, book=book.name, sheet=sheet,
                                   column=column),
                                tr("add a column {column} at the end of the {sheet} table (comptoir check says so "
                                   "too), then record the payment again", book.language, column=column, sheet=sheet))


def with_rate_used(record, table):
    """A foreign document posted without ExchangeRate carries the Rates sheet's rate it was posted at, locked with
    it: a Rates row corrected later must not value its payments at another rate than its invoice was."""
    if currency_of(record) == "CHF" or exchange_rate(record) is not None:
        return record
    rate = table.on(currency_of(record), record.date)
    return record if rate is None else replace(record, exchange_rate=rate)


def with_chf_used(payment, currency: str, days):
    """A foreign document's payment posted without AmountCHF carries the CHF it was posted at (its amount at the
    Rates sheet's rate of its day), locked with it as the document's rate is: a Rates row replaced later must not
    move a posted payment at the next repost. Only a payment moves money; a book without the column or without a
    rate of the day keeps the row as it is."""
    if ((payment.kind or "payment") != "payment" or (currency or "CHF").upper() == "CHF"
            or getattr(payment, "amount_chf", None) is not None or payment.amount is None):
        return payment
    rate = days.on(currency, payment.date)
    return payment if rate is None else replace(payment, amount_chf=quantize(payment.amount * rate))


def payments_valued(book):
    """``with_chf_used`` for the payments of ``book`` (a book whose Payments predate AmountCHF: as they are)."""
    if "amount_chf" not in book.table("Payments").positions:
        return lambda payment: payment
    currencies = {(side, r.number): currency_of(r) for side, sheet in (("sales", "Documents"),
                  ("purchases", "ReceivedInvoices")) for r in book.records(sheet)}
    days = day_rates(book)
    return lambda p: with_chf_used(p, currencies.get((p.side, p.document_number), "CHF"), days)


def payments_released(book):
    """Unposting: a payment whose AmountCHF is still its amount at the Rates sheet's rate of its day gets it back
    empty (the posting wrote it; post and unpost give back the same book, and an amount corrected before posting
    again is valued afresh). One the rate no longer gives keeps it: a rate replaced since does not move it at the
    repost (audit 19)."""
    valued = payments_valued(book)

    def released(p):
        if getattr(p, "amount_chf", None) is None:
            return p
        fresh = valued(replace(p, amount_chf=None))
        return replace(p, amount_chf=None) if fresh.amount_chf == p.amount_chf else p
    return released


def valued_records(book):
    """``book.records`` whose foreign documents without ExchangeRate carry the rate of their date (reports value
    them as posting does)."""
    table = book_rates(book)

    def records(sheet: str):
        rows = book.records(sheet)
        return tuple(with_rate_used(r, table) for r in rows) if sheet in ("Documents", "ReceivedInvoices") else rows
    return records


def book_rates(book) -> RateTable:
    """The Rates sheet, with Settings EURRate as the EUR rate of any day before the sheet's first (old books)."""
    eur = book.settings["EURRate"]
    return RateTable.of(_rows(book), {"EUR": eur} if eur is not None else None)


def day_rates(book) -> RateTable:
    """The Rates sheet alone (no fallback): what values a payment at the rate of its own day. With
    :func:`book_rates` too: ``book_rates(book).days_only()`` (the sheet parsed once)."""
    return RateTable.of(_rows(book))


@dataclass(frozen=True, slots=True)
class Imported:
    added: int
    replaced: int
    unchanged: int
    skipped: dict  # currency → rows of currencies no document uses (an SNB file has them all)
    first: date | None
    last: date | None
    warnings: tuple = ()  # rates far from the previous one; replaced days that valued posted rows


def import_file(book, path: Path) -> Imported:
    """The rates of ``path`` into the Rates sheet: a day already there with another rate is replaced (the file is
    the newer word), one with the same rate left as it is. The caller saves."""
    rows = parse_file(Path(path))
    known = book.schema.sheet("Rates").column("currency").codes
    skipped: dict[str, int] = {}
    for row in rows:
        if row.currency not in known:
            skipped[row.currency] = skipped.get(row.currency, 0) + 1
    rows = [r for r in rows if r.currency in known]
    if not rows:
        raise ComptoirError(f"{Path(path).name}: no rate of {', '.join(known)} (only {', '.join(sorted(skipped))})",
                            "the Rates sheet keeps the currencies documents and bank accounts use")
    source = Path(path).name[:60]
    existing = {(r.date, r.currency): r for r in book.records("Rates")}
    added = unchanged = 0
    replaced: dict = {}
    for row in rows:
        key = (row.day, row.currency)
        old = existing.get(key)
        if old is not None and old.rate == row.rate:
            unchanged += 1
            continue
        if old is None:
            added += 1
        else:
            replaced[key] = (row.line, old.rate, row.rate)
        existing[key] = book.new("Rates", date=row.day, currency=row.currency, rate=row.rate, source=source)
    said = posted_on(book, replaced)  # before the sheet changes: which rows the old rates valued
    said += implausible([(r.date, r.currency, r.rate) for r in existing.values()], {(r.day, r.currency): r.line
                                                                                    for r in rows})
    book.put("Rates", [existing[k] for k in sorted(existing, key=lambda k: (k[1], k[0]))])
    days = [r.day for r in rows]
    return Imported(added, len(replaced), unchanged, skipped, min(days), max(days), tuple(said))


def listed(book, currency: str | None = None, start: date | None = None, end: date | None = None):
    """The Rates rows of ``currency`` between ``start`` and ``end``, by currency and date."""
    return sorted((r for r in book.records("Rates")
                   if (not currency or r.currency == currency.upper())
                   and (start is None or r.date >= start) and (end is None or r.date <= end)),
                  key=lambda r: (r.currency, r.date))

