"""Which reference goes with which account on a QR-bill (IG QR-bill v2.3 §3.3, §4.3.3, Annex A).

* The creditor account is a CH or LI IBAN.
* A QR-IBAN requires a QR reference (type ``QRR``); an ordinary IBAN takes a creditor reference (``SCOR``) or
  none (``NON``), never a QR reference.
* The type may be given or inferred: ``RF…`` is SCOR, digits only is QRR, blank is NON.

>>> explain_account_reference("CH44 3199 9123 0008 8901 2", "21 00000 00003 13947 14300 09017")
''
>>> explain_account_reference("CH44 3199 9123 0008 8901 2", "RF18539007547034")
'a QR-IBAN requires a QR reference (QRR) — use the 27-digit reference, or an ordinary IBAN'
"""
from __future__ import annotations

from engine.ids import iban, qrr, scor
from engine.ids._text import as_text

TYPES = ("QRR", "SCOR", "NON")


def reference_type(reference: object) -> str:
    """The type a reference reads as: SCOR for ``RF…``, QRR for digits, NON for blank, '' for neither."""
    text = scor.compact(reference)
    if not text:
        return "NON"
    if text.startswith("RF"):
        return "SCOR"
    return "QRR" if qrr.compact(text).isdigit() and qrr.compact(text).isascii() else ""


def explain_qr_bill_account(account: object) -> str:
    """Why ``account`` cannot be the creditor account of a QR-bill, or ''."""
    reason = iban.explain(account)
    if reason:
        return reason
    if iban.compact(account)[:2] not in ("CH", "LI"):
        return "is not a Swiss or Liechtenstein IBAN; a QR-bill pays only into CH/LI accounts — use a CH or LI IBAN"
    return ""


def explain_account_reference(account: object, reference: object, kind: str = "") -> str:
    """Why this account, reference and type cannot go together on a QR-bill, or ''."""
    reason = explain_qr_bill_account(account)
    if reason:
        return f"account {reason}"
    kind = as_text(kind).strip().upper() or reference_type(reference)
    if kind not in TYPES:
        return "the reference is neither a QR reference nor an RF creditor reference — check the reference"
    is_qr = iban.is_qr_iban(account)
    if is_qr and kind != "QRR":
        return "a QR-IBAN requires a QR reference (QRR) — use the 27-digit reference, or an ordinary IBAN"
    if not is_qr and kind == "QRR":
        return "a QR reference is only allowed with a QR-IBAN — use the QR-IBAN, or an RF creditor reference"
    if kind == "QRR":
        reason = qrr.explain(reference)
        return f"QR reference {reason}" if reason else ""
    if kind == "SCOR":
        reason = scor.explain(reference)
        return f"creditor reference {reason}" if reason else ""
    if as_text(reference).strip():
        return "a reference is given with type NON — remove it, or set the type SCOR or QRR"
    return ""
