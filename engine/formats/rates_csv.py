"""Daily exchange rates from a CSV file: ``date,currency,rate`` (CHF per 1 unit), in the shapes people get them.

* plain: a header ``date,currency,rate`` (or ``Datum;Währung;Kurs``, ``date;devise;cours``), comma or semicolon;
  without a header, the first column a date, then currency, then rate;
* dates ISO (``2026-12-31``) or Swiss (``31.12.2026``); a Swiss semicolon file writes ``0,9312`` (decimal comma);
* the SNB data portal's CSV export (data.snb.ch, cubes ``devkum`` / ``devkua``): metadata lines first, then
  ``"Date";"D0";"D1";"Value"``, D1 the currency and its unit (``EUR1``, ``JPY100``: the rate of 100 units, divided
  here), the date a day or a month (``2026-12``: the month's first day); empty values (holidays) are skipped
  (in another file an empty rate is refused: a row left unfinished);
* the customs' (EZV/BAZG) daily rates as CSV, ``date,symbol,price,currency`` (the last column the unit, CHF).

Every value that cannot be read is named by line and column, all at once; nothing is returned then.

>>> rows = parse_text("Datum;Währung;Kurs\\n31.12.2026;EUR;0,9312\\n", "r.csv")
>>> [(str(r.day), r.currency, str(r.rate)) for r in rows]
[('2026-12-31', 'EUR', '0.9312')]
>>> snb = '"CubeId";"devkum"\\n\\n"Date";"D0";"D1";"Value"\\n"2026-11";"M0";"JPY100";"0.5310"\\n'
>>> [(str(r.day), r.currency, str(r.rate)) for r in parse_text(snb, "snb.csv")]
[('2026-11-01', 'JPY', '0.00531')]
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from engine.errors import ComptoirError, Problem, ProblemsFound, Source
from engine.i18n import tr
from engine.schema.terms import shown_header

DATE_WORDS = ("date", "datum", "data", "day")
CURRENCY_WORDS = ("currency", "währung", "wahrung", "devise", "valuta", "d1", "ccy", "symbol")
RATE_WORDS = ("rate", "kurs", "cours", "value", "wert", "valeur", "chf", "price")
MAX_BYTES = 20_000_000


@dataclass(frozen=True, slots=True)
class RateRow:
    day: date
    currency: str
    rate: Decimal
    line: int


def parse_file(path: Path) -> list[RateRow]:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ComptoirError(f"{path}: cannot be read ({error.strerror})", "give the path of the rates CSV") from None
    if len(raw) > MAX_BYTES:
        raise ComptoirError(f"{path.name}: {len(raw):,} bytes is not a rates file", "give a CSV of daily rates")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # Excel's CSV on Windows
    return parse_text(text, path.name)


def parse_text(text: str, name: str) -> list[RateRow]:
    lines = text.splitlines()
    delimiter = _delimiter(lines)
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    start, columns = _header(rows)
    problems, out = [], []
    for index in range(start, len(rows)):
        cells = [c.strip() for c in rows[index]]
        if not any(cells):
            continue
        line = index + 1
        got = _row(cells, columns, delimiter, name, line, problems)
        if got is not None:
            out.append(got)
    if not out and not problems:
        raise ComptoirError(tr("{file}: no rate found", file=name),
                            tr("one rate per line: date,currency,rate (2026-12-31,EUR,0.9312)"))
    seen: dict = {}
    for row in out:  # one day, two rates: which one values the day's invoices? the file must say
        first = seen.setdefault((row.day, row.currency), row)
        if first.rate != row.rate:
            problems.append(Problem(Source(name, "", row.line, "rate"), tr(
                "column {number} ({column}): {what}", number=columns["rate"] + 1, column=shown_header("Rate", "Rates"),
                what=tr("{currency} {day} is {rate} here and {first} on line {line}", currency=row.currency,
                        day=f"{row.day:%d.%m.%Y}", rate=row.rate, first=first.rate, line=first.line)),
                tr("keep one rate per day and currency (the daily rate or the monthly average)")))
    if problems:
        raise ProblemsFound(problems)
    return out


def _delimiter(lines: list[str]) -> str:
    sample = "\n".join(lines[:20])
    counts = {d: sample.count(d) for d in (";", "\t", ",")}
    if counts[";"] or counts["\t"]:
        return ";" if counts[";"] >= counts["\t"] else "\t"
    return ","


def _header(rows: list[list[str]]) -> tuple[int, dict[str, int]]:
    """The first data row and where date, currency (and SNB's unit) and rate are."""
    for index, row in enumerate(rows[:30]):
        words = [c.strip().lower() for c in row]
        if words and words[0] in DATE_WORDS:
            found = {"date": 0}
            for position, word in enumerate(words[1:], start=1):
                if word in CURRENCY_WORDS and "currency" not in found:
                    found["currency"] = position
                elif word in RATE_WORDS and "rate" not in found:
                    found["rate"] = position
            if "currency" in found and "rate" in found:
                if "d1" in words:  # the SNB portal's export: a holiday's value is empty
                    found["holidays_empty"] = 1
                return index + 1, found
    return 0, {"date": 0, "currency": 1, "rate": 2}


def _row(cells, columns, delimiter, name, line, problems) -> RateRow | None:
    def bad(column: str, message: str, hint: str) -> None:  # the Source says the line; the message the column
        # the column named as the Rates sheet heads it (Kurs, Cambio), in the book's language (issue 18)
        problems.append(Problem(Source(name, "", line, column), tr(
            "column {number} ({column}): {what}", number=columns[column] + 1, column=shown_header(
                column.capitalize(), "Rates"), what=message), hint))

    def cell(key: str) -> str:
        position = columns[key]
        return cells[position] if position < len(cells) else ""

    day = _day(cell("date"))
    if day is None:
        bad("date", tr('"{text}" is not a date', text=cell("date")), tr("write 2026-12-31 or 31.12.2026"))
    code = cell("currency").upper().replace(" ", "")
    match = re.fullmatch(r"([A-Z]{3})(\d*)", code)
    if match is None:
        bad("currency", tr('"{text}" is not a currency code', text=cell("currency")), tr("write EUR, USD or GBP"))
    text = cell("rate")
    if not text and columns.get("holidays_empty") and match is not None and day is not None:
        return None  # the SNB leaves a day without fixing empty
    if not text:  # elsewhere an empty rate is a row left unfinished: skipping it would value the day at the eve's
        bad("rate", tr("the rate is empty"), tr("write CHF per 1 unit (e.g. 0.9312), or delete the line"))
        return None
    rate = _decimal(text, delimiter)
    if rate is None or rate <= 0:
        bad("rate", tr('"{text}" is not a rate above 0', text=text), tr("write CHF per 1 unit, e.g. 0.9312"))
    if day is None or match is None or rate is None or rate <= 0:
        return None
    units = int(match[2] or 1)
    return RateRow(day, match[1], rate / units if units != 1 else rate, line)


def _day(text: str) -> date | None:
    for shape in ("%Y-%m-%d", "%d.%m.%Y", "%Y-%m", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, shape).date()
        except ValueError:
            pass
    return None


def _decimal(text: str, delimiter: str) -> Decimal | None:
    text = text.replace("'", "").replace("\u2019", "").replace(" ", "")
    if delimiter != "," and "," in text and "." not in text:
        text = text.replace(",", ".")  # a Swiss semicolon file: 0,9312
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None
