"""camt entries → bank movements (one row of the Movements sheet each), with the key that makes imports idempotent.

ISO 20022 camt.053/054 (DOMAIN.md §6.1): the de-dup key is the bank's entry id ``AcctSvcrRef`` (with its occurrence number when a
bank repeats it within a statement, as PostFinance does); entries without it
are keyed by what identifies them (date, direction, amount, bank code, text, first transaction reference) plus an
occurrence number, so two identical coffees on one day stay two movements while a re-imported or overlapping file
adds nothing. A *grouped* entry (one booking for several referenced credits, SIX IG §2.4 batch booking) becomes a
parent movement plus one detail movement per transaction, booked through the transit account 9909.

>>> from decimal import Decimal
>>> from engine.formats.camt.model import Entry, Transaction
>>> entry = Entry(amount=Decimal("30.00"), currency="CHF", direction="credit", bank_reference="B1",
...               transactions=(Transaction(amount=Decimal("10.00"), reference="RF18539007547034", reference_type="SCOR"),
...                             Transaction(amount=Decimal("20.00"), reference="RF18539007547034", reference_type="SCOR")))
>>> rows = movement_fields(entry, iban="CH9300762011623852957", source="a.xml", seen={})
>>> [(r["amount"], r["import_key"], r["parent"]) for r in rows]
[(Decimal('30.00'), 'CH9300762011623852957|B1', None), (Decimal('10.00'), 'CH9300762011623852957|B1/1', 0), (Decimal('20.00'), 'CH9300762011623852957|B1/2', 0)]
"""
from __future__ import annotations

import hashlib
from decimal import Decimal

from engine.domain.reconcile.edits import bank_data_text
from engine.formats.camt.model import Entry, Transaction
from engine.money import quantize

MAX_TEXT = 250
REVERSAL = " & reversal"  # an ImportKey part: the entry cancels an earlier one (RvslInd=true)


def clean(value: str | None) -> str | None:
    """Bank text fit for a cell: stripped and bounded, otherwise as the bank wrote it.

    A leading ``= + - @`` is kept as it is: the book's xlsx writer stores text as inline strings, which Excel
    never evaluates, so a quote prefix would only show as a wart. Text is neutralised where it is *evaluated*
    (TSV/CSV writers, the add-in's live-Excel adapter: :func:`engine.store.cells.neutralise_formula`)."""
    if not value:
        return None
    if not (value.__class__ is str and value.isprintable() and "  " not in value and value[0] != " " != value[-1]):
        # printable text has no whitespace but " ": when it has no double or edge space it is already normalised
        value = " ".join(str(value).split())
    return value[:MAX_TEXT]


# id(BankCode) → (the code, "PMNT/RCDT/VCOM"): the parser shares one object per code, so a few dozen on 100,000
# movements; keyed by identity (a dataclass hash is Python code), the code kept so its id is not reused
_CODE_TEXT: dict = {}


def _code_text(code) -> str | None:
    found = _CODE_TEXT.get(id(code))
    if found is None or found[0] is not code:
        found = (code, str(code) or None)
        if len(_CODE_TEXT) < 10_000:
            _CODE_TEXT[id(code)] = found
    return found[1]


def is_grouped(entry: Entry) -> bool:
    """A batch of several referenced credits booked as one entry (details come with it)."""
    return len(entry.transactions) > 1 and entry.direction == "credit" and all(
        t.reference for t in entry.transactions)


def _identity(iban: str, entry: Entry) -> str:
    first = entry.transactions[0] if entry.transactions else None
    parts = (iban, str(entry.booking_date), entry.direction, str(entry.amount), str(entry.bank_code or ""),
             entry.additional_info or "", first and (first.reference or first.end_to_end_id or first.remittance) or "")
    return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=9).hexdigest()


def import_key(iban: str, entry: Entry, seen: dict) -> str:
    """The entry's stable key: ``IBAN|AcctSvcrRef``, else a digest of its identity with its occurrence number."""
    if entry.bank_reference:
        # PostFinance repeats an AcctSvcrRef on several entries of one statement: the n-th one gets ".n"
        seen[entry.bank_reference] = occurrence = seen.get(entry.bank_reference, 0) + 1
        return f"{iban}|{entry.bank_reference}" + (f".{occurrence}" if occurrence > 1 else "")
    identity = _identity(iban, entry)
    seen[identity] = occurrence = seen.get(identity, 0) + 1
    return f"{iban}|#{identity}.{occurrence}"


# The Movements fields in sheet order (engine/schema/invoicing.py MOVEMENTS) plus the record's sheet ``row``: an
# import builds 100,000 rows, so each is one list fed to the store's record builder, not a dict of names
FIELDS = ("movement_id", "bank_iban", "booking_date", "value_date", "direction", "amount", "currency",
          "bank_reference", "bank_code", "counterparty", "counterparty_iban", "reference_type", "reference",
          "end_to_end_id", "remittance", "bank_text", "type", "debit_account", "credit_account", "vat_code",
          "analytic_code", "label", "action", "state", "modified", "why", "batch", "lines", "source_file",
          "import_key", "counterparty_address", "group", "parent", "proposed", "label_from", "bank_data", "charges",
          "period")
MOVEMENT_ID, AMOUNT, IMPORT_KEY, PARENT = (FIELDS.index(n) for n in ("movement_id", "amount", "import_key", "parent"))


def _clean_all(*texts) -> tuple | list:
    """``clean`` of each text, with one test on the non-empty ones joined when they are already clean (the usual
    case): printable, no double space, no space next to a separator or at the ends, none longer than ``MAX_TEXT``.
    A text that merely *contains* "| " takes the slow path, which gives the same answer."""
    try:
        joined = "|".join(filter(None, texts))
    except TypeError:  # not text: clean() says what it becomes
        return [clean(t) for t in texts]
    if not joined or (joined.isprintable() and "  " not in joined and " |" not in joined and "| " not in joined
                      and joined[0] != " " != joined[-1]
                      and (len(joined) <= MAX_TEXT or all(t is None or len(t) <= MAX_TEXT for t in texts))):
        return texts if "" not in texts else [t or None for t in texts]
    return [clean(t) for t in texts]


def _notes(entry: Entry, tx: Transaction | None, words) -> tuple[str, ...]:
    """The return reason and the charges the bank gave, said in the book's language (return_reasons.Words)."""
    out = []
    if tx is not None and tx.return_reason:
        out.append(words.returned(tx.return_reason))
    charges = (tx.charges if tx is not None and tx.charges else None) or entry.charges
    if charges is not None and charges.total:
        out.append(words.charges(str(charges.total), charges.currency))
    return tuple(out)


def _deducted(entry: Entry, tx: Transaction | None):
    """Bank charges already taken off the amount (``Chrgs/Rcrd`` with ``ChrgInclInd`` true, in the account's
    currency): the payer paid the amount plus these. The transaction's own charges, else the entry's when it has
    at most one transaction (a bank may write the same record at both levels: counted once)."""
    charges = tx.charges if tx is not None and tx.charges else (entry.charges if len(entry.transactions) <= 1
                                                                 else None)
    if charges is None:
        return None
    total = sum((r.amount for r in charges.records if r.included and r.direction in (None, "debit")
                 and (r.currency or entry.currency) == entry.currency), Decimal(0))
    return quantize(total) if total else None


def _fields(iban: str, entry: Entry, tx: Transaction | None, amount, key: str, source: str, words=None) -> list:
    party = tx.counterparty if tx else None
    code = tx.bank_code if tx is not None and tx.bank_code is not None and tx.bank_code.domain else entry.bank_code
    if tx is None:
        e2e = reference = remittance = name = address = None
        reference_type = party_iban = None
    else:
        e2e = tx.end_to_end_id if tx.end_to_end_id != "NOTPROVIDED" else None
        reference, reference_type = tx.reference, tx.reference_type or None
        notes = _notes(entry, tx, words) if words is not None else ()
        remittance = " ".join(filter(None, (*notes, tx.remittance, *tx.additional_remittance, tx.additional_info)))
        if party is None:
            name = address = party_iban = None
        else:
            name, address, party_iban = party.name, " ".join(party.address), (party.iban or party.account_id)
    (bank_reference, name, reference, e2e, remittance, bank_text, source_file, address) = _clean_all(
        entry.bank_reference, name, reference, e2e, remittance, entry.additional_info, source.rsplit("/", 1)[-1],
        address)
    amount = None if amount is None else quantize(amount)
    currency = entry.currency or "CHF"
    bank_data = bank_data_text(amount, currency, entry.direction, entry.booking_date, entry.value_date)
    return [None, iban, entry.booking_date, entry.value_date, entry.direction, amount, currency, bank_reference,
            _code_text(code) if code else None, name, party_iban or None,
            reference_type, reference, e2e, remittance, bank_text, None, None, None, None, None, None, None,
            "pending", None, None, None, None, source_file, key, address, None, None, None, None, bank_data,
            _deducted(entry, tx), None, None]  # + the sheet row


def movement_rows(entry: Entry, *, iban: str, source: str, seen: dict, details: bool = False,
                  words=None) -> list[list]:
    """The Movements values of one entry (lists in :data:`FIELDS` order + sheet row): one, or a parent and its
    details (their ``PARENT`` = 0 = the first); ``details``: every transaction becomes a detail (a camt.054
    detailing a statement's total)."""
    key = import_key(iban, entry, seen)
    single = entry.transactions[0] if len(entry.transactions) == 1 else None
    rows = [_fields(iban, entry, single, entry.amount, key, source, words)]
    if entry.reversal:  # RvslInd: told in the key (its parts are de-dup keys; this one never collides)
        rows[0][IMPORT_KEY] = f"{key}{REVERSAL}"
    if details or is_grouped(entry):
        for n, tx in enumerate(entry.transactions, start=1):
            # a detail the bank gave no amount stays without one (never the whole entry's): recognition holds it
            row = _fields(iban, entry, tx, tx.amount, f"{key}/{n}", source, words)
            row[PARENT] = 0
            rows.append(row)
    return rows


def movement_fields(entry: Entry, *, iban: str, source: str, seen: dict, details: bool = False) -> list[dict]:
    """:func:`movement_rows` as dicts of field names (for people and tests)."""
    return [dict(zip(FIELDS, row)) for row in movement_rows(entry, iban=iban, source=source, seen=seen,
                                                          details=details)]


def is_reversal(movement) -> bool:
    """A movement that cancels an earlier one: ``RvslInd`` true, a returned payment (``RRTN`` / ``RPCR``) or a
    returned direct debit (``PRDD`` / ``UPDD``: Rückbelastung, a refund the payer asked for)."""
    code = movement.bank_code or ""
    key = getattr(movement, "import_key", None) or ""
    # a part of the key is " reversal": at its end, or followed by another part
    return (REVERSAL in key and (key.endswith(REVERSAL) or f"{REVERSAL} & " in key)) or code.endswith(
        ("/RRTN", "/RPCR", "/PRDD", "/UPDD"))


def haystack(movement) -> str:
    """What "the movement contains" searches: names, texts and references, case-folded."""
    return " | ".join(filter(None, (movement.counterparty, movement.remittance, movement.bank_text,
                                    movement.reference, movement.end_to_end_id, movement.counterparty_iban))).casefold()


def raw_text(movement) -> str:
    """The movement's details as one text, a field a line, for user-defined substitution strings (manual §6.5.2):
    a value that ends the payer's message is found there, whatever field follows."""
    return "\n".join(filter(None, (movement.bank_text, movement.remittance, movement.counterparty,
                                  movement.counterparty_address, movement.reference, movement.end_to_end_id)))


LABEL_SOURCES = ("predefined", "communication", "bank")  # the Movements LabelFrom column (manual §6.2.1 "Libellé")


def label_of(m, source: str | None, predefined: str | None) -> str | None:
    """The label ``source`` gives the movement: the payer's communication, the bank's text, else (and when that
    source is empty for this movement) the predefined one of its type or rule."""
    chosen = {"communication": m.remittance, "bank": m.bank_text}.get(source or "")
    return chosen.strip()[:MAX_TEXT] if chosen and chosen.strip() else predefined
