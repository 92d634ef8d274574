"""Read one camt ``TxDtls`` (transaction details, D-level) and its parties into the model.

Both shapes of each version are read (ISO 20022 camt.05x .001.02-.08, SPS usage, DOMAIN.md §6.1): ``Dbtr/Nm``
(.02-.04) and ``Dbtr/Pty/Nm`` (.08); structured (``StrtNm``, ``TwnNm``) and line (``AdrLine``) addresses;
the reference type as ``Cd`` (SCOR) or ``Prtry`` (QRR, "ISR Reference"). This runs for every payment of a
100,000-entry file, so each element is visited once by a walk over its children, with locals rather
than dicts (lxml's ``find`` goes through a Python path engine and costs several times more).

>>> from lxml import etree
>>> from engine.formats.camt.reader import Reader
>>> tx = etree.fromstring(b'<TxDtls><Amt Ccy="CHF">5</Amt><RltdPties><Dbtr><Pty><Nm>Ana</Nm></Pty></Dbtr>'
...     b'</RltdPties><RmtInf><Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp>'
...     b'<Ref>RF18 5390 0754 7034</Ref></CdtrRefInf></Strd></RmtInf></TxDtls>')
>>> t = transaction(tx, "credit", False, Reader("x.xml"))
>>> t.counterparty.name, t.reference, t.reference_type
('Ana', 'RF18539007547034', 'SCOR')
"""
from __future__ import annotations

from decimal import Decimal

from engine.formats.camt.checks import creditor_reference_ok, iban_ok, qr_reference_ok
from engine.formats.camt.model import (CREDIT, DEBIT, BankCode, ChargeRecord, Charges, Party, Transaction, new_party,
                                      new_transaction)
from engine.formats.camt.reader import Reader, compact, text
from engine.i18n import tr

DIRECTIONS = {"CRDT": CREDIT, "DBIT": DEBIT}
_CODES: dict[tuple, BankCode] = {}  # a few dozen distinct codes per account: share the objects


def bank_code(element) -> BankCode:
    """``BkTxCd``: ``Domn/{Cd, Fmly/{Cd, SubFmlyCd}}`` and ``Prtry/{Cd, Issr}``."""
    domain = family = sub = proprietary = issuer = None
    for child in element:
        tag = child.tag
        if tag == "Domn":
            for part in child:
                if part.tag == "Cd":
                    domain = part.text
                else:
                    for leaf in part:
                        if leaf.tag == "Cd":
                            family = leaf.text
                        else:
                            sub = leaf.text
        elif tag == "Prtry":
            for leaf in child:
                if leaf.tag == "Cd":
                    proprietary = text(leaf)
                elif leaf.tag == "Issr":
                    issuer = text(leaf)
    key = (domain, family, sub, proprietary, issuer)
    code = _CODES.get(key)
    if code is None:
        code = BankCode(domain=domain and domain.strip(), family=family and family.strip(),
                        sub_family=sub and sub.strip(), proprietary=proprietary, issuer=issuer)
        if len(_CODES) < 10_000:
            _CODES[key] = code
    return code


def charges(element, reader: Reader, records: list) -> Charges:
    """``Chrgs``: .04+ ``TtlChrgsAndTaxAmt`` + ``Rcrd*``; .02 puts one record's fields in ``Chrgs`` itself."""
    total = currency = None
    flat = False
    for child in element:
        tag = child.tag
        if tag == "TtlChrgsAndTaxAmt":
            total, currency = reader.amount(child), child.get("Ccy")
        elif tag == "Rcrd":
            records.append(_charge_record(child, reader))
        elif tag == "Amt":
            flat = True
    if flat:
        records.append(_charge_record(element, reader))
    return Charges(total=total, currency=currency, records=tuple(records))


def _charge_record(element, reader: Reader) -> ChargeRecord:
    amount, fields = Decimal(0), {}
    for child in element:
        tag = child.tag
        if tag == "Amt":
            amount, fields["currency"] = reader.amount(child), child.get("Ccy")
        elif tag == "CdtDbtInd":
            fields["direction"] = DIRECTIONS.get(text(child))
        elif tag == "ChrgInclInd":
            fields["included"] = text(child) == "true"
        elif tag == "Tp":
            fields["type"] = next((text(leaf) for leaf in child.iter("Cd", "Id") if text(leaf)), None)
    return ChargeRecord(amount=amount, **fields)


def party(element, account=None) -> Party | None:
    """``Dbtr`` / ``Cdtr`` (.04: fields directly, .08: inside ``Pty``) and its account (``DbtrAcct``)."""
    name = country = iban = other = None
    address: list[str] = []
    children = list(element) if element is not None else []
    if children and children[0].tag == "Pty":
        children = list(children[0])
    if account is not None:
        children.extend(account)
    for child in children:
        tag = child.tag
        if tag == "Nm":
            name = text(child)
        elif tag == "PstlAdr":
            street, town = [], []
            for part in child:
                value = text(part)
                if value is None:
                    continue
                kind = part.tag
                if kind == "AdrLine":
                    address.append(value)
                elif kind == "Ctry":
                    country = value
                elif kind in ("StrtNm", "BldgNb"):
                    street.append(value)
                elif kind in ("PstCd", "TwnNm"):
                    town.append(value)
            address[:0] = [" ".join(line) for line in (street, town) if line]
        elif tag == "Id":
            for ident in child:
                if ident.tag == "IBAN":
                    iban = compact(text(ident))
                elif ident.tag == "Othr" and len(ident):
                    other = text(ident[0])
    if not (name or iban or other or address):
        return None
    return new_party(name=name, address=tuple(address), country=country, iban=iban, account_id=other)


def _reference_type(code: str | None) -> str | None:
    code = (code or "").upper()
    if code in ("QRR", "SCOR"):
        return code
    if "ISR" in code or "ESR" in code or "BVR" in code:  # SIX wrote "ISR Reference"; older files ESR / BVR
        return "ISR"
    return None


def _remittance(element) -> tuple:
    """``RmtInf``: (Ustrd lines joined, first creditor reference, its type, AddtlRmtInf lines and the other
    references, "ref …", so a second ``Strd`` is never dropped)."""
    lines, extra = [], []
    reference = kind = None
    for child in element:
        if child.tag == "Ustrd":
            value = text(child)
            if value:
                lines.append(value)
        else:  # Strd
            for part in child:
                if part.tag == "CdtrRefInf" and reference is not None:  # a second Strd's: kept in the text
                    other = next((compact(text(leaf)) for leaf in part if leaf.tag == "Ref" and text(leaf)), None)
                    if other and other != reference:
                        extra.append(f"ref {other}")
                elif part.tag == "CdtrRefInf":
                    for leaf in part:
                        if leaf.tag == "Ref":
                            reference = compact(text(leaf))
                        elif leaf.tag == "Tp":
                            kind = _reference_type(next((text(c) for c in leaf.iter("Cd", "Prtry") if text(c)), None))
                elif part.tag == "AddtlRmtInf":
                    value = text(part)
                    if value:
                        extra.append(value)
    return (" ".join(lines) or None), reference, kind, tuple(extra)


def transaction(element, entry_direction: str, reversal: bool, reader: Reader,
                entry_currency: str | None = None) -> Transaction:
    """One ``TxDtls``; the counterparty is the debtor of a credit and the creditor of a debit. Its amount is its own
    ``Amt`` (.08), else the first of ``AmtDtls/TxAmt``, ``CntrValAmt``, ``InstdAmt`` in the entry's currency (see
    :func:`_detail_amount`)."""
    amount = currency = direction = code = fees = info = reason = instructed = instructed_currency = None
    bank_ref = message_id = payment_info_id = instruction_id = end_to_end_id = uetr = None
    remittance = reference = kind = None
    extra: tuple = ()
    parties: dict = {}
    for child in element:
        tag = child.tag
        if tag == "Refs":
            for ref in child:
                name = ref.tag
                if name == "EndToEndId":
                    end_to_end_id = text(ref)
                elif name == "AcctSvcrRef":
                    bank_ref = text(ref)
                elif name == "InstrId":
                    instruction_id = text(ref)
                elif name == "PmtInfId":
                    payment_info_id = text(ref)
                elif name == "MsgId":
                    message_id = text(ref)
                elif name == "UETR":
                    uetr = text(ref)
        elif tag == "Amt":  # TxDtls/Amt wins over AmtDtls, wherever it stands
            amount = reader.amount(child)
            currency = child.get("Ccy")
        elif tag == "CdtDbtInd":
            direction = DIRECTIONS.get(text(child))
        elif tag == "BkTxCd":
            code = bank_code(child)
        elif tag == "RltdPties":
            for role in child:
                parties[role.tag] = role
        elif tag == "RmtInf":
            remittance, reference, kind, extra = _remittance(child)
        elif tag == "AmtDtls":
            details = {part.tag: part[0] for part in child if len(part)}
            if "InstdAmt" in details:
                instructed, instructed_currency = reader.amount(details["InstdAmt"]), details["InstdAmt"].get("Ccy")
            if amount is None:  # no TxDtls/Amt (before .08 the amount is only here): see _detail_amount
                amount, currency = _detail_amount(details, entry_currency, reader)
        elif tag == "Chrgs":
            fees = charges(child, reader, [])
        elif tag == "RtrInf":
            reason = next((text(c) for c in child.iter("Cd", "Prtry") if text(c)), None)
        elif tag == "AddtlTxInf":
            info = text(child)
    counterparty = _counterparty(parties, direction or entry_direction, reversal) if parties else None
    if counterparty is not None and counterparty.iban and not iban_ok(counterparty.iban):
        reader.warn(element, tr('counterparty IBAN "{iban}" fails its check digits; read as it is',
                                iban=counterparty.iban), tr("an anonymised sample, or a typing error in the file"))
    if reference and kind:
        ok = creditor_reference_ok(reference) if kind == "SCOR" else qr_reference_ok(reference.rjust(27, "0"))
        if not ok:
            reader.warn(element, tr('{kind} reference "{reference}" fails its check digit; read as it is', kind=kind,
                                    reference=reference), tr("an anonymised sample, or a typing error by the payer"))
    return new_transaction(amount=amount, currency=currency, direction=direction, bank_reference=bank_ref,
                           message_id=message_id, payment_info_id=payment_info_id, instruction_id=instruction_id,
                           end_to_end_id=end_to_end_id, uetr=uetr, reference=reference, reference_type=kind,
                           counterparty=counterparty, remittance=remittance, additional_remittance=extra,
                           additional_info=info, return_reason=reason, bank_code=code, charges=fees,
                           instructed_amount=instructed, instructed_currency=instructed_currency)


# ISO 20022 AmountAndCurrencyExchange3: TxAmt is the amount booked for this transaction, CntrValAmt its value in
# the account's currency, InstdAmt what the payer ordered (SPS camt IG: "Betrag der Einzeltransaktion" is TxAmt)
_DETAIL_AMOUNTS = ("TxAmt", "CntrValAmt", "InstdAmt")


def _detail_amount(details: dict, entry_currency: str | None, reader: Reader) -> tuple:
    """(amount, Ccy) of a transaction that has no ``Amt`` of its own: the first of ``AmtDtls/TxAmt``,
    ``CntrValAmt``, ``InstdAmt`` in the entry's (the account's) currency — an amount in another currency is not what
    the account was credited; ``(None, None)`` when there is none."""
    for name in _DETAIL_AMOUNTS:
        found = details.get(name)
        if found is not None and found.tag == "Amt" and found.get("Ccy") in (None, entry_currency):
            return reader.amount(found), found.get("Ccy")
    return None, None


def _counterparty(roles: dict, direction: str, reversal: bool) -> Party | None:
    """Debtor of a credit, creditor of a debit; a reversed credit returns one of our payments (its creditor)."""
    first, second = ("Dbtr", "Cdtr") if (direction == CREDIT) != reversal else ("Cdtr", "Dbtr")
    chosen = party(roles.get(first), roles.get(first + "Acct"))
    if chosen is None or not (chosen.name or chosen.iban):
        fallback = party(roles.get(second), roles.get(second + "Acct"))
        if fallback is not None and fallback.name:  # an account alone on the other side is usually our own
            return fallback
    return chosen
