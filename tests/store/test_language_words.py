"""Words a sheet or a column has of its own (audit of issue 18): a VAT code's Label is a "Bezeichnung" in German
(a Buchungstext is an entry's text), a stock move of goods received is a "Wareneingang" / "réception" / "entrata
merci" — while the Settings VatBasis keeps "erhalten" (contre-prestations reçues). Books made before read the same."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from python_calamine import CalamineWorkbook

from engine import templates
from engine.schema import INVOICING, terms
from engine.store.book import Book
from engine.store.translate import translate


def test_a_german_vat_code_label_is_a_bezeichnung_and_an_entry_keeps_its_buchungstext(tmp_path):
    ledger = templates.write("ledger", tmp_path / "l.xlsx", "de")
    sheets = CalamineWorkbook.from_path(str(ledger))
    assert sheets.get_sheet_by_name("MWST-Codes").to_python()[0][:2] == ["Code", "Bezeichnung"]
    assert "Buchungstext" in sheets.get_sheet_by_name("Buchungen").to_python()[0]
    assert [terms.header("Label", lang, "VatCodes") for lang in ("fr", "it", "en")] == [
        "Libellé", "Descrizione", "Label"]


def test_a_german_ledger_made_before_with_buchungstext_over_its_vat_codes_still_reads():
    rows = [["Code", "Buchungstext", "Satz", "Gültig ab"], ["TVA", "MWST Normalsatz", 8.1, dt.date(2024, 1, 1)]]
    book = Book.from_rows({"MWST-Codes": rows, "Buchungen": [["Datum"]]}, kind="ledger")
    [code] = book.records("VatCodes")
    assert (code.code, code.label, code.rate) == ("TVA", "MWST Normalsatz", Decimal("8.1"))
    assert [p for p in book.problems if p.severity == "error"] == []


def test_goods_received_are_a_wareneingang_and_the_vat_basis_stays_erhalten():
    stock = INVOICING.sheet("StockMoves").column("reason")
    assert [terms.value("received", lang, stock) for lang in ("fr", "de", "it", "en")] == [
        "réception", "Wareneingang", "entrata merci", "received"]
    assert terms.value("received", "de") == "erhalten"  # VatBasis: contre-prestations reçues, vereinnahmte Entgelte
    aliases = terms.value_aliases(stock)
    # a book written before (erhalten, reçu, ricevuto) reads as it did
    assert {aliases[w] for w in ("Wareneingang", "erhalten", "reçu", "réception", "entrata merci", "ricevuto")} == {
        "received"}


def test_a_german_book_writes_wareneingang_and_a_translation_to_french_says_reception(tmp_path):
    path = templates.write("invoicing", tmp_path / "de.xlsx", "de")
    book = Book.open(path)
    book.put("StockMoves", [book.new("StockMoves", move_id=1, date=dt.date(2026, 1, 5), article_id="A1",
                                     quantity=Decimal(2), reason="received")])
    book.save()
    assert CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Lagerbewegungen").to_python()[1][4] == \
        "Wareneingang"
    translate(path, "fr")
    moves = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Mouvements de stock").to_python()
    assert moves[1][4] == "réception"
    assert Book.open(path).records("StockMoves")[0].reason == "received"
