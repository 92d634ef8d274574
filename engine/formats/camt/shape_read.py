"""Read one camt ``Ntry`` of a known shape from the texts the scanner captured (:mod:`engine.formats.camt.scan`),
where :mod:`engine.formats.camt.shape` says each field is, exactly as camt.entry / camt.transaction read it from
lxml elements (ISO 20022 camt.05x, DOMAIN.md §6.1). Where they would warn or refuse (bad check digits, a damaged
amount or date, a blank in a currency), :func:`read` answers ``None`` and leaves the entry to them, so warnings
and refusals are theirs, word for word.

>>> from lxml import etree
>>> from engine.formats.camt import shape as camt_shape
>>> ntry = etree.fromstring(b'<Ntry><Amt Ccy="CHF">10</Amt><CdtDbtInd>DBIT</CdtDbtInd><AcctSvcrRef>B1</AcctSvcrRef>'
...                         b'</Ntry>')
>>> where = camt_shape.plan(list(ntry.iter()))
>>> texts = {1: 0, 2: 1, 3: 2}; currencies = {1: 3}  # element position → index in the captured texts
>>> e = read(("10", "DBIT", "B1", "CHF", None), camt_shape.layout(where, texts, currencies), Reader("x.xml"), 7)
>>> e.amount, e.currency, e.direction, e.bank_reference, e.line
(Decimal('10'), 'CHF', 'debit', 'B1', 7)
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from engine.formats.camt.checks import creditor_reference_ok, iban_ok, qr_reference_ok
from engine.formats.camt.model import CREDIT, BankCode, Batch, Entry, new_entry, new_party, new_transaction
from engine.formats.camt.reader import Reader, compact
from engine.formats.camt.transaction import DIRECTIONS, _reference_type


def _text(value: str | None) -> str | None:
    """As :func:`camt.reader.text`, from the text already read."""
    return (value.strip() or None) if value else None


_CODES: dict[tuple, BankCode] = {}  # the captured texts of a BkTxCd → its record: a few dozen per file


def _code(texts: tuple, leaves: tuple | None) -> BankCode | None:
    """``BkTxCd`` as camt.transaction.bank_code reads it (an empty leaf is ``None``, stripped in the record)."""
    if leaves is None:
        return None
    key = (texts[leaves[0]], texts[leaves[1]], texts[leaves[2]], texts[leaves[3]], texts[leaves[4]])
    code = _CODES.get(key)
    if code is None:
        domain, family, sub, proprietary, issuer = (value or None for value in key)
        code = BankCode(domain=domain and domain.strip(), family=family and family.strip(),
                        sub_family=sub and sub.strip(), proprietary=_text(proprietary), issuer=_text(issuer))
        if len(_CODES) < 10_000:
            _CODES[key] = code
    return code


def _party(texts: tuple, spec: tuple):
    """``Dbtr``/``Cdtr`` with its account as camt.transaction.party reads them; ``None`` when empty. Payers come
    back all year: one record per distinct (name, country, IBAN, address) of a shape."""
    present, fields, streets, towns, known = spec
    if not present:
        return None
    raw = tuple([texts[i] for i in fields])
    found = known.get(raw, False)
    if found is False:
        name, country, iban, *lines = map(_text, raw)
        if streets or towns:  # camt.transaction.party: "street number" and "postcode town" first, then AdrLine
            street, town, lines = lines[:streets], lines[streets:streets + towns], lines[streets + towns:]
            lines = [" ".join(filter(None, part)) for part in (street, town) if any(part)] + lines
        address = tuple(line for line in lines if line)
        iban = compact(iban)
        found = None
        if name or iban or address:
            found = new_party(name=name, address=address, country=country, iban=iban, account_id=None)
        if len(known) < 100_000:
            known[raw] = found
    return found


_UNREAD = (None, None)  # an absent amount and currency


def _amount(texts: tuple, at: int, currency_at: int) -> tuple | None:
    """(amount, Ccy) as camt.reader.Reader.amount and ``get("Ccy")`` give them; ``(None, None)`` when absent;
    ``None`` when the other lane must read it (no plain decimal, or a Ccy lxml would normalise)."""
    if at < 0:
        return _UNREAD
    currency = texts[currency_at]
    if currency is not None and not currency.isalnum():
        return None
    try:
        return Decimal(texts[at]), currency
    except (InvalidOperation, TypeError):
        return None


def _batch(texts: tuple, spec: tuple) -> tuple | None:
    """``NtryDtls/Btch`` as camt.entry._batch reads it; ``None`` when its total is no plain amount."""
    count, total_at, currency_at, direction, message, payment_info = spec
    value = _text(texts[count])
    read = _amount(texts, total_at, currency_at)
    if read is None:
        return None
    total, currency = read
    return (Batch(message_id=_text(texts[message]), payment_info_id=_text(texts[payment_info]),
                  count=int(value) if value and value.isascii() and value.isdigit() else None, total=total,
                  currency=currency, direction=DIRECTIONS.get(_text(texts[direction]))),)


def _day(reader: Reader, raw: str | None) -> date | None | bool:
    """A ``Dt``/``DtTm`` text as a date; ``False`` where the other lane would warn (then it reads the entry)."""
    day = reader._days.get(raw)
    if day is not None or raw is None:
        return day
    stripped = raw.strip()
    try:
        if len(stripped) > 10:  # a DtTm: counted by read() once the entry is this lane's
            return date.fromisoformat(stripped[:10])
        day = reader._days[raw] = date.fromisoformat(stripped)
        return day
    except ValueError:
        return False


def read(texts: tuple, plan: tuple, reader: Reader, line: int) -> Entry | None:
    """The entry from its captured texts (``texts[-1]`` is ``None``), or ``None`` when camt.entry must read it
    (it would warn or refuse). Records are built by position, in their fields' declared order."""
    single, code, batch, plans = plan
    amt, ccy, cdt, sts, book_at, value_at, rvsl, bank_ref, entry_ref, info = single
    amount, currency = _amount(texts, amt, ccy) or _UNREAD
    if amount is None:
        return None  # no amount, or not a plain one: the other lane refuses it or reads it as typed
    value = texts[cdt]
    direction = DIRECTIONS.get(value.strip() if value else value)
    raw_booked, raw_valued = texts[book_at], texts[value_at]
    booked, valued = _day(reader, raw_booked), _day(reader, raw_valued)
    if direction is None or booked is False or valued is False:
        return None
    value = texts[rvsl]
    reversal = value is not None and value.strip() in ("true", "1")
    transactions = []
    for tx in plans:  # each TxDtls, as camt.transaction.transaction reads it
        transaction = _transaction(texts, tx, direction, reversal)
        if transaction is None:
            return None
        transactions.append(transaction)
    batches = ()
    if batch is not None:
        batches = _batch(texts, batch)
        if batches is None:
            return None
    if len(transactions) > 1 and not _adds_up(amount, currency, direction, transactions, batches):
        return None  # camt.entry warns about it
    for value in (raw_booked, raw_valued):  # counted only now: the other lane counts an entry it reads
        if value is not None and len(value.strip()) > 10:
            reader.date_times += 1
    # Entry's fields in order: amount, currency, direction, status, booking_date, value_date, bank_reference,
    # entry_reference, bank_code, reversal, charges, additional_info, detail_message_id, batches, transactions, line
    return new_entry(amount, currency, direction, _text(texts[sts]), booked, valued, _text(texts[bank_ref]),
                     _text(texts[entry_ref]), _code(texts, code), reversal, None, _text(texts[info]), None,
                     batches, tuple(transactions), line)


def _adds_up(amount: Decimal, currency, direction: str, transactions: list, batches: tuple) -> bool:
    """camt.entry._check_sum's two tests, without its warnings: the details add up to the entry, and as many as
    the batch announces."""
    if all(t.amount is not None and (t.currency or currency) == currency for t in transactions):
        total = sum((t.amount if (t.direction or direction) == direction else -t.amount for t in transactions),
                    Decimal(0))
        if total != amount:
            return False
    announced = next((b.count for b in batches if b.count is not None), None)
    return announced is None or announced == len(transactions)


def _transaction(texts: tuple, plan: tuple, direction: str, reversal: bool):
    """One TxDtls from its plan (shape._transaction), or ``None`` where camt.transaction would warn."""
    (tx_amt, tx_ccy, tx_cdt, related, tx_info, ref, tp, refs, code, parties, ustrd, additional, instructed_at,
     instructed_ccy) = plan
    reference = kind = counterparty = None
    read, instructed = _amount(texts, tx_amt, tx_ccy), _amount(texts, instructed_at, instructed_ccy)
    if read is None or instructed is None:  # AmtDtls/InstdAmt: what the payer ordered
        return None
    (tx_amount, tx_currency), (instructed, instructed_currency) = read, instructed
    if tx_amount is None and instructed is not None:
        return None  # the amount then comes from AmtDtls: camt.transaction._detail_amount decides
    value = texts[tx_cdt]
    tx_direction = DIRECTIONS.get(value.strip() if value else value)
    if ref >= 0:
        reference = compact(_text(texts[ref]))
    if tp >= 0:
        kind = _reference_type(_text(texts[tp]))
    if related:
        credit = ((tx_direction or direction) == CREDIT) != reversal
        first, second = ("Dbtr", "Cdtr") if credit else ("Cdtr", "Dbtr")
        counterparty = _party(texts, parties[first])
        if counterparty is None or not (counterparty.name or counterparty.iban):
            other = _party(texts, parties[second])
            if other is not None and other.name:  # an account alone on the other side is usually our own
                counterparty = other
    if counterparty is not None and counterparty.iban and not iban_ok(counterparty.iban):
        return None
    if reference and kind and not (creditor_reference_ok(reference) if kind == "SCOR"
                                   else qr_reference_ok(reference.rjust(27, "0"))):
        return None
    remittance = " ".join([v for v in [(texts[i].strip() if texts[i] else None) for i in ustrd] if v]) or None
    extra = tuple(v for v in [(texts[i].strip() if texts[i] else None) for i in additional] if v) if additional \
        else ()
    bank, message, payment_info, instruction, end_to_end, uetr = [
        (v.strip() or None) if v else None for v in [texts[i] for i in refs]]
    value = texts[tx_info]
    # Transaction's fields in order: amount, currency, direction, bank_reference, message_id, payment_info_id,
    # instruction_id, end_to_end_id, uetr, reference, reference_type, counterparty, remittance,
    # additional_remittance, additional_info, return_reason, bank_code, charges, instructed_amount/_currency
    return new_transaction(
        tx_amount, tx_currency, tx_direction, bank, message, payment_info, instruction, end_to_end, uetr, reference,
        kind, counterparty, remittance, extra, (value.strip() or None) if value else None, None, _code(texts, code),
        None, instructed, instructed_currency)
