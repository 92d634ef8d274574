"""What one camt parse run carries along: the file name, the warnings found so far, and the lenient readers
of amounts and dates that turn a damaged value into a clear refusal or a warning.

Warnings are capped (``limit``): a file with a bad check digit on every line reports the first ones and a
count, not 100,000 lines nobody reads.

>>> reader = Reader("x.xml", limit=1)
>>> reader.warn(None, "one"); reader.warn(None, "two")
>>> [p.message for p in reader.finish()]
['one', '... and 1 more warnings']
>>> reader.day_text("2024-03-01T10:00:00+01:00", None).isoformat(), reader.date_times
('2024-03-01', 1)
"""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from engine.errors import InvalidFormat, Problem, Source
from engine.i18n import tr
from engine.money import AmountError, to_decimal


class Reader:
    """The run's file name and warnings."""

    def __init__(self, source: str, limit: int = 1000):
        self.source, self.limit = source, limit
        self.problems: list[Problem] = []
        self.warned = 0
        self.date_times = 0
        self._days: dict[str, date] = {}  # a year's statement has ~250 distinct dates on 100,000 lines

    def warn(self, element, message: str, hint: str = "") -> None:
        self.warned += 1
        if self.warned <= self.limit:
            line = element.sourceline if element is not None else None
            self.problems.append(Problem(Source(self.source, row=line), message, hint, severity="warning"))

    def finish(self) -> tuple[Problem, ...]:
        """The warnings, with the DtTm count and the number left out past the limit."""
        if self.date_times:
            count, self.date_times = self.date_times, 0
            self.warn(None, tr("{count} date(s) given as a date-time (DtTm) where a date (Dt) is expected; the date "
                               "part was kept", count=count),
                      tr("nothing to do unless the bank's time zone shifts the day"))
        problems = list(self.problems)
        if self.warned > self.limit:
            problems.append(Problem(Source(self.source), tr("... and {count} more warnings",
                                                            count=self.warned - self.limit), severity="warning"))
        return tuple(problems)

    def amount(self, element) -> Decimal:
        """An ``Amt`` element's value: the schema's plain decimal, else :meth:`bad_amount`."""
        try:
            return Decimal(element.text)
        except (InvalidOperation, TypeError):
            return self.bad_amount(element)

    def bad_amount(self, element) -> Decimal:
        """Called when ``Decimal(text)`` failed: accept typed forms ("1'234,50"), else refuse the file."""
        raw = element.text or ""
        try:
            return to_decimal(raw)
        except AmountError:
            raise InvalidFormat(tr('<{tag}> "{value}" is not an amount', tag=element.tag, value=raw.strip()),
                                tr("the file is damaged; download it again"),
                                Source(self.source, row=element.sourceline)) from None

    def day_text(self, raw: str | None, element) -> date | None:
        """A ``Dt`` (``YYYY-MM-DD``) or ``DtTm`` text as a date: the day as the bank wrote it."""
        day = self._days.get(raw)
        if day is not None:
            return day
        try:
            raw = raw.strip()
            if len(raw) > 10:
                self.date_times += 1
                return date.fromisoformat(raw[:10])
            day = self._days[raw] = date.fromisoformat(raw)
            return day
        except (ValueError, AttributeError):
            self.warn(element, tr('"{value}" is not a date; left empty', value=raw), tr("compare with the e-banking"))
            return None

    def day(self, element) -> date | None:
        """``<X><Dt>..</Dt></X>`` or ``<X><DtTm>..</DtTm></X>`` as a date."""
        for child in element:
            return self.day_text(child.text, child)
        return None

    def timestamp(self, element) -> datetime | None:
        if element is None or not element.text:
            return None
        raw = element.text.strip()
        try:
            return datetime.fromisoformat(raw.replace("Z", "+00:00"))
        except ValueError:
            self.warn(element, tr('"{value}" is not a date and time; left empty', value=raw))
            return None


def text(element) -> str | None:
    """An element's text, stripped; ``None`` when empty."""
    return (element.text or "").strip() or None


def compact(value: str | None) -> str | None:
    """An IBAN or reference without spaces, upper case."""
    return value.replace(" ", "").upper() if value else value
