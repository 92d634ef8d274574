"""The committed blank books are exactly what the schema generates, and they follow the schema."""
from __future__ import annotations

import zipfile

import pytest
from openpyxl import load_workbook

from engine import templates
from engine.schema import BOOKS
from engine.store.book import Book
from tests.conftest import ROOT

# Only the package's own timestamp (set by openpyxl at save) may differ between two generations.
VOLATILE = {"docProps/core.xml"}


@pytest.mark.parametrize("kind", sorted(BOOKS))
def test_committed_template_equals_generated(kind, tmp_path):
    generated = templates.write(kind, tmp_path / f"{kind}.xlsx")
    committed = ROOT / "workbook_templates" / f"{kind}.xlsx"
    with zipfile.ZipFile(generated) as new, zipfile.ZipFile(committed) as old:
        assert new.namelist() == old.namelist()
        differing = [n for n in new.namelist() if n not in VOLATILE and new.read(n) != old.read(n)]
    assert differing == [], f"run `python -m engine.templates workbook_templates` and commit: {differing}"


@pytest.mark.parametrize("kind", sorted(BOOKS))
def test_template_has_one_table_per_sheet_with_frozen_header(kind):
    workbook = load_workbook(ROOT / "workbook_templates" / f"{kind}.xlsx")
    schema = BOOKS[kind]
    assert workbook.sheetnames == list(schema.names)
    for sheet in schema.sheets:
        ws = workbook[sheet.name]
        assert list(ws.tables) == [sheet.table_name]
        assert ws.freeze_panes == "A2"
        assert [c.value for c in ws[1]] == [col.header for col in sheet.columns]
        coded = [col for col in sheet.columns if col.codes and any(col.codes)]
        validated = {str(dv.sqref).split(":")[0].rstrip("0123456789") for dv in ws.data_validations.dataValidation}
        for col in coded:
            letter = ws.cell(row=1, column=sheet.columns.index(col) + 1).column_letter
            assert letter in validated, f"{sheet.name}.{col.header} has no drop-down"
        money = [i for i, col in enumerate(sheet.columns) if col.kind == "money"]
        for index in money:
            assert ws.cell(row=2, column=index + 1).number_format == "#,##0.00"


@pytest.mark.parametrize("kind", sorted(BOOKS))
def test_blank_book_loads_without_problems(kind):
    book = Book.open(ROOT / "workbook_templates" / f"{kind}.xlsx")
    assert book.check() == []
    assert book.kind == kind


def test_ledger_template_carries_the_swiss_vat_rates():
    book = Book.open(ROOT / "workbook_templates" / "ledger.xlsx")
    rates = {(r.code, str(r.valid_from), str(r.rate)) for r in book.records("VatCodes")}
    # ESTV: 8.1 / 2.6 / 3.8 % from 2024-01-01, 7.7 / 2.5 / 3.7 % before.
    assert {("TVA", "2024-01-01", "8.1000"), ("TVARED", "2024-01-01", "2.6000"), ("TVAHEB", "2024-01-01", "3.8000"),
            ("TVA", "2018-01-01", "7.7000"), ("TVARED", "2018-01-01", "2.5000"),
            ("TVAHEB", "2018-01-01", "3.7000")} <= rates
    numbers = {r.number for r in book.records("Accounts")}
    assert {"1000", "1020", "1100", "1170", "1171", "2000", "2002", "2003", "2200", "3200", "6900", "6940", "6950",
            "9907", "9908", "9909"} <= numbers
