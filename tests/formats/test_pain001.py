"""pain.001.001.09 build/parse: every file we build validates against SIX's .ch.03 schema; samples from banks parse."""
from __future__ import annotations

import dataclasses
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from stdnum import iban as std_iban

from engine.errors import InvalidFormat, ProblemsFound
from engine.formats import pain001
from engine.formats.pain001.model import PaymentType, PostalAddress, Transfer, payment_type
from tests.conftest import TEST_DATA
from tests.formats.pain001_support import (
    ALL, MUSTER, QR_BILL, SCOR_EUR, SEPA_DE, UNSTRUCTURED, USD_HOME, order_of, rules_off, xsd_errors,
)

NS = {"p": pain001.NAMESPACE}
SAMPLES = TEST_DATA / "pain001"


def test_ig_examples_build_a_schema_valid_file():
    xml = pain001.build(order_of(*ALL))
    assert xsd_errors(xml) == []
    assert xml.startswith(b"<?xml version='1.0' encoding='UTF-8'?>") and not xml.startswith(b"\xef\xbb\xbf")


def test_payment_types_follow_the_ig_flow_chart():
    # IG §3.15 / §5: QR-bill CHF and SCOR in EUR to CH IBANs are D, USD to a CH IBAN is X (V1), EUR to DE is S.
    assert [payment_type(t) for t in ALL] == [PaymentType.DOMESTIC, PaymentType.DOMESTIC, PaymentType.ABROAD,
                                              PaymentType.SEPA, PaymentType.DOMESTIC]


def test_one_group_per_account_date_currency_and_type():
    other_day = dataclasses.replace(UNSTRUCTURED, end_to_end_id="LATER")
    order = pain001.PaymentOrder(
        message_id="M", created=datetime(2023, 2, 15), initiating_party="MUSTER AG",
        groups=pain001.group_transfers(
            [(MUSTER, date(2023, 2, 22), t) for t in ALL] + [(MUSTER, date(2023, 2, 23), other_day)],
            message_id="M"))
    keys = [(g.execution_date, {t.currency for t in g.transfers}, {payment_type(t) for t in g.transfers})
            for g in order.groups]
    assert len(keys) == 5  # CHF-D (QR + unstructured), EUR-D, USD-X, EUR-S, CHF-D next day
    assert [len(g.transfers) for g in order.groups] == [2, 1, 1, 1, 1]
    assert len({g.payment_info_id for g in order.groups}) == 5
    tree = etree.fromstring(pain001.build(order))
    assert tree.xpath("count(//p:PmtInf)", namespaces=NS) == 5
    assert tree.xpath("//p:PmtInf[p:PmtTpInf/p:SvcLvl/p:Cd='SEPA']//p:EndToEndId/text()",
                      namespaces=NS) == ["ENDTOENDID-003"]


def test_xml_carries_the_ig_mapping():
    tree = etree.fromstring(pain001.build(order_of(QR_BILL, SEPA_DE, UNSTRUCTURED)))

    def tx(e2e: str, path: str) -> list[str]:
        return tree.xpath(f"//p:CdtTrfTxInf[p:PmtId/p:EndToEndId='{e2e}']/{path}", namespaces=NS)

    # Annex B: QR-IBAN + QRR as Prtry; the QR message goes to AddtlRmtInf, never Ustrd.
    assert tx("ENDTOENDID-QRR", "p:RmtInf/p:Strd/p:CdtrRefInf/p:Tp/p:CdOrPrtry/p:Prtry/text()") == ["QRR"]
    assert tx("ENDTOENDID-QRR", "p:RmtInf/p:Strd/p:AddtlRmtInf/text()") == ["Auftrag vom 10.02.2023"]
    assert tx("ENDTOENDID-QRR", "p:RmtInf/p:Ustrd") == []
    assert tx("ENDTOENDID-003", "p:RmtInf/p:Strd/p:CdtrRefInf/p:Tp/p:CdOrPrtry/p:Cd/text()") == ["SCOR"]
    assert tx("ENDTOENDID-003", "p:ChrgBr/text()") == ["SLEV"]
    assert tx("ENDTOENDID-003", "p:CdtrAgt/p:FinInstnId/p:BICFI/text()") == ["UBSWDEFF"]
    assert tx("ENDTOENDID-002", "p:RmtInf/p:Ustrd/text()") == ["Rechnung Nr. 408"]
    assert tx("ENDTOENDID-002", "p:Amt/p:InstdAmt/@Ccy") == ["CHF"]
    assert tree.xpath("//p:GrpHdr/p:CtrlSum/text()", namespaces=NS) == ["15850.00"]  # 3949.75 + 3421.00 + 8479.25
    assert tree.xpath("//p:GrpHdr/p:NbOfTxs/text()", namespaces=NS) == ["3"]
    assert tree.xpath("//p:ReqdExctnDt/p:Dt/text()", namespaces=NS) == ["2023-02-22"] * 2  # CHF-D group and EUR-S group
    assert tree.xpath("//p:InitgPty/p:CtctDtls/p:Othr[p:ChanlTp='NAME']/p:Id/text()", namespaces=NS) == ["Comptoir"]


def test_debtor_bank_by_iid_when_no_bic():
    debit = dataclasses.replace(MUSTER, bic="")
    xml = pain001.build(order_of(QR_BILL, debit=debit))
    assert xsd_errors(xml) == []
    tree = etree.fromstring(xml)
    assert tree.xpath("//p:DbtrAgt//p:ClrSysMmbId/p:MmbId/text()", namespaces=NS) == ["80005"]  # IBAN chars 5–9
    assert tree.xpath("//p:DbtrAgt//p:ClrSysId/p:Cd/text()", namespaces=NS) == ["CHBCC"]


def test_text_is_escaped_by_lxml_not_concatenated():
    nasty = dataclasses.replace(UNSTRUCTURED, creditor_name='A & B <Cie> "Sàrl"', message="</Ustrd><Evil/>")
    xml = pain001.build(order_of(nasty))
    assert xsd_errors(xml) == []
    assert b"<Evil/>" not in xml and b"&lt;/Ustrd&gt;&lt;Evil/&gt;" in xml
    assert pain001.parse(xml).transfers[0].creditor_name == 'A & B <Cie> "Sàrl"'


def test_build_refuses_an_order_with_problems_naming_each():
    wrong = dataclasses.replace(QR_BILL, reference_type="NON", reference="")
    too_long = dataclasses.replace(UNSTRUCTURED, message="x" * 141)
    with pytest.raises(ProblemsFound) as caught:
        pain001.build(order_of(wrong, too_long))
    messages = [p.message for p in caught.value.problems]
    assert any("ENDTOENDID-QRR" in m and "QR-IBAN" in m for m in messages)
    assert any("ENDTOENDID-002" in m and "RmtInf/Ustrd" in m and "141" in m for m in messages)
    assert all(p.hint for p in caught.value.problems)


def test_round_trip_of_the_ig_examples():
    order = order_of(*ALL)
    assert pain001.parse(pain001.build(order)) == order


# --- property: whatever valid order we generate builds, validates and reads back ---------------------------------

_SPS_CHARS = st.characters(codec="latin-1", min_codepoint=0x20).filter(lambda c: c not in "\x7f\xad" and
                                                                     not 0x80 <= ord(c) < 0xa0)
_TEXT = st.text(_SPS_CHARS | st.sampled_from("ŁœŠžȘțĂ€"), min_size=1, max_size=70).filter(
    lambda s: s.strip() == s and s.strip())
_REF_ID = st.text(st.sampled_from("ABCxyz0189 '()+,-.:?/"), min_size=1, max_size=35).filter(
    lambda s: s[0] not in " /" and not s.endswith("/") and "//" not in s)


def _iban(country: str, bban: str) -> str:
    return country + std_iban.calc_check_digits(country + "00" + bban) + bban


@st.composite
def transfers(draw, index: int = 0) -> Transfer:
    kind = draw(st.sampled_from(["qr", "ch", "sepa", "abroad"]))
    account = {"qr": _iban("CH", "30000" + draw(st.from_regex(r"[0-9]{12}", fullmatch=True))),
               "ch": _iban("CH", "00762" + draw(st.from_regex(r"[0-9]{12}", fullmatch=True))),
               "sepa": _iban("FR", "2004101005" + draw(st.from_regex(r"[0-9]{13}", fullmatch=True))),
               "abroad": _iban("GB", "NWBK601613" + draw(st.from_regex(r"[0-9]{8}", fullmatch=True)))}[kind]
    currency = {"qr": "CHF", "ch": draw(st.sampled_from(["CHF", "EUR", "USD"])), "sepa": "EUR",
                "abroad": draw(st.sampled_from(["GBP", "USD"]))}[kind]  # EUR to GB is SEPA
    reference_type, reference = "NON", ""
    if kind == "qr":
        from stdnum.ch import esr
        body = draw(st.from_regex(r"[0-9]{25}[1-9]", fullmatch=True))
        reference_type, reference = "QRR", body + esr.calc_check_digit(body)
    elif draw(st.booleans()):
        body = draw(st.from_regex(r"[A-Z0-9]{1,21}", fullmatch=True))
        from stdnum.iso7064 import mod_97_10
        reference_type, reference = "SCOR", "RF" + mod_97_10.calc_check_digits(body + "RF") + body
    message = draw(_TEXT) if not (kind == "sepa" and reference) and draw(st.booleans()) else ""
    return Transfer(
        end_to_end_id=f"{draw(_REF_ID)[:30]}-{index}".lstrip(" /").replace("//", "-"),
        instruction_id=draw(st.one_of(st.just(""), _REF_ID)),
        amount=Decimal(draw(st.integers(1, 99_999_999_999))) / 100, currency=currency,
        creditor_name=draw(_TEXT), creditor_account=account,
        creditor_bic="NWBKGB2L" if kind == "abroad" else draw(st.sampled_from(["", "UBSWCHZH80A"])) if kind == "ch"
        else "",
        creditor_address=PostalAddress(street=draw(_TEXT), building=draw(st.from_regex(r"[0-9]{1,4}[a-c]?", fullmatch=True)),
                                       postcode=draw(st.from_regex(r"[0-9]{4,5}", fullmatch=True)), town=draw(_TEXT)[:35],
                                       country={"sepa": "FR", "abroad": "GB"}.get(kind, "CH")),
        reference_type=reference_type, reference=reference, message=message,
        charge_bearer="SHAR" if kind == "abroad" else "SLEV" if kind == "sepa" and draw(st.booleans()) else "")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(0, 10**6), min_size=1, max_size=6).flatmap(
    lambda seeds: st.tuples(*[transfers(i) for i in range(len(seeds))])))
def test_generated_orders_validate_and_round_trip(generated):
    order = order_of(*generated)
    assert [p for p in pain001.validate_business_rules(order) if p.severity == "error"] == []
    xml = pain001.build(order)
    assert xsd_errors(xml) == []
    parsed = pain001.parse(xml)
    expected = dataclasses.replace(order, groups=tuple(
        dataclasses.replace(g, transfers=tuple(
            dataclasses.replace(t, charge_bearer="") if t.charge_bearer == "SLEV" else t for t in g.transfers))
        for g in order.groups))
    assert parsed == expected  # SLEV on a SEPA transfer reads back as the type's default ""


# --- the samples banks and vendors publish (pain.001.001.03) ------------------------------------------------------

def _xpath(path: Path, expression: str):
    tree = etree.parse(str(path))
    return tree.xpath(expression, namespaces={"p": tree.getroot().nsmap[None]})


@pytest.mark.parametrize("name", sorted(p.name for p in SAMPLES.glob("*.xml")))
def test_samples_parse_with_every_transfer_and_amount(name):
    path = SAMPLES / name
    order = pain001.parse(path.read_bytes(), file=name)
    # Oracle: lxml XPath over the file itself.
    assert len(order.groups) == _xpath(path, "count(//p:PmtInf)")
    assert len(order.transfers) == _xpath(path, "count(//p:CdtTrfTxInf)")
    amounts = _xpath(path, "//p:CdtTrfTxInf/p:Amt//p:InstdAmt/text() | //p:CdtTrfTxInf/p:Amt/p:EqvtAmt/p:Amt/text()")
    assert sum(t.amount for t in order.transfers) == sum(Decimal(a) for a in amounts)
    assert [t.end_to_end_id for t in order.transfers] == _xpath(path, "//p:CdtTrfTxInf/p:PmtId/p:EndToEndId/text()")


def test_postfinance_musterfile_values():
    order = pain001.parse((SAMPLES / "moov_musterfile_pain.001_Nov2020.xml").read_bytes())
    first = order.groups[0]
    assert (order.message_id, order.created) == ("MsgId-001", datetime(2020, 6, 24, 14, 42, 44))
    assert (first.debtor_iban, first.debtor_bic, first.execution_date) == (
        "CH0309000000250090342", "POFICHBEXXX", date(2020, 7, 28))
    t = first.transfers[0]
    assert (t.amount, t.currency, t.creditor_name, t.creditor_account, t.message) == (
        Decimal("6.20"), "CHF", "Maria Bernasconi", "CH5109000000250092291", "Rechnung 1122")
    assert t.creditor_address == PostalAddress(street="Musterstrasse", building="15", postcode="2500", town="Biel")
    by_e2e = {t.end_to_end_id: t for t in order.transfers}
    assert (by_e2e["EEndToEndId-05-01"].reference_type, by_e2e["EEndToEndId-05-01"].reference) == (
        "QRR", "976471818744726494745968140")
    assert (by_e2e["EEndToEndId-06-01"].reference_type, by_e2e["EEndToEndId-06-01"].reference) == (
        "SCOR", "RF18539007547034")
    assert by_e2e["EndToEndId-02-01"].creditor_account == "014295803"  # a postal account in Othr/Id
    assert order.groups[2].category_purpose == "SALA"
    # Rules are not applied on reading; asked for, they name the file line of each transfer.
    problems = pain001.validate_business_rules(pain001.parse(
        (SAMPLES / "moov_musterfile_pain.001_Nov2020.xml").read_bytes(), file="muster.xml"))
    assert any(p.source.file == "muster.xml" and p.source.row for p in problems)


def test_dvbern_reference_file_reads_date_with_offset():
    order = pain001.parse((SAMPLES / "dvbern_pain001TestReference_ch02.xml").read_bytes())
    assert order.groups[0].execution_date == date(2017, 6, 30)  # written "2017-06-30+02:00"
    assert [t.amount for t in order.transfers] == [Decimal("10"), Decimal("1000")]


@pytest.mark.parametrize("data, fragment", [
    (b"<Document><CstmrCdtTrfInitn>", "not well-formed"),
    (b"<Document xmlns='urn:x'><BkToCstmrStmt/></Document>", "not a pain.001"),
    (b"<Document><CstmrCdtTrfInitn><PmtInf/></CstmrCdtTrfInitn></Document>", "no <GrpHdr>"),
])
def test_parse_errors_say_what_and_where(data, fragment):
    with pytest.raises(InvalidFormat) as caught:
        pain001.parse(data, file="x.xml")
    assert fragment in str(caught.value) and "x.xml" in str(caught.value) and caught.value.hint


def test_parse_refuses_a_bad_amount_with_its_line():
    xml = pain001.build(order_of(UNSTRUCTURED)).replace(b">8479.25<", b">8'479,25x<")
    with pytest.raises(InvalidFormat) as caught:
        pain001.parse(xml, file="order.xml")
    assert caught.value.source.row and "Amt" in caught.value.message


def test_parse_refuses_entity_declarations_and_never_reads_the_file(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    xml = pain001.build(order_of(UNSTRUCTURED)).replace(
        b"<?xml version='1.0' encoding='UTF-8'?>",
        f"<?xml version='1.0'?><!DOCTYPE d [<!ENTITY x SYSTEM 'file://{secret}'>]>".encode()).replace(
        b"Rechnung Nr. 408", b"&x;")
    # Issue 10: a DTD or entity declaration is refused outright (nothing is read, nothing is resolved).
    with pytest.raises(InvalidFormat) as refused:
        pain001.parse(xml)
    assert "TOP-SECRET" not in str(refused.value)


def test_schema_alone_would_let_a_wrong_qr_payment_through():
    """Why the business rules exist: the XSD accepts a QR-IBAN without QR reference."""
    wrong = dataclasses.replace(QR_BILL, reference_type="NON", reference="", message="no reference")
    with rules_off():
        xml = pain001.build(order_of(wrong))
    assert xsd_errors(xml) == []
    with pytest.raises(ProblemsFound):
        pain001.build(order_of(wrong))


def test_usd_and_scor_eur_keep_their_own_groups():
    order = order_of(SCOR_EUR, USD_HOME)
    assert [g.transfers[0].currency for g in order.groups] == ["EUR", "USD"]
    assert xsd_errors(pain001.build(order)) == []
