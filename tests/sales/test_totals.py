"""Document totals against hand-computed examples (DOMAIN.md §4) and invariants (hypothesis)."""
from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given, settings, strategies as st

from engine.domain.totals import LineInput, compute
from engine.errors import BusinessRuleError

NORMAL, REDUCED = D("8.1"), D("2.6")


def line(qty, price, rate=NORMAL, discount="0", kind="", code=None):
    return LineInput(quantity=D(qty), unit_price=D(price), discount=D(discount), vat_rate=rate, kind=kind,
                     vat_code=code or {NORMAL: "TVA", REDUCED: "TVARED"}.get(rate, "EXCLU"))


def test_domain_example_1000_net():
    # DOMAIN.md §4 journal example: CHF 1000.00 net, VAT 8.1 % = 81.00, gross 1081.00.
    t = compute([line(1, "1000")])
    assert (t.net, t.vat, t.gross, t.payable, t.rounding) == (D("1000.00"), D("81.00"), D("1081.00"),
                                                              D("1081.00"), D("0.00"))


def test_discounts_fees_and_rounding_by_hand():
    # 6 chairs at 380 less 10 % = 2052.00, less 2 % global = 2010.96; a book at 49 (2.6 %) less 2 % = 48.02;
    # shipping 45 (not discounted). VAT: 2010.96 × 8.1 % = 162.88776 → 162.89; 48.02 × 2.6 % = 1.24852 → 1.25;
    # 45 × 8.1 % = 3.645 → 3.65 (half-up). Net 2103.98, VAT 167.79, gross 2271.77 → payable 2271.75.
    t = compute([line(6, "380", discount="10"), line(1, "49", REDUCED), line(1, "45", kind="fee")],
                global_discount=D("2"))
    assert [x.net for x in t.lines] == [D("2010.96"), D("48.02"), D("45.00")]
    assert [x.vat for x in t.lines] == [D("162.89"), D("1.25"), D("3.65")]
    assert (t.net, t.vat, t.gross, t.payable, t.rounding) == (D("2103.98"), D("167.79"), D("2271.77"),
                                                              D("2271.75"), D("-0.02"))
    assert t.subtotal == D("2101.00") and t.global_discount == D("-42.02")
    assert [(s.code, s.base, s.vat) for s in t.vat_summary] == [("TVA", D("2055.96"), D("166.54")),
                                                                ("TVARED", D("48.02"), D("1.25"))]


def test_vat_on_the_total_per_rate():
    # Three lines of 0.15 at 8.1 %: per line 0.01215 → 0.01 each (0.03); on the total 0.45 × 8.1 % = 0.03645 → 0.04.
    lines = [line(1, "0.15")] * 3
    assert compute(lines, vat_rounding="line").vat == D("0.03")
    t = compute(lines, vat_rounding="total")
    assert t.vat == D("0.04") and sorted(x.vat for x in t.lines) == [D("0.01"), D("0.01"), D("0.02")]


def test_eur_is_not_rounded_to_five_cents():
    t = compute([line(3, "19.90")], currency="EUR")
    assert (t.gross, t.payable, t.rounding) == (D("64.54"), D("64.54"), D("0.00"))


def test_fixed_total_spreads_over_the_lines_and_keeps_vat_right():
    # Computed: 2000 + 500 net at 8.1 % = 2702.50 gross; fixed at 2600 → factor 2600 / 2702.50;
    # 2000 × f = 1924.1443 → 1924.14, 500 × f = 481.0361 → 481.04; VAT 155.86 + 38.96 = 194.82; gross 2600.00.
    t = compute([line(1, "2000"), line(1, "500")], fixed_total=D("2600"))
    assert [x.net for x in t.lines] == [D("1924.14"), D("481.04")]
    assert (t.vat, t.gross, t.payable, t.rounding) == (D("194.82"), D("2600.00"), D("2600.00"), D("0.00"))
    assert t.adjustment == D("-94.82")
    with pytest.raises(BusinessRuleError):
        compute([line(1, "100", kind="fee")], fixed_total=D("50"))


def test_text_lines_carry_no_amount():
    t = compute([LineInput(kind="text"), line(1, "10")])
    assert t.lines[0] is None and t.net == D("10.00")


amounts = st.decimals(min_value=D("0.05"), max_value=D("5000"), places=2)
lines_strategy = st.lists(st.tuples(st.integers(1, 20), amounts, st.sampled_from([NORMAL, REDUCED, D("3.8"), D(0)]),
                                    st.sampled_from(["0", "5", "12.5"]), st.sampled_from(["", "", "fee"])),
                          min_size=1, max_size=12)


@settings(max_examples=150, deadline=None)
@given(lines_strategy, st.sampled_from(["0", "2", "7.5"]), st.sampled_from(["line", "total"]))
def test_invariants(raw, global_discount, rounding):
    inputs = [LineInput(quantity=D(q), unit_price=p, vat_rate=r, discount=D(d), kind=k,
                        vat_code=f"R{r}") for q, p, r, d, k in raw]
    t = compute(inputs, global_discount=D(global_discount), vat_rounding=rounding)
    # Lines add up to the totals; the payable is a multiple of 0.05 within 0.025 of the gross.
    assert sum(x.net for x in t.lines) == t.net and sum(x.vat for x in t.lines) == t.vat
    assert t.gross == t.net + t.vat and t.payable % D("0.05") == 0 and abs(t.rounding) <= D("0.025")
    # Independent line amounts: quantity × price × (1 − d) × (1 − global d), within 1.5 cents of each line (the global
    # discount is rounded once on the subtotal and shared to the cent), fees not discounted.
    cent = D("0.01")
    subtotal = D(0)
    for (q, p, r, d, k), x in zip(raw, t.lines):
        listed = (D(q) * p * (1 - D(d) / 100)).quantize(cent, "ROUND_HALF_UP")
        assert x.gross_listed == listed
        factor = 1 if k == "fee" else 1 - D(global_discount) / 100
        # the discount total is rounded once (half a cent) and shared by largest remainder (under a cent)
        assert abs(x.net - listed * factor) < cent + cent / 2
        subtotal += listed if k != "fee" else 0
    # The printed discount is the printed percentage of the printed subtotal, to the cent (2.5 % of 829.77 = 20.74)
    assert t.subtotal == subtotal
    assert -t.global_discount == (subtotal * D(global_discount) / 100).quantize(cent, "ROUND_HALF_UP")
    # VAT per rate: on the total exactly the rate's base × rate; per line within half a cent a line.
    for share in t.vat_summary:
        exact = share.base * share.rate / 100
        members = sum(1 for x in raw if f"R{x[2]}" == share.code)
        if rounding == "total":
            assert share.vat == exact.quantize(D("0.01"), "ROUND_HALF_UP")
        else:
            assert abs(share.vat - exact) <= D("0.005") * members
    assert sum(s.base for s in t.vat_summary) == t.net


@settings(max_examples=80, deadline=None)
@given(lines_strategy, st.decimals(min_value=D("10"), max_value=D("90000"), places=2))
def test_fixed_total_invariants(raw, fixed):
    inputs = [LineInput(quantity=D(q), unit_price=p, vat_rate=r, discount=D(d), vat_code=f"R{r}")
              for q, p, r, d, _ in raw]
    t = compute(inputs, fixed_total=fixed)
    assert t.payable == fixed and t.gross + t.rounding == fixed
    assert abs(t.rounding) <= D("0.01") * len(raw)  # only cents of line rounding are left over
