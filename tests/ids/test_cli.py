"""``comptoir id``: the JSON shape of issue 3, input order, exit status."""
from __future__ import annotations

import json

from engine.cli import main


def _json(capsys, *argv):
    status = main(["id", *argv, "--json"])
    return status, json.loads(capsys.readouterr().out)


def test_iban_json_shape_and_order(capsys):
    status, out = _json(capsys, "iban", "CH93 0076 2011 6238 5295 8", "ch44 3199 9123 0008 8901 2",
                        "CH09 0900 0000 1000 8060 7")
    assert status == 1
    assert [o["input"] for o in out] == ["CH93 0076 2011 6238 5295 8", "ch44 3199 9123 0008 8901 2",
                                         "CH09 0900 0000 1000 8060 7"]
    assert [o["valid"] for o in out] == [False, True, True]
    assert out[0]["canonical"] is None and "check digits" in out[0]["reason"]
    assert out[1]["canonical"] == "CH4431999123000889012" and out[1]["reason"] is None and out[1]["qr_iban"] is True
    assert out[2]["bic"] == "POFICHBEXXX" and out[2]["bank"] == "PostFinance AG" and out[2]["qr_iban"] is False
    assert set(out[0]) == set(out[1])  # one shape per kind, invalid values included


def test_qr_iban_kind_refuses_ordinary_iban(capsys):
    status, out = _json(capsys, "qr-iban", "CH9300762011623852957")
    assert status == 1 and "not a QR-IBAN" in out[0]["reason"]


def test_other_kinds(capsys):
    assert _json(capsys, "ccp", "10-8060-7")[1][0]["iban"] == "CH0909000000100080607"
    assert _json(capsys, "qrr", "210000000003139471430009017")[1][0]["formatted"] == "21 00000 00003 13947 14300 09017"
    assert _json(capsys, "scor", "rf18539007547034")[1][0]["canonical"] == "RF18539007547034"
    status, out = _json(capsys, "uid", "CHE-107.787.577 TVA")
    assert status == 0 and out[0]["formatted"] == "CHE-107.787.577 TVA" and out[0]["vat"] is True


def test_text_output(capsys):
    assert main(["id", "qrr", "21 00000 00003 13947 14300 09017"]) == 0
    assert "valid" in capsys.readouterr().out
    assert main(["id", "qrr", "1878583"]) == 1
    assert "pad it with leading zeros" in capsys.readouterr().out
