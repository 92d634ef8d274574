"""Net tax rate (TDFN) and flat-rate returns, two activities at two rates (Settings TdfnRate 6.2, TdfnRates
"3400=2.1"; MWSTG art. 37). Revenue is booked gross. First half of the year, by hand:
    322 at 6.2 %: F-1 3200 1081.00 → 1081.00 × 6.2 % = 67.022 → 67.02
    332 at 2.1 %: F-2 3400  540.50 →  540.50 × 2.1 % = 11.3505 → 11.35
    220 export 300.00 (untaxed); 200 = 1081.00 + 540.50 + 300.00 = 1921.50; 500 = 67.02 + 11.35 = 78.37
The period's closing entry (3809 / 2200 78.37, no VAT code) is not turnover. Up to 2024 the file carries a
netTaxRateMethod (flatTaxRateMethod for the flat-rate method); from 2025 a simpleTaxRateMethod, each rate with the
five-digit activity code the ESTV gave, which only the user can supply."""
from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal as D

import pytest

from engine.cli import main
from engine.errors import ComptoirError
from engine.services import vat_return
from tests.vat_return.books import on_disk
from tests.vat_return.ech0217 import NS, amount, per_rate, validated

AT = datetime(2026, 7, 10, tzinfo=UTC)
TDFN = {"VatMethod": "tdfn", "TdfnRate": "6.2", "TdfnRates": "3400=2.1"}


def half_year(year: int) -> list:
    return [(date(year, 3, 2), "F-1", "1100", "3200", "1081.00", "TVA", None),
            (date(year, 4, 2), "F-2", "1100", "3400", "540.50", "TVA", None),
            (date(year, 5, 4), "F-3", "1100", "3200", "300.00", "EXPORT", None),
            (date(year, 6, 30), "TDFN", "3809", "2200", "78.37", None, None),
            (date(year, 7, 1), "F-4", "1100", "3200", "2000.00", "TVA", None)]  # the second half's


def test_2024_is_a_net_tax_rate_method_element(tmp_path):
    ledger, invoicing = on_disk(tmp_path, half_year(2024), **TDFN)
    path, vat = vat_return.write_return(ledger, "2024-S1", invoicing=invoicing, generated=AT)
    assert vat.boxes() == {"200": D("1921.50"), "220": D("300.00"), "289": D("300.00"), "299": D("1621.50"),
                           "322": D("1081.00"), "332": D("540.50"), "399": D("78.37"), "479": D("0"),
                           "500": D("78.37")}
    root = validated(path.read_bytes())
    assert per_rate(root, "netTaxRateMethod") == {D("6.2"): D("1081.00"), D("2.1"): D("540.50")}
    assert amount(root, "e:turnoverComputation/e:totalConsideration") == D("1921.50")
    assert amount(root, "e:payableTax") == D("78.37")


def test_2026_names_each_rates_activity(tmp_path, capsys):
    ledger, invoicing = on_disk(tmp_path, half_year(2026), **TDFN)
    out = tmp_path / "h1.xml"
    assert main(["ledger", "vat-return", str(ledger), "--period", "2026-S1", "--invoicing", str(invoicing),
                 "--out", str(out), "--activities", "6.2=12345; 2.1=67890"]) == 0
    root = validated(out.read_bytes())
    lines = [(s.findtext("e:activityID", namespaces=NS), s.findtext("e:taxRate", namespaces=NS),
              s.findtext("e:turnover", namespaces=NS))
             for s in root.xpath("e:simpleTaxRateMethod/e:suppliesPerTaxRate", namespaces=NS)]
    assert lines == [("12345", "6.2", "1081.00"), ("67890", "2.1", "540.50")]
    assert amount(root, "e:payableTax") == D("78.37")
    # the same taxes as `comptoir ledger vat` with the same rates
    capsys.readouterr()
    assert main(["ledger", "vat", str(ledger), "--from", "2026-01-01", "--to", "2026-06-30", "--tdfn-rate", "6.2",
                 "--tdfn-rates", "3400=2.1"]) == 0
    printed = capsys.readouterr().out
    assert "TDFN tax at 6.2%: 67.02" in printed and "TDFN tax at 2.1%: 11.35" in printed


def test_2026_without_the_activity_codes_is_refused_and_writes_nothing(tmp_path, capsys):
    ledger, invoicing = on_disk(tmp_path, half_year(2026), **TDFN)
    before = sorted(p.name for p in tmp_path.iterdir())
    assert main(["ledger", "vat-return", str(ledger), "--period", "2026-S1", "--invoicing", str(invoicing)]) == 2
    error = capsys.readouterr().err
    assert "net tax rate 6.2% has no activity code" in error and '--activities "6.2=12345"' in error
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_flat_rate_method_before_2025(tmp_path):
    ledger, invoicing = on_disk(tmp_path, half_year(2024), VatMethod="flat", TdfnRate="6.2", TdfnRates="3400=2.1")
    path, _ = vat_return.write_return(ledger, "2024-S1", invoicing=invoicing, generated=AT,
                                      activities={D("6.2"): "Menuiserie", D("2.1"): "Vente de bois"})
    root = validated(path.read_bytes())
    assert [s.findtext("e:activity", namespaces=NS)
            for s in root.xpath("e:flatTaxRateMethod/e:suppliesPerTaxRate", namespaces=NS)] == \
        ["Menuiserie", "Vente de bois"]
    assert amount(root, "e:payableTax") == D("78.37")


def test_one_rate(tmp_path):
    """Without TdfnRates everything is at the one rate: 1621.50 × 6.2 % = 100.533 → 100.53."""
    ledger, invoicing = on_disk(tmp_path, half_year(2024), VatMethod="tdfn", TdfnRate="6.2")
    _, vat = vat_return.write_return(ledger, "2024-S1", invoicing=invoicing, generated=AT)
    assert [(s.box, s.rate, s.turnover, s.tax) for s in vat.supplies] == [("322", D("6.2"), D("1621.50"),
                                                                          D("100.53"))]


def test_a_net_tax_rate_without_its_rate_is_refused(tmp_path):
    ledger, invoicing = on_disk(tmp_path, half_year(2024), VatMethod="tdfn")
    with pytest.raises(ComptoirError, match="TdfnRate is 0"):
        vat_return.write_return(ledger, "2024-S1", invoicing=invoicing, generated=AT)
