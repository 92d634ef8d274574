"""A movement the user edited by hand keeps its edit (banking manual §6: "un mouvement modifié est marqué M" and
recognition leaves it alone). Recognition writes a short fingerprint of what it proposed in the Proposed column;
a pending row whose booking fields no longer give that fingerprint was edited since, so it is marked modified and
skipped. A row without a fingerprint (a book from before this column, or one never recognised) counts as unedited:
no book suddenly shows every movement as edited.

>>> p = ("Frais bancaires", "6940", "1020", None, None, None, None, "post", "Frais mars")
>>> fingerprint(p) == fingerprint(p), fingerprint(p) == fingerprint(p[:1] + ("6900",) + p[2:])
(True, False)
"""
from __future__ import annotations

import hashlib
from operator import attrgetter

_blake = hashlib.blake2b

# the fields recognition sets that decide the booking (not the Why, which only explains it)
BOOKING = ("type", "debit_account", "credit_account", "vat_code", "analytic_code", "group", "lines", "action",
           "label")
_booking = attrgetter(*BOOKING)


def booking(movement) -> tuple:
    """The booking fields' values of a movement, in ``BOOKING`` order."""
    return _booking(movement)


def fingerprint(values: tuple) -> str:
    """12 hex digits of the booking fields' values (``BOOKING`` order): short enough for a narrow column."""
    text = "\x1f".join(["" if v is None else str(v) for v in values])  # a list: join is faster on one
    return _blake(text.encode(), digest_size=6).hexdigest()


def edited(movement) -> bool:
    """Pending, not yet marked, and its booking fields differ from what recognition last wrote."""
    written = getattr(movement, "proposed", None)
    return bool(written) and fingerprint(_booking(movement)) != written


def bank_data_text(amount, currency, direction, booking_date, value_date) -> str:
    """What the bank file said of a movement (amount, currency, direction, dates), written at import as plain text a
    person can read ("178.40 CHF credit 2026-03-18 2026-03-18"): these are the bank's, never the user's, and a row
    whose bank data were typed over would make 1020 differ from the statement (audit of issue 15). A detail the bank
    gave no amount (held, to be completed by hand) says "~" for it, so filling it in is not an edit. No hash: an
    import of 100,000 movements writes 100,000 of these."""
    return f"{'~' if amount is None else f'{amount:.2f}'} {currency} {direction} {booking_date} {value_date}"


def bank_data_changed(movement) -> bool:
    """The movement's amount, currency, direction or dates are no longer what its bank file said."""
    written = getattr(movement, "bank_data", None)
    if not written:
        return False  # a movement from before the column, or typed by hand: nothing to compare with
    amount = None if written.startswith("~ ") else movement.amount
    return bank_data_text(amount, movement.currency, movement.direction, movement.booking_date,
                            movement.value_date) != written
