"""IBAN: third-party vectors (python-stdnum, SwissQRBill, qrbill), schwifty and stdnum as independent oracles."""
from __future__ import annotations

import random
import re

import pytest
import schwifty
from stdnum import iban as stdnum_iban

from engine.errors import InvalidFormat
from engine.ids import iban
from engine.ids.iban_registry import countries
from engine.ids.reference import explain_qr_bill_account
from tests.conftest import shared_file
from tests.ids.vectors import rows

# python-stdnum marks these invalid because their Spanish national check digits (CCC) are wrong; ISO 13616 and
# the SWIFT registry know no national check, so they are valid IBANs here, with a warning (iban.warning).
NATIONAL_CHECK_ONLY = {"ES2121000418450200051331", "ES89 3183 1500 9500 0121 0562"}


def test_python_stdnum_vectors():
    for row in rows(shared_file("iban", "iban_vectors_python-stdnum.tsv")):
        value = row["value"]
        if value in NATIONAL_CHECK_ONLY:
            assert iban.is_valid(value) and iban.warning(value), value
            continue
        assert iban.is_valid(value) == (row["expected"] == "valid"), (value, iban.explain(value))


def test_every_registry_example_is_valid():
    examples = [r["value"] for r in rows(shared_file("iban", "iban_vectors_python-stdnum.tsv"))
                if r["note"].startswith("These should all be valid")]
    assert len(examples) == 194
    assert iban.is_valid_many(examples) == [True] * len(examples)
    assert iban.explain_many(examples) == [""] * len(examples)


def test_swissqrbill_vectors():
    for row in rows("iban_vectors_swissqrbill.tsv"):
        value, expected = row["input"], row["expected"] == "valid"
        if row["kind"] == "qrbill-account":
            # A valid DE IBAN, refused as a QR-bill account (qrbill: "IBAN must start with: CH, LI").
            assert iban.is_valid(value) and explain_qr_bill_account(value)
        elif value == "SE64-1200-0000-0121-7014-5230":
            # SwissQRBill refuses dashes; issue 3 asks to accept what people type (python-stdnum agrees): valid.
            assert iban.is_valid(value) and stdnum_iban.is_valid(value)
        else:
            assert iban.is_valid(value) == expected, (value, iban.explain(value))
        if row["kind"] == "format":
            assert iban.format(value) == row["expected_output_or_error"]


def _with_check(code: str, bban: str, check: str) -> str:
    return code + check + bban


def test_check_digits_00_01_99_are_refused_though_mod97_passes():
    # Find BBANs whose true check digits are 97 or 98: then 00 or 01 (= +97) also leave remainder 1.
    rng = random.Random(1)
    found = {"00": None, "01": None}
    while not all(found.values()):
        bban = "00762" + "".join(rng.choice("0123456789") for _ in range(12))
        real = stdnum_iban.calc_check_digits("CH00" + bban)
        alias = {"97": "00", "98": "01"}.get(real)
        if alias:
            found[alias] = _with_check("CH", bban, alias)
    for alias, number in found.items():
        assert stdnum_iban.is_valid(number)  # the disagreement: stdnum accepts them
        assert not iban.is_valid(number)
        assert f"check digits {alias}" in iban.explain(number)
    assert "check digits 99" in iban.explain("CH99" + "00762011623852957")


def test_letters_in_check_position():
    assert "two digits" in iban.explain("CH9A00762011623852957")


@pytest.mark.parametrize("value, words", [
    ("CH93 0076 2011 6238 5295", "CH IBANs have 21"),
    ("QQ93 1234 5678", "issues no IBAN"),
    ("CH93 0076 2011 6238 5295 7!", "'!'"),
    ("NL56 3003 0A17 1643 00", "position 5"),
    ("", "empty"),
    (None, "empty"),
])
def test_reasons_name_the_problem(value, words):
    assert words in iban.explain(value)


def test_validate_raises_with_hint():
    with pytest.raises(InvalidFormat) as raised:
        iban.validate("CH93 0076 2011 6238 5295 8")
    assert "wrong check digits" in str(raised.value) and raised.value.hint


def test_qr_iban():
    assert iban.is_qr_iban("CH44 3199 9123 0008 8901 2")  # QR-IID 31999 (SwissQRBill, qrbill tests)
    assert not iban.is_qr_iban("CH3709000000304442225")
    assert not iban.is_qr_iban("CH44 3199 9123 0008 8901 3")  # not an IBAN at all


def _random_bban(spec, rng):
    kinds = {"n": "0123456789", "a": "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "c": "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
    return "".join(rng.choice(kinds[k]) for n, k in re.findall(r"(\d+)!?([nac])", spec.bban_spec) for _ in range(int(n)))


def test_agrees_with_schwifty_and_bulk_agrees_with_single():
    rng = random.Random(7)
    values = []
    for spec in countries().values():
        for _ in range(20):
            number = spec.code + "00" + _random_bban(spec, rng)
            number = number[:2] + stdnum_iban.calc_check_digits(number) + number[4:]
            if rng.random() < 0.5:  # one-digit typo
                pos = rng.choice([i for i in range(2, len(number)) if number[i].isdigit()])
                number = number[:pos] + str((int(number[pos]) + rng.randint(1, 9)) % 10) + number[pos + 1:]
            values.append(number)
    mine = iban.is_valid_many(values)
    assert mine == [iban.is_valid(v) for v in values]
    assert [r == "" for r in iban.explain_many(values)] == mine
    for value, verdict in zip(values, mine):
        try:
            schwifty.IBAN(value, validate_bban=False)
            theirs = value[2:4] not in ("00", "01", "99")  # schwifty too accepts 00/01/99
        except Exception:
            theirs = False
        assert verdict == theirs, value
    assert 0.3 < sum(mine) / len(mine) < 0.7


def test_create_and_format():
    assert iban.create("CH", "09000000100080607") == "CH0909000000100080607"  # DOMAIN.md §3 example
    assert iban.format(" ch93-0076-2011-6238-5295-7 ") == "CH93 0076 2011 6238 5295 7"
    assert iban.is_valid_many([1.5, 42.0, None]) == [False, False, False]
