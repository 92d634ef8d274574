"""The same company kept in French, German and English books (issue 18): the demo runs in each language, the
journals agree cell for cell, and `comptoir book translate` goes fr → de → en and back without losing a value."""
from __future__ import annotations

import shutil
from decimal import Decimal
import zipfile

import pytest
from python_calamine import CalamineWorkbook

from engine.cli import main
from engine.demo import run
from engine.store.book import Book


@pytest.fixture(scope="module")
def demos(tmp_path_factory):
    folders = {}
    for language in ("fr", "de"):
        folders[language] = tmp_path_factory.mktemp(f"demo-{language}")
        run.run(folders[language], echo=lambda line: None, language=language)
    return folders


def cells(path) -> dict[str, list[list]]:
    workbook = CalamineWorkbook.from_path(str(path))
    return {name: workbook.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in workbook.sheet_names}


def entries(rows: list[list], batch: str, label: str) -> list[list]:
    """The journal's rows without its Batch column (a posting batch is named by the moment it ran) and its Label
    column (each book labels an entry in its language: Löhne 01.2026, Salaires 01.2026)."""
    dropped = {rows[0].index(batch), rows[0].index(label)}
    return [[cell for at, cell in enumerate(row) if at not in dropped] for row in rows[1:]]


def test_the_demo_runs_in_german_and_its_books_are_german_and_clean(demos, capsys):
    sheets = CalamineWorkbook.from_path(str(demos["de"] / "ledger.xlsx")).sheet_names
    # (report sheets the demo adds after them keep their own names)
    assert sheets[:5] == ["Kontenplan", "MWST-Codes", "Kostenstellen", "Perioden", "Buchungen"]
    for name in ("invoicing.xlsx", "ledger.xlsx"):
        assert main(["check", str(demos["de"] / name)]) == 0
    assert capsys.readouterr().out.count("0 Fehler, 0 Warnung(en)") == 2  # check speaks the book's German
    movements = cells(demos["de"] / "invoicing.xlsx")["Bankbewegungen"]
    header = movements[0]
    directions = {row[header.index("Richtung")] for row in movements[1:]}
    assert directions == {"Gutschrift", "Belastung"}  # the drop-down values are German words


def test_a_german_and_a_french_book_of_the_same_company_give_the_same_journal(demos):
    german = cells(demos["de"] / "ledger.xlsx")["Buchungen"]
    french = cells(demos["fr"] / "ledger.xlsx")["Écritures"]
    assert german[0][:6] == ["Buchungs-Nr.", "Datum", "Beleg-Nr.", "Soll", "Haben", "Betrag"]
    assert french[0][:6] == ["N° écriture", "Date", "Pièce", "Débit", "Crédit", "Montant"]
    # every entry, every cell but the label
    assert len(german) > 300 and entries(german, "Stapel", "Buchungstext") == entries(french, "Lot", "Libellé")
    # and read through the store, the same records: the trial balance's two sides agree in both
    journals = [Book.open(demos[lang] / "ledger.xlsx").records("Journal") for lang in ("de", "fr")]
    assert [tuple(e.__getattribute__(f) for f in ("date", "debit", "credit", "amount", "vat_code"))
            for e in journals[0]] == \
        [tuple(e.__getattribute__(f) for f in ("date", "debit", "credit", "amount", "vat_code"))
         for e in journals[1]]
    # the labels the movement types make are each book's own words (audit of issue 18: German books said Salaires)
    labels = [{e.label for e in journal} for journal in journals]
    assert "Löhne 01.2026" in labels[0] and "Salaires 01.2026" in labels[1]
    assert not any(label.startswith(("Salaires 0", "Frais bancaires", "Retrait bancomat")) for label in labels[0])


def test_translate_fr_de_en_fr_gives_back_every_cell_and_touches_no_other_part(demos, tmp_path, capsys):
    original = demos["fr"] / "invoicing.xlsx"
    path = tmp_path / "invoicing.xlsx"
    shutil.copy(original, path)
    for language in ("de", "en"):
        assert main(["book", "translate", str(path), "--to", language]) == 0
    english = cells(path)
    assert "Clients" in english and "Movements" in english and english["Payments"][0][:2] == ["PaymentId", "Side"]
    assert Book.open(path).check() == [] and Book.open(path).settings["Language"] == "EN"
    assert main(["book", "translate", str(path), "--to", "fr"]) == 0
    before, after = cells(original), cells(path)
    assert list(after) == list(before)
    for sheet in before:
        rows_before, rows_after = before[sheet], after[sheet]
        if sheet == "Paramètres":  # Settings Language now says FR (it was empty: French by its sheet names)
            rows_before = [r if r[0] != "Language" else [r[0], "FR", *r[2:]] for r in rows_before]
        assert rows_after == rows_before, sheet
    # charts, drawings, images and styles are the same bytes; only sheets, tables and the workbook part changed
    with zipfile.ZipFile(original) as old, zipfile.ZipFile(path) as new:
        assert old.namelist() == new.namelist()
        changed = {n for n in old.namelist() if old.read(n) != new.read(n)}
    assert all(n.startswith(("xl/worksheets/", "xl/tables/", "xl/workbook.xml", "docProps/")) for n in changed), \
        changed


def test_a_translated_book_is_the_english_book_of_the_same_company(demos, tmp_path):
    path = tmp_path / "ledger.xlsx"
    shutil.copy(demos["de"] / "ledger.xlsx", path)
    assert main(["book", "translate", str(path), "--to", "en"]) == 0
    translated = cells(path)
    assert list(translated)[:5] == ["Accounts", "VatCodes", "AnalyticCodes", "Periods", "Journal"]
    assert translated["Journal"][0][:6] == ["EntryId", "Date", "Voucher", "Debit", "Credit", "Amount"]
    assert entries(translated["Journal"], "Batch", "Label") == \
        entries(cells(demos["fr"] / "ledger.xlsx")["Écritures"], "Lot", "Libellé")
    names = {row[0]: row[1] for row in translated["Accounts"][1:]}
    assert (names["1000"], names["1100"], names["2000"]) == ("Cash", "Trade receivables", "Trade payables")
    classes = {row[0]: row[2] for row in translated["Accounts"][1:]}
    assert (classes["1020"], classes["2000"], classes["3200"], classes["6000"]) == \
        ("asset", "liability", "revenue", "expense")


@pytest.mark.parametrize("language", ["de", "fr"])
def test_an_invoice_posts_what_a_bookkeeper_computes_in_either_language(demos, language):
    entries = [(e.debit, e.credit, e.amount, e.vat_amount)
               for e in Book.open(demos[language] / "ledger.xlsx").records("Journal") if e.voucher == "F-2026-0013"]
    # F-2026-0013 (Architekturbüro Keller AG): net 3453.20 on 3000 and 698.40 on 3400, both at 8.1 %:
    #   3453.20 × 0.081 = 279.7092 → 279.71;  698.40 × 0.081 = 56.5704 → 56.57;
    #   VAT 279.71 + 56.57 = 336.28 to 2200
    #   gross 3453.20 + 698.40 + 336.28 = 4487.88, payable rounded to 0.05: 4487.90, the 0.02 to 6943
    D = Decimal
    assert entries == [("1100", "3000", D("3453.20"), D("279.71")), ("1100", "3400", D("698.40"), D("56.57")),
                       ("1100", "6943", D("0.02"), None), ("1100", "2200", D("336.28"), None)]


def test_the_german_books_reasons_are_german(demos):
    whys = [m.why or "" for m in Book.open(demos["de"] / "invoicing.xlsx").records("Movements")]
    assert any("gemäss Bankcode (PMNT/ICDT/SALA)" in why for why in whys)
    assert any(why.startswith("QR-Referenz ") and "(vollständig bezahlt)" in why for why in whys)
