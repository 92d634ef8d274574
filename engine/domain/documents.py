"""Sales documents: stages, the status column, numbering per stage series and the open balance.

The stages and status letters are those of the Swiss suite we reproduce (DOMAIN.md §0, manual §3.7): quote ``O``,
order confirmation ``Cc``, delivery note ``L``, invoice ``F``; a credit note ``N`` stands alone. A document moves
forward only (O → Cc → L → F); the status shows the stage, ``_`` once the current stage is printed, the posting
letters ``c``/``C`` (set by the posting engine, kept here) and ``X`` when paid. Down-payment invoices carry the
invoice series number followed by ``a`` (manual §3.8.14).

>>> status("F", printed=True, paid=True, posted="C")
'F_CX'
>>> parse_status("Cc_")
('Cc', True, '', False)
>>> next_number("F-{year}-{seq:04d}", 2026, ["F-2026-0007", "F-2026-0009a", "F-2025-0044", "O-2026-0100"])
'F-2026-0010'
>>> balance(Decimal("1081.00"), [("payment", Decimal("500")), ("fee", Decimal("20")), ("discount", Decimal("1.00"))])
Decimal('600.00')
"""
from __future__ import annotations

import re
import string
from decimal import Decimal
from typing import Iterable

from engine.errors import BusinessRuleError
from engine.i18n import tr
from engine.domain.stages import StageFlow
from engine.money import ZERO, quantize

STAGES = ("O", "Cc", "L", "F", "N")
FLOW = ("O", "Cc", "L", "F")  # the sales process; N is outside it
KINDS = {"O": "quote", "Cc": "order_confirmation", "L": "delivery_note", "F": "invoice", "N": "credit_note"}
SERIES = {"O": "NumberQuote", "Cc": "NumberOrder", "L": "NumberDelivery", "F": "NumberInvoice",
          "N": "NumberCreditNote"}
STAGE_NAMES = {"o": "O", "quote": "O", "cc": "Cc", "c": "Cc", "order": "Cc", "l": "L", "delivery": "L",
               "f": "F", "invoice": "F", "n": "N", "credit": "N", "credit_note": "N"}
DOWN_PAYMENT_MARK = "a"
# What settles a document (reduces its balance) and what a reminder adds to it (fees, default interest).
SETTLING = ("payment", "discount", "loss", "credit_note")
CHARGES = ("fee", "interest")
_POSTED = ("c", "C")


SALES_FLOW = StageFlow("a document", FLOW, STAGE_NAMES,
                       "use O (quote), Cc (order confirmation), L (delivery note), F (invoice) or N", "O → Cc → L → F")
stage_of = SALES_FLOW.stage_of  # a stage code from what people type: ``F``, ``invoice``, ``cc``, ``Quote``
next_stage = SALES_FLOW.next_stage  # the next stage of the flow, or the target when it lies ahead


def status(stage: str, *, printed: bool = False, paid: bool = False, posted: str = "") -> str:
    """The status column: stage, ``_`` printed, ``c``/``C`` posted, ``X`` paid."""
    return f"{stage}{'_' if printed else ''}{posted if posted in _POSTED else ''}{'X' if paid else ''}"


def parse_status(text: str | None) -> tuple[str, bool, str, bool]:
    """(stage, printed, posted letter, paid) read back from a status cell."""
    text = (text or "").strip()
    match = re.fullmatch(r"(Cc|O|L|F|N)?(_?)([cC]?)(X?)", text)
    if not match:
        return "", "_" in text, "C" if "C" in text[1:] else "c" if "c" in text[1:] else "", "X" in text
    return match[1] or "", bool(match[2]), match[3], bool(match[4])


def _pattern_regex(pattern: str) -> re.Pattern:
    parts = []
    for literal, name, spec, _ in string.Formatter().parse(pattern):
        parts.append(re.escape(literal))
        if name == "year":
            parts.append(r"(?P<year>\d{4})")
        elif name == "seq":
            parts.append(r"(?P<seq>\d+)")
        elif name is not None:
            raise BusinessRuleError(tr('number pattern "{pattern}" uses {name}', pattern=pattern,
                                       name="{" + name + "}"), tr("use only {year} and {seq}"))
    return re.compile("".join(parts) + re.escape(DOWN_PAYMENT_MARK) + "?")


def next_number(pattern: str, year: int, existing: Iterable[str]) -> str:
    """The next number of a series: one more than the highest sequence of ``year`` (or of all years)."""
    if "{seq" not in pattern:
        raise BusinessRuleError(tr('number pattern "{pattern}" has no {{seq}}', pattern=pattern),
                                tr('e.g. "F-{year}-{seq:04d}"'))
    regex = _pattern_regex(pattern)
    by_year = "{year" in pattern
    highest = 0
    for number in existing:
        match = regex.fullmatch(str(number or ""))
        if match and (not by_year or int(match["year"]) == year):
            highest = max(highest, int(match["seq"]))
    return pattern.format(year=year, seq=highest + 1)


def digits_of(number: str) -> str:
    """The digits of a document number, for a QR reference (``F-2026-0012a`` → ``20260012``)."""
    return re.sub(r"\D", "", number)


def balance(payable: Decimal, rows: Iterable[tuple[str, Decimal]]) -> Decimal:
    """What is still owed: payable + fees + interest − (payments, discounts, losses, credit notes used)."""
    total = payable or ZERO
    for kind, amount in rows:
        if kind in SETTLING:
            total -= amount
        elif kind in CHARGES:
            total += amount
    return quantize(total)


def paid_amount(rows: Iterable[tuple[str, Decimal]]) -> Decimal:
    """Money received (Kind payment) on a document."""
    return quantize(sum((amount for kind, amount in rows if kind == "payment"), ZERO))
