"""The fast lane's field plan: for one *shape* of ``Ntry`` (its elements with their tags, in document order),
which element holds which field, and the reading of an entry from those elements' texts alone.

ISO 20022 camt.05x (DOMAIN.md §6.1). A bank writes its 100,000 entries in a handful of shapes (QR credit, card
debit, fee...). The scanner (:mod:`engine.formats.camt_scan`) meets each shape once as lxml elements, asks
:func:`plan` where each field sits (every path must be one this lane knows), lets :func:`needs` tell which texts
and attributes to capture, and reads every later entry of that shape with :func:`read` from the captured texts.
An entry with anything else (charges, batches, several transactions, structured addresses, other roles...) goes to
the element-by-element reader (:mod:`engine.formats.camt_entry`), which this lane mirrors field for field. Where
that reader would warn (bad check digits, a damaged amount or date), :func:`read` answers ``None`` and leaves
the entry to it, so warnings and refusals are the other lane's, word for word (``tests/formats/test_camt_scan.py``).

>>> from lxml import etree
>>> ntry = etree.fromstring(b'<Ntry><Amt Ccy="CHF">10</Amt><CdtDbtInd>DBIT</CdtDbtInd><AcctSvcrRef>B1</AcctSvcrRef>'
...                         b'</Ntry>')
>>> elements = list(ntry.iter())
>>> where = plan(elements)
>>> where["Amt"], where["AcctSvcrRef"], needs(where)
(1, 3, ({1, 2, 3}, {1}))
>>> texts = {1: 0, 2: 1, 3: 2}; currencies = {1: 3}  # element position → index in the captured texts
>>> e = read(("10", "DBIT", "B1", "CHF", None), layout(where, texts, currencies), Reader("x.xml"), 7)
>>> e.amount, e.currency, e.direction, e.bank_reference, e.line
(Decimal('10'), 'CHF', 'debit', 'B1', 7)
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from engine.formats.camt_checks import creditor_reference_ok, iban_ok, qr_reference_ok
from engine.formats.camt_model import CREDIT, BankCode, Entry, new_entry, new_party, new_transaction
from engine.formats.camt_reader import Reader, compact
from engine.formats.camt_transaction import _CODES, DIRECTIONS, _reference_type

_ROLES = ("Dbtr", "Cdtr")
_CODE = ("", "/Domn", "/Domn/Cd", "/Domn/Fmly", "/Domn/Fmly/Cd", "/Domn/Fmly/SubFmlyCd")
_CODE_LEAVES = ("/Domn/Cd", "/Domn/Fmly/Cd", "/Domn/Fmly/SubFmlyCd")  # domain, family, sub-family
_TX = "NtryDtls/TxDtls"
_REF = _TX + "/RmtInf/Strd/CdtrRefInf/"
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
# per element, the children camt_entry/camt_transaction read; any other child (RltdAgts, RltdDts, Refs/Prtry,
# UltmtDbtr, Purp...) they skip whole, and so does this lane. A read child this lane does not know (Chrgs, Btch,
# AmtDtls, RtrInf, AddtlInfInd...) sends the entry to them.
READ_BELOW = {
    "": {"Amt", "CdtDbtInd", "Sts", "BookgDt", "ValDt", "AcctSvcrRef", "BkTxCd", "NtryDtls", "AddtlNtryInf",
         "RvslInd", "NtryRef", "Chrgs", "AddtlInfInd"},
    _TX: {"Refs", "Amt", "CdtDbtInd", "BkTxCd", "RltdPties", "RmtInf", "AmtDtls", "Chrgs", "RtrInf", "AddtlTxInf"},
    _TX + "/Refs": {"EndToEndId", "AcctSvcrRef", "InstrId", "PmtInfId", "MsgId", "UETR"},
    _TX + "/RltdPties": {"Dbtr", "Cdtr", "DbtrAcct", "CdtrAcct"},
}
AMOUNTS = ("Amt", _TX + "/Amt")  # their Ccy attribute is read too
# the paths whose text is read (the others only structure the entry)
_TEXTS = frozenset(["Amt", "CdtDbtInd", "Sts", "Sts/Cd", "BookgDt/Dt", "BookgDt/DtTm", "ValDt/Dt", "ValDt/DtTm",
                    "AcctSvcrRef", "AddtlNtryInf", "RvslInd", "NtryRef"]
                   + ["BkTxCd" + p for p in _CODE_LEAVES] + [f"{_TX}/BkTxCd{p}" for p in _CODE_LEAVES]
                   + [p for p in KNOWN if p.startswith(_TX + "/Refs/")]
                   + [_TX + p for p in ("/Amt", "/CdtDbtInd", "/AddtlTxInf", "/RmtInf/Ustrd")]
                   + [_REF + p for p in ("Ref", "Tp/CdOrPrtry/Cd", "Tp/CdOrPrtry/Prtry")]
                   + [p for p in KNOWN if "/RltdPties/" in p and p.endswith(("/Nm", "/AdrLine", "/Ctry", "/IBAN"))])


def plan(elements) -> dict | None:
    """Path → position of one entry's elements (``list(ntry.iter())``), when every path is known (repeatable
    ones → list of positions); ``None`` when the entry is not this lane's."""
    paths: dict = {elements[0]: ""}
    where: dict = {}
    for index, node in enumerate(elements):
        if index:
            parent = paths[node.getparent()]
            if parent is None:  # inside a skipped element
                paths[node] = None
                continue
            path = paths[node] = f"{parent}/{node.tag}" if parent else node.tag
        else:
            parent, path = None, ""
        if path not in KNOWN:
            if parent in READ_BELOW and node.tag not in READ_BELOW[parent]:
                paths[node] = None  # the other lane skips it too
                continue
            return None
        if path in REPEATABLE:
            where.setdefault(path, []).append(index)
        elif path in where:
            return None  # a field given twice: the other lane knows which one wins
        else:
            where[path] = index
    for role in _ROLES:  # camt_transaction.party reads inside Pty only when Pty is the first child
        at = where.get(f"{_TX}/RltdPties/{role}")
        if f"{_TX}/RltdPties/{role}/Pty" in where and len(elements[at]) != 1:
            return None
    for a, b in (("BookgDt/Dt", "BookgDt/DtTm"), ("ValDt/Dt", "ValDt/DtTm"),
                 (_REF + "Tp/CdOrPrtry/Cd", _REF + "Tp/CdOrPrtry/Prtry")):
        if a in where and b in where:
            return None  # both given: the other lane says which one counts
    return where


def needs(where: dict) -> tuple[set, set]:
    """(positions whose text is read, positions whose ``Ccy`` is read)."""
    texts = set()
    for path, at in where.items():
        if path in _TEXTS:
            texts.update(at if isinstance(at, list) else (at,))
    return texts, {where[path] for path in AMOUNTS if path in where}


def layout(where: dict, texts: dict, currencies: dict) -> tuple:
    """The plan as indices into the captured texts (``texts``/``currencies``: position → index; -1: absent,
    which reads as ``None``), in the order :func:`read` unpacks them."""
    def at(path: str) -> int:
        return texts.get(where.get(path, -1), -1)

    def first(*paths: str) -> int:
        return next((at(path) for path in paths if path in where), -1)

    tx = _TX + "/"
    single = (at("Amt"), currencies.get(where.get("Amt", -1), -1), at("CdtDbtInd"), first("Sts/Cd", "Sts"),
              first("BookgDt/Dt", "BookgDt/DtTm"), first("ValDt/Dt", "ValDt/DtTm"), at("RvslInd"),
              at("AcctSvcrRef"), at("NtryRef"), at("AddtlNtryInf"), _TX in where, at(tx + "Amt"),
              currencies.get(where.get(tx + "Amt", -1), -1), at(tx + "CdtDbtInd"), tx + "RltdPties" in where,
              at(tx + "AddtlTxInf"), at(_REF + "Ref"), first(_REF + "Tp/CdOrPrtry/Cd", _REF + "Tp/CdOrPrtry/Prtry"))
    refs = tuple(at(f"{tx}Refs/{name}") for name in ("AcctSvcrRef", "MsgId", "PmtInfId", "InstrId", "EndToEndId",
                                                       "UETR"))
    codes = tuple((tuple(at(base + p) for p in _CODE_LEAVES) if base in where else None)
                  for base in ("BkTxCd", tx + "BkTxCd"))
    parties = {}
    for role in _ROLES:
        base = f"{tx}RltdPties/{role}"
        inner = base + "/Pty" if base + "/Pty" in where else base
        fields = (at(inner + "/Nm"), at(inner + "/PstlAdr/Ctry"), at(base + "Acct/Id/IBAN"),
                  *(texts[p] for p in where.get(inner + "/PstlAdr/AdrLine", ())))
        parties[role] = (base in where or base + "Acct" in where, fields, {})
    return single, refs, codes, parties, tuple(texts[p] for p in where.get(tx + "RmtInf/Ustrd", ()))


def _text(value: str | None) -> str | None:
    """As :func:`camt_reader.text`, from the text already read."""
    return (value.strip() or None) if value else None


def _code(texts: tuple, leaves: tuple | None) -> BankCode | None:
    """``BkTxCd`` as camt_transaction.bank_code reads it (raw texts as the cache key, stripped in the record)."""
    if leaves is None:
        return None
    domain, family, sub = found = (texts[leaves[0]] or None, texts[leaves[1]] or None, texts[leaves[2]] or None)
    key = (*found, None, None)
    code = _CODES.get(key)
    if code is None:
        code = BankCode(domain=domain and domain.strip(), family=family and family.strip(),
                        sub_family=sub and sub.strip())
        if len(_CODES) < 10_000:
            _CODES[key] = code
    return code


def _party(texts: tuple, spec: tuple):
    """``Dbtr``/``Cdtr`` with its account as camt_transaction.party reads them; ``None`` when empty. Payers come
    back all year: one record per distinct (name, country, IBAN, address lines) of a shape."""
    present, fields, known = spec
    if not present:
        return None
    raw = tuple([texts[i] for i in fields])
    found = known.get(raw, False)
    if found is False:
        name, country, iban, *lines = map(_text, raw)
        iban, address = compact(iban), tuple(line for line in lines if line)
        found = None
        if name or iban or address:
            found = new_party(name=name, address=address, country=country, iban=iban, account_id=None)
        if len(known) < 100_000:
            known[raw] = found
    return found


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
    """The entry from its captured texts (``texts[-1]`` is ``None``), or ``None`` when camt_entry must read it
    (it would warn or refuse). Records are built by position, in their fields' declared order."""
    single, refs, codes, parties, ustrd = plan
    (amt, ccy, cdt, sts, book_at, value_at, rvsl, bank_ref, entry_ref, info, tx, tx_amt, tx_ccy, tx_cdt, related,
     tx_info, ref, tp) = single
    try:
        amount = Decimal(texts[amt])
    except (InvalidOperation, TypeError):
        return None
    value = texts[cdt]
    direction = DIRECTIONS.get(value.strip() if value else value)
    currency, tx_currency = texts[ccy], texts[tx_ccy]
    if (currency is not None and not currency.isalnum()) or (tx_currency is not None and not tx_currency.isalnum()):
        return None  # lxml normalises blanks and references in attributes: the other lane reads it as lxml does
    raw_booked, raw_valued = texts[book_at], texts[value_at]
    booked, valued = _day(reader, raw_booked), _day(reader, raw_valued)
    if direction is None or booked is False or valued is False:
        return None
    value = texts[rvsl]
    reversal = value is not None and value.strip() in ("true", "1")
    transactions = ()
    if tx:  # the one TxDtls, as camt_transaction.transaction reads it
        tx_amount = reference = kind = counterparty = None
        if tx_amt >= 0:
            try:
                tx_amount = Decimal(texts[tx_amt])
            except InvalidOperation:
                return None
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
        bank, message, payment_info, instruction, end_to_end, uetr = [
            (v.strip() or None) if v else None for v in [texts[i] for i in refs]]
        value = texts[tx_info]
        # Transaction's fields in order: amount, currency, direction, bank_reference, message_id, payment_info_id,
        # instruction_id, end_to_end_id, uetr, reference, reference_type, counterparty, remittance,
        # additional_remittance, additional_info, return_reason, bank_code, charges, instructed_amount/_currency
        transactions = (new_transaction(
            tx_amount, tx_currency, tx_direction, bank, message, payment_info, instruction, end_to_end, uetr,
            reference, kind, counterparty, remittance, (), (value.strip() or None) if value else None, None,
            _code(texts, codes[1]), None, None, None),)
    for value in (raw_booked, raw_valued):  # counted only now: the other lane counts an entry it reads
        if value is not None and len(value.strip()) > 10:
            reader.date_times += 1
    # Entry's fields in order: amount, currency, direction, status, booking_date, value_date, bank_reference,
    # entry_reference, bank_code, reversal, charges, additional_info, detail_message_id, batches, transactions, line
    return new_entry(amount, currency, direction, _text(texts[sts]), booked, valued, _text(texts[bank_ref]),
                     _text(texts[entry_ref]), _code(texts, codes[0]), reversal, None, _text(texts[info]), None, (),
                     transactions, line)
