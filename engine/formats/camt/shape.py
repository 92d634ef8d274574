"""The fast lane's field plan: for one *shape* of ``Ntry`` (its elements with their tags, in document order),
which element holds which field.

ISO 20022 camt.05x (DOMAIN.md §6.1). A bank writes its 100,000 entries in a handful of shapes (QR credit, card
debit, fee...). The scanner (:mod:`engine.formats.camt.scan`) meets each shape once as lxml elements, asks
:func:`plan` where each field sits (every path must be one this lane knows, or one the element-by-element reader
skips too), lets :func:`needs` tell which texts and attributes to capture, and hands :func:`layout` to
:mod:`engine.formats.camt.shape_read`, which reads every later entry of that shape from the captured texts. An
entry with anything else (charges, batches, several transactions, a return reason...) goes to the
element-by-element reader (:mod:`engine.formats.camt.entry`), which this lane mirrors field for field
(``tests/formats/test_camt_scan.py``).

>>> from lxml import etree
>>> ntry = etree.fromstring(b'<Ntry><Amt Ccy="CHF">10</Amt><CdtDbtInd>DBIT</CdtDbtInd><AcctSvcrRef>B1</AcctSvcrRef>'
...                         b'<RltdDts/></Ntry>')
>>> where = plan(list(ntry.iter()))
>>> where["Amt"], where["AcctSvcrRef"], needs(where)  # RltdDts: not read by either lane
(1, 3, ({1, 2, 3}, {1}))
"""
from __future__ import annotations

_ROLES = ("Dbtr", "Cdtr")
_CODE = ("", "/Domn", "/Domn/Cd", "/Domn/Fmly", "/Domn/Fmly/Cd", "/Domn/Fmly/SubFmlyCd", "/Prtry", "/Prtry/Cd",
         "/Prtry/Issr")
# domain, family, sub-family, proprietary code and issuer
_CODE_LEAVES = ("/Domn/Cd", "/Domn/Fmly/Cd", "/Domn/Fmly/SubFmlyCd", "/Prtry/Cd", "/Prtry/Issr")
_TX = "NtryDtls/TxDtls"
_BATCH = "NtryDtls/Btch"
_BATCH_FIELDS = ("NbOfTxs", "TtlAmt", "CdtDbtInd", "MsgId", "PmtInfId")
_REF = _TX + "/RmtInf/Strd/CdtrRefInf/"
_ADDRESS = ("AdrLine", "Ctry", "StrtNm", "BldgNb", "PstCd", "TwnNm")
_PARTIES = [f"{_TX}/RltdPties/{role}{pty}" for role in _ROLES for pty in ("", "/Pty")]
_ACCOUNTS = [f"{_TX}/RltdPties/{role}Acct" for role in _ROLES]
# a transaction's amount when it has no Amt of its own (camt.transaction._detail_amount): then camt.entry reads it
_OTHER_AMOUNTS = ("AmtDtls/TxAmt", "AmtDtls/CntrValAmt")
# every path this lane reads; an entry with another one is read by camt.entry
KNOWN = frozenset(
    ["", "Amt", "CdtDbtInd", "Sts", "Sts/Cd", "BookgDt", "BookgDt/Dt", "BookgDt/DtTm", "ValDt", "ValDt/Dt",
     "ValDt/DtTm", "AcctSvcrRef", "AddtlNtryInf", "RvslInd", "NtryRef", "NtryDtls", _TX]
    + [_BATCH] + [f"{_BATCH}/{p}" for p in _BATCH_FIELDS]
    + ["BkTxCd" + p for p in _CODE] + [f"{_TX}/BkTxCd{p}" for p in _CODE]
    + [f"{_TX}/{p}" for p in ("Refs", "Refs/EndToEndId", "Refs/AcctSvcrRef", "Refs/InstrId", "Refs/PmtInfId",
                              "Refs/MsgId", "Refs/UETR", "Amt", "CdtDbtInd", "AddtlTxInf", "RltdPties", "RmtInf",
                              "RmtInf/Ustrd", "RmtInf/Strd", "RmtInf/Strd/CdtrRefInf", "RmtInf/Strd/CdtrRefInf/Ref",
                              "RmtInf/Strd/CdtrRefInf/Tp", "RmtInf/Strd/CdtrRefInf/Tp/CdOrPrtry",
                              "RmtInf/Strd/CdtrRefInf/Tp/CdOrPrtry/Cd", "RmtInf/Strd/CdtrRefInf/Tp/CdOrPrtry/Prtry",
                              "RmtInf/Strd/AddtlRmtInf", "AmtDtls", "AmtDtls/InstdAmt", "AmtDtls/InstdAmt/Amt",
                              *_OTHER_AMOUNTS, *(f"{p}/Amt" for p in _OTHER_AMOUNTS))]
    + [f"{_TX}/RltdPties/{role}" for role in _ROLES] + [f"{party}/Pty" for party in _PARTIES if "/Pty" not in party]
    + [f"{party}/{p}" for party in _PARTIES for p in ("Nm", "Id", "PstlAdr", *(f"PstlAdr/{a}" for a in _ADDRESS))]
    + [f"{account}{p}" for account in _ACCOUNTS for p in ("", "/Id", "/Id/IBAN")])
REPEATABLE = frozenset(p for p in KNOWN if p.endswith(("/AdrLine", "/Ustrd", "/AddtlRmtInf")))
# per element, the children camt.entry/camt.transaction read; any other child (RltdAgts, RltdDts, Refs/Prtry,
# UltmtDbtr, Purp, OrgId, AdrTp...) they skip whole, and so does this lane. A read child this lane does not know
# (Chrgs, RtrInf, AddtlInfInd, Id/Othr...) sends the entry to them.
READ_BELOW = {
    "": {"Amt", "CdtDbtInd", "Sts", "BookgDt", "ValDt", "AcctSvcrRef", "BkTxCd", "NtryDtls", "AddtlNtryInf",
         "RvslInd", "NtryRef", "Chrgs", "AddtlInfInd"},
    "NtryDtls": {"TxDtls", "Btch"},
    _BATCH: set(_BATCH_FIELDS),
    _TX: {"Refs", "Amt", "CdtDbtInd", "BkTxCd", "RltdPties", "RmtInf", "AmtDtls", "Chrgs", "RtrInf", "AddtlTxInf"},
    _TX + "/Refs": {"EndToEndId", "AcctSvcrRef", "InstrId", "PmtInfId", "MsgId", "UETR"},
    _TX + "/RltdPties": {"Dbtr", "Cdtr", "DbtrAcct", "CdtrAcct"},
    _TX + "/AmtDtls": {"InstdAmt", "TxAmt", "CntrValAmt"},
    _TX + "/AmtDtls/InstdAmt": {"Amt"},  # its first child, which plan() checks
    **{f"{_TX}/{p}": {"Amt"} for p in _OTHER_AMOUNTS},
    _TX + "/RmtInf/Strd": {"CdtrRefInf", "AddtlRmtInf"},
    _REF[:-1]: {"Tp", "Ref"},
    _REF + "Tp": {"CdOrPrtry"},
    **{party: {"Pty", "Nm", "PstlAdr", "Id"} for party in _PARTIES},
    **{account: {"Id", "Nm", "PstlAdr"} for account in _ACCOUNTS},
    **{f"{holder}/Id": {"IBAN", "Othr"} for holder in _PARTIES + _ACCOUNTS},
    **{f"{party}/PstlAdr": set(_ADDRESS) for party in _PARTIES},
}
AMOUNTS = ("Amt", _TX + "/Amt", _TX + "/AmtDtls/InstdAmt/Amt", _BATCH + "/TtlAmt")  # their Ccy is read too
# the paths whose text is read (the others only structure the entry)
_TEXTS = frozenset(["Amt", "CdtDbtInd", "Sts", "Sts/Cd", "BookgDt/Dt", "BookgDt/DtTm", "ValDt/Dt", "ValDt/DtTm",
                    "AcctSvcrRef", "AddtlNtryInf", "RvslInd", "NtryRef"]
                   + [f"{_BATCH}/{p}" for p in _BATCH_FIELDS]
                   + ["BkTxCd" + p for p in _CODE_LEAVES] + [f"{_TX}/BkTxCd{p}" for p in _CODE_LEAVES]
                   + [p for p in KNOWN if p.startswith(_TX + "/Refs/")]
                   + [_TX + p for p in ("/Amt", "/CdtDbtInd", "/AddtlTxInf", "/RmtInf/Ustrd",
                                        "/RmtInf/Strd/AddtlRmtInf", "/AmtDtls/InstdAmt/Amt")]
                   + [_REF + p for p in ("Ref", "Tp/CdOrPrtry/Cd", "Tp/CdOrPrtry/Prtry")]
                   + [p for p in KNOWN if "/RltdPties/" in p and p.endswith(
                       ("/Nm", "/IBAN", *(f"/PstlAdr/{a}" for a in _ADDRESS)))])


TRANSACTIONS = "*TxDtls"  # the key of plan()'s list of per-transaction plans


def plan(elements) -> dict | None:
    """Path → position of one entry's elements (``list(ntry.iter())``), when every path is known (repeatable
    ones → list of positions); each ``TxDtls`` has a plan of its own, in file order, under :data:`TRANSACTIONS`.
    ``None`` when the entry is not this lane's."""
    paths: dict = {elements[0]: ""}
    where: dict = {}
    transactions: list[dict] = []
    owner = {elements[0]: where}  # element → the plan its paths go to (the entry's, or its TxDtls')
    for index, node in enumerate(elements):
        if index:
            parent = paths[node.getparent()]
            if parent is None:  # inside a skipped element
                paths[node] = None
                continue
            path = paths[node] = f"{parent}/{node.tag}" if parent else node.tag
            target = owner[node.getparent()]
        else:
            parent, path, target = None, "", where
        if path not in KNOWN:
            if parent in READ_BELOW and node.tag not in READ_BELOW[parent]:
                paths[node] = None  # the other lane skips it too
                continue
            return None
        if path == _TX:
            target = {}
            transactions.append(target)
        owner[node] = target
        if path in REPEATABLE:
            target.setdefault(path, []).append(index)
        elif path in target:
            return None  # a field given twice: the other lane knows which one wins
        else:
            target[path] = index
    for tx in transactions:
        for role in _ROLES:  # camt.transaction.party reads inside Pty only when Pty is the first child
            at = tx.get(f"{_TX}/RltdPties/{role}")
            if f"{_TX}/RltdPties/{role}/Pty" in tx and len(elements[at]) != 1:
                return None
        instructed = tx.get(_TX + "/AmtDtls/InstdAmt")
        if instructed is not None and tx.get(_TX + "/AmtDtls/InstdAmt/Amt") != instructed + 1:
            return None  # camt.transaction reads the first child of InstdAmt, whatever it is
        if _TX + "/Amt" not in tx and any(f"{_TX}/{p}" in tx for p in _OTHER_AMOUNTS):
            return None  # its amount is in AmtDtls: camt.transaction picks which one
    for a, b in (("BookgDt/Dt", "BookgDt/DtTm"), ("ValDt/Dt", "ValDt/DtTm"),
                 (_REF + "Tp/CdOrPrtry/Cd", _REF + "Tp/CdOrPrtry/Prtry")):
        if any(a in part and b in part for part in (where, *transactions)):
            return None  # both given: the other lane says which one counts
    where[TRANSACTIONS] = transactions
    return where


def needs(where: dict) -> tuple[set, set]:
    """(positions whose text is read, positions whose ``Ccy`` is read), the transactions' included."""
    texts, currencies = set(), set()
    for part in (where, *where.get(TRANSACTIONS, ())):
        for path, at in part.items():
            if path in _TEXTS:
                texts.update(at if isinstance(at, list) else (at,))
        currencies.update(part[path] for path in AMOUNTS if path in part)
    return texts, currencies


def layout(where: dict, texts: dict, currencies: dict) -> tuple:
    """The plan as indices into the captured texts (``texts``/``currencies``: position → index; -1: absent,
    which reads as ``None``), in the order camt.shape_read.read unpacks them: the entry's fields, its bank
    code, its batch, and one tuple per transaction (:func:`_transaction`)."""
    def at(path: str) -> int:
        return texts.get(where.get(path, -1), -1)

    def first(*paths: str) -> int:
        return next((at(path) for path in paths if path in where), -1)

    single = (at("Amt"), currencies.get(where.get("Amt", -1), -1), at("CdtDbtInd"), first("Sts/Cd", "Sts"),
              first("BookgDt/Dt", "BookgDt/DtTm"), first("ValDt/Dt", "ValDt/DtTm"), at("RvslInd"),
              at("AcctSvcrRef"), at("NtryRef"), at("AddtlNtryInf"))
    code = tuple(at("BkTxCd" + p) for p in _CODE_LEAVES) if "BkTxCd" in where else None
    batch = None
    if _BATCH in where:  # NbOfTxs, TtlAmt and its Ccy, CdtDbtInd, MsgId, PmtInfId
        total = where.get(_BATCH + "/TtlAmt", -1)
        batch = (at(_BATCH + "/NbOfTxs"), texts.get(total, -1), currencies.get(total, -1),
                 *(at(f"{_BATCH}/{p}") for p in ("CdtDbtInd", "MsgId", "PmtInfId")))
    return single, code, batch, tuple(_transaction(tx, texts, currencies) for tx in where[TRANSACTIONS])


def _transaction(where: dict, texts: dict, currencies: dict) -> tuple:
    """One TxDtls' plan as indices: amount, Ccy, direction, has parties, info, reference, its type, the six
    Refs, bank code, the two parties, Ustrd lines, AddtlRmtInf lines, instructed amount and its Ccy."""
    def at(path: str) -> int:
        return texts.get(where.get(path, -1), -1)

    def in_order(*paths: str) -> list:  # the texts of these elements, in the file's order
        return [texts.get(p, -1) for p in sorted(where[path] for path in paths if path in where)]

    tx = _TX + "/"
    parties = {}
    for role in _ROLES:
        base = f"{tx}RltdPties/{role}"
        inner = base + "/Pty" if base + "/Pty" in where else base
        address = inner + "/PstlAdr/"
        street, town = in_order(address + "StrtNm", address + "BldgNb"), in_order(address + "PstCd", address + "TwnNm")
        fields = (at(inner + "/Nm"), at(address + "Ctry"), at(base + "Acct/Id/IBAN"), *street, *town,
                  *(texts.get(p, -1) for p in where.get(address + "AdrLine", ())))
        parties[role] = (base in where or base + "Acct" in where, fields, len(street), len(town), {})
    instructed = where.get(tx + "AmtDtls/InstdAmt/Amt", -1)
    return (at(tx + "Amt"), currencies.get(where.get(tx + "Amt", -1), -1), at(tx + "CdtDbtInd"),
            tx + "RltdPties" in where, at(tx + "AddtlTxInf"), at(_REF + "Ref"),
            next((at(p) for p in (_REF + "Tp/CdOrPrtry/Cd", _REF + "Tp/CdOrPrtry/Prtry") if p in where), -1),
            tuple(at(f"{tx}Refs/{name}") for name in ("AcctSvcrRef", "MsgId", "PmtInfId", "InstrId", "EndToEndId",
                                                       "UETR")),
            tuple(at(tx + "BkTxCd" + p) for p in _CODE_LEAVES) if tx + "BkTxCd" in where else None, parties,
            tuple(texts.get(p, -1) for p in where.get(tx + "RmtInf/Ustrd", ())),
            tuple(texts.get(p, -1) for p in where.get(tx + "RmtInf/Strd/AddtlRmtInf", ())),
            texts.get(instructed, -1), currencies.get(instructed, -1))
