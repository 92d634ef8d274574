"""``comptoir qrbill parse``: fields as JSON with exit 0, or the reason with exit 1."""
from __future__ import annotations

import json

from engine.cli import main
from tests.conftest import TEST_DATA, shared_file


def test_parse_prints_fields_as_json(capsys):
    assert main(["qrbill", "parse", str(TEST_DATA / "qrbill" / "swissqrbill-java_sample1_lf.txt"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["valid"] and data["amount"] == "3949.75" and data["creditor"]["town"] == "Biel"
    assert data["reference_type"] == "NON" and data["qr_iban"] is False


def test_parse_explains_an_invalid_payload(capsys):
    path = shared_file("qrbill", "metasfresh_QRR_PurchaseInvoice.txt")
    assert main(["qrbill", "parse", str(path)]) == 1
    err = capsys.readouterr().err
    assert "line 28" in err and "QR-IBAN" in err


def test_parse_spec_example_with_crlf(capsys):
    assert main(["qrbill", "parse", str(TEST_DATA / "qrbill" / "qrbill-py_test_spec_example1_crlf.txt"), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["amount"] == "1949.70"


def test_missing_file_is_a_clean_error(capsys, tmp_path):
    assert main(["qrbill", "parse", str(tmp_path / "nope.txt")]) == 2
    assert "cannot read" in capsys.readouterr().err
