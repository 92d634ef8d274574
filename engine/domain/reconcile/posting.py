"""Journal entries of bank movements, in batches B-1, B-2, … (manual §6.2.3: one voucher number per batch; the
group is the invoicing document number so account extracts can be ticked per invoice).

A movement books its amount between its debit and credit accounts; a multi-line one books each leg and the legs are
paired into two-account entries (the journal has one debit and one credit account per line). A movement whose lines
do not balance is refused with the rest, never booked with a silent difference.

>>> from decimal import Decimal
>>> from datetime import date
>>> legs = [("D", "1010", Decimal("19.74")), ("D", "3293", Decimal("0.26")), ("C", "1304", Decimal("20.00"))]
>>> [(d, c, str(a)) for d, c, a in pair(legs)]
[('1010', '1304', '19.74'), ('3293', '1304', '0.26')]
>>> next_batch(["B-1", "B-7", None, "B-3"])
'B-8'
"""
from __future__ import annotations

import re
from decimal import Decimal

from engine.domain import imputation
from engine.domain.posting.entry import Entry
from engine.domain.reconcile import lines as multi
from engine.errors import BusinessRuleError
from engine.i18n import tr
from engine.money import ZERO

_BATCH = re.compile(r"B-(\d+)$")


def next_batch(existing) -> str:
    numbers = [int(m.group(1)) for b in existing if b and (m := _BATCH.match(b))]
    return f"B-{max(numbers, default=0) + 1}"


def pair(legs) -> list[tuple]:
    """Balanced (side, account, amount) legs → (debit, credit, amount) entries, in order. A leg may carry a fourth
    item (its line): each entry then ends with the line of its leg that has one (the bank's leg has none)."""
    debits = [[leg[1], leg[2], leg[3] if len(leg) > 3 else None] for leg in legs if leg[0] == "D" and leg[2]]
    credits = [[leg[1], leg[2], leg[3] if len(leg) > 3 else None] for leg in legs if leg[0] == "C" and leg[2]]
    out, i, j = [], 0, 0
    carry = any(len(leg) > 3 for leg in legs)
    while i < len(debits) and j < len(credits):
        amount = min(debits[i][1], credits[j][1])
        entry = (debits[i][0], credits[j][0], amount)
        out.append((*entry, debits[i][2] or credits[j][2]) if carry else entry)
        debits[i][1] -= amount
        credits[j][1] -= amount
        i += debits[i][1] == 0
        j += credits[j][1] == 0
    return out


def legs(m, lines) -> list[tuple[str, str, Decimal]]:
    """The legs of a movement: the bank side with the full amount, each line on its side."""
    bank_side = "D" if m.direction == "credit" else "C"
    bank = m.debit_account if bank_side == "D" else m.credit_account
    out = [(bank_side, bank, m.amount, None)]
    for line in lines:
        out.append((line.side or ("C" if bank_side == "D" else "D"), line.account, line.amount or ZERO, line))
    return out


def _period(m) -> str:
    """The movement's période d'imputation in its short form ("2026-01..2026-12" → "2026"); "" when none."""
    period = imputation.optional(getattr(m, "period", None))
    return str(period) if period else ""


def entries_of(m, *, voucher: str, source: str, lines=(), vat=None) -> list[Entry]:
    """The entries of movement ``m`` (a Movements record with its accounts set); ``vat(code, day, gross)``."""
    label = m.label or m.type or ""
    common = dict(date=m.booking_date, voucher=voucher, group=m.group or "", reference=m.counterparty or "",
                  source=f"{source}:{m.movement_id}", period=_period(m))
    if not lines:
        if not m.debit_account or not m.credit_account:
            raise BusinessRuleError(tr("movement {movement} has no debit account" if not m.debit_account else
                                       "movement {movement} has no credit account", movement=m.movement_id),
                                    tr("choose the counter-account (or a type or rule that sets it)"))
        vat_amount = vat(m.vat_code, m.booking_date, m.amount) if (vat and m.vat_code) else ZERO
        return [Entry(debit=m.debit_account, credit=m.credit_account, amount=m.amount, vat_code=m.vat_code or "",
                      vat_amount=vat_amount, label=label, analytic_code=m.analytic_code or "", **common)]
    left = multi.rest(lines, m.amount, m.direction)
    if left or any(line.amount is None for line in lines):
        raise BusinessRuleError(tr("movement {movement}: the multi-line entry does not balance (rest {rest})",
                                   movement=m.movement_id, rest=left),
                                tr("complete the lines so the rest is 0.00, or remove them"))
    return [Entry(debit=d, credit=c, amount=a, label=(line.label if line else "") or label,
                  analytic_code=(line.analytic if line else "") or m.analytic_code or "", **common)
            for d, c, a, line in pair(legs(m, lines))]
