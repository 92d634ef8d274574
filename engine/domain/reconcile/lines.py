"""Multi-line entries (écritures multiples, manual §6.6): one movement booked on several accounts.

A line spec is text (Movements.Lines, Rules.Lines): lines separated by ``;``, each ``account|amount|label|side``
and, optionally, ``|analytic``: the cost centre of that line (one entry spread over several analytic codes).
``amount`` is a number, ``total`` (the movement's amount) or ``{name}`` (a substitution string read from the
movement; the sign is ignored, §6.6.2). ``side`` is ``D`` or ``C``; by default a line stands opposite the bank.
The rest that leaves the entry unbalanced is shown, never booked silently.

>>> from decimal import Decimal
>>> lines = parse("6210|90.50|Essence; 6500|27.00|Alimentation")
>>> rest(lines, Decimal("117.50"), "debit")
Decimal('0.00')
>>> card = resolve(parse("3293|{fee}|Commission|D; 1304|{gross}|Brut|C"), Decimal("19.74"), lambda n: {"fee": "-0.26", "gross": "20.00"}[n])
>>> [(l.account, l.amount, l.side) for l in card], rest(card, Decimal("19.74"), "credit")
([('3293', Decimal('0.26'), 'D'), ('1304', Decimal('20.00'), 'C')], Decimal('0.00'))
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from engine.errors import InvalidFormat
from engine.money import ZERO, to_money


@dataclass(frozen=True, slots=True, kw_only=True)
class Line:
    account: str
    amount: Decimal | None = None  # None until resolved when ``source`` is total or a substitution
    source: str = ""  # "" (fixed), "total" or a substitution name
    label: str = ""
    side: str = ""  # D | C | "" (opposite the bank)
    analytic: str = ""  # the line's cost centre ("" : the movement's)


def parse(spec: str | None) -> tuple[Line, ...]:
    out = []
    for number, part in enumerate(filter(None, (p.strip() for p in (spec or "").split(";"))), start=1):
        fields = [f.strip() for f in part.split("|")] + ["", "", "", ""]
        account, amount, label, side, analytic = fields[:5]
        if not account:
            raise InvalidFormat(f'line {number} of "{spec}" has no account', "write account|amount|label[|D or C]")
        side = side.upper()[:1]
        if side not in ("", "D", "C"):
            raise InvalidFormat(f'line {number} of "{spec}": side "{fields[3]}" is not D or C', "use D, C or nothing")
        if amount.lower() == "total":
            out.append(Line(account=account, source="total", label=label, side=side, analytic=analytic))
        elif amount.startswith("{") and amount.endswith("}"):
            out.append(Line(account=account, source=amount[1:-1], label=label, side=side, analytic=analytic))
        else:
            try:
                out.append(Line(account=account, amount=to_money(amount) if amount else None, label=label, side=side,
                                analytic=analytic))
            except (ValueError, ArithmeticError):
                raise InvalidFormat(f'line {number} of "{spec}": amount "{amount}" is not a number',
                                    "write a number, total or {substitution}") from None
    return tuple(out)


def render(lines) -> str:
    return "; ".join("|".join((l.account, "total" if l.source == "total" else (
        "{%s}" % l.source if l.source else str(l.amount if l.amount is not None else "")), l.label, l.side,
        l.analytic)).rstrip("|") for l in lines)


def resolve(lines, total: Decimal, read) -> tuple[Line, ...]:
    """Amounts of ``total`` and substitution lines filled in (``read(name)`` gives the text); sign ignored."""
    out = []
    for line in lines:
        if line.source == "total":
            line = replace(line, amount=total)
        elif line.source:
            text = (read(line.source) or "").replace("'", "").replace(" ", "").replace(",", ".")
            try:
                line = replace(line, amount=abs(to_money(text)) if text else None)
            except (ValueError, ArithmeticError):
                line = replace(line, amount=None)
        out.append(line)
    return tuple(out)


def _bank_side(direction: str) -> str:
    return "D" if direction == "credit" else "C"  # money in: the bank account is debited


def rest(lines, total: Decimal, direction: str) -> Decimal:
    """What is still to book opposite the bank so that the entry balances (0: balanced)."""
    bank = _bank_side(direction)
    opposite = ZERO
    for line in lines:
        amount = line.amount or ZERO
        opposite += -amount if (line.side or ("C" if bank == "D" else "D")) == bank else amount
    return to_money(total - opposite)


def swap_accounts(lines, accounts: dict) -> tuple[Line, ...]:
    """The lines with each account replaced by ``accounts`` (a bank's own 2003.02 for 2003 …), the rest as they are."""
    return tuple(replace(line, account=accounts.get(line.account, line.account)) for line in lines)
