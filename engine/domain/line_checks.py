"""What a line typed for a new document may say: a discount is a percentage of 0–100, a quantity is never negative.

>>> discount("10%"), discount(None)
(Decimal('10'), None)
"""
from __future__ import annotations

from decimal import Decimal

from engine.domain.vat import HUNDRED
from engine.errors import BusinessRuleError
from engine.i18n import tr  # the language of the book the command opened (its messages, issue 18)
from engine.money import ZERO, to_decimal


def discount(value) -> Decimal | None:
    """A line discount in percent as typed ("10", "10%", 10.0); 0–100."""
    if value is None or value == "":
        return None
    percent = to_decimal(str(value).strip().rstrip("%") if isinstance(value, str) else value)
    if not ZERO <= percent <= HUNDRED:
        raise BusinessRuleError(tr("a line discount of {value}% is not between 0 and 100", value=value),
                                tr("write e.g. 10 for 10 %"))
    return percent


def refuse_negative_quantities(specs, stage: str) -> None:
    """A document never gives money back by a negative quantity: that is what a credit note (stage N,
    manual §3 "Note de crédit") is for, with positive lines, used on the invoice ("Utiliser une note de crédit")."""
    for position, spec in enumerate(specs, start=1):
        if spec.quantity is not None and to_decimal(spec.quantity) < ZERO:
            what = spec.article_id or spec.designation or tr("the line")
            raise BusinessRuleError(
                tr("line {position} ({what}) has a negative quantity {quantity}", position=position, what=what,
                   quantity=spec.quantity),
                tr("to give money back, issue a credit note (stage N) with positive quantities and use it on the "
                   "invoice") if stage != "N" else
                tr("a credit note's quantities are positive: it is a credit by nature"))
