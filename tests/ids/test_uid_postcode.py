"""UID / VAT numbers (python-stdnum's verdict, our reasons) and postcode → localities (Swiss Post facts)."""
from __future__ import annotations

import pytest
from hypothesis import given, strategies as st
from stdnum.ch import uid as stdnum_uid
from stdnum.ch import vat as stdnum_vat

from engine.ids import postcode, uid


@pytest.mark.parametrize("value, formatted", [
    ("CHE-107.787.577 IVA", "CHE-107.787.577 IVA"),  # examples from python-stdnum's ch.vat docstring
    ("CHE107787577MWST", "CHE-107.787.577 MWST"),
    ("che 107 787 577 tva", "CHE-107.787.577 TVA"),
    ("CHE-113.690.319", "CHE-113.690.319"),          # the UID example of stdnum.ch.uid
])
def test_uid_formats(value, formatted):
    assert uid.format(value) == formatted
    assert uid.is_vat(value) == formatted.endswith(uid.SUFFIXES)


@pytest.mark.parametrize("value, words", [
    ("CHE-107.787.578", "check digit"), ("CHE-107.787.577 XYZ", "MWST, TVA, IVA or TPV"),
    ("CHE-107.787", "9 digits"), ("", "empty"),
])
def test_uid_reasons(value, words):
    assert words in uid.explain(value)


@given(st.text("0123456789", min_size=9, max_size=9), st.sampled_from(["", " MWST", " TVA", " IVA", " TPV"]))
def test_uid_agrees_with_stdnum(digits, suffix):
    value = f"CHE-{digits[:3]}.{digits[3:6]}.{digits[6:]}{suffix}"
    assert uid.is_valid(value) == (stdnum_vat if suffix else stdnum_uid).is_valid(value)


@pytest.mark.parametrize("code, name, canton", [
    ("8001", "Zürich", "ZH"), ("1003", "Lausanne", "VD"), ("3011", "Bern", "BE"), ("1700", "Fribourg", "FR"),
    ("6900", "Massagno", "TI"),   # 6900 serves Lugano, Massagno and Paradiso
])
def test_postcode_localities(code, name, canton):
    places = postcode.localities(code)
    assert any(p.name == name and p.canton == canton for p in places), places


def test_postcode_with_several_localities_and_typed_forms():
    assert {p.name for p in postcode.localities("6900")} >= {"Lugano", "Massagno", "Paradiso"}
    assert postcode.localities("CH-8001") == postcode.localities(8001.0) == postcode.localities(" 8001 ")
    assert postcode.explain("0000") and postcode.explain("80O1") and not postcode.explain("8001")
