"""``book translate`` and the sheets Comptoir wrote (audit 18b item 3): R_Debitoren Altersstruktur kept its French
title "Débiteurs — échéancier par client" and headers N°, Facture; the Cockpit and its charts stayed French. Their
words are translated (not written again: a report's day and columns are not kept in the sheet, its figures stay
as they were), a client's name stays, and the way back gives every cell back."""
from __future__ import annotations

import re
import zipfile

import openpyxl
from python_calamine import CalamineWorkbook

from engine.cli import main
from engine.store.translate import translate


def _cells(path) -> dict:
    workbook = CalamineWorkbook.from_path(str(path))
    return {index: workbook.get_sheet_by_index(index).to_python() for index in range(len(workbook.sheet_names))}


def test_a_french_report_and_dashboard_speak_german_after_translation_and_french_again(tmp_path):
    path = tmp_path / "b.xlsx"
    assert main(["new", "invoicing", str(path), "--language", "fr"]) == 0
    assert main(["report", "debtors-summary", str(path), "--format", "sheet"]) == 0
    assert main(["report", "dashboard", str(path)]) == 0
    translate(path, "fr")  # once in French: what the way back must give again
    before = _cells(path)
    translate(path, "de")
    workbook = openpyxl.load_workbook(path)
    report = workbook["R_Debitoren Altersstruktur"]
    # engine/formats/labels.py: rpt_debtors_summary, rpt_client, rpt_number, rpt_invoices … in German
    assert report["A1"].value == "Debitoren — Altersstruktur pro Kunde"
    headers = [c.value for c in report[4]]
    assert headers[:4] == ["Kunde", "Nr.", "Rechnungen", "Offen"] and "N°" not in headers
    (table,) = report.tables.values()
    assert [c.name for c in table.tableColumns] == headers  # Excel repairs a table whose names differ
    dashboard = workbook["Cockpit"]
    assert dashboard["A1"].value.endswith("— Übersicht")
    with zipfile.ZipFile(path) as package:
        titles = [t for name in package.namelist() if name.startswith("xl/charts/chart")
                  for t in re.findall(r"<a:t>([^<]*)</a:t>", package.read(name).decode())]
    assert titles and "Liquiditätsplanung pro Halbmonat" in titles
    assert not [t for t in titles if "Chiffre" in t or "Prévision" in t]
    for language in ("it", "en", "fr"):
        translate(path, language)
    assert _cells(path) == before


def test_a_report_saved_by_excel_shared_strings_is_translated_and_the_same_text_elsewhere_stays(tmp_path):
    """Excel saves every text as a shared string, one for the book: the report's cell gets a text of its own, a
    sheet of the bookkeeper's own holding the same word ("Client") keeps it."""
    path = tmp_path / "b.xlsx"
    assert main(["new", "invoicing", str(path), "--language", "fr"]) == 0
    assert main(["report", "debtors-summary", str(path), "--format", "sheet"]) == 0
    workbook = openpyxl.load_workbook(path)
    workbook.create_sheet("Mes notes")["A1"] = "Client"
    workbook.save(path)  # as Excel does: shared strings
    translate(path, "de")
    workbook = openpyxl.load_workbook(path)
    report = workbook["R_Debitoren Altersstruktur"]
    assert report["A1"].value == "Debitoren — Altersstruktur pro Kunde" and report["A4"].value == "Kunde"
    assert workbook["Mes notes"]["A1"].value == "Client"
