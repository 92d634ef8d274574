"""The camt model as plain JSON data, in the shape of issue 7 (``comptoir camt parse FILE --json``).

Amounts are decimal strings with at least two decimals ("123.45"), dates ``YYYY-MM-DD``, one entry per ``Ntry``
with the entry-level amount, the counterparty of each transaction as ``{"name", "iban"}``.

>>> from decimal import Decimal
>>> from engine.formats.camt.model import Entry, Statement, CamtDocument
>>> doc = CamtDocument(source="x", message="camt.053.001.08", kind="statement", statements=(
...     Statement(kind="statement", entries=(Entry(amount=Decimal("5"), currency="CHF", direction="credit"),)),))
>>> to_json(doc)["statements"][0]["entries"][0]["amount"]
'5.00'
"""
from __future__ import annotations

from decimal import Decimal

from engine.formats.camt.model import Balance, BankCode, CamtDocument, Entry, Party, Statement, Transaction

_TWO = Decimal("0.01")


def amount_text(value: Decimal | None) -> str | None:
    """``Decimal`` as text, padded to two decimals (never rounded: a 3-decimal currency keeps its digits)."""
    if value is None:
        return None
    if value.as_tuple().exponent > -2:
        value = value.quantize(_TWO)
    return format(value, "f")


def _day(value) -> str | None:
    return value.isoformat() if value is not None else None


def _balance(balance: Balance | None) -> str | None:
    return amount_text(balance.amount) if balance is not None else None


def _code(code: BankCode | None) -> dict | None:
    if code is None:
        return None
    return {"domain": code.domain, "family": code.family, "sub_family": code.sub_family,
            "proprietary": code.proprietary}


def _party(party: Party | None) -> dict | None:
    return None if party is None else {"name": party.name, "iban": party.iban}


def _charges(charges) -> dict | None:
    return None if charges is None else {"total": amount_text(charges.total), "currency": charges.currency}


def _transaction(tx: Transaction) -> dict:
    return {"amount": amount_text(tx.amount), "end_to_end_id": tx.end_to_end_id, "reference": tx.reference,
            "reference_type": tx.reference_type, "counterparty": _party(tx.counterparty),
            "remittance": tx.remittance, "additional_remittance": list(tx.additional_remittance),
            "return_reason": tx.return_reason, "charges": _charges(tx.charges)}


def _entry(entry: Entry) -> dict:
    return {"amount": amount_text(entry.amount), "currency": entry.currency, "direction": entry.direction,
            "status": entry.status, "charges": _charges(entry.charges), "booking_date": _day(entry.booking_date), "value_date": _day(entry.value_date),
            "bank_reference": entry.bank_reference, "bank_code": _code(entry.bank_code), "reversal": entry.reversal,
            "transactions": [_transaction(tx) for tx in entry.transactions]}


def _statement(statement: Statement) -> dict:
    return {"kind": statement.kind, "account": {"iban": statement.account.iban},
            "opening_balance": _balance(statement.opening_balance),
            "closing_balance": _balance(statement.closing_balance),
            "entries": [_entry(entry) for entry in statement.entries]}


def to_json(document: CamtDocument) -> dict:
    """The document as JSON-ready data (``json.dumps`` it)."""
    return {"statements": [_statement(statement) for statement in document.statements]}
