"""A header renamed to another column's word (audit 18b item 5, /tmp/audit18b/dup.xlsx): a German book's
Verkaufsbelege "Fester Betrag" renamed to the Italian "Totale lordo" (gross total) heads a second column meaning
Total brutto; `check` said only «Fester Betrag» fehlt. It names both columns, and which to rename back."""
from __future__ import annotations

import openpyxl

from engine import templates
from engine.cli import main


def _renamed(tmp_path, old: str | None, new: str):
    path = templates.write("invoicing", tmp_path / "de.xlsx", "de")
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Verkaufsbelege"]
    headers = [c.value for c in sheet[1]]
    column = headers.index(old) + 1 if old else len(headers) + 1  # None: a column of one's own added at the end
    sheet.cell(1, column, new)
    workbook.save(path)
    return path, headers


def test_a_header_renamed_to_another_columns_word_is_named_with_the_column_it_doubles(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("COMPTOIR_LANGUAGE", "en")
    path, headers = _renamed(tmp_path, "Fester Betrag", "Totale lordo")
    gross = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[headers.index("Total brutto")]
    renamed = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[headers.index("Fester Betrag")]
    main(["check", str(path)])
    said = capsys.readouterr().out
    assert (f"die Spalte «Fester Betrag» fehlt; die Spalten «Total brutto» ({gross}), «Totale lordo» ({renamed}) "
            "bezeichnen alle Total brutto: nur die erste wird gelesen — benennen Sie «Totale lordo» "
            f"({renamed}) wieder in «Fester Betrag» um") in said


def test_a_second_column_of_the_same_meaning_is_an_error_of_its_own(tmp_path, capsys, monkeypatch):
    # an error (second audit of issue 18): which of the two a bookkeeper's values are in cannot be guessed
    monkeypatch.setenv("COMPTOIR_LANGUAGE", "en")
    path, headers = _renamed(tmp_path, None, "Totale lordo")  # added at the end: nothing missing
    main(["check", str(path)])
    said = capsys.readouterr().out
    assert "die Spalten «Total brutto»" in said and "«Totale lordo»" in said and "fehlt" not in said
    assert "1 Fehler" in said, said
