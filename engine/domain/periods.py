"""Closed accounting periods: nothing is posted into them, nothing posted there is taken back (manual §3.9: the
suite refuses to post into a closed period; DOMAIN.md §0). A period is the ledger's Periods row (Period, Start, End,
Closed); a date before the first period is outside the books (the year before was closed and carried forward).

The same rows reach the invoicing side through the mandate's reference data (JSON: dates as ISO text, Closed as a
boolean or text), so both shapes are read.

>>> from datetime import date
>>> rows = [{"period": "2025", "start": "2025-01-01", "end": "2025-12-31", "closed": True},
...         {"period": "2026", "start": "2026-01-01", "end": "2026-12-31", "closed": False}]
>>> closed_for(rows, date(2025, 6, 1))
'period 2025 (01.01.2025 – 31.12.2025) is closed'
>>> closed_for(rows, date(2024, 12, 31))
'31.12.2024 is before the first period of the ledger (2025, from 01.01.2025)'
>>> closed_for(rows, date(2026, 3, 2)) is None
True
"""
from __future__ import annotations

from datetime import date, datetime

from engine.errors import BusinessRuleError, Source
from engine.i18n import tr
from engine.schema.terms import shown_header, shown_sheet


def _get(row, name: str):
    return row.get(name) if isinstance(row, dict) else getattr(row, name, None)


def _day(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value.strip():
        return date.fromisoformat(value.strip()[:10])
    return None


def _closed(value) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes", "oui", "ja", "x", "closed")
    return bool(value)


def closed_for(periods, day: date) -> str | None:
    """Why ``day`` cannot be posted to (its period is closed, or it precedes the first period), or None."""
    spans = [(_day(_get(p, "start")), _day(_get(p, "end")), str(_get(p, "period") or ""), _closed(_get(p, "closed")))
             for p in periods]
    spans = [s for s in spans if s[0] and s[1]]
    if not spans:
        return None
    first = min(spans)
    if day < first[0]:
        return tr("{day} is before the first period of the ledger ({period}, from {start})", day=f"{day:%d.%m.%Y}",
                  period=first[2], start=f"{first[0]:%d.%m.%Y}")
    for start, end, name, closed in spans:
        if closed and start <= day <= end:
            return tr("period {period} ({start} – {end}) is closed", period=name, start=f"{start:%d.%m.%Y}",
                      end=f"{end:%d.%m.%Y}")
    return None


def refuse_closed(periods, entries, what: str, source: Source | None = None) -> None:
    """Raise, naming the first entry (its date and voucher) that falls into a closed period; ``what`` says what was
    being done ("posting session 4", "withdrawing batch …")."""
    for entry in entries:
        why = closed_for(periods, entry.date)
        if why:
            raise BusinessRuleError(
                tr("{what}: entry {entry} of {date} ({debit} / {credit} {amount}) falls in a closed period — {why}",
                   what=what, entry=entry.voucher or "", date=f"{entry.date:%d.%m.%Y}", debit=entry.debit,
                   credit=entry.credit, amount=entry.amount, why=why),
                tr("date the document or payment in an open period (a correction of a closed year is booked in the "
                   "open one), or reopen the period in the ledger's {sheet} sheet ({closed} empty)",
                   sheet=shown_sheet("Periods"), closed=shown_header("Closed", "Periods")), source)


def outside(periods, day: date, language: str | None = None, sheet: str | None = None) -> str | None:
    """Why ``day`` lies in no period of the ledger — after its last one, or in a gap between two (audit of issue 20:
    entries of 01.01.2027 went into a ledger whose Periods cover 2026 only, next to its 2027 ledger) — or None (a
    ledger without periods takes any day; a day before the first is :func:`closed_for`'s). Said in ``language``
    (the ledger's), naming its Periods sheet ``sheet`` as the ledger does."""
    spans = _spans(periods)
    if not spans or day < spans[0][0] or any(start <= day <= end for start, end in spans):
        return None
    return tr("{day} is in no period of the ledger's {sheet} sheet (they cover {start} – {end})", language,
              day=f"{day:%d.%m.%Y}", sheet=_periods_sheet(language, sheet), **_covered(spans))


def _spans(periods) -> list:
    return [s for s in sorted((_day(_get(p, "start")), _day(_get(p, "end"))) for p in periods) if s[0] and s[1]]


def _covered(spans) -> dict:
    return {"start": f"{spans[0][0]:%d.%m.%Y}", "end": f"{max(end for _, end in spans):%d.%m.%Y}"}


def _periods_sheet(language: str | None, sheet: str | None) -> str:
    """The ledger's Periods sheet as it names it (Périodes, Perioden), else as a book in ``language`` would."""
    return sheet or shown_sheet("Periods", language)


def revalues(entry) -> bool:
    """Whether ``entry`` is a year-end revaluation's (or its reversal's, dated the next year's first day, which the
    revaluation books before that year is opened, by design: ``ledger revalue``)."""
    source = getattr(entry, "source", None) or getattr(entry, "source_id", None) or ""
    return str(source).startswith("revaluation:")


def refuse_outside(periods, entries, what: str, source: Source | None = None, language: str | None = None,
                   sheet: str | None = None) -> None:
    """Raise, naming the dates, when entries fall in no period of the ledger: the year they belong to is not opened
    in it (it may be another book). Said in ``language`` (the ledger's), its Periods sheet named ``sheet``."""
    entries = [entry for entry in entries if not revalues(entry)]
    days = sorted({entry.date for entry in entries if outside(periods, entry.date)})
    if not days:
        return
    count = sum(1 for entry in entries if entry.date in set(days))
    dates = f"{days[0]:%d.%m.%Y}" + (f" – {days[-1]:%d.%m.%Y}" if days[-1] != days[0] else "")
    values = dict(what=what, count=count, dates=dates, sheet=_periods_sheet(language, sheet),
                  **_covered(_spans(periods)))
    message = (tr("{what}: 1 entry dated {dates}, in no period of the ledger's {sheet} sheet (they cover {start} – "
                  "{end})", language, **values) if count == 1 else
               tr("{what}: {count} entries dated {dates}, in no period of the ledger's {sheet} sheet (they cover "
                  "{start} – {end})", language, **values))
    raise BusinessRuleError(
        message,
        tr("open the year {year}: in a ledger of its own (comptoir ledger open LEDGER --year {year} --into NEW.xlsx) "
           "and point the mandate at it (the ledger of .comptoir/mandate.json), or in this ledger (comptoir ledger "
           "open LEDGER --year {year}); then pull again", language, year=days[0].year), source)
