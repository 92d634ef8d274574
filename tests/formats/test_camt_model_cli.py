"""Check digits against python-stdnum, the generator against the official XSD, to_json and the CLI shape."""
from __future__ import annotations

import io
import json
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from stdnum import iban as std_iban
from stdnum import iso11649
from stdnum.ch import esr

from bench.camt_gen import creditor_reference, generate, qr_reference
from engine.cli import main
from engine.formats import camt
from engine.formats.camt.checks import creditor_reference_ok, iban_ok, qr_reference_ok
from tests.conftest import shared_file
from tests.formats.camt_support import LOCAL, xpath_totals

DIGITS = st.text("0123456789", min_size=27, max_size=27)


@settings(max_examples=300)
@given(DIGITS)
def test_qr_reference_check_agrees_with_stdnum(reference):
    assert qr_reference_ok(reference) == esr.is_valid(reference)


@settings(max_examples=300)
@given(st.text("0123456789", min_size=26, max_size=26))
def test_valid_qr_references_pass(body):
    reference = body + esr.calc_check_digit(body)
    assert qr_reference_ok(reference) == esr.is_valid(reference)


@settings(max_examples=300)
@given(st.from_regex(r"RF[0-9]{2}[0-9A-Z]{1,21}", fullmatch=True))
def test_creditor_reference_check_agrees_with_stdnum(reference):
    assert creditor_reference_ok(reference) == iso11649.is_valid(reference)


@settings(max_examples=300)
@given(st.from_regex(r"CH[0-9]{19}", fullmatch=True))
def test_iban_check_agrees_with_stdnum(iban):
    assert iban_ok(iban) == std_iban.is_valid(iban)


def test_generated_statement_is_schema_valid_and_reads_back():
    out = io.BytesIO()
    invoices = [(qr_reference(4242 + n), Decimal("100.00") + n) for n in range(5)]
    summary = generate(out, entries=400, invoices=invoices)
    schema = etree.XMLSchema(etree.parse(str(shared_file("xsd", "camt.053.001.08.xsd"))))
    document = etree.fromstring(out.getvalue())
    assert schema.validate(document), schema.error_log
    assert esr.is_valid(invoices[0][0]) and iso11649.is_valid(creditor_reference("000000042"))
    parsed = camt.parse(out.getvalue(), source="gen.xml")
    statement = parsed.statements[0]
    assert parsed.warnings == ()  # balances add up, every check digit is right
    assert [(t.reference, t.amount) for e in statement.entries[:5] for t in e.transactions] == invoices
    kinds = {str(e.bank_code) for e in statement.entries}
    assert {"PMNT/RCDT/VCOM", "PMNT/ICDT/SALA", "PMNT/CCRD/CWDL", "PMNT/CCRD/POSD", "ACMT/MCOP/INTR",
            "ACMT/MDOP/CHRG"} <= kinds
    ntry = document.xpath("//c:Ntry", namespaces={"c": "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"})
    assert len(statement.entries) == len(ntry) == summary["entries"]


def test_to_json_has_the_shape_of_issue_7():
    path = LOCAL / "camtparser_053_valid_example_v8.xml"
    data = camt.to_json(camt.parse(path.read_bytes()))
    statement = data["statements"][0]
    assert set(statement) == {"kind", "account", "opening_balance", "closing_balance", "entries"}
    entry = statement["entries"][2]
    assert set(entry) == {"amount", "currency", "direction", "booking_date", "value_date", "bank_reference",
                          "bank_code", "reversal", "transactions", "status", "charges"}  # issue 15: status, charges
    assert entry["status"] == "BOOK"
    assert (entry["amount"], entry["currency"], entry["direction"], entry["booking_date"]) == \
        ("20.97", "EUR", "debit", "2023-06-20")
    tx = entry["transactions"][0]
    assert set(tx) == {"amount", "end_to_end_id", "reference", "reference_type", "counterparty", "remittance",
                       "additional_remittance", "return_reason", "charges"}
    assert tx["counterparty"] == {"name": "DHL Express (Schweiz) AG", "iban": "CH2222222222222222222"}
    assert statement["entries"][0]["amount"] == "474.40" and statement["opening_balance"] == "82721.95"


def test_cli_json_counts_match_the_file(capsys):
    path = LOCAL / "camtparser_054_valid_example.xml"
    assert main(["camt", "parse", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    entries = data["statements"][0]["entries"]
    totals = xpath_totals(path)
    assert len(entries) == totals["CRDT"][0] + totals["DBIT"][0]
    assert sum(Decimal(e["amount"]) for e in entries if e["direction"] == "debit") == totals["DBIT"][1]


def test_cli_refused_file_exits_1_with_the_reason(capsys, tmp_path):
    bad = tmp_path / "cut.xml"
    bad.write_bytes((LOCAL / "camtparser_054_valid_example.xml").read_bytes()[:3000])
    assert main(["camt", "parse", str(bad)]) == 1
    assert "cut.xml" in capsys.readouterr().err


def test_cli_summary_is_readable(capsys):
    assert main(["camt", "parse", str(LOCAL / "camtparser_053_valid_example_v8.xml")]) == 0
    out = capsys.readouterr().out
    assert "camt.053.001.08 (statement)" in out and "2 credit(s) 563.25, 1 debit(s) 20.97" in out


def test_bank_code_without_iso_parts_shows_nothing_not_slashes():
    from engine.formats.camt.model import BankCode

    # Issue 15 item 10: an empty BkTxCd read as "//"; a proprietary-only code shows the proprietary code.
    assert str(BankCode()) == ""
    assert str(BankCode(proprietary="CH:RCDT")) == "CH:RCDT"
    assert str(BankCode(domain="PMNT", family="RCDT", sub_family="VCOM")) == "PMNT/RCDT/VCOM"
