"""Money rules (STYLE.md §1): Decimal from whatever people or Excel give, half-up cents, CHF to 0.05."""
from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from engine.money import AmountError, round_chf, to_decimal, to_money


@pytest.mark.parametrize("typed, expected", [
    (0.1, "0.1"), (1081.0, "1081.0"), ("1'234.50", "1234.50"), ("1 234,5", "1234.5"), ("12,50", "12.50"),
    (3, "3"), (" 7.25 ", "7.25"),
])
def test_to_decimal_takes_what_people_type(typed, expected):
    assert to_decimal(typed) == Decimal(expected)


@pytest.mark.parametrize("bad", ["abc", "1.2.3", float("nan"), float("inf"), True, None, "1e999999999"])
def test_to_decimal_refuses_non_numbers(bad):
    with pytest.raises(AmountError):
        to_decimal(bad)


def test_half_up_to_the_cent():
    assert to_money("0.005") == Decimal("0.01")
    assert to_money("-0.005") == Decimal("-0.01")
    assert to_money(2.675) == Decimal("2.68")  # repr(2.675) is '2.675': no binary surprise


@given(st.decimals(min_value=-10**9, max_value=10**9, places=2))
def test_round_chf_is_the_nearest_five_cents(amount):
    rounded = round_chf(amount)
    assert rounded % Decimal("0.05") == 0
    assert abs(rounded - amount) <= Decimal("0.025")
    assert rounded.as_tuple().exponent == -2


def test_large_amounts_print_with_the_swiss_apostrophe_in_every_language():
    """Swiss usage is 1'390'682.71 in French, German, Italian and English alike (issue 18, audit 18b: the demo's
    log and the German and Italian ledger output printed 1 390 682.71); only the QR-bill's amount keeps the space
    its implementation guidelines ask for (IG QR-bill §3.5.3)."""
    from engine.money import QR_THOUSANDS, format_amount
    assert format_amount(Decimal("1390682.71")) == "1'390'682.71"
    assert format_amount(Decimal("-508766.1")) == "-508'766.10"
    assert format_amount(Decimal("999.5")) == "999.50"
    assert format_amount(Decimal("1590.5"), QR_THOUSANDS) == "1 590.50"
