"""SPS business rules, one case at a time; for each, what the SIX schema alone says about the same file."""
from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum import iban as std_iban
from stdnum import iso11649
from stdnum.ch import esr

from engine.ids import iban as iban_ids
from engine.ids import scor as scor_ids
from engine.errors import ProblemsFound
from engine.formats import pain001
from engine.formats.pain001.model import PaymentGroup, PostalAddress
from engine.formats.pain001.rules import (
    is_valid_creditor_reference, is_valid_iban, is_valid_qr_reference, validate_business_rules,
)
from tests.conftest import shared_file
from tests.formats.pain001_support import (
    MUSTER, QR_BILL, SCOR_EUR, SEPA_DE, UNSTRUCTURED, order_of, rules_off, xsd_errors,
)

ABROAD = dataclasses.replace(UNSTRUCTURED, end_to_end_id="GB-1", currency="GBP", creditor_bic="NWBKGB2L",
                             creditor_account="GB29 NWBK 6016 1331 9268 19",
                             creditor_address=PostalAddress(town="London", country="GB"))
replace = dataclasses.replace

# (case, transfers, fragment of the expected error, does the XSD alone accept the file?)
CASES = [
    ("QR-IBAN without reference", [replace(QR_BILL, reference_type="NON", reference="")], "is a QR-IBAN", True),
    ("QR-IBAN with SCOR", [replace(QR_BILL, reference_type="SCOR", reference="RF18539007547034")], "is a QR-IBAN",
     True),
    ("QRR with a normal IBAN", [replace(UNSTRUCTURED, reference_type="QRR", reference=QR_BILL.reference)],
     "needs a QR-IBAN", True),
    ("QRR wrong check digit", [replace(QR_BILL, reference="210000000003139471430009016")], "not a QR reference", True),
    ("QRR all zeros", [replace(QR_BILL, reference="0" * 27)], "not a QR reference", True),
    ("QRR too short", [replace(QR_BILL, reference="21000000000313947143000901")], "not a QR reference", True),
    ("SCOR wrong check digits", [replace(SCOR_EUR, reference="RF19539007547034")], "ISO 11649", True),
    ("reference with type NON", [replace(UNSTRUCTURED, reference="RF18539007547034")], "type NON", False),
    ("unknown reference type", [replace(UNSTRUCTURED, reference_type="ISR", reference="123")], "not QRR", False),
    ("emoji in name", [replace(UNSTRUCTURED, creditor_name="Müller 😀 AG")], "SPS character set", False),
    ("soft hyphen in message", [replace(UNSTRUCTURED, message="Rech\u00adnung")], "U+00AD", False),
    ("Cyrillic in town", [replace(UNSTRUCTURED, creditor_address=PostalAddress(town="Москва", country="RU"))],
     "SPS character set", False),
    ("name of 141 characters", [replace(UNSTRUCTURED, creditor_name="A" * 141)], "at most 140", False),
    ("SEPA name of 71 characters", [replace(SEPA_DE, creditor_name="A" * 71)], "at most 70", True),
    ("message of 141 characters", [replace(UNSTRUCTURED, message="m" * 141)], "at most 140", False),
    ("town of 36 characters", [replace(UNSTRUCTURED, creditor_address=PostalAddress(town="T" * 36, country="CH"))],
     "at most 35", False),
    ("blank name", [replace(UNSTRUCTURED, creditor_name="   ")], "is empty", True),
    ("EndToEndId with //", [replace(UNSTRUCTURED, end_to_end_id="INV//2025")], '"//"', True),
    ("EndToEndId starting with /", [replace(UNSTRUCTURED, end_to_end_id="/INV-1")], "starts with", True),
    ("EndToEndId ending with /", [replace(UNSTRUCTURED, end_to_end_id="INV-1/")], "ends with", True),
    ("EndToEndId starting with a space", [replace(UNSTRUCTURED, end_to_end_id=" INV-1")], "starts with", True),
    ("EndToEndId with |", [replace(UNSTRUCTURED, end_to_end_id="INV|1")], "contains '|'", True),
    ("EndToEndId with _", [replace(UNSTRUCTURED, end_to_end_id="INV_1")], "contains '_'", False),
    ("EndToEndId of 36", [replace(UNSTRUCTURED, end_to_end_id="E" * 36)], "at most 35", False),
    ("InstrId with ä", [replace(UNSTRUCTURED, instruction_id="Zahlung-ä")], "contains 'ä'", False),
    ("amount zero", [replace(UNSTRUCTURED, amount=Decimal("0"))], "not positive", True),
    ("amount negative", [replace(UNSTRUCTURED, amount=Decimal("-5"))], "not positive", False),
    ("three decimals", [replace(UNSTRUCTURED, amount=Decimal("12.345"))], "more than 2 decimals", True),
    ("JPY with decimals", [replace(ABROAD, currency="JPY", amount=Decimal("1500.50"))], "more than 0 decimals",
     True),
    ("address without town", [replace(UNSTRUCTURED, creditor_address=PostalAddress(street="Rue", country="CH"))],
     "TwnNm: is empty", True),
    ("address with bad country", [replace(UNSTRUCTURED, creditor_address=PostalAddress(town="Biel", country="CHE"))],
     "2-letter country", False),
    ("three address lines", [replace(UNSTRUCTURED, creditor_address=PostalAddress(
        town="Biel", country="CH", lines=("a", "b", "c")))], "at most 2", False),
    ("payment abroad without address", [replace(ABROAD, creditor_address=None)], "needs the creditor's address",
     True),
    ("creditor IBAN check digits", [replace(UNSTRUCTURED, creditor_account="CH43 2198 8000 0095 2286 5")],
     "not a valid IBAN", True),
    ("creditor IBAN too short", [replace(UNSTRUCTURED, creditor_account="CH42 2198 8000 0095 2286")],
     "not a valid IBAN", True),
    ("account number without bank", [replace(UNSTRUCTURED, creditor_account="12-3456-7")], "must be named", True),
    ("malformed BIC", [replace(UNSTRUCTURED, creditor_bic="UBSWCHZH8")], "not a BIC", False),
    ("SEPA with DEBT", [replace(SEPA_DE, charge_bearer="DEBT")], "cannot carry DEBT", True),
    ("SEPA reference and message", [replace(SEPA_DE, message="Rechnung 7")], "not both", True),
    ("unknown charge code", [replace(UNSTRUCTURED, charge_bearer="OUR")], "not a charge code", False),
    ("UETR not v4", [replace(UNSTRUCTURED, uetr="00000000-0000-1000-8000-000000000000")], "UUID v4", False),
]


def test_the_base_transfers_break_no_rule():
    order = order_of(QR_BILL, SCOR_EUR, SEPA_DE, UNSTRUCTURED, ABROAD)
    assert [p for p in validate_business_rules(order) if p.severity == "error"] == []


@pytest.mark.parametrize("transfers, fragment, xsd_accepts", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_rule(transfers, fragment, xsd_accepts):
    order = order_of(*transfers)
    errors = [p for p in validate_business_rules(order) if p.severity == "error"]
    assert any(fragment in p.message for p in errors), [str(p) for p in errors]
    culprit = next(p for p in errors if fragment in p.message)
    assert transfers[0].end_to_end_id.strip() in culprit.message or "PmtInf" in culprit.message
    assert culprit.hint  # what to do about it
    with pytest.raises(ProblemsFound):
        pain001.build(order)
    with rules_off():
        try:
            xml = pain001.build(order)
        except ValueError:  # lxml refuses text XML cannot carry at all
            xml = None
    assert (xml is not None and xsd_errors(xml) == []) == xsd_accepts


def test_group_rules():
    group = order_of(UNSTRUCTURED).groups[0]
    mixed = replace(group, transfers=(UNSTRUCTURED, SCOR_EUR, SEPA_DE))
    qr_debit = replace(group, payment_info_id="B2", debtor_iban="CH4431999123000889012")
    no_bic_abroad = replace(group, payment_info_id="B3", debtor_iban="DE62007620110623852957", debtor_bic="")
    bad_purpose = replace(group, payment_info_id="B4", category_purpose="SA")
    twin = replace(group)
    order = replace(order_of(UNSTRUCTURED), groups=(group, mixed, qr_debit, no_bic_abroad, bad_purpose, twin))
    messages = [p.message for p in validate_business_rules(order, today=date(2023, 3, 1))]
    expected = ["mixes currencies CHF, EUR", "mixes payment types D, S", "is a QR-IBAN, which can only receive",
                "no BIC for a foreign debit account", '"SA" is not a code', 'is used by 3 groups',
                "2023-02-22 is in the past"]
    for fragment in expected:
        assert any(fragment in m for m in messages), (fragment, messages)
    assert sum("mixes" in m for m in messages) == 2  # only the mixed group


def test_empty_order_and_empty_group():
    order = replace(order_of(UNSTRUCTURED), groups=())
    assert any("no payment group" in p.message for p in validate_business_rules(order))
    empty = PaymentGroup(payment_info_id="E", debtor_name="X", debtor_iban=MUSTER.iban, execution_date=date.today(),
                         transfers=())
    assert any("has no transfer" in p.message for p in validate_business_rules(replace(order, groups=(empty,))))


def test_warnings_do_not_stop_the_build():
    no_address = replace(UNSTRUCTURED, creditor_address=None)
    twice = replace(SCOR_EUR, end_to_end_id=UNSTRUCTURED.end_to_end_id)
    order = order_of(no_address, twice)
    problems = validate_business_rules(order)
    assert {p.severity for p in problems} == {"warning"}
    assert any("no creditor address" in p.message for p in problems)
    assert any("used by 2 transfers" in p.message for p in problems)
    assert xsd_errors(pain001.build(order)) == []


def test_problem_names_the_sheet_cell_of_the_transfer():
    from engine.errors import Source
    wrong = replace(QR_BILL, reference="1", source=Source("book.xlsx", "PaymentOrders", 7, "H"))
    problem = next(p for p in validate_business_rules(order_of(wrong)) if "not a QR reference" in p.message)
    assert str(problem).startswith("book.xlsx: PaymentOrders!H7: PmtInf ")


# --- the payment file's checks give the identifier modules' verdicts (tests/ids holds them to third-party vectors) ---

def test_iban_check_is_the_identifier_modules_verdict_on_stdnums_vectors():
    rows = [line.split("\t") for line in shared_file("iban", "iban_vectors_python-stdnum.tsv").read_text().splitlines()
            if line and not line.startswith(("#", "value"))]
    assert len(rows) > 200
    for value, expected, *_ in rows:
        number = std_iban.compact(value)
        assert is_valid_iban(number) == iban_ids.is_valid(number), value


@settings(max_examples=300)
@given(st.from_regex(r"[0-9]{27}", fullmatch=True) | st.from_regex(r"[0-9]{26}", fullmatch=True).map(
    lambda body: body + esr.calc_check_digit(body)))
def test_qr_reference_check_agrees_with_stdnum(reference):
    assert is_valid_qr_reference(reference) == esr.is_valid(reference)


@settings(max_examples=300)
@given(st.from_regex(r"RF[0-9]{2}[A-Z0-9]{1,21}", fullmatch=True) | st.from_regex(r"[A-Z0-9]{1,21}", fullmatch=True)
       .map(lambda body: "RF" + iso11649.mod_97_10.calc_check_digits(body + "RF") + body))
def test_creditor_reference_check_agrees_with_stdnum(reference):
    # ISO 11649 check digits are 02..98: stdnum also takes 00/01/99, which MOD 97-10 never produces.
    expected = iso11649.is_valid(reference) and reference[2:4] not in ("00", "01", "99")
    assert is_valid_creditor_reference(reference) == expected == scor_ids.is_valid(reference)


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",), min_codepoint=0x20).filter(
    lambda c: c not in "\ufffe\uffff"), min_size=1, max_size=140).filter(lambda s: s.strip()))
def test_character_set_rule_agrees_with_the_schema(name):
    """For any non-blank name: our charset/length verdict equals the XSD's SPSText pattern verdict."""
    order = order_of(replace(UNSTRUCTURED, creditor_name=name))
    ours = not any("Cdtr/Nm" in p.message for p in validate_business_rules(order))
    with rules_off():
        xml = pain001.build(order)
    assert ours == (xsd_errors(xml) == [])
