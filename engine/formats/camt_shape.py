"""The fast lane of the camt entry reader: an ``Ntry`` whose *shape* was seen before is read by position.

ISO 20022 camt.05x (DOMAIN.md §6.1). A bank writes its 100,000 entries in a handful of shapes (QR credit, card
debit, fee...). The shape of an entry is its elements in document order with their tags and child counts — a
pre-order listing with arities, which pins the tree exactly — and lxml lists it in C
(``map(attrgetter("tag"), ...)``, ``map(len, ...)``). The first entry of a shape is analysed once: each element's
path (``NtryDtls/TxDtls/Amt``); when every path is one this lane knows, the shape's plan (path → position) is
kept and every later entry of that shape is read by position, without a Python walk of its tree.
An entry with anything else (charges, batches, several transactions, structured addresses, other roles...) goes to
the element-by-element reader (:mod:`engine.formats.camt_entry`), which this lane mirrors field for field: the
two give the same model and the same warnings (``tests/formats/test_camt_shape.py``).

>>> from lxml import etree
>>> from engine.formats.camt_reader import Reader
>>> ntry = etree.fromstring(b'<Ntry><Amt Ccy="CHF">10</Amt><CdtDbtInd>DBIT</CdtDbtInd><AcctSvcrRef>B1</AcctSvcrRef>'
...                         b'<NtryDtls><TxDtls><Amt Ccy="CHF">10</Amt><RmtInf><Ustrd>Rent</Ustrd></RmtInf></TxDtls>'
...                         b'</NtryDtls></Ntry>')
>>> e = entry(ntry, Reader("x.xml"))
>>> e.amount, e.direction, e.bank_reference, e.transactions[0].remittance
(Decimal('10'), 'debit', 'B1', 'Rent')
>>> entry(etree.fromstring(b'<Ntry><Chrgs/></Ntry>'), Reader("x.xml")) is None  # not this lane's: the caller reads it
True
"""
from __future__ import annotations

from operator import attrgetter

from engine.errors import InvalidFormat, Source
from engine.formats.camt_checks import creditor_reference_ok, iban_ok, qr_reference_ok
from engine.formats.camt_model import CREDIT, BankCode, Entry, new_entry, new_party, new_transaction
from engine.formats.camt_reader import Reader, compact
from engine.formats.camt_transaction import _CODES, DIRECTIONS, _reference_type

_TAG, _TEXT = attrgetter("tag"), attrgetter("text")
_ROLES = ("Dbtr", "Cdtr")
_PARTY = ("", "/Pty")  # .02-.04: Dbtr/Nm; .08: Dbtr/Pty/Nm
_CODE = ("", "/Domn", "/Domn/Cd", "/Domn/Fmly", "/Domn/Fmly/Cd", "/Domn/Fmly/SubFmlyCd")
_CODE_LEAVES = ("/Domn/Cd", "/Domn/Fmly/Cd", "/Domn/Fmly/SubFmlyCd")  # domain, family, sub-family
_TX = "NtryDtls/TxDtls"
# every path this lane reads; an entry with another one is read by camt_entry
KNOWN = frozenset(
    ["", "Amt", "CdtDbtInd", "Sts", "Sts/Cd", "BookgDt", "BookgDt/Dt", "BookgDt/DtTm", "ValDt", "ValDt/Dt",
     "ValDt/DtTm", "AcctSvcrRef", "AddtlNtryInf", "RvslInd", "NtryRef", "NtryDtls", _TX]
    + ["BkTxCd" + p for p in _CODE] + [f"{_TX}/BkTxCd{p}" for p in _CODE]
    + [f"{_TX}/{p}" for p in ("Refs", "Refs/EndToEndId", "Refs/AcctSvcrRef", "Refs/InstrId", "Refs/PmtInfId",
                              "Refs/MsgId", "Refs/UETR", "Amt", "CdtDbtInd", "AddtlTxInf", "RltdPties", "RmtInf",
                              "RmtInf/Ustrd", "RmtInf/Strd", "RmtInf/Strd/CdtrRefInf", "RmtInf/Strd/CdtrRefInf/Ref",
                              "RmtInf/Strd/CdtrRefInf/Tp", "RmtInf/Strd/CdtrRefInf/Tp/CdOrPrtry",
                              "RmtInf/Strd/CdtrRefInf/Tp/CdOrPrtry/Cd", "RmtInf/Strd/CdtrRefInf/Tp/CdOrPrtry/Prtry")]
    + [f"{_TX}/RltdPties/{role}{p}" for role in _ROLES for p in (
        "", "/Pty", "/Nm", "/Pty/Nm", "/PstlAdr", "/Pty/PstlAdr", "/PstlAdr/AdrLine", "/Pty/PstlAdr/AdrLine",
        "/PstlAdr/Ctry", "/Pty/PstlAdr/Ctry")]
    + [f"{_TX}/RltdPties/{role}Acct{p}" for role in _ROLES for p in ("", "/Id", "/Id/IBAN")])
REPEATABLE = frozenset(p for p in KNOWN if p.endswith(("/AdrLine", "/Ustrd")))
MAX_SHAPES = 1000  # a real bank has a dozen; a hostile file with a new shape per entry just takes the other lane
_shapes: dict[tuple, dict | None] = {}


def entry(element, reader: Reader) -> Entry | None:
    """The entry, or ``None`` when its shape is not one this lane reads (then nothing was reported)."""
    elements = list(element.iter())
    key = (tuple(map(_TAG, elements)), tuple(map(len, elements)))
    plan = _shapes.get(key, False)
    if plan is False:
        plan = _plan(elements)
        plan = plan and _compile(plan)
        if len(_shapes) < MAX_SHAPES:
            _shapes[key] = plan
    if plan is None:
        return None
    texts = list(map(_TEXT, elements))
    texts.append(None)  # position -1: a field the shape does not have
    return _read(elements, texts, plan, reader)


def _plan(elements) -> dict | None:
    """Path → position of one entry's elements, when every path is known (repeatable ones → positions)."""
    paths: dict = {elements[0]: ""}
    plan: dict = {}
    for index, node in enumerate(elements):
        if index:
            parent = paths[node.getparent()]
            path = paths[node] = f"{parent}/{node.tag}" if parent else node.tag
        else:
            path = ""
        if path not in KNOWN:
            return None
        if path in REPEATABLE:
            plan.setdefault(path, []).append(index)
        elif path in plan:
            return None  # a field given twice: the other lane knows which one wins
        else:
            plan[path] = index
    for role in _ROLES:  # camt_transaction.party reads inside Pty only when Pty is the first child
        at = plan.get(f"{_TX}/RltdPties/{role}")
        if f"{_TX}/RltdPties/{role}/Pty" in plan and len(elements[at]) != 1:
            return None
    tp = f"{_TX}/RmtInf/Strd/CdtrRefInf/Tp/CdOrPrtry"
    if f"{tp}/Cd" in plan and f"{tp}/Prtry" in plan:
        return None
    return plan


def _compile(plan: dict) -> tuple:
    """The plan as positions in the order :func:`_read` unpacks them (-1: absent, reads as ``None``)."""
    tx, ref = _TX + "/", _TX + "/RmtInf/Strd/CdtrRefInf/"
    single = tuple(plan.get(path, -1) for path in (
        "Amt", "CdtDbtInd", "Sts", "BookgDt", "ValDt", "RvslInd", "AcctSvcrRef", "NtryRef", "AddtlNtryInf",
        "BkTxCd", _TX, tx + "Amt", tx + "CdtDbtInd", tx + "BkTxCd", tx + "RltdPties", tx + "AddtlTxInf",
        ref + "Ref", ref + "Tp", ref + "Tp/CdOrPrtry/Cd", ref + "Tp/CdOrPrtry/Prtry"))
    refs = tuple(plan.get(f"{tx}Refs/{name}", -1) for name in
                 ("AcctSvcrRef", "MsgId", "PmtInfId", "InstrId", "EndToEndId", "UETR"))
    codes = tuple(tuple(plan.get(base + p, -1) for p in _CODE_LEAVES) for base in ("BkTxCd", tx + "BkTxCd"))
    parties = {}
    for role in _ROLES:
        base = f"{tx}RltdPties/{role}"
        inner = base + "/Pty" if base + "/Pty" in plan else base
        parties[role] = (base in plan or base + "Acct" in plan, plan.get(inner + "/Nm", -1),
                         plan.get(inner + "/PstlAdr/Ctry", -1), tuple(plan.get(inner + "/PstlAdr/AdrLine", ())),
                         plan.get(base + "Acct/Id/IBAN", -1))
    return single, refs, codes, parties, tuple(plan.get(tx + "RmtInf/Ustrd", ()))


def _text(value: str | None) -> str | None:
    """As :func:`camt_reader.text`, from the text already read."""
    return (value.strip() or None) if value else None


def _code(texts: list, at: int, leaves: tuple) -> BankCode | None:
    """``BkTxCd`` as camt_transaction.bank_code reads it (raw texts as the cache key, stripped in the record)."""
    if at < 0:
        return None
    domain, family, sub = found = (texts[leaves[0]], texts[leaves[1]], texts[leaves[2]])
    key = (*found, None, None)
    code = _CODES.get(key)
    if code is None:
        code = BankCode(domain=domain and domain.strip(), family=family and family.strip(),
                        sub_family=sub and sub.strip())
        if len(_CODES) < 10_000:
            _CODES[key] = code
    return code


def _party(texts: list, spec: tuple):
    """``Dbtr``/``Cdtr`` with its account as camt_transaction.party reads them; ``None`` when empty."""
    present, name, country, lines, iban = spec
    if not present:
        return None
    name, iban = _text(texts[name]), compact(_text(texts[iban]))
    address = tuple(value for value in map(_text, [texts[i] for i in lines]) if value)
    if not (name or iban or address):
        return None
    return new_party(name=name, address=address, country=_text(texts[country]), iban=iban, account_id=None)


def _read(elements: list, texts: list, plan: tuple, reader: Reader) -> Entry:
    single, refs, codes, parties, ustrd = plan
    (amt, cdt, sts, book_at, value_at, rvsl, bank_ref, entry_ref, info, code, tx, tx_amt, tx_cdt, tx_code, related,
     tx_info, ref, tp, tp_cd, tp_prtry) = single
    ntry = elements[0]
    amount = currency = status = booked = valued = None
    if amt >= 0:
        amount, currency = reader.amount(elements[amt]), elements[amt].get("Ccy")
    direction = DIRECTIONS.get(_text(texts[cdt]))
    if sts >= 0:
        child = elements[sts]
        status = _text(child[0].text) if len(child) else _text(texts[sts])
    for at in sorted(i for i in (book_at, value_at) if i >= 0):  # warnings in the file's order
        day = None
        for child in elements[at]:
            day = reader.day_text(child.text, child)
        if at == book_at:
            booked = day
        else:
            valued = day
    reversal = rvsl >= 0 and _text(texts[rvsl]) in ("true", "1")
    if amount is None or direction is None:
        missing = "<Amt>" if amount is None else "<CdtDbtInd> CRDT or DBIT"
        raise InvalidFormat(f"an entry (<Ntry>) has no {missing}", "the file is damaged; download it again",
                            Source(reader.source, row=ntry.sourceline))
    transactions = ()
    if tx >= 0:  # the one TxDtls, as camt_transaction.transaction reads it
        tx_amount = tx_currency = reference = kind = counterparty = None
        if tx_amt >= 0:
            tx_amount, tx_currency = reader.amount(elements[tx_amt]), elements[tx_amt].get("Ccy")
        tx_direction = DIRECTIONS.get(_text(texts[tx_cdt]))
        if ref >= 0:
            reference = compact(_text(texts[ref]))
        if tp >= 0:
            kind = _reference_type(_text(texts[tp_cd]) or _text(texts[tp_prtry]))
        if related >= 0:
            credit = ((tx_direction or direction) == CREDIT) != reversal
            first, second = ("Dbtr", "Cdtr") if credit else ("Cdtr", "Dbtr")
            counterparty = _party(texts, parties[first])
            if counterparty is None or not (counterparty.name or counterparty.iban):
                other = _party(texts, parties[second])
                if other is not None and other.name:  # an account alone on the other side is usually our own
                    counterparty = other
        if counterparty is not None and counterparty.iban and not iban_ok(counterparty.iban):
            reader.warn(elements[tx], f'counterparty IBAN "{counterparty.iban}" fails its check digits; read as it '
                        "is", "an anonymised sample, or a typing error in the file")
        if reference and kind:
            ok = creditor_reference_ok(reference) if kind == "SCOR" else qr_reference_ok(reference.rjust(27, "0"))
            if not ok:
                reader.warn(elements[tx], f'{kind} reference "{reference}" fails its check digit; read as it is',
                            "an anonymised sample, or a typing error by the payer")
        lines = [value for value in map(_text, [texts[i] for i in ustrd]) if value]
        bank, message, payment_info, instruction, end_to_end, uetr = [_text(texts[i]) for i in refs]
        transactions = (new_transaction(
            amount=tx_amount, currency=tx_currency, direction=tx_direction, bank_reference=bank, message_id=message,
            payment_info_id=payment_info, instruction_id=instruction, end_to_end_id=end_to_end, uetr=uetr,
            reference=reference, reference_type=kind, counterparty=counterparty, remittance=" ".join(lines) or None,
            additional_remittance=(), additional_info=_text(texts[tx_info]), return_reason=None,
            bank_code=_code(texts, tx_code, codes[1]), charges=None, instructed_amount=None,
            instructed_currency=None),)
    return new_entry(amount=amount, currency=currency, direction=direction, status=status, booking_date=booked,
                     value_date=valued, bank_reference=_text(texts[bank_ref]), entry_reference=_text(texts[entry_ref]),
                     bank_code=_code(texts, code, codes[0]), reversal=reversal, charges=None,
                     additional_info=_text(texts[info]), detail_message_id=None, batches=(),
                     transactions=transactions, line=ntry.sourceline)
