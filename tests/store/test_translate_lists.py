"""`book translate` reads each drop-down list as the values of its own column (audit of issue 18): German uses
"Gutschrift" for a payment's credit note and for a movement's credit, and a German book translated to French got
"crédit" in the Paiements Kind list instead of "note de crédit" — the list then refused the book's own values. A
list on a sheet of the user's own ("Bank,Post,Kasse") is theirs and stays as it is."""
from __future__ import annotations

import openpyxl

from engine.cli import main


def _lists(path, sheet):
    return [dv.formula1 for dv in openpyxl.load_workbook(path)[sheet].data_validations.dataValidation]


def test_each_list_is_translated_as_its_own_columns_values(tmp_path):
    book = tmp_path / "fakturierung.xlsx"
    assert main(["new", "invoicing", str(book), "--language", "de"]) == 0
    workbook = openpyxl.load_workbook(book)
    mine = workbook.create_sheet("Meine Liste")
    mine.data_validations.append(openpyxl.worksheet.datavalidation.DataValidation(type="list",
                                                                                formula1='"Bank,Post,Kasse"'))
    mine.data_validations.dataValidation[0].add("A1:A10")
    workbook.save(book)
    german = " ".join(_lists(book, "Zahlungen"))
    assert "Gutschrift" in german
    assert main(["book", "translate", str(book), "--to", "fr"]) == 0
    french = " ".join(_lists(book, "Paiements"))
    assert "note de crédit" in french and "paiement" in french
    assert _lists(book, "Meine Liste") == ['"Bank,Post,Kasse"']
    assert main(["book", "translate", str(book), "--to", "de"]) == 0
    assert " ".join(_lists(book, "Zahlungen")) == german
