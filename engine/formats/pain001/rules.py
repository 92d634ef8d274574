"""Swiss business rules for a payment order that the pain.001.001.09.ch.03 schema alone does not catch.

Standard: SIX SPS 2025 IG Credit Transfer v2.2 — §3.1 character set, §3.2 reference elements, §3.4 no empty
elements, §3.11 addresses, §3.12 agents, §3.14 QR/ISO references, §3.15 payment types, C-level notes on RmtInf.
Every problem names the group, the transfer and the element, says what is wrong and how to fix it; all problems
are collected in one pass (``severity="warning"`` ones do not stop a build).

>>> from datetime import datetime, date
>>> t = Transfer(end_to_end_id="E2E-1", amount="12.50", currency="CHF", creditor_name="Robert Schneider AG",
...              creditor_account="CH44 3199 9123 0008 8901 2",
...              creditor_address=PostalAddress(town="Biel", country="CH"))
>>> g = PaymentGroup(payment_info_id="B1", debtor_name="Muster AG", debtor_iban="CH7280005000088877766",
...                  execution_date=date(2026, 2, 3), transfers=(t,))
>>> order = PaymentOrder(message_id="M1", created=datetime(2026, 2, 1, 9), initiating_party="Muster AG", groups=(g,))
>>> [p.message for p in validate_business_rules(order)]
['PmtInf B1, transfer E2E-1, CdtrAcct/IBAN: CH4431999123000889012 is a QR-IBAN but the reference type is NON']
"""
from __future__ import annotations

import re
from collections import Counter
from datetime import date
from decimal import Decimal

from engine.errors import Problem, Source
from engine.formats.pain001.model import (
    CHARGE_BEARERS, DOMESTIC_COUNTRIES, NON, QRR, SCOR, PaymentGroup, PaymentOrder, PaymentType, PostalAddress, Transfer,
    is_iban_shaped, is_qr_iban, payment_type,
)
from engine.ids import iban as iban_ids
from engine.ids import qrr as qrr_ids
from engine.ids import scor as scor_ids

MAX_REF_ID = 35  # MsgId, PmtInfId, InstrId, EndToEndId (Max35Text)
MAX_NAME, MAX_NAME_SEPA = 140, 70  # Max140Text; SEPA keeps 70 (IG §3.11)
MAX_STREET, MAX_BUILDING, MAX_POSTCODE, MAX_TOWN, MAX_LINE, MAX_LINES = 70, 16, 16, 35, 70, 2
MAX_MESSAGE = 140  # Ustrd / AddtlRmtInf (Max140Text)
MAX_TOTAL_DIGITS = 18  # ActiveOrHistoricCurrencyAndAmount
# ISO 4217 minor units for the currencies that do not use 2 (IG §3.7: "decimals per ISO 4217").
MINOR_UNITS = {"JPY": 0, "KRW": 0, "ISK": 0, "CLP": 0, "VND": 0, "XOF": 0, "XAF": 0, "UGX": 0, "PYG": 0,
               "BHD": 3, "KWD": 3, "OMR": 3, "JOD": 3, "TND": 3, "IQD": 3, "LYD": 3}
# IG §3.1: Basic Latin, Latin-1 Supplement, Latin Extended-A, Ș ș Ț ț and €; no control characters (the XSD's
# "-[\p{C}]" also removes U+00AD SOFT HYPHEN, category Cf).
_SPS_TEXT = re.compile("[\x20-\x7e\xa0-\xac\xae-\u017f\u0218-\u021b\u20ac]*")
_NOT_SPS = re.compile("[^\x20-\x7e\xa0-\xac\xae-\u017f\u0218-\u021b\u20ac]")
_REF_ID = re.compile(r"[A-Za-z0-9 '()+,\-./:?]*")  # IG §3.2, Table 6
_NOT_REF_ID = re.compile(r"[^A-Za-z0-9 '()+,\-./:?]")
_BIC = re.compile(r"[A-Z0-9]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?")
_CURRENCY = re.compile(r"[A-Z]{3}")
_CODE = re.compile(r"[A-Z0-9]{4}")
_COUNTRY = re.compile(r"[A-Z]{2}")
_UETR = re.compile(r"[a-f0-9]{8}-[a-f0-9]{4}-4[a-f0-9]{3}-[89ab][a-f0-9]{3}-[a-f0-9]{12}")


# One verdict for IBANs and references across Comptoir: the identifier modules (ISO 13616 + SWIFT registry,
# check digits 02..98; QR-bill Annex B; ISO 11649), in their forms for values already compact.
is_valid_iban = iban_ids.is_valid_compact
is_valid_qr_reference = qrr_ids.is_valid_compact
is_valid_creditor_reference = scor_ids.is_valid_compact


def validate_business_rules(order: PaymentOrder, today: date | None = None) -> list[Problem]:
    """Every SPS rule broken by ``order`` (and execution dates before ``today`` when given)."""
    problems: list[Problem] = []
    add = problems.append
    here = Source()
    _reference_id(order.message_id, "GrpHdr/MsgId", here, add, required=True)
    _text(order.initiating_party, MAX_NAME, "GrpHdr/InitgPty/Nm", here, add, required=True)
    _text(order.software_name, 128, "GrpHdr/InitgPty/CtctDtls/Othr/Id", here, add)
    _text(order.software_version, 128, "GrpHdr/InitgPty/CtctDtls/Othr/Id", here, add)
    if not order.groups:
        add(Problem(here, "the payment order has no payment group", "add at least one transfer"))
    for pid, n in Counter(g.payment_info_id for g in order.groups).items():
        if n > 1:
            add(Problem(here, f'PmtInfId "{pid}" is used by {n} groups', "give each group its own id (DU02)"))
    e2e = Counter(t.end_to_end_id for t in order.transfers)
    for group in order.groups:
        kinds = [payment_type(t) for t in group.transfers]  # once per transfer: both checks need it
        _check_group(group, kinds, today, add)
        for transfer, kind in zip(group.transfers, kinds):
            if not _is_fine(transfer, kind):  # the detailed checks only where something is to be named
                _check_transfer(group, transfer, kind, add)
            if e2e[transfer.end_to_end_id] > 1:
                add(Problem(transfer.source or here, f"{_at(group, transfer, 'PmtId/EndToEndId')}: used by "
                            f"{e2e[transfer.end_to_end_id]} transfers",
                            "give each payment its own end-to-end id so the bank statement matches it",
                            "warning"))
    return problems


def _at(group: PaymentGroup, transfer: Transfer | None, element: str) -> str:
    who = f"PmtInf {group.payment_info_id}"
    return f"{who}, transfer {transfer.end_to_end_id}, {element}" if transfer else f"{who}, {element}"


def _text(value: str, limit: int, where: str, source: Source, add, *, required: bool = False) -> None:
    """SPS text: not blank, at most ``limit`` characters, only the SPS Latin set (IG §3.1, §3.4)."""
    if value and len(value) <= limit and not value.isspace() and _SPS_TEXT.fullmatch(value):
        return  # the usual case, decided in one pass (10,000 transfers × 6 texts per file)
    if not value or not value.strip():
        if required or value:
            add(Problem(source, f"{where}: is empty", "fill it in (IG §3.4: no empty or blank elements)"))
        return
    if len(value) > limit:
        add(Problem(source, f'{where}: "{value[:20]}…" has {len(value)} characters, at most {limit} allowed',
                    f"shorten it to {limit} characters"))
    if not _SPS_TEXT.fullmatch(value):
        bad = sorted(set(_NOT_SPS.findall(value)))
        shown = ", ".join(f"{c!r} (U+{ord(c):04X})" for c in bad)
        add(Problem(source, f"{where}: characters outside the SPS character set: {shown}",
                    "replace them with Latin letters, digits or common punctuation (IG §3.1)"))


def _reference_id(value: str, where: str, source: Source, add, *, required: bool = False) -> None:
    """MsgId, PmtInfId, InstrId, EndToEndId: IG §3.2 character set and slash rules, max 35."""
    if not value:
        if required:
            add(Problem(source, f"{where}: is missing", "give an identifier of up to 35 characters"))
        return
    if len(value) > MAX_REF_ID:
        add(Problem(source, f'{where}: "{value}" has {len(value)} characters, at most 35 allowed',
                    "shorten the identifier"))
    if not _REF_ID.fullmatch(value):
        bad = "".join(sorted(set(_NOT_REF_ID.findall(value))))
        add(Problem(source, f'{where}: "{value}" contains {bad!r}',
                    "use only A-Z a-z 0-9 space ' ( ) + , - . / : ? (IG §3.2)"))
    if value[0] in " /" or value.endswith("/") or "//" in value:
        add(Problem(source, f'{where}: "{value}" starts with a space or "/", ends with "/" or contains "//"',
                    "remove the leading space/slash, the trailing slash and any double slash (IG §3.2)"))


def _check_group(group: PaymentGroup, transfer_kinds: list[PaymentType], today: date | None, add) -> None:
    here = Source()
    kinds = set(transfer_kinds)
    sepa = kinds == {PaymentType.SEPA}
    _reference_id(group.payment_info_id, _at(group, None, "PmtInfId"), here, add, required=True)
    _text(group.debtor_name, MAX_NAME_SEPA if sepa else MAX_NAME, _at(group, None, "Dbtr/Nm"), here, add,
          required=True)
    where = _at(group, None, "DbtrAcct/IBAN")
    if not is_valid_iban(group.debtor_iban):
        add(Problem(here, f'{where}: "{group.debtor_iban}" is not a valid IBAN',
                    "copy the IBAN of your bank account from the bank's documents"))
    elif is_qr_iban(group.debtor_iban):
        add(Problem(here, f"{where}: {group.debtor_iban} is a QR-IBAN, which can only receive payments",
                    "debit the account's normal IBAN"))
    if group.debtor_bic and not _BIC.fullmatch(group.debtor_bic):
        add(Problem(here, f'{_at(group, None, "DbtrAgt/BICFI")}: "{group.debtor_bic}" is not a BIC',
                    "8 or 11 letters/digits, e.g. RAIFCH22005"))
    elif not group.debtor_bic and group.debtor_iban[:2] not in ("CH", "LI"):
        add(Problem(here, f"{_at(group, None, 'DbtrAgt')}: no BIC for a foreign debit account",
                    "give the BIC of the bank holding the debit account"))
    if group.category_purpose and not _CODE.fullmatch(group.category_purpose):
        add(Problem(here, f'{_at(group, None, "PmtTpInf/CtgyPurp/Cd")}: "{group.category_purpose}" is not a code',
                    "use a 4-letter ISO code such as SALA, PENS or SUPP"))
    if today is not None and group.execution_date < today:
        add(Problem(here, f"{_at(group, None, 'ReqdExctnDt')}: {group.execution_date} is in the past",
                    f"choose {today} or a later banking day"))
    if not group.transfers:
        add(Problem(here, f"{_at(group, None, 'CdtTrfTxInf')}: the group has no transfer",
                    "remove the group or add transfers"))
    currencies = {t.currency for t in group.transfers}
    if len(currencies) > 1:
        add(Problem(here, f"{_at(group, None, 'CdtTrfTxInf')}: mixes currencies {', '.join(sorted(currencies))}",
                    "one group per currency (IG §4.2 BtchBookg): build the groups with group_transfers"))
    if len(kinds) > 1:
        add(Problem(here, f"{_at(group, None, 'CdtTrfTxInf')}: mixes payment types "
                    f"{', '.join(sorted(k.value for k in kinds))}",
                    "one group per payment type (SvcLvl SEPA is set per group): build them with group_transfers"))


_FINE_ID = re.compile(r"(?![ /])(?!.*//)[A-Za-z0-9 '()+,\-./:?]{1,35}(?<!/)")  # _reference_id's verdict at once


def _is_fine(t: Transfer, kind: PaymentType) -> bool:
    """True only when :func:`_check_transfer` would find nothing (warnings included): one pass over the usual
    transfer — ids, amount, texts (their characters in one match over the concatenation), address, IBAN and
    reference. Any doubt (rare shapes: no address, address lines, UETR, charge code, non-IBAN account) says False
    and the detailed checks name the problems exactly as before."""
    a = t.creditor_address
    account, ref, rtype, message = t.creditor_account, t.reference, t.reference_type, t.message
    if a is None or a.lines or t.uetr or t.charge_bearer or not _FINE_ID.fullmatch(t.end_to_end_id):
        return False
    if t.instruction_id and not _FINE_ID.fullmatch(t.instruction_id):
        return False
    amount = t.amount
    if not (amount.is_finite() and amount > 0 and _CURRENCY.fullmatch(t.currency)):
        return False
    # amount.quantize(10^-decimals) == amount without quantizing: no more decimals than allowed, no positive
    # exponent (whose quantizing could overflow), at most 18 digits.
    sign, digits, exponent = amount.as_tuple()
    if not (-MINOR_UNITS.get(t.currency, 2) <= exponent <= 0 and len(digits) <= MAX_TOTAL_DIGITS):
        return False
    name, street, building, postcode, town = t.creditor_name, a.street, a.building, a.postcode, a.town
    if not (name and town and len(name) <= (MAX_NAME_SEPA if kind is PaymentType.SEPA else MAX_NAME)
            and len(street) <= MAX_STREET and len(building) <= MAX_BUILDING and len(postcode) <= MAX_POSTCODE
            and len(town) <= MAX_TOWN and len(message) <= MAX_MESSAGE):
        return False
    if (name.isspace() or street.isspace() or building.isspace() or postcode.isspace() or town.isspace()
            or message.isspace() or not _SPS_TEXT.fullmatch(name + street + building + postcode + town + message)):
        return False  # SPS characters are checked per character: the concatenation passes when every text does
    if not _COUNTRY.fullmatch(a.country) or not is_iban_shaped(account) or not is_valid_iban(account):
        return False
    bic = t.creditor_bic
    if bic:
        if not _BIC.fullmatch(bic):
            return False
    elif kind is PaymentType.ABROAD and account[:2] not in DOMESTIC_COUNTRIES:
        return False  # the "no BIC for a payment abroad" warning
    if is_qr_iban(account):
        return rtype == QRR and is_valid_qr_reference(ref)
    if rtype == SCOR:
        return is_valid_creditor_reference(ref) and not (kind is PaymentType.SEPA and message)
    return rtype == NON and not ref


def _check_transfer(group: PaymentGroup, t: Transfer, kind: PaymentType, add) -> None:
    src = t.source or Source()
    at = f"PmtInf {group.payment_info_id}, transfer {t.end_to_end_id}, ".__add__  # at("Cdtr/Nm") → location
    _reference_id(t.end_to_end_id, at("PmtId/EndToEndId"), src, add, required=True)
    _reference_id(t.instruction_id, at("PmtId/InstrId"), src, add)
    if t.uetr and not _UETR.fullmatch(t.uetr):
        add(Problem(src, f'{at("PmtId/UETR")}: "{t.uetr}" is not a lower-case UUID v4', "leave it empty"))
    _check_amount(t, at("Amt/InstdAmt"), src, add)
    _text(t.creditor_name, MAX_NAME_SEPA if kind is PaymentType.SEPA else MAX_NAME, at("Cdtr/Nm"), src, add,
          required=True)
    abroad = kind is PaymentType.ABROAD and (t.creditor_account[:2] if is_iban_shaped(t.creditor_account)
                                             else t.creditor_bic[4:6]) not in DOMESTIC_COUNTRIES
    _check_address(t.creditor_address, abroad, at("Cdtr/PstlAdr"), src, add)
    _check_account(t, abroad, at, src, add)
    _check_reference(t, kind, at, src, add)
    if t.charge_bearer and t.charge_bearer not in CHARGE_BEARERS:
        add(Problem(src, f'{at("ChrgBr")}: "{t.charge_bearer}" is not a charge code',
                    "use DEBT (you pay all fees), CRED, SHAR, or leave it empty"))
    elif kind is PaymentType.SEPA and t.charge_bearer not in ("", "SLEV"):
        add(Problem(src, f"{at('ChrgBr')}: a SEPA payment cannot carry {t.charge_bearer}",
                    "leave it empty (SEPA shares fees: SLEV)"))


def _check_amount(t: Transfer, where: str, src: Source, add) -> None:
    if not _CURRENCY.fullmatch(t.currency):
        add(Problem(src, f'{where}: currency "{t.currency}" is not an ISO 4217 code', "e.g. CHF, EUR, USD"))
    amount: Decimal = t.amount
    if not amount.is_finite() or amount <= 0:
        add(Problem(src, f"{where}: amount {amount} is not positive", "enter an amount greater than 0"))
        return
    decimals = MINOR_UNITS.get(t.currency, 2)
    if amount != amount.quantize(Decimal(1).scaleb(-decimals)):
        add(Problem(src, f"{where}: {amount} {t.currency} has more than {decimals} decimals",
                    f"round it to {decimals} decimals"))
    elif len(amount.as_tuple().digits) > MAX_TOTAL_DIGITS:
        add(Problem(src, f"{where}: {amount} has more than 18 digits", "split the payment"))


def _check_address(address: PostalAddress | None, abroad: bool, where: str, src: Source, add) -> None:
    if address is None:
        if abroad:  # V2 "Ausland": the creditor's bank and regulators abroad expect the address
            add(Problem(src, f"{where}: a payment abroad needs the creditor's address",
                        "enter street, post code, town and country of the creditor"))
        else:
            add(Problem(src, f"{where}: no creditor address", "structured addresses are recommended (IG §3.11)",
                        "warning"))
        return
    for value, limit, element in ((address.street, MAX_STREET, "StrtNm"), (address.building, MAX_BUILDING, "BldgNb"),
                                  (address.postcode, MAX_POSTCODE, "PstCd"), (address.town, MAX_TOWN, "TwnNm")):
        _text(value, limit, f"{where}/{element}", src, add, required=element == "TwnNm")
    if not _COUNTRY.fullmatch(address.country):
        add(Problem(src, f'{where}/Ctry: "{address.country}" is not a 2-letter country code',
                    "use the ISO 3166 code, e.g. CH, LI, DE, FR"))
    if len(address.lines) > MAX_LINES:
        add(Problem(src, f"{where}/AdrLine: {len(address.lines)} address lines, at most 2",
                    "move the details into street, building, post code and town"))
    for line in address.lines:
        _text(line, MAX_LINE, f"{where}/AdrLine", src, add, required=True)


def _check_account(t: Transfer, abroad: bool, at, src: Source, add) -> None:
    account = t.creditor_account
    if not account:
        add(Problem(src, f"{at('CdtrAcct')}: no creditor account", "enter the creditor's IBAN"))
    elif is_iban_shaped(account):
        if not is_valid_iban(account):
            add(Problem(src, f'{at("CdtrAcct/IBAN")}: "{account}" is not a valid IBAN (length or check digits)',
                        "compare it with the creditor's invoice or payment slip"))
    else:
        _text(account, 34, at("CdtrAcct/Othr/Id"), src, add)  # Max34Text in the SPS character set
        if not t.creditor_bic:
            add(Problem(src, f"{at('CdtrAgt')}: account {account} is not an IBAN, so the creditor's bank must be "
                        "named", "enter the creditor bank's BIC (or the creditor's IBAN)"))
    if t.creditor_bic and not _BIC.fullmatch(t.creditor_bic):
        add(Problem(src, f'{at("CdtrAgt/FinInstnId/BICFI")}: "{t.creditor_bic}" is not a BIC',
                    "8 or 11 letters/digits, e.g. UBSWCHZH80A"))
    elif abroad and not t.creditor_bic:
        add(Problem(src, f"{at('CdtrAgt')}: no BIC for a payment abroad",
                    "enter the creditor bank's BIC (IG §3.12: recommended for type X)", "warning"))


def _check_reference(t: Transfer, kind: PaymentType, at, src: Source, add) -> None:
    qr_iban = is_qr_iban(t.creditor_account)
    ref, rtype = t.reference, t.reference_type
    where = at("RmtInf/Strd/CdtrRefInf/Ref")
    if rtype not in (QRR, SCOR, NON):
        add(Problem(src, f'{at("RmtInf/Strd/CdtrRefInf/Tp")}: reference type "{rtype}" is not QRR, SCOR or NON',
                    "use QRR (QR reference), SCOR (RF creditor reference) or NON"))
    elif qr_iban and rtype != QRR:
        add(Problem(src, f"{at('CdtrAcct/IBAN')}: {t.creditor_account} is a QR-IBAN but the reference type is {rtype}",
                    "a QR-IBAN requires the 27-digit QR reference printed on the QR-bill"))
    elif rtype == QRR and not qr_iban:
        add(Problem(src, f"{where}: a QR reference needs a QR-IBAN, but {t.creditor_account} is not one",
                    "take the IBAN from the QR-bill's payment part (IID 30000–31999), or use SCOR/NON"))
    if rtype == QRR and not is_valid_qr_reference(ref):
        add(Problem(src, f'{where}: "{ref}" is not a QR reference (27 digits, modulo 10 recursive check digit)',
                    "copy the reference from the QR-bill"))
    elif rtype == SCOR and not is_valid_creditor_reference(ref):
        add(Problem(src, f'{where}: "{ref}" is not an ISO 11649 creditor reference (RF + 2 check digits, 5–25)',
                    "copy the RF reference from the invoice, or send it as a message with type NON"))
    elif rtype == NON and ref:
        add(Problem(src, f'{where}: reference "{ref}" given with type NON', "set the type to QRR or SCOR, or clear it"))
    _text(t.message, MAX_MESSAGE, at("RmtInf/Strd/AddtlRmtInf" if ref else "RmtInf/Ustrd"), src, add)
    if kind is PaymentType.SEPA and ref and t.message:
        add(Problem(src, f"{at('RmtInf')}: a SEPA payment carries a creditor reference or a message, not both",
                    "clear the message (IG C-level: S must not use AddtlRmtInf)"))
