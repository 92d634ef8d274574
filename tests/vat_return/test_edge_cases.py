"""What a Swiss bookkeeper tries at the edges: the old rates (302 at 7.7 %), a quarter whose credit notes exceed its
sales, a name with an ampersand, a VAT number typed with its MWST suffix, a month, the year's reconciliation."""
from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal as D

import pytest

from engine.errors import ComptoirError
from engine.services import vat_return
from tests.vat_return.books import on_disk
from tests.vat_return.ech0217 import NS, amount, per_rate, validated

AT = datetime(2026, 4, 10, tzinfo=UTC)


def test_2023_is_declared_at_the_old_rates(tmp_path):
    """1000.00 on 20.12.2023 at 7.7 % → box 302, tax 77.00; 1000.00 on 05.01.2024 at 8.1 % is next year's."""
    ledger, invoicing = on_disk(tmp_path, [
        (date(2023, 12, 20), "F-1", "1100", "3200", "1000.00", "TVA", "77.00"),
        (date(2023, 12, 20), "F-1", "1100", "2200", "77.00", "TVA", None),
        (date(2024, 1, 5), "F-2", "1100", "3200", "1000.00", "TVA", "81.00"),
        (date(2024, 1, 5), "F-2", "1100", "2200", "81.00", "TVA", None)])
    path, vat = vat_return.write_return(ledger, "2023-Q4", invoicing=invoicing, generated=AT)
    assert vat.boxes()["302"] == D("1000.00") and vat.payable == D("77.00")
    assert per_rate(validated(path.read_bytes()), "effectiveReportingMethod") == {D("7.7"): D("1000.00")}


def test_a_quarter_of_credit_notes_declares_a_negative_turnover(tmp_path):
    """A credit note of 500.00 + 40.50 for last year's sale, nothing sold: 303 = −500.00, 235 = 500.00, so
    200 = 0.00 (never below zero) and 299 = 200 − 289 = −500.00; 500 → 510 40.50."""
    ledger, invoicing = on_disk(tmp_path, [
        (date(2026, 2, 1), "N-1", "3200", "1100", "500.00", "TVA", "40.50"),
        (date(2026, 2, 1), "N-1", "2200", "1100", "40.50", "TVA", None)])
    path, vat = vat_return.write_return(ledger, "2026-Q1", invoicing=invoicing, generated=AT)
    boxes = vat.boxes()
    assert (boxes["200"], boxes["235"], boxes["289"], boxes["299"], boxes["303"], boxes["510"]) == \
        (D("0.00"), D("500.00"), D("500.00"), D("-500.00"), D("-500.00"), D("40.50"))
    root = validated(path.read_bytes())
    assert amount(root, "e:payableTax") == D("-40.50")


def test_name_with_an_ampersand_and_a_vat_number_with_its_suffix(tmp_path):
    ledger, invoicing = on_disk(tmp_path, [], CompanyName="Müller & Söhne  SA", CompanyUID="CHE-109.322.551 MWST")
    path, _ = vat_return.write_return(ledger, "2026-03", invoicing=invoicing, generated=AT)
    root = validated(path.read_bytes())
    info = root.find("e:generalInformation", NS)
    assert info.findtext("e:uid", namespaces=NS) == "CHE109322551"
    assert info.findtext("e:organisationName", namespaces=NS) == "Müller & Söhne SA"
    assert (info.findtext("e:reportingPeriodFrom", namespaces=NS),
            info.findtext("e:reportingPeriodTill", namespaces=NS)) == ("2026-03-01", "2026-03-31")


def test_the_years_reconciliation(tmp_path):
    ledger, invoicing = on_disk(tmp_path, [])
    path, _ = vat_return.write_return(ledger, "2026", invoicing=invoicing, reconciliation=True, generated=AT)
    assert path.name.endswith("20260101-20261231-reconciliation.xml")
    assert validated(path.read_bytes()).findtext("e:generalInformation/e:typeOfSubmission", namespaces=NS) == "3"
    with pytest.raises(ComptoirError, match="covers a whole year"):
        vat_return.write_return(ledger, "2026-Q1", invoicing=invoicing, reconciliation=True)
    with pytest.raises(ComptoirError, match="not both"):
        vat_return.write_return(ledger, "2026", invoicing=invoicing, reconciliation=True, correction=True)


def test_a_half_year_under_the_effective_method_is_written_with_a_note(tmp_path, capsys):
    from engine.cli import main
    ledger, invoicing = on_disk(tmp_path, [])
    assert main(["ledger", "vat-return", str(ledger), "--period", "2026-S1", "--invoicing", str(invoicing)]) == 0
    assert "note: the effective method files quarters" in capsys.readouterr().out
    assert main(["ledger", "vat-return", str(ledger), "--period", "2026-Q2", "--invoicing", str(invoicing)]) == 0
    assert "note:" not in capsys.readouterr().out
