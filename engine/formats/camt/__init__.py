"""Read ISO 20022 camt.053 (statement), camt.054 (notification) and camt.052 (report), versions .001.02 to .001.08
and later ones of the same shape, into one model (:mod:`engine.formats.camt.model`); DOMAIN.md §6.1.

One pass of lxml ``iterparse``: each ``Ntry`` is read when it ends, then dropped from the tree. Entries of a
shape seen before are read straight from the file's text beforehand (:mod:`engine.formats.camt.scan`, up to
``MAX_SIZE``; lxml still parses every other byte), which reads a 100,000-entry statement 1.7× faster; a larger
file streams, so memory stays bounded whatever the file size. The door is strict
(:mod:`engine.formats.camt.safety`: no DTD, no entities, UTF-8, a camt root); the content is lenient: schema
slips, ``DtTm`` for ``Dt``, bad check digits are read and listed in ``warnings``. A file that cannot be trusted
is refused whole (``InvalidFormat``).

>>> xml = b'''<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.04"><BkToCstmrStmt>
... <GrpHdr><MsgId>M1</MsgId></GrpHdr><Stmt><Id>S1</Id><Acct><Id><IBAN>CH9300762011623852957</IBAN></Id></Acct>
... <Ntry><Amt Ccy="CHF">88.85</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2024-03-01</Dt></BookgDt>
... </Ntry></Stmt></BkToCstmrStmt></Document>'''
>>> document = parse(xml, source="s.xml")
>>> entry = document.statements[0].entries[0]
>>> document.message, entry.amount, entry.direction, entry.booking_date.isoformat()
('camt.053.001.04', Decimal('88.85'), 'credit', '2024-03-01')
"""
from __future__ import annotations

import io
import os
from typing import BinaryIO

from lxml import etree

from engine.errors import InvalidFormat, Source
from engine.formats.camt.entry import entry as read_entry
from engine.formats.camt.scan import MAX_SIZE, Carver, text_of
from engine import collector
from engine.formats.camt.reader import Reader, compact, text
from engine.formats.camt.transaction import party
from engine.formats.camt.checks import check_balances, iban_ok
from engine.formats.camt.as_json import to_json
from engine.formats.camt.model import Account, Balance, CamtDocument, Entry, Statement
from engine.formats.camt.safety import HEAD_SIZE, TESTED_VERSIONS, HeadThenRest, explain_syntax_error, read_prolog
from engine.i18n import tr

__all__ = ["parse", "to_json", "check_balances", "MAX_WARNINGS"]

MAX_WARNINGS = 1000  # past this, one line counts the rest: a report nobody can read helps nobody
SCAN = True  # the fast path (tests turn it off to compare both roads)
OPENING_CODES = ("OPBD", "PRCD", "OPAV")  # SPS: OPBD always in camt.053; PRCD (previous closing) or OPAV in others
CLOSING_CODES = ("CLBD", "CLAV")


def parse(data: bytes | BinaryIO, *, source: str = "") -> CamtDocument:
    """Read one camt.052/053/054 file (bytes or a binary stream); refuse it whole with ``InvalidFormat``."""
    stream = io.BytesIO(data) if isinstance(data, (bytes, bytearray, memoryview)) else data
    prolog = read_prolog(stream.read(HEAD_SIZE), source)
    reader = Reader(source, MAX_WARNINGS)
    if prolog.message.rsplit(".", 1)[-1] not in TESTED_VERSIONS:
        reader.warn(None, tr("{message} is a version Comptoir was not tested with; read as the nearest one",
                             message=prolog.message), tr("check the imported entries against the e-banking"))
    tags = ("{*}GrpHdr", "{*}" + prolog.statement_tag, "{*}Ntry")
    with collector.paused():
        carver, xml = _fast_path(prolog, stream, reader)
        etree.clear_error_log()  # lxml's log keeps earlier parses' errors: a refusal must name this file's first
        events = etree.iterparse(xml, events=("end",), tag=tags, resolve_entities=False, no_network=True,
                                 load_dtd=False, dtd_validation=False, huge_tree=False, remove_comments=True,
                                 remove_pis=carver is None)
        message_id, created, statements = _read(events, prolog, reader, source, carver)
    if not statements:
        raise InvalidFormat(tr("the {message} file holds no <{tag}>: nothing to import", message=prolog.message,
                               tag=prolog.statement_tag),
                            tr("the file is incomplete or not a bank statement; download it again"),
                            Source(source) if source else None)
    for statement in statements:
        reader.problems.extend(check_balances(statement, source))
    return CamtDocument(source=source, message=prolog.message, kind=prolog.kind, message_id=message_id,
                        created=created, statements=tuple(statements), warnings=reader.finish())


def _fast_path(prolog, stream, reader: Reader) -> tuple:
    """(the carver, or ``None``; what lxml parses): the file's entries of known shapes are read from its text
    (:mod:`engine.formats.camt.scan`) when it is small enough to hold and passes the checks; else it streams."""
    if prolog.prefixed or not SCAN:
        return None, HeadThenRest(prolog.head, stream)
    data = _whole(prolog.head, stream)
    if len(data) > MAX_SIZE:
        return None, HeadThenRest(data, stream)
    text = text_of(data)
    if text is None:
        return None, io.BytesIO(data)
    root_at = len(data[:prolog.root_at].decode())  # in characters (the head may hold non-ASCII comments)
    del data  # the text is the file now (88 MB for 100,000 entries: one copy, not two)
    carver = Carver(reader)
    skeleton = carver.carve(text, root_at)
    return (None, io.BytesIO(text.encode())) if skeleton is None else (carver, io.BytesIO(skeleton))


def _whole(head: bytes, stream) -> bytearray | bytes:
    """``head`` and the rest of ``stream`` (up to ``MAX_SIZE`` bytes and one more) in one buffer, read in place
    when the stream's size is known (a file, a BytesIO), else read and joined."""
    try:
        left = os.fstat(stream.fileno()).st_size - stream.tell()
    except (AttributeError, OSError, io.UnsupportedOperation):
        left = len(stream.getbuffer()) - stream.tell() if isinstance(stream, io.BytesIO) else -1
    if not 0 <= left <= MAX_SIZE:
        return head + stream.read(MAX_SIZE)
    data = bytearray(len(head) + left)
    data[:len(head)] = head
    read = stream.readinto(memoryview(data)[len(head):]) or 0
    if read == left:
        more = stream.read(1)  # nothing, unless the file grew while being read
        return bytes(data) + more + stream.read(MAX_SIZE) if more else data
    return bytes(data[:len(head) + read]) + stream.read(MAX_SIZE)  # it shrank: what is there


def _read(events, prolog, reader: Reader, source: str, carver: Carver | None) -> tuple:
    """The pass over the file: (message id, creation time, statements)."""
    message_id = created = None
    statements: list[Statement] = []
    header: dict | None = None
    entries: list[Entry] = []
    append = entries.append
    try:
        for _, element in events:
            tag = element.tag
            if tag[0] == "{":  # prefixed elements (<ns:Ntry>): give what was read so far bare names once
                namespace, _, name = tag[1:].partition("}")
                if not prolog.prefixed or namespace != prolog.namespace:
                    raise InvalidFormat(tr('<{name}> is in the namespace "{namespace}", not in {message}\'s: this is '
                                           "not a camt file", name=name, namespace=namespace, message=prolog.message),
                                        tr("choose the bank's camt.053, camt.054 or camt.052 file as downloaded"),
                                        Source(source, row=element.sourceline))
                _strip_namespaces(element.getparent() if header is None else element, source)
                tag = element.tag
            if tag == "Ntry":
                if header is None:
                    header = _header(element.getparent(), reader)
                if carver is not None and len(element) and element[0].tag is etree.PI:  # read by the carver
                    entries.extend(carver.take(element))
                else:
                    append(read_entry(element, reader))
            elif tag == "GrpHdr":
                message_id = _child_text(element, "MsgId")
                created = reader.timestamp(_child(element, "CreDtTm"))
            else:  # the statement ends
                statements.append(_statement(prolog.kind, header or _header(element, reader), entries, reader))
                header, entries = None, []
                append = entries.append
            element.clear()
            while element.getprevious() is not None:  # drop what was read: memory stays flat
                del element.getparent()[0]
    except etree.XMLSyntaxError as error:
        raise explain_syntax_error(error, source) from None
    return message_id, created, statements


def _strip_namespaces(element, source: str) -> None:
    for node in element.iter():
        if isinstance(node.tag, str) and node.tag[0] == "{":  # (the fast path's placeholders hold a PI)
            name = node.tag.rpartition("}")[2]
            if ":" in name:  # libxml2 lets "<c:Nm:x>" through with a namespace warning; no camt element has it
                raise InvalidFormat(tr('the element name "{name}" is not a valid XML name', name=name),
                                    tr("the file is damaged; download it again"), Source(source, row=node.sourceline))
            node.tag = name


def _child(element, name: str):
    for child in element:
        if child.tag == name:
            return child
    return None


def _child_text(element, name: str) -> str | None:
    found = _child(element, name)
    return text(found) if found is not None else None


def _header(element, reader: Reader) -> dict:
    """The statement's own data (every child before the first entry): account, period, balances."""
    head: dict = {"balances": [], "account": Account()}
    for child in element:
        tag = child.tag
        if tag == "Ntry":
            break
        if tag == "Id":
            head["id"] = text(child)
        elif tag == "ElctrncSeqNb":
            head["sequence_number"] = text(child)
        elif tag == "CreDtTm":
            head["created"] = reader.timestamp(child)
        elif tag == "FrToDt":
            head["period_start"] = reader.timestamp(_child(child, "FrDtTm"))
            head["period_end"] = reader.timestamp(_child(child, "ToDtTm"))
        elif tag == "Acct":
            head["account"] = _account(child, reader)
        elif tag == "Bal":
            balance = _balance(child, reader)
            if balance is not None:
                head["balances"].append(balance)
        elif tag == "RptgSrc":
            head["reporting_source"] = text(child[0]) if len(child) else text(child)
    return head


def _account(element, reader: Reader) -> Account:
    iban = other = currency = owner = None
    for child in element:
        if child.tag == "Id":
            for ident in child:
                if ident.tag == "IBAN":
                    iban = compact(text(ident))
                elif ident.tag == "Othr":
                    other = _child_text(ident, "Id")
        elif child.tag == "Ccy":
            currency = text(child)
        elif child.tag == "Ownr":
            owner_party = party(child)
            owner = owner_party.name if owner_party else None
    if iban and not iban_ok(iban):
        reader.warn(element, tr('account IBAN "{iban}" fails its check digits; read as it is', iban=iban),
                    tr("an anonymised sample, or a typing error in the file"))
    return Account(iban=iban, other_id=other, currency=currency, owner=owner)


def _balance(element, reader: Reader) -> Balance | None:
    code = amount = currency = day = None
    sign = 1
    for child in element:
        tag = child.tag
        if tag == "Tp":
            for part in child.iter("Cd", "Prtry"):
                code = code or text(part)
        elif tag == "Amt":
            amount, currency = reader.amount(child), child.get("Ccy")
        elif tag == "CdtDbtInd":
            sign = -1 if text(child) == "DBIT" else 1
        elif tag == "Dt":
            day = reader.day(child)
    if code is None or amount is None:
        reader.warn(element, tr("a balance without type code or amount was skipped"), tr("compare with the e-banking"))
        return None
    return Balance(code=code, amount=amount * sign, currency=currency, date=day)


def _pick(balances: list[Balance], codes: tuple[str, ...], what: str, reader: Reader) -> Balance | None:
    for code in codes:
        for balance in balances:
            if balance.code == code:
                if code != codes[0]:
                    said = ("no {wanted} balance: the opening balance is taken from {code}" if what == "opening"
                            else "no {wanted} balance: the closing balance is taken from {code}")
                    reader.warn(None, tr(said, wanted=codes[0], code=code),
                                tr("the balance check uses it; compare with the e-banking"))
                return balance
    return None


def _statement(kind: str, head: dict, entries: list[Entry], reader: Reader) -> Statement:
    balances = head.pop("balances")
    opening = _pick(balances, OPENING_CODES, "opening", reader)
    closing = _pick(balances, CLOSING_CODES, "closing", reader)
    if kind == "statement" and (opening is None or closing is None):
        reader.warn(None, tr("statement {id} has no opening or closing balance; its total is not checked",
                             id=head.get("id")), tr("compare the total with the e-banking"))
    return Statement(kind=kind, balances=tuple(balances), opening_balance=opening, closing_balance=closing,
                     entries=tuple(entries), **head)

