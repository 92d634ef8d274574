"""The boxes recomputed from the Journal with pandas, by a road of its own: every VAT-coded row read from the saved
ledger, a revenue credited or an expense debited counting +, the other way −; the tax taken from the rows on the
VAT accounts (2200 credited +, 1170 / 1171 debited +); the box from a bookkeeper's table of codes, not from the
VatCodes sheet. The file must hold the same amounts to the cent."""
from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal as D

import pandas as pd

from engine.services import vat_return
from tests.vat_return.books import Q1, SUBSIDY, on_disk
from tests.vat_return.ech0217 import amount, per_rate, validated

BOX = {"TVA": "303", "TVARED": "313", "EXPORT": "220", "EXCLU": "230", "SUBV": "900", "IPM": "400", "IPI": "405"}
TAX_ACCOUNTS = {"2200", "1170", "1171"}


def _journal(path) -> pd.DataFrame:
    frame = pd.read_excel(path, sheet_name="Journal", dtype=str, engine="calamine")
    frame = frame[frame["VatCode"].notna()].copy()
    frame["Date"] = pd.to_datetime(frame["Date"])
    frame["Amount"] = frame["Amount"].map(lambda text: D(text).quantize(D("0.01")))
    return frame[(frame["Date"] >= "2026-01-01") & (frame["Date"] <= "2026-03-31")]


def test_boxes_recomputed_from_the_journal(tmp_path):
    ledger, invoicing = on_disk(tmp_path, Q1, [SUBSIDY])
    journal = _journal(ledger)
    journal["box"] = journal["VatCode"].map(BOX)
    on_tax = journal["Debit"].isin(TAX_ACCOUNTS) | journal["Credit"].isin(TAX_ACCOUNTS)
    bases, taxes = journal[~on_tax].copy(), journal[on_tax].copy()
    pnl_credit = bases["Credit"].str[0].isin(list("345678"))
    revenue = bases["Credit"].str.startswith("3") | bases["Debit"].str.startswith("3")
    bases["signed"] = [a if (credit if rev else not credit) else -a
                       for a, credit, rev in zip(bases["Amount"], pnl_credit, revenue)]
    taxes["signed"] = [a if (c == "2200" or d in ("1170", "1171")) else -a
                       for a, d, c in zip(taxes["Amount"], taxes["Debit"], taxes["Credit"])]
    base = bases.groupby("box")["signed"].sum().to_dict()
    taxable = bases[bases["box"].isin(["303", "313"])]
    reductions = -sum(a for a in taxable["signed"] if a < 0)  # credit notes: box 235, counted in 200
    tax = taxes.groupby("box")["signed"].sum().to_dict()

    path, _ = vat_return.write_return(ledger, "2026-Q1", invoicing=invoicing,
                                      generated=datetime(2026, 4, 10, tzinfo=UTC))
    root = validated(path.read_bytes())
    assert per_rate(root, "effectiveReportingMethod") == {D("8.1"): base["303"], D("2.6"): base["313"]}
    assert amount(root, "e:turnoverComputation/e:suppliesToForeignCountries") == base["220"]
    assert amount(root, "e:turnoverComputation/e:suppliesExemptFromTax") == base["230"]
    assert amount(root, "e:turnoverComputation/e:reductionOfConsideration") == reductions == D("100.00")
    assert amount(root, "e:turnoverComputation/e:totalConsideration") == sum(
        base[b] for b in ("303", "313", "220", "230")) + reductions
    assert amount(root, "e:effectiveReportingMethod/e:inputTaxMaterialAndServices") == tax["400"]
    assert amount(root, "e:effectiveReportingMethod/e:inputTaxInvestments") == tax["405"]
    assert amount(root, "e:payableTax") == tax["303"] + tax["313"] - tax["400"] - tax["405"]
    assert amount(root, "e:otherFlowsOfFunds/e:subsidies") == base["900"]
