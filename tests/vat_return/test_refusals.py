"""What a bookkeeper gets wrong, and the mandate that finds the invoicing book: each refusal names what and how
to fix it, and writes nothing (the books are only read)."""
from __future__ import annotations

import hashlib

import pytest

from engine.cli import main
from tests.vat_return.books import Q1, SUBSIDY, on_disk


def _digests(folder) -> dict:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir() if p.is_file()}


@pytest.mark.parametrize("settings, period, expected", [
    ({"CompanyUID": "CHE-109.322.552"}, "2026-Q1", "CompanyUID 'CHE-109.322.552' has a wrong check digit"),
    ({"CompanyUID": ""}, "2026-Q1", "CompanyUID '' is empty"),
    ({"CompanyName": ""}, "2026-Q1", "CompanyName is empty"),
    ({}, "2026-Q5", "period '2026-Q5' is not a VAT period"),
    ({}, "Q1 2026", "write 2026-Q1"),
    ({"TdfnRates": "3400:2.1", "VatMethod": "tdfn", "TdfnRate": "6.2"}, "2026-S1", 'TdfnRates: "3400:2.1"'),
])
def test_refused_naming_the_fix_and_nothing_written(tmp_path, capsys, settings, period, expected):
    ledger, invoicing = on_disk(tmp_path, Q1, **settings)
    before = _digests(tmp_path)
    assert main(["ledger", "vat-return", str(ledger), "--period", period, "--invoicing", str(invoicing)]) == 2
    assert expected in capsys.readouterr().err
    assert _digests(tmp_path) == before


def test_without_a_mandate_it_asks_for_the_invoicing_book(tmp_path, capsys):
    ledger, _ = on_disk(tmp_path, Q1)
    assert main(["ledger", "vat-return", str(ledger), "--period", "2026-Q1"]) == 2
    assert "--invoicing BOOK" in capsys.readouterr().err


def test_the_mandate_names_the_invoicing_book(tmp_path, capsys):
    ledger, invoicing = on_disk(tmp_path, Q1, [SUBSIDY])
    assert main(["mandate", "create", "--invoicing", str(invoicing), "--ledger", str(ledger)]) == 0
    assert main(["ledger", "vat-return", str(ledger), "--period", "2026-Q1"]) == 0
    assert (tmp_path / "eMWST-CHE109322551-20260101-20260331.xml").exists()


def test_a_code_vatcodes_does_not_know_is_named_with_its_cell(tmp_path, capsys):
    ledger, invoicing = on_disk(tmp_path, Q1)  # Q1 books a subsidy as SUBV, and this ledger has no such code
    assert main(["ledger", "vat-return", str(ledger), "--period", "2026-Q1", "--invoicing", str(invoicing)]) == 2
    error = capsys.readouterr().err
    assert "compta.xlsx: Journal!H14: entry S-1 (1020 / 3600 5000.00)" in error
    assert 'unknown VAT code "SUBV"' in error and "add the code" in error


def test_ledger_vat_names_the_cell_of_an_unknown_code_too(tmp_path, capsys):
    """`comptoir ledger vat` said only 'unknown VAT code "SUBV"', with no file, sheet or row."""
    ledger, _ = on_disk(tmp_path, Q1)
    assert main(["ledger", "vat", str(ledger), "--from", "2026-01-01", "--to", "2026-03-31"]) == 2
    assert "compta.xlsx: Journal!H14: entry S-1" in capsys.readouterr().err
