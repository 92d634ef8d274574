"""External batch bookings: a camt.053 entry that carries only a total, detailed by a camt.054 (SIX IG Cash
Management §2.4 "batch booking", DOMAIN.md §6.1; manual §6: QR credits through the transit account 9909).

The statement's entry has the total and no per-payment ``TxDtls`` (``Btch/NbOfTxs`` > 1, a QR credit
``PMNT/RCDT/VCOM``, and/or ``AddtlInfInd/MsgId`` naming the camt.054); the camt.054 (``RptgSrc`` C53F/C53C, or
any notification of the same booking) has the same total with one ``TxDtls`` per payment, often under another
``AcctSvcrRef``. Both files describe ONE booking: whichever comes first creates the movement, the other attaches to
it (the camt.054's payments become its detail movements), so the money is never counted twice.

What a movement row is stays in its ``ImportKey``, whose parts (joined by ``" & "``) are all de-dup keys:

- ``K53 & 054?MSGID`` — a statement's total waiting for its camt.054 (MSGID from ``AddtlInfInd``, may be empty);
- ``K54 & 054=MSGID`` — a notification's booking not seen in a statement yet (MSGID: the camt.054's ``GrpHdr``);
- both kinds of parts — the statement's total and its notification met.

A waiting total matches by the camt.054's message id (``AddtlInfInd/MsgId`` ↔ ``GrpHdr/MsgId``), else by account,
booking date, amount and direction.

>>> wanted = "CH29|REF53" + SEP + WANTS + "M-054"
>>> expects(wanted), notified(wanted), key_parts(wanted)
('M-054', None, ['CH29|REF53', '054?M-054'])
>>> both = join(wanted, "CH29|REF54", NOTIFIED + "M-054")
>>> expects(both) is None, notified(both) is None
(True, True)
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from engine.domain.reconcile import edits
from engine.domain.reconcile.reasons import Reasons
from engine.formats.camt.model import CREDIT, Entry

SEP = " & "
WANTS = "054?"  # a statement total that waits for its camt.054 details
NOTIFIED = "054="  # a notification booking not matched to its statement entry yet
_VCOM = ("PMNT", "RCDT", "VCOM")


def key_parts(key: str | None) -> list[str]:
    """The parts of an import key (each one a de-dup key)."""
    return key.split(SEP) if key else []


def join(*parts: str) -> str:
    return SEP.join(p for p in parts if p)


def _tagged(key: str | None, tag: str, other: str) -> str | None:
    if not key or tag not in key:
        return None  # most keys are a bank's id alone: no split
    found = None
    for part in key_parts(key):
        if part.startswith(other):
            return None  # both sides met: nothing is waiting any more
        if part.startswith(tag):
            found = part[len(tag):]
    return found


def expects(key: str | None) -> str | None:
    """A statement total still waiting for details: the camt.054 MsgId it names ("" when none); else None."""
    return _tagged(key, WANTS, NOTIFIED)


def notified(key: str | None) -> str | None:
    """A notification booking not matched to a statement yet: its camt.054 MsgId ("" when none); else None."""
    return _tagged(key, NOTIFIED, WANTS)


def carries_total_only(entry: Entry) -> bool:
    """A statement entry whose payments are detailed elsewhere (external batch booking)."""
    transactions = entry.transactions
    if len(transactions) > 1:
        return False  # internal batch booking: the details are in the statement itself
    if transactions and (transactions[0].reference or transactions[0].counterparty):
        return False  # one payment, told in full
    if entry.detail_message_id:
        return True
    if any((b.count or 0) > 1 for b in entry.batches):
        return True
    code = entry.bank_code
    return entry.direction == CREDIT and code is not None and (code.domain, code.family, code.sub_family) == _VCOM


@dataclass(slots=True)
class Waiting:
    """The rows (by position in the Movements list) on each side that have not met their other half yet."""

    totals: list = field(default_factory=list)  # statement totals awaiting camt.054 details
    bookings: list = field(default_factory=list)  # notification bookings awaiting their statement entry

    @classmethod
    def of(cls, records, has_details: set) -> "Waiting":
        waiting = cls()
        for index, r in enumerate(records):
            if r.parent is not None:
                continue
            if expects(r.import_key) is not None and r.movement_id not in has_details:
                waiting.totals.append(index)
            elif notified(r.import_key) is not None:
                waiting.bookings.append(index)
        return waiting


def _same(r, iban: str, entry: Entry, *, amount: bool = True, day: bool = True) -> bool:
    return (r.bank_iban == iban and r.direction == entry.direction and (not amount or r.amount == entry.amount)
            and (not day or r.booking_date == entry.booking_date))


def _pick(records, positions: list, iban: str, entry: Entry, message_id: str | None, tag) -> int | None:
    """By message id (same amount preferred, else the only one of that message on that side), else by
    account + booking date + amount + direction."""
    if message_id:
        named = [i for i in positions if tag(records[i].import_key) == message_id
                 and _same(records[i], iban, entry, amount=False, day=False)]
        exact = [i for i in named if records[i].amount == entry.amount]
        if exact or len(named) == 1:
            return (exact or named)[0]
    for i in positions:
        if _same(records[i], iban, entry):
            return i
    return None


def total_for(records, waiting: Waiting, iban: str, entry: Entry, message_id: str | None) -> int | None:
    """The waiting statement total a camt.054 entry (of message ``message_id``) details, or None."""
    return _pick(records, waiting.totals, iban, entry, message_id, expects)


def booking_for(records, waiting: Waiting, iban: str, entry: Entry) -> int | None:
    """The notification booking a statement total (``entry``) is already known by, or None."""
    return _pick(records, waiting.bookings, iban, entry, entry.detail_message_id, notified)


def unbalanced_details(movements, say=Reasons().say, transits=frozenset({"9909", "9908"})) -> dict:
    """Parent movement id → why its details cannot settle anything: one has no amount, or they do not add up to the
    entry. Paying each invoice from such details would book money the bank never credited (or miss some): they
    wait, to be sorted by hand, and the 9909 transit account shows the gap. Nor when the total was booked by hand
    off its transit account (on 1100, say): the details' payments would credit the invoices a second time."""
    details: dict = {}
    for m in movements:
        if m.parent is not None:
            details.setdefault(m.parent, []).append(m.amount)
    held = {}
    for m in movements:
        amounts = details.get(m.movement_id)
        if not amounts or m.parent is not None or m.amount is None:
            continue
        missing = sum(1 for a in amounts if a is None)
        if missing:
            held[m.movement_id] = say("details_missing", missing=missing, count=len(amounts), id=m.movement_id)
            continue
        total = sum(amounts, Decimal(0))
        if total != m.amount:
            held[m.movement_id] = say("details_differ", count=len(amounts), id=m.movement_id, total=total,
                                      amount=m.amount, difference=m.amount - total)
            continue
        booked = {m.debit_account, m.credit_account} - {None}
        if (m.modified or edits.edited(m)) and booked and not booked & transits:
            counter = m.credit_account if m.direction == "credit" else m.debit_account
            transit = next((t for t in sorted(transits) if t.startswith("9909" if m.direction == "credit"
                                                                        else "9908")), "9909")
            held[m.movement_id] = say("total_by_hand", id=m.movement_id, account=counter, transit=transit)
    return held
