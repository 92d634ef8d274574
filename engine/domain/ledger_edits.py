"""Entries a posting wrote into the ledger are the invoicing book's: changed by hand in the Journal, the two books
disagree (audit of issue 14: an entry's amount typed over from 474.04 to 999.99 passed `check`, the VAT statement
then showed a base that its tax did not match, and an unposting silently dropped the edit). Each posted entry keeps a
fingerprint of what was posted (the Journal's Posted column); a row that no longer gives it was edited by hand.
Entries typed in the ledger itself have none and are the bookkeeper's to change.

>>> from datetime import date
>>> from decimal import Decimal as D
>>> from types import SimpleNamespace as E
>>> e = E(date=date(2026, 3, 1), debit="1020", credit="3200", amount=D("474.04"), vat_code="TVA", vat_amount=D("38.40"))
>>> e.posted = fingerprint(e.date, e.debit, e.credit, e.amount, e.vat_code, e.vat_amount)
>>> edited(e), edited(E(**{**vars(e), "amount": D("999.99")}))
(False, True)
"""
from __future__ import annotations

import hashlib


def fingerprint(day, debit, credit, amount, vat_code, vat_amount) -> str:
    """12 hex digits of what a posting wrote: date, accounts, amount, VAT code and amount."""
    text = "\x1f".join("" if v is None else (f"{v:.2f}" if hasattr(v, "quantize") else str(v))
                       for v in (day, debit, credit, amount, vat_code or None, vat_amount or None))
    return hashlib.blake2b(text.encode(), digest_size=6).hexdigest()


def edited(entry) -> bool:
    """A posted entry whose date, accounts, amount or VAT no longer are what was posted."""
    written = getattr(entry, "posted", None)
    return bool(written) and fingerprint(entry.date, entry.debit, entry.credit, entry.amount, entry.vat_code,
                                         entry.vat_amount) != written
