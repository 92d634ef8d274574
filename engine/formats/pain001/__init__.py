"""pain.001 customer credit transfer files: ``build(order) -> bytes`` and ``parse(bytes) -> PaymentOrder``.

Standard: ISO 20022 pain.001.001.09 as restricted by SIX Swiss Payment Standards 2025 (schema
``pain.001.001.09.ch.03``, IG Credit Transfer v2.2). ``build`` writes only .09 and refuses an order that breaks a
Swiss business rule (:func:`validate_business_rules`), naming each problem. ``parse`` also reads the 2009 version
(pain.001.001.03 / .ch.02: bare ``ReqdExctnDt``, ``BIC``) so old files and bank samples can be read. All text goes
by ``pain001.xml``, which escapes every value before it meets markup; ``parse`` reads through lxml.

>>> from datetime import date, datetime
>>> t = Transfer(end_to_end_id="ENDTOENDID-QRR", amount="3949.75", currency="CHF",
...              creditor_name="Robert Schneider AG", creditor_account="CH44 3199 9123 0008 8901 2",
...              creditor_address=PostalAddress(street="Rue du Lac", building="1268", postcode="2501",
...                                             town="Biel", country="CH"),
...              reference_type="QRR", reference="210000000003139471430009017", message="Order of 10.02.2023")
>>> debit = DebitAccount(name="Muster AG", iban="CH72 8000 5000 0888 7776 6", bic="RAIFCH22005")
>>> order = PaymentOrder(message_id="MSG-2023-02-15", created=datetime(2023, 2, 15, 10, 30),
...     initiating_party="Muster AG",
...     groups=group_transfers([(debit, date(2023, 2, 22), t)], message_id="MSG-2023-02-15"))
>>> xml = build(order)
>>> b"<Prtry>QRR</Prtry>" in xml, parse(xml) == order
(True, True)
"""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime

from lxml import etree

from engine.errors import InvalidFormat, ProblemsFound, Source
from engine.formats.pain001.model import (
    NON, QRR, SCOR, DebitAccount, PaymentGroup, PaymentOrder, PaymentType, PostalAddress, Transfer,
    group_transfers, payment_type,
)
from engine.formats.pain001 import xml as pain001_xml
from engine.formats.pain001.rules import validate_business_rules
from engine.i18n import tr
from engine.money import AmountError, to_decimal

__all__ = ["build", "parse", "validate_business_rules", "group_transfers", "payment_type", "PaymentOrder",
           "PaymentGroup", "Transfer", "PostalAddress", "DebitAccount", "PaymentType", "NAMESPACE", "QRR", "SCOR",
           "NON"]

NAMESPACE = pain001_xml.NAMESPACE
SCHEMA = "pain.001.001.09.ch.03.xsd"


def build(order: PaymentOrder) -> bytes:
    """The pain.001.001.09 file (UTF-8, no BOM); raises :class:`ProblemsFound` listing every broken rule."""
    errors = [p for p in validate_business_rules(order) if p.severity == "error"]
    if errors:
        raise ProblemsFound(errors)
    return pain001_xml.document(order)  # per-shape templates, every value escaped (lxml's bytes, faster)


# --- parse -------------------------------------------------------------------------------------------------

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                          remove_comments=True)
_UNSAFE = re.compile(rb"<!(DOCTYPE|ENTITY)", re.I)


def parse(data: bytes, file: str = "") -> PaymentOrder:
    """Read a pain.001 (.09 or the 2009 .03 version); any namespace. Leniently: rules are checked separately."""
    if _UNSAFE.search(data[:65536]):  # entity expansion ("billion laughs"), external entities: never in pain.001
        raise InvalidFormat(tr("the file declares a DOCTYPE or entities, which pain.001 files never do; refused as "
                               "unsafe"), tr("export the payment order again from the software that made it"),
                            Source(file=file))
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as error:
        raise InvalidFormat(tr("not well-formed XML: {error}", error=error.msg),
                            tr("open the file in a text editor and check it"),
                            Source(file=file, row=error.lineno)) from None
    for node in root.iter(etree.Element):
        node.tag = etree.QName(node).localname
    initiation = root.find("CstmrCdtTrfInitn")
    if root.tag != "Document" or initiation is None:
        raise InvalidFormat(tr("<{tag}> is not a pain.001 Document/CstmrCdtTrfInitn", tag=root.tag),
                            tr("choose a payment order file (pain.001)"), Source(file=file, row=root.sourceline))
    header = _required(initiation, "GrpHdr", file)
    groups = tuple(_parse_group(info, file) for info in initiation.findall("PmtInf"))
    software = {o.findtext("ChanlTp"): o.findtext("Id") or "" for o in header.findall("InitgPty/CtctDtls/Othr")}
    return PaymentOrder(
        message_id=_required(header, "MsgId", file).text or "",
        created=_datetime(_required(header, "CreDtTm", file), file),
        initiating_party=header.findtext("InitgPty/Nm") or "",
        groups=groups, software_name=software.get("NAME", ""), software_version=software.get("VRSN", ""))


def _parse_group(info, file: str) -> PaymentGroup:
    when = _required(info, "ReqdExctnDt", file)
    text = when.findtext("Dt") or when.findtext("DtTm") or when.text or ""  # .09 wraps the date; .03 does not
    try:
        execution_date = date.fromisoformat(text.strip()[:10])
    except ValueError:
        raise InvalidFormat(tr('ReqdExctnDt "{value}" is not a date', value=text.strip()), tr("write YYYY-MM-DD"),
                            Source(file=file, row=when.sourceline)) from None
    return PaymentGroup(
        payment_info_id=info.findtext("PmtInfId") or "",
        debtor_name=info.findtext("Dbtr/Nm") or "",
        debtor_iban=info.findtext("DbtrAcct/Id/IBAN") or info.findtext("DbtrAcct/Id/Othr/Id") or "",
        debtor_bic=info.findtext("DbtrAgt/FinInstnId/BICFI") or info.findtext("DbtrAgt/FinInstnId/BIC") or "",
        execution_date=execution_date,
        batch_booking=(info.findtext("BtchBookg") or "true").strip() in ("true", "1"),
        category_purpose=info.findtext("PmtTpInf/CtgyPurp/Cd") or "",
        transfers=tuple(_parse_transfer(tx, file) for tx in info.findall("CdtTrfTxInf")))


def _parse_transfer(tx, file: str) -> Transfer:
    source = Source(file=file, row=tx.sourceline)
    amount = tx.find("Amt/InstdAmt")
    if amount is None:
        amount = tx.find("Amt/EqvtAmt/Amt")  # an equivalent amount: read in the debit currency it states
    if amount is None:
        raise InvalidFormat(tr("CdtTrfTxInf without Amt/InstdAmt"), tr("every transfer needs an amount"), source)
    try:
        value = to_decimal((amount.text or "").strip())
    except AmountError as error:
        raise InvalidFormat(f"Amt: {error.message}", tr("write the amount with a dot, e.g. 1250.00"),
                            source) from None
    reference = tx.find("RmtInf/Strd/CdtrRefInf")
    ref_type, ref = NON, ""
    if reference is not None:
        ref = reference.findtext("Ref") or ""
        ref_type = reference.findtext("Tp/CdOrPrtry/Prtry") or reference.findtext("Tp/CdOrPrtry/Cd") or ""
    message = tx.findtext("RmtInf/Ustrd") or tx.findtext("RmtInf/Strd/AddtlRmtInf") or ""
    address = tx.find("Cdtr/PstlAdr")
    transfer = Transfer(
        end_to_end_id=tx.findtext("PmtId/EndToEndId") or "", instruction_id=tx.findtext("PmtId/InstrId") or "",
        uetr=tx.findtext("PmtId/UETR") or "", amount=value, currency=amount.get("Ccy", ""),
        creditor_name=tx.findtext("Cdtr/Nm") or "",
        creditor_address=None if address is None else PostalAddress(
            street=address.findtext("StrtNm") or "", building=address.findtext("BldgNb") or "",
            postcode=address.findtext("PstCd") or "", town=address.findtext("TwnNm") or "",
            country=address.findtext("Ctry") or "", lines=tuple(x.text or "" for x in address.findall("AdrLine"))),
        creditor_account=tx.findtext("CdtrAcct/Id/IBAN") or tx.findtext("CdtrAcct/Id/Othr/Id") or "",
        creditor_bic=tx.findtext("CdtrAgt/FinInstnId/BICFI") or tx.findtext("CdtrAgt/FinInstnId/BIC") or "",
        reference_type=ref_type, reference=ref, message=message, charge_bearer=tx.findtext("ChrgBr") or "",
        source=source)
    if transfer.charge_bearer == "SLEV" and payment_type(transfer) is PaymentType.SEPA:
        return replace(transfer, charge_bearer="")  # "" stands for the type's default (model: charge_bearer)
    return transfer


def _required(parent, tag: str, file: str):
    node = parent.find(tag)
    if node is None:
        raise InvalidFormat(tr("<{parent}> has no <{tag}>", parent=parent.tag, tag=tag),
                            tr("the file is incomplete: export it again"),
                            Source(file=file, row=parent.sourceline))
    return node


def _datetime(node, file: str) -> datetime:
    try:
        return datetime.fromisoformat((node.text or "").strip())
    except ValueError:
        raise InvalidFormat(tr('CreDtTm "{value}" is not a date and time', value=node.text),
                            tr("write YYYY-MM-DDThh:mm:ss"),
                            Source(file=file, row=node.sourceline)) from None

