"""QR-bill payload: third-party payloads parse (and rebuild byte for byte), malformed ones are rejected with the
reason their source library asserts, and our builder agrees with the `qrbill` package for structured addresses."""
from __future__ import annotations

import csv
from dataclasses import replace
from decimal import Decimal

import pytest
import qrbill
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.formats import qr_payload
from engine.formats.qr_payload import Address, PayloadError, QRBill
from tests.conftest import TEST_DATA, shared_file

DATA = TEST_DATA / "qrbill"
SAMPLES = sorted(p.name for p in DATA.glob("*.txt"))


def read(name: str) -> str:
    return (DATA / name).read_bytes().decode("utf-8")


def tsv(name: str) -> list[dict]:
    lines = [line for line in (DATA / name).read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


@pytest.mark.parametrize("name", SAMPLES)
def test_every_sample_payload_parses(name):
    bill = qr_payload.parse(read(name))
    assert bill.account.startswith("CH") and bill.creditor.name
    assert bill.currency in ("CHF", "EUR")


@pytest.mark.parametrize("name", [n for n in SAMPLES if n != "qrbill-py_test_text_result_crlf.txt"])
def test_structured_samples_rebuild_byte_for_byte(name):
    text = read(name)
    bill = qr_payload.parse(text)
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.split(newline)
    if lines[20] == "K":  # a debtor's combined address is read structured, and written so (issue 15, item 13)
        d = bill.debtor
        lines[20:27] = ["S", d.name, d.street, d.building, d.postcode, d.town, d.country]
    assert qr_payload.build(bill, newline) == newline.join(lines)


def test_a_debtors_combined_address_is_read_line_by_line_and_a_creditors_refused():
    """sample5's debtor is K: "Grosse Marktgasse 28" / "9400 Rorschach" (it was read as building "9400 Rorschach",
    postcode and town empty). A creditor's K address is refused: banks no longer accept it (since 30.09.2026)."""
    bill = qr_payload.parse(read("swissqrbill-java_sample5_lf.txt"))
    assert bill.debtor == Address(name="Pia-Maria Rutschmann-Schnyder", street="Grosse Marktgasse", building="28",
                                  postcode="9400", town="Rorschach", country="CH")
    assert any("combined (K)" in w and "Rorschach" in w for w in bill.warnings)
    lines = read("swissqrbill-java_sample1_lf.txt").split("\n")
    lines[4:10] = ["K", lines[5], f"{lines[6]} {lines[7]}".strip(), f"{lines[8]} {lines[9]}", "", ""]
    with pytest.raises(PayloadError, match="creditor's address is combined") as refused:
        qr_payload.parse("\n".join(lines))
    assert "line 5" in str(refused.value) and "new QR-bill" in str(refused.value)


def test_flags_what_it_tolerates():
    mixed = qr_payload.parse(read("qrbill-py_test_text_result_crlf.txt"))
    assert any("mixed separators" in w for w in mixed.warnings)
    assert qr_payload.parse(read("swissqrbill-java_sample1_lf.txt")).warnings == ()


def test_spec_example_fields():
    bill = qr_payload.parse(read("qrbill-py_test_spec_example1_crlf.txt"))
    assert bill.amount == Decimal("1949.70") and bill.reference_type == "QRR"
    assert bill.debtor == Address(name="Pia-Maria Rutschmann-Schnyder", street="Grosse Marktgasse", building="28",
                                  postcode="9400", town="Rorschach", country="CH")
    # This older example carries its (pre-Swico-v2) billing information inside the message line.
    assert bill.message.startswith("Order of 15.09.2019//S1/01/") and bill.billing_information == ""


def test_metasfresh_payload_breaks_the_qrr_needs_qr_iban_rule():
    text = shared_file("qrbill", "metasfresh_QRR_PurchaseInvoice.txt").read_bytes().decode("utf-8")
    with pytest.raises(PayloadError) as caught:
        qr_payload.parse(text)
    assert caught.value.element == "Tp" and "QR-IBAN" in str(caught.value)
    assert "line 28" in str(caught.value)


_REASONS = {"field QR type": {"QRType", "structure"}, "version": {"Version"}, "coding type": {"Coding"},
            "amount": {"Amt"}, "trailer": {"Trailer"}}


@pytest.mark.parametrize("row", tsv("qr_payload_edge_cases.tsv"), ids=lambda r: r["id"])
def test_edge_cases(row):
    text = row["payload_escaped"].encode().decode("unicode_escape")
    if row["expected"] == "valid":
        assert qr_payload.parse(text) == qr_payload.parse(read("swissqrbill-java_sample1_lf.txt"))
        return
    with pytest.raises(PayloadError) as caught:
        qr_payload.parse(text)
    note = row["expected_error_or_note"]
    expected = next(elements for key, elements in _REASONS.items() if key in note)
    assert caught.value.element in expected, f"{caught.value} for {note}"


@pytest.mark.parametrize("row", tsv("account_reference_combination_vectors.tsv"), ids=lambda r: r["source"][-8:])
def test_account_reference_combinations(row):
    bill = QRBill(account=row["account"], reference=row["reference"], reference_type=row["reference_type"],
                  creditor=Address(name="Muster AG", postcode="3000", town="Bern"))
    problems = [p for p in qr_payload.check(bill) if p[0] in ("Tp", "Ref")]
    assert (problems == []) == (row["expected"] == "valid"), problems


def test_build_refuses_with_a_reason():
    good = QRBill(account="CH5800791123000889012", creditor=Address(name="A", postcode="1000", town="Lausanne"))
    cases = [(replace(good, amount=Decimal("1000000000")), "Amt"),
             (replace(good, currency="USD"), "Ccy"),
             (replace(good, message="x" * 141), "Ustrd"),
             (replace(good, billing_information="S1/10/1"), "StrdBkgInf"),
             (replace(good, message="Ω-Ltd"), "message"),
             (replace(good, creditor=replace(good.creditor, postcode="CH-1000")), "Cdtr"),
             (replace(good, creditor=replace(good.creditor, kind="K")), "AdrTp")]
    for bill, element in cases:
        with pytest.raises(PayloadError) as caught:
            qr_payload.build(bill)
        assert caught.value.element == element and caught.value.hint is not None


def test_amount_formatting_and_alternative_procedures():
    bill = QRBill(account="CH58 0079 1123 0008 8901 2", creditor=Address(name="A", postcode="1000", town="Lausanne"),
                  amount=Decimal("0.5"), alternative_procedures=("eBill/B/peter@sample.ch",))
    lines = qr_payload.build(bill).split("\n")
    assert lines[18] == "0.50" and lines[31:] == ["", "eBill/B/peter@sample.ch"]
    assert qr_payload.parse("\n".join(lines)) == bill


# --- oracle: the qrbill package (1.2.0) builds the same payload for the same structured data -------------------
_TEXT = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789äöüéèàçÄÖÜ.-&'"),
                min_size=1, max_size=30)
_ADDRESS = st.builds(lambda n, s, b, p, t, c: {"name": n, "street": s, "house_num": b, "pcode": p, "city": t,
                                               "country": c},
                     _TEXT, _TEXT, st.text("0123456789ab", max_size=6), st.text("0123456789", min_size=4, max_size=5),
                     _TEXT, st.sampled_from(["CH", "LI", "DE", "FR", "IT", "AT"]))
_REFS = st.sampled_from([("CH4431999123000889012", "210000000003139471430009017"),
                         ("CH5800791123000889012", "RF18539007547034"), ("CH3709000000304442225", "")])


def _ours(address: dict) -> Address:
    return Address(name=address["name"], street=address["street"], building=address["house_num"],
                   postcode=address["pcode"], town=address["city"], country=address["country"])


@settings(max_examples=150, deadline=None)
@given(creditor=_ADDRESS, debtor=st.none() | _ADDRESS, ref=_REFS, currency=st.sampled_from(["CHF", "EUR"]),
       amount=st.none() | st.decimals(min_value=Decimal("0.01"), max_value=Decimal("999999999.99"), places=2),
       message=st.text(st.sampled_from("abc XYZ 0123 é./-"), max_size=60).map(str.strip),
       billing=st.sampled_from(["", "//S1/10/10201409/11/190512/32/7.7/40/2:10;0:30"]),
       alt=st.lists(st.sampled_from(["eBill/B/john@example.com", "Name AV1: UV;UltraPay005;12345"]), max_size=2))
def test_payload_equals_the_qrbill_package(creditor, debtor, ref, currency, amount, message, billing, alt):
    account, reference = ref
    theirs = qrbill.QRBill(account=account, creditor=creditor, debtor=debtor, currency=currency,
                           amount=None if amount is None else str(amount), reference_number=reference or None,
                           additional_information=message, billing_information=billing, alt_procs=alt)
    ours = QRBill(account=account, creditor=_ours(creditor), debtor=debtor and _ours(debtor), currency=currency,
                  amount=amount, reference=reference, message=message, billing_information=billing,
                  alternative_procedures=tuple(alt))
    text = qr_payload.build(ours, "\r\n")
    assert text == theirs.qr_data()
    assert qr_payload.parse(text) == ours  # parse(build(x)) == x


def test_sanitize_keeps_the_character_set():
    assert qr_payload.sanitize("Ştefan\tDvořák — 20 €") == "Ştefan Dvořák . 20 €"
    assert all(qr_payload.allowed_character(c) for c in qr_payload.sanitize("日本 Łódź Σ ș"))
