"""Swiss QR-bill payload (Swiss Payments Code): ``build(bill) -> str`` and ``parse(text) -> QRBill``.

Standard: SIX Swiss Implementation Guidelines QR-bill v2.3 (Nov 2025), §4 "data structure", Version ``0200``.
We only *write* structured addresses (type ``S``); the combined type ``K`` (removed in v2.3, still accepted by
banks until 30 Sep 2026) is read, kept as written and flagged in :attr:`QRBill.warnings`.

>>> bill = QRBill(account="CH44 3199 9123 0008 8901 2",
...     creditor=Address(name="Robert Schneider AG", street="Rue du Lac", building="1268",
...                      postcode="2501", town="Biel", country="CH"),
...     amount=Decimal("1949.7"), reference_type="QRR", reference="210000000003139471430009017")
>>> text = build(bill)
>>> text.split("\\n")[18], len(text.split("\\n"))
('1949.70', 31)
>>> parse(text) == bill
True
>>> parse(text.replace("SPC", "SPX", 1))
Traceback (most recent call last):
...
engine.formats.qr_payload.PayloadError: line 1: QR type is "SPX", not "SPC": this is not a Swiss QR-bill payload — scan the QR code of the payment part
"""
from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from stdnum import iban as std_iban
from stdnum import iso11649
from stdnum.ch import esr

from engine.errors import InvalidFormat, Source
from engine.money import quantize

QR_TYPE = "SPC"
VERSION = "0200"
CODING = "1"
TRAILER = "EPD"
CURRENCIES = ("CHF", "EUR")
REFERENCE_TYPES = ("QRR", "SCOR", "NON")
QR_IID = range(30000, 32000)  # IG §4.2.2 (IBAN): QR-IIDs 30000–31999 mark a QR-IBAN
MAX_NAME, MAX_STREET, MAX_BUILDING, MAX_POSTCODE, MAX_TOWN = 70, 70, 16, 16, 35
MAX_INFO = 140  # Ustrd and StrdBkgInf together (IG §4.3.3)
MAX_ALT_PROCEDURE, MAX_ALT_PROCEDURES = 100, 2
MAX_PAYLOAD = 997  # IG §6.4.1.4: characters including separators
AMOUNT_MAX = Decimal("999999999.99")
MIN_LINES, MAX_LINES = 31, 34
_AMOUNT = re.compile(r"\d{1,9}(\.\d{1,2})?")
_VERSION = re.compile(r"02\d\d")
_SEPARATOR = re.compile(r"\r\n|\n|\r")


class PayloadError(InvalidFormat):
    """A payload that breaks the IG; ``element`` names the IG element ("Amt", "Trailer", ...)."""

    def __init__(self, message: str, hint: str = "", *, element: str, line: int | None = None, file: str = ""):
        super().__init__(message, hint, Source(file=file, row=line) if (line or file) else None)
        self.element = element


@dataclass(frozen=True, slots=True, kw_only=True)
class Address:
    """Creditor or debtor (IG §4.2.3). ``kind="K"`` only when read: street/building hold address lines 1/2."""

    name: str
    street: str = ""
    building: str = ""
    postcode: str = ""
    town: str = ""
    country: str = "CH"
    kind: str = "S"

    def lines(self) -> tuple[str, ...]:
        """How the address is printed on the slip: name, street + number, ``CH-2501 Biel``."""
        if self.kind == "K":
            return tuple(x for x in (self.name, self.street, self.building) if x)
        street = " ".join(x for x in (self.street, self.building) if x)
        return tuple(x for x in (self.name, street, f"{self.country}-{self.postcode} {self.town}") if x)


@dataclass(frozen=True, slots=True, kw_only=True)
class QRBill:
    """The data of one QR-bill. ``amount=None`` leaves the amount open; ``debtor=None`` leaves "Payable by" blank."""

    account: str
    creditor: Address
    amount: Decimal | None = None
    currency: str = "CHF"
    debtor: Address | None = None
    reference_type: str = ""  # QRR / SCOR / NON; inferred from the reference when left empty
    reference: str = ""
    message: str = ""
    billing_information: str = ""
    alternative_procedures: tuple[str, ...] = ()
    # What parse() tolerated (K address, CR separators, ...): shown to the user, never part of equality.
    warnings: tuple[str, ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        # Accept what people type: spaces in IBAN/references, lower case (stdnum's "compact").
        object.__setattr__(self, "account", std_iban.compact(self.account))
        object.__setattr__(self, "reference", re.sub(r"\s", "", self.reference).upper())
        if not self.reference_type:
            kind = "NON" if not self.reference else "SCOR" if self.reference.startswith("RF") else "QRR"
            object.__setattr__(self, "reference_type", kind)


def is_qr_iban(account: str) -> bool:
    """True for a CH/LI IBAN whose institution id is a QR-IID (30000–31999)."""
    compact = std_iban.compact(account)
    return compact[:2] in ("CH", "LI") and compact[4:9].isdigit() and int(compact[4:9]) in QR_IID


def allowed_character(char: str) -> bool:
    """IG v2.3 §4.1.1 character set: Basic Latin, Latin-1 Supplement, Latin Extended-A, Ș ș Ț ț and €."""
    o = ord(char)
    return 0x20 <= o <= 0x7E or 0xA0 <= o <= 0x17F or 0x218 <= o <= 0x21B or o == 0x20AC


def sanitize(text: str) -> str:
    """Text made fit for a payload: NFC, line breaks to spaces, other characters to their Latin base or ``.``.

    >>> sanitize("Zoë  Ørsted\\nΣ Ltd")
    'Zoë Ørsted . Ltd'
    """
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()
    out = []
    for char in text:
        if not allowed_character(char):
            base = unicodedata.normalize("NFKD", char)
            char = "".join(c for c in base if allowed_character(c) and not unicodedata.combining(c)) or "."
        out.append(char)
    return "".join(out)


def format_amount(amount: Decimal) -> str:
    """IG §4.3.2 Amt: point separator, two decimals, no thousands separator, no leading zeros."""
    return f"{quantize(amount):.2f}"


def check(bill: QRBill) -> tuple[tuple[str, str, str], ...]:
    """Every rule a bill breaks, as ``(element, message, hint)``; empty when the bill can be built."""
    found: list[tuple[str, str, str]] = []
    add = lambda element, message, hint="": found.append((element, message, hint))  # noqa: E731
    if not std_iban.is_valid(bill.account):
        add("IBAN", f'IBAN "{bill.account}" is not valid', "copy it from the bank's account statement")
    elif bill.account[:2] not in ("CH", "LI"):
        add("IBAN", f'IBAN "{bill.account}" is not Swiss or Liechtenstein', "a QR-bill needs a CH or LI account")
    found += _address_problems("Cdtr", bill.creditor)
    if bill.debtor is not None:
        found += _address_problems("UltmtDbtr", bill.debtor)
    if bill.amount is not None and not (Decimal(0) <= quantize(bill.amount) <= AMOUNT_MAX):
        add("Amt", f"amount {bill.amount} is outside 0.00–999999999.99", "split the bill or leave the amount open")
    if bill.currency not in CURRENCIES:
        add("Ccy", f'currency "{bill.currency}" is not CHF or EUR', "a QR-bill is in CHF or EUR only")
    found += _reference_problems(bill)
    if len(bill.message) + len(bill.billing_information) > MAX_INFO:
        add("Ustrd", f"message and billing information have {len(bill.message) + len(bill.billing_information)} "
            f"characters together; the limit is {MAX_INFO}", "shorten the message")
    if bill.billing_information and not bill.billing_information.startswith("//"):
        add("StrdBkgInf", "billing information must start with //", "e.g. //S1/10/... (Swico S1)")
    if len(bill.alternative_procedures) > MAX_ALT_PROCEDURES:
        add("AltPmt", f"{len(bill.alternative_procedures)} alternative procedures; at most 2", "")
    for name, value in _texts(bill):
        bad = sorted({c for c in value if not allowed_character(c)})
        if bad or "\n" in value or "\r" in value:
            add(name, f"{name} contains characters outside the QR-bill set: {''.join(bad)!r}",
                "pass the text through qr_payload.sanitize() or retype it")
    for value in bill.alternative_procedures:
        if len(value) > MAX_ALT_PROCEDURE:
            add("AltPmt", f"alternative procedure has {len(value)} characters; the limit is 100", "")
    return tuple(found)


def build(bill: QRBill, separator: str = "\n") -> str:
    """The payload text of ``bill`` (LF by default; IG §4.1.4 allows CR+LF too); raises PayloadError."""
    problems = check(bill)
    if problems:
        element, message, hint = problems[0]
        more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
        raise PayloadError(message + more, hint, element=element)
    if bill.creditor.kind != "S" or (bill.debtor is not None and bill.debtor.kind != "S"):
        raise PayloadError("combined (K) addresses are no longer allowed (IG v2.3)",
                           "give street, building number, postcode and town separately", element="AdrTp")
    elements = [QR_TYPE, VERSION, CODING, bill.account, *_address(bill.creditor), *[""] * 7,
                "" if bill.amount is None else format_amount(bill.amount), bill.currency,
                *(_address(bill.debtor) if bill.debtor else [""] * 7),
                bill.reference_type, bill.reference, bill.message, TRAILER]
    # Status-A elements (IG §4.1.4) are omitted at the end when unused, present (maybe empty) before a used one.
    tail = [bill.billing_information, *bill.alternative_procedures]
    while tail and not tail[-1]:
        tail.pop()
    text = separator.join(elements + tail)
    if len(text) > MAX_PAYLOAD:
        raise PayloadError(f"payload has {len(text)} characters; a QR code holds at most {MAX_PAYLOAD}",
                           "shorten the message or the names", element="payload")
    return text


def parse(text: str, file: str = "") -> QRBill:
    """The bill in a scanned payload, or a PayloadError naming the line, the element and the reason."""
    warnings: list[str] = []
    separators = set(_SEPARATOR.findall(text))
    lines = _SEPARATOR.split(text)
    fail = lambda n, element, message, hint="": PayloadError(message, hint, element=element, line=n, file=file)  # noqa
    if lines[0].lstrip("\ufeff") != QR_TYPE:
        raise fail(1, "QRType", f'QR type is "{lines[0][:20]}", not "SPC": this is not a Swiss QR-bill payload',
                   "scan the QR code of the payment part")
    if separators == {"\r"}:
        warnings.append("lines are separated by CR alone (IG §4.1.4 allows only CR+LF or LF)")
    elif len(separators) > 1:
        warnings.append("lines use mixed separators (IG §4.1.4 wants one kind throughout)")
    if len(lines) > MIN_LINES and lines[-1] == "":
        lines.pop()  # a separator after the last element (IG §4.1.4 forbids it; many printers add one)
        warnings.append("a line separator follows the last element")
    if not MIN_LINES <= len(lines) <= MAX_LINES:
        raise fail(None, "structure", f"payload has {len(lines)} lines; a QR-bill payload has 31 to 34",
                   "the code may be damaged or cut: scan it again")
    if not _VERSION.fullmatch(lines[1]):
        raise fail(2, "Version", f'version "{lines[1]}" is not supported (expected 0200)', "")
    if lines[1] != VERSION:
        warnings.append(f"minor version {lines[1]} read as 0200")
    if lines[2] != CODING:
        raise fail(3, "Coding", f'coding type "{lines[2]}" is not supported (expected 1 = UTF-8)', "")
    if lines[30] != TRAILER:
        raise fail(31, "Trailer", f'trailer is "{lines[30][:20]}", not "EPD": the payload is incomplete', "")
    amount = None
    if lines[18]:
        if not _AMOUNT.fullmatch(lines[18]):
            raise fail(19, "Amt", f'amount "{lines[18]}" is not a number like 1949.70', "")
        amount = Decimal(lines[18])
        if lines[18] != format_amount(amount):
            warnings.append(f'amount "{lines[18]}" is not written with two decimals')
    creditor = _read_address(lines, 4, "creditor", warnings, fail)
    debtor = _read_address(lines, 20, "debtor", warnings, fail) if any(lines[20:27]) else None
    if creditor is None:
        raise fail(6, "Cdtr", "the creditor has no name", "the payee must be named")
    if any(lines[11:18]):
        warnings.append("ultimate creditor is filled in; IG v2.3 wants it empty (ignored)")
    bill = QRBill(account=lines[3], creditor=creditor, amount=amount, currency=lines[19], debtor=debtor,
                  reference_type=lines[27], reference=lines[28], message=lines[29],
                  billing_information=lines[31] if len(lines) > 31 else "",
                  alternative_procedures=tuple(x for x in lines[32:] if x))
    problems = [p for p in check(bill) if not p[0].endswith("AdrTp")]
    for element, message, hint in problems:
        if "characters outside" in message:
            warnings.append(message)
        else:
            raise fail(_LINE_OF.get(element), element, message, hint)
    if creditor.kind == "K":
        raise fail(5, "AdrTp", "the creditor's address is combined (K): banks refuse such QR-bills since 30.09.2026 "
                   "(IG v2.3 allows structured addresses only)",
                   "ask the creditor for a new QR-bill (structured address, type S), or enter the invoice by hand")
    return dataclasses.replace(bill, warnings=tuple(warnings))


def _address(address: Address) -> list[str]:
    a = address
    return [a.kind, a.name, a.street, a.building, a.postcode, a.town, a.country]


def _read_address(lines, start, role, warnings, fail) -> Address | None:
    kind, name, street, building, postcode, town, country = lines[start:start + 7]
    if not name:
        return None
    if kind == "K" and role == "debtor":  # line 1 "street number", line 2 "postcode town" (IG v2.2 §4.2.3)
        postcode, _, town = building.strip().partition(" ")  # the 4th field holds line 2
        street, building = _split_street(street)
        town = town.strip()
        warnings.append(f"{role} uses a combined (K) address, removed in IG v2.3: read as street \"{street}\", "
                        f"number \"{building}\", postcode \"{postcode}\", town \"{town}\"")
        return Address(name=name, street=street, building=building, postcode=postcode, town=town, country=country)
    elif kind not in ("S", "K"):  # a creditor's K is refused once the rest is checked (parse)
        raise fail(start + 1, "AdrTp", f'{role} address type "{kind}" is neither S nor K', "")
    return Address(kind=kind, name=name, street=street, building=building, postcode=postcode, town=town,
                   country=country)


def _split_street(line: str) -> tuple[str, str]:
    """"Rue du Lac 12" → ("Rue du Lac", "12"); a line without a trailing number stays whole."""
    head, _, last = line.strip().rpartition(" ")
    return (head, last) if head and last[:1].isdigit() else (line.strip(), "")


_LINE_OF = {"IBAN": 4, "Cdtr": 6, "Amt": 19, "Ccy": 20, "UltmtDbtr": 22, "Tp": 28, "Ref": 29, "Ustrd": 30,
            "StrdBkgInf": 32, "AltPmt": 33}


def _address_problems(role: str, a: Address) -> list[tuple[str, str, str]]:
    found = []
    limits = (("name", a.name, MAX_NAME), ("street", a.street, MAX_STREET), ("building", a.building, MAX_BUILDING),
              ("postcode", a.postcode, MAX_POSTCODE), ("town", a.town, MAX_TOWN))
    for label, value, limit in limits:
        if len(value) > limit:
            found.append((role, f"{role} {label} has {len(value)} characters; the limit is {limit}", "abbreviate it"))
    if not a.name:
        found.append((role, f"{role} name is empty", "name the payee/payer"))
    if a.kind == "S" and not (a.postcode and a.town):
        found.append((role, f"{role} address needs a postcode and a town", ""))
    if a.kind == "S" and a.postcode.upper().startswith(f"{a.country}-"):
        found.append((role, f'{role} postcode "{a.postcode}" carries a country prefix', "write only the number"))
    if not re.fullmatch(r"[A-Z]{2}", a.country):
        found.append((role, f'{role} country "{a.country}" is not an ISO 3166 two-letter code', "e.g. CH"))
    if a.kind not in ("S", "K"):
        found.append((role + "AdrTp", f'{role} address type "{a.kind}" is neither S nor K', ""))
    return found


def _reference_problems(bill: QRBill) -> list[tuple[str, str, str]]:
    kind, ref, qr_iban = bill.reference_type, bill.reference, is_qr_iban(bill.account)
    if kind not in REFERENCE_TYPES:
        return [("Tp", f'reference type "{kind}" is not QRR, SCOR or NON', "")]
    # IG §4.3.3 / Annex: QR-IBAN ⇔ QR reference; a normal IBAN takes a creditor reference or none.
    if qr_iban and kind != "QRR":
        return [("Tp", f"a QR-IBAN needs a QR reference (QRR), not {kind}",
                 "give a 27-digit QR reference, or use the account's normal IBAN")]
    if not qr_iban and kind == "QRR":
        return [("Tp", f"a QR reference needs a QR-IBAN; {bill.account} is a normal IBAN",
                 "use the QR-IBAN of the account, or a creditor reference (RF...)")]
    if kind == "QRR" and not (len(ref) == 27 and esr.is_valid(ref)):
        return [("Ref", f'QR reference "{ref}" is not 27 digits with a valid check digit', "copy it again")]
    if kind == "SCOR" and not iso11649.is_valid(ref):
        return [("Ref", f'creditor reference "{ref}" is not a valid ISO 11649 RF reference', "copy it again")]
    if kind == "NON" and ref:
        return [("Ref", f'reference "{ref}" is given with reference type NON', "choose QRR or SCOR")]
    return []


def _texts(bill: QRBill):
    yield "message", bill.message
    yield "billing information", bill.billing_information
    for role, a in (("creditor", bill.creditor), ("debtor", bill.debtor)):
        if a is not None:
            for part in (a.name, a.street, a.building, a.postcode, a.town):
                yield role, part
