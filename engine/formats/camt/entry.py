"""Read one camt ``Ntry`` (entry, C-level: one booking on the account) with its batches and transactions.

ISO 20022 camt.05x .001.02-.08, SPS usage (DOMAIN.md §6.1): ``<Sts>BOOK</Sts>`` (.02-.04) or
``<Sts><Cd>BOOK</Cd></Sts>`` (.08); ``BookgDt``/``ValDt`` as ``Dt`` or ``DtTm``; ``RvslInd``; ``Chrgs``;
``NtryDtls/{Btch, TxDtls*}`` (several ``NtryDtls`` in .02); ``AddtlInfInd/MsgId`` pointing to the camt.054
that details a batch. An entry without amount or direction cannot be booked: the file is refused.

>>> from lxml import etree
>>> from engine.formats.camt.reader import Reader
>>> ntry = etree.fromstring(b'<Ntry><Amt Ccy="CHF">10</Amt><CdtDbtInd>DBIT</CdtDbtInd><RvslInd>true</RvslInd>'
...                         b'<Sts><Cd>BOOK</Cd></Sts><BookgDt><DtTm>2024-03-01T09:00:00</DtTm></BookgDt></Ntry>')
>>> e = entry(ntry, Reader("x.xml"))
>>> e.amount, e.direction, e.reversal, e.status, str(e.booking_date)
(Decimal('10'), 'debit', True, 'BOOK', '2024-03-01')
"""
from __future__ import annotations

from decimal import Decimal

from engine.errors import InvalidFormat, Source
from engine.formats.camt.model import Batch, Entry, Transaction, new_entry
from engine.formats.camt.reader import Reader, text
from engine.formats.camt.transaction import DIRECTIONS, bank_code, charges, transaction
from engine.i18n import tr


def entry(element, reader: Reader) -> Entry:
    """One ``Ntry``."""
    amount = currency = direction = status = booked = valued = bank_ref = code = info = None
    entry_ref = fees = detail_id = None
    reversal = False
    details = []
    for child in element:
        tag = child.tag
        if tag == "Amt":
            amount = reader.amount(child)
            currency = child.get("Ccy")
        elif tag == "CdtDbtInd":
            direction = DIRECTIONS.get(text(child))
        elif tag == "Sts":
            status = text(child[0]) if len(child) else text(child)
        elif tag == "BookgDt":
            for day in child:
                booked = reader.day_text(day.text, day)
        elif tag == "ValDt":
            for day in child:
                valued = reader.day_text(day.text, day)
        elif tag == "AcctSvcrRef":
            bank_ref = text(child)
        elif tag == "BkTxCd":
            code = bank_code(child)
        elif tag == "NtryDtls":
            details.append(child)
        elif tag == "AddtlNtryInf":
            info = text(child)
        elif tag == "RvslInd":
            reversal = text(child) in ("true", "1")
        elif tag == "NtryRef":
            entry_ref = text(child)
        elif tag == "Chrgs":
            fees = charges(child, reader, list(fees.records) if fees else [])
        elif tag == "AddtlInfInd":
            detail_id = next((text(c) for c in child if c.tag == "MsgId"), None)
    if amount is None or direction is None:
        missing = "<Amt>" if amount is None else tr("<CdtDbtInd> CRDT or DBIT")
        raise InvalidFormat(tr("an entry (<Ntry>) has no {missing}", missing=missing),
                            tr("the file is damaged; download it again"),
                            Source(reader.source, row=element.sourceline))
    batches, transactions = [], []
    for block in details:
        for child in block:
            tag = child.tag
            if tag == "TxDtls":
                transactions.append(transaction(child, direction, reversal, reader, currency))
            elif tag == "Btch":
                batches.append(_batch(child, reader))
    if len(transactions) > 1:
        _check_sum(element, amount, currency, direction, transactions, batches, reader)
    return new_entry(amount=amount, currency=currency, direction=direction, status=status, booking_date=booked,
                     value_date=valued, bank_reference=bank_ref, entry_reference=entry_ref, bank_code=code,
                     reversal=reversal, charges=fees, additional_info=info, detail_message_id=detail_id,
                     batches=tuple(batches), transactions=tuple(transactions), line=element.sourceline)


def _batch(element, reader: Reader) -> Batch:
    fields: dict = {}
    for child in element:
        tag = child.tag
        if tag == "NbOfTxs":
            value = text(child)
            fields["count"] = int(value) if value and value.isascii() and value.isdigit() else None  # not "²"
        elif tag == "TtlAmt":
            fields["total"], fields["currency"] = reader.amount(child), child.get("Ccy")
        elif tag == "CdtDbtInd":
            fields["direction"] = DIRECTIONS.get(text(child))
        elif tag == "MsgId":
            fields["message_id"] = text(child)
        elif tag == "PmtInfId":
            fields["payment_info_id"] = text(child)
    return Batch(**fields)


def _check_sum(element, amount: Decimal, currency: str | None, direction: str, transactions: list[Transaction],
               batches: list[Batch], reader: Reader) -> None:
    """A batch entry's details should add up to it (SPS §2.4, internal batch booking)."""
    if all(t.amount is not None and (t.currency or currency) == currency for t in transactions):
        total = sum((t.amount if (t.direction or direction) == direction else -t.amount for t in transactions),
                    Decimal(0))
        if total != amount:
            reader.warn(element, tr("the {count} transactions of this entry add up to {total}, the entry says {amount}",
                                    count=len(transactions), total=total, amount=amount),
                        tr("charges may have been deducted; compare with the e-banking"))
    announced = next((b.count for b in batches if b.count is not None), None)
    if announced is not None and announced != len(transactions):
        reader.warn(element, tr("the batch announces {announced} transactions but {count} are detailed",
                                announced=announced, count=len(transactions)),
                    tr("the others may come in a camt.054 notification"))
