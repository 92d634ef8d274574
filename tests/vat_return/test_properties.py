"""Invariants of the return over random quarters of sales, credit notes, exports, excluded supplies and purchases
(hypothesis): the file passes the schema and follows the official example; the form adds up (299 = 200 − 289 = the
per-rate turnovers, 289 = 220 + 230 + 235, 500 − 510 = 399 − 479); every per-rate turnover and input-tax box is the
VAT statement's (``ledger vat``) to the cent; the tax on each rate is its turnover × rate."""
from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal as D
from types import SimpleNamespace as Entry

from hypothesis import given, settings, strategies as st

from engine.domain import ledger_reports
from engine.domain.vat import VatRates
from engine.domain.vat_return import from_statement
from engine.formats import ech0217
from tests.posting.books import books
from tests.vat_return.ech0217 import validated

RATES = VatRates.from_records(books()[1].records("VatCodes"))
START, END = date(2026, 1, 1), date(2026, 3, 31)
# (debit, credit, code, rate %) of each kind of line, the tax booked when the rate is not 0
KINDS = {"sale": ("1100", "3200", "TVA", "8.1"), "food": ("1100", "3200", "TVARED", "2.6"),
         "credit": ("3200", "1100", "TVA", "8.1"), "export": ("1100", "3400", "EXPORT", "0"),
         "excluded": ("1020", "3400", "EXCLU", "0"), "material": ("4200", "2000", "IPM", "8.1"),
         "cost": ("6500", "2000", "IPI", "8.1")}

lines = st.lists(st.tuples(st.sampled_from(sorted(KINDS)), st.integers(1, 10**7), st.integers(1, 90)),
                 max_size=30)


def _journal(drawn) -> list:
    out = []
    for kind, cents, day in drawn:
        debit, credit, code, rate = KINDS[kind]
        amount = D(cents) / 100
        tax = (amount * D(rate) / 100).quantize(D("0.01"), ROUND_HALF_UP)
        on = date(2026, 1, 1).fromordinal(date(2026, 1, 1).toordinal() + day - 1)
        out.append(Entry(date=on, debit=debit, credit=credit, amount=amount, vat_code=code, vat_amount=tax))
        if tax:
            tax_debit, tax_credit = (("1170" if code == "IPM" else "1171"), credit) if kind in ("material", "cost") \
                else (debit, "2200") if kind != "credit" else ("2200", credit)
            out.append(Entry(date=on, debit=tax_debit, credit=tax_credit, amount=tax, vat_code=code, vat_amount=None))
    return out


@settings(max_examples=60, deadline=None)
@given(lines)
def test_the_form_adds_up_and_equals_the_statement(drawn):
    journal = _journal(drawn)
    rows = ledger_reports.vat_statement(journal, RATES, {}, START, END)
    vat = from_statement(rows, START, END, reductions=ledger_reports.output_reductions(journal, RATES, {}, START, END))
    boxes = vat.boxes()
    per_rate = {line.box: line.turnover for line in vat.supplies}
    assert boxes["299"] == boxes["200"] - boxes["289"] == sum(per_rate.values(), D(0))
    assert boxes["289"] == sum((boxes.get(b, D(0)) for b in ("220", "230", "235")), D(0))
    assert boxes.get("500", D(0)) - boxes.get("510", D(0)) == boxes["399"] - boxes["479"]
    assert boxes["200"] >= 0  # credit notes are shown in 235, never as a negative total
    statement = {}
    for r in rows:
        statement[r.box] = statement.get(r.box, D(0)) + (r.tax if r.box in ("400", "405") else r.base)
    for box, amount in statement.items():
        assert (per_rate.get(box) if box.startswith("3") else boxes.get(box, D(0))) == amount, box
    assert boxes["399"] == sum(((t * r / 100).quantize(D("0.01"), ROUND_HALF_UP)  # the form: turnover × rate
                                for r, t in ((line.rate, line.turnover) for line in vat.supplies)), D(0))
    validated(ech0217.build(vat, uid="CHE109322551", name="Propriété SA", generated=datetime(2026, 4, 1, tzinfo=UTC)))
