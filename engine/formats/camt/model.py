"""The one model every camt.052 / camt.053 / camt.054 version is read into (ISO 20022 Bank-to-Customer Cash
Management, versions .001.02 to .001.08; Swiss usage per SIX "Swiss Payment Standards" IG Cash Management).

A statement (``Stmt``), an account report (``Rpt``) and a notification (``Ntfctn``) share the same entry
(``Ntry``, "C-level") and transaction-details (``TxDtls``, "D-level") structure, so they share one model;
``kind`` tells them apart. Amounts are ``Decimal`` and always positive as in the file; ``direction`` says
credit or debit (``signed_amount`` gives the movement of the account).

>>> from decimal import Decimal
>>> Entry(amount=Decimal("88.85"), currency="CHF", direction="debit").signed_amount
Decimal('-88.85')
>>> str(BankCode(domain="PMNT", family="RCDT", sub_family="VCOM"))
'PMNT/RCDT/VCOM'
>>> new_party(name="Ana", iban="CH93") == Party(name="Ana", iban="CH93")
True
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from engine.errors import Problem
from engine.frozen import maker

KINDS = {"053": "statement", "052": "report", "054": "notification"}
CREDIT, DEBIT = "credit", "debit"
# CdtRefInf/Tp: Swiss QR reference, ISO 11649 creditor reference, legacy ISR (orange slip) reference
REFERENCE_TYPES = ("QRR", "SCOR", "ISR")


def _record(cls):
    return dataclass(frozen=True, slots=True, kw_only=True)(cls)


@_record
class BankCode:
    """``BkTxCd``: ISO domain / family / sub-family (e.g. PMNT/RCDT/VCOM) and the bank's proprietary code."""

    domain: str | None = None
    family: str | None = None
    sub_family: str | None = None
    proprietary: str | None = None
    issuer: str | None = None

    def __str__(self) -> str:
        iso = (self.domain, self.family, self.sub_family)
        # An empty BkTxCd (or a proprietary code only) must not show as "//".
        return "/".join(part or "" for part in iso) if any(iso) else (self.proprietary or "")


@_record
class Party:
    """The other side of a transaction: debtor for a credit, creditor for a debit (``RltdPties``)."""

    name: str | None = None
    address: tuple[str, ...] = ()
    country: str | None = None
    iban: str | None = None
    account_id: str | None = None  # ``Acct/Id/Othr/Id`` when the account has no IBAN


@_record
class ChargeRecord:
    """``Chrgs/Rcrd``: one fee; ``included`` says whether it was already deducted from the amount."""

    amount: Decimal
    currency: str | None = None
    direction: str | None = None
    included: bool | None = None
    type: str | None = None


@_record
class Charges:
    """``Chrgs``: the total of fees and taxes and its records."""

    total: Decimal | None = None
    currency: str | None = None
    records: tuple[ChargeRecord, ...] = ()


@_record
class Batch:
    """``NtryDtls/Btch``: a batch booking; ``payment_info_id`` echoes the pain.001 B-level ``PmtInfId``."""

    message_id: str | None = None
    payment_info_id: str | None = None
    count: int | None = None
    total: Decimal | None = None
    currency: str | None = None
    direction: str | None = None


@_record
class Transaction:
    """``TxDtls``: one payment inside an entry (a batch entry has many)."""

    amount: Decimal | None = None
    currency: str | None = None
    direction: str | None = None
    bank_reference: str | None = None  # Refs/AcctSvcrRef
    message_id: str | None = None
    payment_info_id: str | None = None
    instruction_id: str | None = None
    end_to_end_id: str | None = None
    uetr: str | None = None
    reference: str | None = None  # RmtInf/Strd/CdtrRefInf/Ref
    reference_type: str | None = None  # QRR | SCOR | ISR | None
    counterparty: Party | None = None
    remittance: str | None = None  # RmtInf/Ustrd, lines joined by a space
    additional_remittance: tuple[str, ...] = ()  # RmtInf/Strd/AddtlRmtInf
    additional_info: str | None = None  # AddtlTxInf
    return_reason: str | None = None  # RtrInf/Rsn/Cd (or Prtry)
    bank_code: BankCode | None = None
    charges: Charges | None = None
    instructed_amount: Decimal | None = None  # AmtDtls/InstdAmt: what the payer ordered (fees, FX)
    instructed_currency: str | None = None


@_record
class Entry:
    """``Ntry``: one booking on the account, with its entry-level amount."""

    amount: Decimal
    currency: str | None
    direction: str
    status: str | None = None  # BOOK, PDNG, INFO
    booking_date: date | None = None
    value_date: date | None = None
    bank_reference: str | None = None  # AcctSvcrRef: the bank's unique id of the entry, the import de-dup key
    entry_reference: str | None = None  # NtryRef
    bank_code: BankCode | None = None
    reversal: bool = False
    charges: Charges | None = None
    additional_info: str | None = None  # AddtlNtryInf
    detail_message_id: str | None = None  # AddtlInfInd/MsgId: the camt.054 that details a batch
    batches: tuple[Batch, ...] = ()
    transactions: tuple[Transaction, ...] = ()
    line: int | None = None  # line of the </Ntry> in the file, for messages

    @property
    def signed_amount(self) -> Decimal:
        """The movement of the account: credits positive, debits negative."""
        return self.amount if self.direction == CREDIT else -self.amount


@_record
class Balance:
    """``Bal``: a balance with its type code (OPBD, CLBD, PRCD, OPAV, CLAV, ITBD, ...); ``amount`` is signed."""

    code: str
    amount: Decimal
    currency: str | None = None
    date: date | None = None


@_record
class Account:
    """``Acct``: the customer's account the statement is about."""

    iban: str | None = None
    other_id: str | None = None
    currency: str | None = None
    owner: str | None = None


@_record
class Statement:
    """``Stmt`` (camt.053), ``Rpt`` (camt.052) or ``Ntfctn`` (camt.054)."""

    kind: str  # statement | report | notification
    id: str | None = None
    sequence_number: str | None = None
    created: datetime | None = None
    account: Account = Account()
    period_start: datetime | None = None
    period_end: datetime | None = None
    balances: tuple[Balance, ...] = ()
    opening_balance: Balance | None = None  # OPBD, else PRCD or OPAV (noted in warnings)
    closing_balance: Balance | None = None  # CLBD, else CLAV (noted in warnings)
    reporting_source: str | None = None  # camt.054 RptgSrc/Prtry: C53F, C53C, DBTN, CDTN, ...
    entries: tuple[Entry, ...] = ()


@_record
class CamtDocument:
    """One camt file: its message, its statements, and what was off in it (warnings, never silently fixed)."""

    source: str
    message: str  # e.g. "camt.053.001.08"
    kind: str
    message_id: str | None = None
    created: datetime | None = None
    statements: tuple[Statement, ...] = ()
    warnings: tuple[Problem, ...] = ()

    @property
    def version(self) -> str:
        """The message version, e.g. ``"08"``."""
        return self.message.rsplit(".", 1)[-1]


# the parser builds an entry, a transaction and a party per line of a 100,000-entry file: built fast, the fields
# also by position (engine.frozen)
new_party = maker(Party)
new_transaction = maker(Transaction)
new_entry = maker(Entry)
