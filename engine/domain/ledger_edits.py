"""Entries a posting wrote into the ledger are the invoicing book's: changed by hand in the Journal, the two books
disagree (audit of issue 14: an entry's amount typed over from 474.04 to 999.99 passed `check`, the VAT statement
then showed a base that its tax did not match, and an unposting silently dropped the edit). Each posted entry keeps a
fingerprint of what was posted (the Journal's Posted column); a row that no longer gives it was edited by hand.
Entries typed in the ledger itself have none and are the bookkeeper's to change; so is a posted entry whose Posted
cell the bookkeeper cleared (it is kept when its batch is taken back or replaced).

The fingerprint is a digest of the whole (12 hex digits), then a short digest per field, so that the message names the
cell that changed (audit 14e: an edited VatAmount was reported on the Amount cell). A fingerprint of the first
version (the whole digest alone) still detects an edit, without knowing which cell.

>>> from datetime import date
>>> from decimal import Decimal as D
>>> from types import SimpleNamespace as E
>>> e = E(date=date(2026, 3, 1), debit="1020", credit="3200", amount=D("474.04"), vat_code="TVA", vat_amount=D("38.40"))
>>> e.posted = fingerprint(e.date, e.debit, e.credit, e.amount, e.vat_code, e.vat_amount)
>>> edited(e), edited(E(**{**vars(e), "amount": D("999.99")}))
(False, True)
>>> changed_fields(E(**{**vars(e), "vat_amount": D("38.41"), "date": date(2026, 3, 2)}))
('date', 'vat_amount')
"""
from __future__ import annotations

import hashlib
import zlib

FIELDS = ("date", "debit", "credit", "amount", "vat_code", "vat_amount")


def _text(value) -> str:
    return "" if value is None else (f"{value:.2f}" if hasattr(value, "quantize") else str(value))


def _digest(text: str, size: int) -> str:
    return hashlib.blake2b(text.encode(), digest_size=size).hexdigest()


def _values(day, debit, credit, amount, vat_code, vat_amount) -> tuple[str, ...]:
    return tuple(_text(v) for v in (day, debit, credit, amount, vat_code or None, vat_amount or None))


def fingerprint(day, debit, credit, amount, vat_code, vat_amount) -> str:
    """What a posting wrote (date, accounts, amount, VAT code and amount): a whole digest, then a short checksum per
    field (only to name the cell; CRC-32, cheap enough for half a million entries a posting)."""
    values = _values(day, debit, credit, amount, vat_code, vat_amount)
    whole = "\x1f".join(values)
    return "/".join((_digest(whole, 6), *(f"{zlib.crc32(v.encode()) & 0xFFFF:04x}" for v in values)))


def _of(entry) -> str:
    return fingerprint(*(getattr(entry, name) for name in FIELDS))


def edited(entry) -> bool:
    """A posted entry whose date, accounts, amount or VAT no longer are what was posted."""
    written = getattr(entry, "posted", None)
    return bool(written) and _of(entry).partition("/")[0] != written.partition("/")[0]


def changed_fields(entry) -> tuple[str, ...]:
    """The fields of an edited entry that differ from what was posted (all of them when its fingerprint is of the
    first version, which cannot tell)."""
    if not edited(entry):
        return ()
    written = entry.posted.split("/")[1:]
    if len(written) != len(FIELDS):
        return FIELDS
    now = _of(entry).split("/")[1:]
    return tuple(name for name, was, is_ in zip(FIELDS, written, now) if was != is_) or FIELDS
