"""Checks on what a camt file says: check digits of IBANs and references, and whether a statement adds up.

Real files carry anonymised IBANs and references that fail their check digits; they are read anyway and
flagged (DESIGN.md "real bank files are messy"). The digit checks here are the textbook algorithms
(ISO 13616 / ISO 7064 MOD 97-10 for IBAN and ISO 11649 RF references, modulo 10 recursive for QR/ISR
references, DOMAIN.md §2-3) written for speed, since they run on every entry of a 100,000-entry file;
the tests hold them against python-stdnum.

>>> iban_ok("CH9300762011623852957"), iban_ok("CH1111111111111111111")
(True, False)
>>> qr_reference_ok("210000000003139471430009017"), creditor_reference_ok("RF18539007547034")
(True, True)
"""
from __future__ import annotations

from decimal import Decimal
from string import ascii_uppercase

from engine.errors import Problem, Source
from engine.formats.camt.model import CREDIT, Statement
from engine.i18n import tr

_LETTERS = str.maketrans({letter: str(index) for index, letter in enumerate(ascii_uppercase, start=10)})
_MOD10 = (0, 9, 4, 6, 8, 2, 7, 1, 3, 5)  # IG QR-bill Annex B: modulo 10 recursive
# an entry is counted in the balance once booked; pending (PDNG) and informational (INFO) ones are not
BOOKED = frozenset({"BOOK", None})


def _mod97(text: str) -> bool:
    rearranged = (text[4:] + text[:4]).upper().translate(_LETTERS)
    return rearranged.isdigit() and int(rearranged) % 97 == 1


_IBANS: dict[str, bool] = {}  # counterparties repeat from line to line: check each IBAN once per process


def iban_ok(iban: str) -> bool:
    """True when ``iban`` (compact) passes the ISO 13616 check digits."""
    known = _IBANS.get(iban)
    if known is None:
        known = 15 <= len(iban) <= 34 and iban[:2].isalpha() and _mod97(iban)
        if len(_IBANS) < 100_000:
            _IBANS[iban] = known
    return known


def creditor_reference_ok(reference: str) -> bool:
    """True when an ISO 11649 ``RF`` reference passes its check digits."""
    return 5 <= len(reference) <= 25 and reference[:2].upper() == "RF" and _mod97(reference)


def _carry(carry: int, digits: str) -> int:
    for digit in digits:
        carry = _MOD10[(carry + ord(digit) - 48) % 10]
    return carry


# the recursion three digits at a time: carry in → {"000": carry out, ...} (10 x 1,000 small ints)
_TRIPLES = tuple({f"{n:03d}": _carry(carry, f"{n:03d}") for n in range(1000)} for carry in range(10))


def qr_reference_ok(reference: str) -> bool:
    """True when a 27-digit QR (or ISR) reference passes its modulo-10-recursive check digit."""
    if len(reference) != 27 or not (reference.isascii() and reference.isdigit()) or not reference.strip("0"):
        return False  # IG QR-bill Annex B: an all-zero reference is not a reference
    carry = 0
    for start in range(0, 24, 3):
        carry = _TRIPLES[carry][reference[start:start + 3]]
    carry = _carry(carry, reference[24:26])
    return (10 - carry) % 10 == ord(reference[26]) - 48


def booked_total(statement: Statement) -> Decimal:
    """The sum of the booked entries, credits positive, debits negative (reversals move money like any entry)."""
    total = Decimal(0)
    for entry in statement.entries:
        if entry.status in BOOKED:
            total += entry.amount if entry.direction == CREDIT else -entry.amount
    return total


def check_balances(statement: Statement, source: str = "") -> tuple[Problem, ...]:
    """Problems when the booked entries do not lead from the opening to the closing balance."""
    opening, closing = statement.opening_balance, statement.closing_balance
    if opening is None or closing is None:
        return ()
    movement = booked_total(statement)
    expected = opening.amount + movement
    where = Source(source, sheet=f"statement {statement.id}" if statement.id else "")
    balance_ccy = closing.currency or opening.currency or statement.account.currency or ""
    entry_ccys = sorted({e.currency for e in statement.entries if e.status in BOOKED and e.currency})
    if balance_ccy and entry_ccys and entry_ccys != [balance_ccy]:  # the sum mixes currencies: say which
        return (Problem(where, tr("the balances are in {currency} but the entries in {currencies}: opening "
                                  "{currency} {opening} and closing {currency} {closing} cannot be checked against "
                                  "entries of {entries} {movement}", currency=balance_ccy,
                                  currencies=", ".join(entry_ccys), opening=opening.amount, closing=closing.amount,
                                  entries=" ".join(entry_ccys), movement=movement),
                        tr("the file mixes the account's currency with others (a multi-currency account?); check it "
                           "with the e-banking"), severity="warning"),)
    if expected == closing.amount:
        return ()
    ccy = f"{balance_ccy} " if balance_ccy else ""
    return (Problem(where, tr("the entries do not add up: opening {code} {opening} + movements {movement} = "
                              "{expected}, but the closing {closing_code} balance is {closing} (difference "
                              "{difference})", code=opening.code, opening=f"{ccy}{opening.amount}", movement=movement,
                              expected=expected, closing_code=closing.code, closing=f"{ccy}{closing.amount}",
                              difference=closing.amount - expected),
                    tr("some entries are missing from this file or belong to another statement; compare it with the "
                       "e-banking"), severity="error"),)
