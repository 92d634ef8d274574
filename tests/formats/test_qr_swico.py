"""Swico S1 billing information: the examples printed in SIX IG QR-bill Annex D / Swico S1 syntax definition."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.formats import swico_billing
from engine.formats.swico_billing import BillingInfoError, SwicoS1

# Examples 1–4 as printed in SIX IG QR-bill Annex E (Swico S1); checked against the spec text.
SPEC_EXAMPLES = [
    "//S1/10/10201409/11/190512/20/1400.000-53/30/106017086/31/180508/32/7.7/40/2:10;0:30",
    "//S1/10/X.66711\\/8824/11/200712/20/MW-2020-04/30/107978798/32/2.5:117.22/40/3:5;1.5:20;1:40;0:60",
    "//S1/10/10104/11/180228/30/395856455/31/180226180227/32/3.7:400.19;7.7:553.39;0:14/40/0:30",
    "//S1/10/4031202511/11/180107/20/61257233.4/30/105493567/32/8:49.82/33/2.5:14.85/40/0:30",
]


@pytest.mark.parametrize("text", SPEC_EXAMPLES)
def test_spec_examples_round_trip(text):
    assert swico_billing.build(swico_billing.parse(text)) == text


def test_fields_of_an_example():
    info = swico_billing.parse(SPEC_EXAMPLES[2])
    assert info.service_start == date(2018, 2, 26) and info.service_end == date(2018, 2, 27)
    assert info.vat == ((Decimal("3.7"), Decimal("400.19")), (Decimal("7.7"), Decimal("553.39")),
                        (Decimal("0"), Decimal("14")))
    assert swico_billing.parse(SPEC_EXAMPLES[1]).invoice_number == "X.66711/8824"  # escaped slash


def test_uid_is_written_as_digits():
    assert swico_billing.build(SwicoS1(uid="CHE-106.017.086")) == "//S1/30/106017086"


@pytest.mark.parametrize("text, reason", [
    ("//S1/01/20170309/11/10201409", "unknown"),           # pre-v2 Swico tags (qrbill's spec example 1)
    ("//S1/11/190512/10/1", "after"),                      # tags must ascend
    ("//S1/11/19051", "unreadable"),                       # YYMMDD
    ("//S2/10/1", "//S1"),
])
def test_rejects_with_a_reason(text, reason):
    with pytest.raises(BillingInfoError, match=reason):
        swico_billing.parse(text)


@given(number=st.text(st.sampled_from("AZaz09-./\\ "), max_size=20), ref=st.text(st.sampled_from("ab/\\1"), max_size=8),
       day=st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
def test_parse_build_round_trip(number, ref, day):
    info = SwicoS1(invoice_number=number, customer_reference=ref, invoice_date=day,
                   conditions=((Decimal("2"), 10), (Decimal("0"), 30)))
    assert swico_billing.parse(swico_billing.build(info)) == info
