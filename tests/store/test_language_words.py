"""Words a sheet or a column has of its own (audit of issue 18): a VAT code's Label is a "Bezeichnung" in German
(a Buchungstext is an entry's text), a stock move of goods received is a "Wareneingang" / "réception" / "entrata
merci" — while the Settings VatBasis says "vereinnahmt" (contre-prestations reçues: MWSTG art. 40, vereinnahmte
Entgelte; a book made before with "erhalten" reads the same).
A new ledger's chart and VAT codes are named in its language, and ``book translate`` renames those still named as a new
book names them (a name of the bookkeeper's own stays)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
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


def test_goods_received_are_a_wareneingang_and_the_vat_basis_is_vereinnahmt():
    stock = INVOICING.sheet("StockMoves").column("reason")
    assert [terms.value("received", lang, stock) for lang in ("fr", "de", "it", "en")] == [
        "réception", "Wareneingang", "entrata merci", "received"]
    assert terms.value("received", "de") == "vereinnahmt"  # VatBasis: contre-prestations reçues, vereinnahmte Entgelte
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


def _cells(path) -> list:
    workbook = CalamineWorkbook.from_path(str(path))
    return [workbook.get_sheet_by_name(name).to_python() for name in workbook.sheet_names]


def _names(path, sheet: str, field: str) -> dict:
    book = Book.open(path)
    key = book.schema.sheet(sheet).key
    return {tuple(str(getattr(r, k)) for k in key): getattr(r, field) for r in book.records(sheet)}


def test_a_french_ledger_translated_to_german_names_its_chart_and_vat_codes_in_german_and_keeps_a_users_own(tmp_path):
    path = templates.write("ledger", tmp_path / "l.xlsx", "fr")
    book = Book.open(path)
    # the bookkeeper named the bank account after the bank, and added an account of their own
    book.put("Accounts", [r if r.number != "1020" else r.__class__(**{**{f: getattr(r, f) for f in r.__sheet__.fields},
                                                                        "name": "UBS compte courant", "row": r.row})
                          for r in book.records("Accounts")]
             + [book.new("Accounts", number="6941", name="Frais de tenue de compte", account_class="expense")])
    book.save()
    translate(path, "de")
    accounts, vat = _names(path, "Accounts", "name"), _names(path, "VatCodes", "label")
    # the KMU-Kontenrahmen's names, by hand (engine/data/accounts.tsv's German column is what is checked here)
    assert (accounts[("1000",)], accounts[("1010",)], accounts[("1100",)], accounts[("2000",)],
            accounts[("6940",)]) == ("Kasse", "Post", "Debitoren", "Kreditoren", "Bankspesen")
    assert accounts[("1170",)].startswith("Vorsteuer auf Material")
    assert (accounts[("1020",)], accounts[("6941",)]) == ("UBS compte courant", "Frais de tenue de compte")
    assert vat[("TVA", "2024-01-01")] == "Geschuldete MWST Normalsatz"


def test_fr_de_en_fr_gives_back_every_cell_of_both_books(tmp_path):
    """The invoicing book's hidden copies of Accounts and VatCodes and its MovementTypes follow the ledger's rule."""
    for kind in ("ledger", "invoicing"):
        path = templates.write(kind, tmp_path / f"{kind}.xlsx", "fr")
        before = _cells(path)
        translate(path, "de")
        german = Book.open(path)
        assert german.records("Accounts")[0].name == "Kasse"
        assert german.records("VatCodes")[0].label == "Geschuldete MWST Normalsatz"
        translate(path, "en")
        english = Book.open(path)
        assert english.records("Accounts")[0].name == "Cash"
        if kind == "invoicing":
            assert [t.type for t in german.records("MovementTypes")][:4] == [
                "Löhne", "Habenzinsen", "Sollzinsen", "Bankspesen"]
            assert english.records("MovementTypes")[3].label_template == "Bank charges {bank_text}"
        translate(path, "fr")
        assert _cells(path) == before


@pytest.mark.parametrize("language, cash, debtors, vat", [
    ("de", "Kasse", "Debitoren", "Vorsteuer Material und Dienstleistungen"),
    ("it", "Cassa", "Crediti da forniture e prestazioni", "Imposta precedente materiale e prestazioni"),
    ("en", "Cash", "Trade receivables", "Input tax, materials and services"),
    ("fr", "Caisse", "Débiteurs", "Impôt préalable matériel et prestations")])
def test_new_ledger_seeds_the_chart_and_vat_codes_in_its_language(tmp_path, language, cash, debtors, vat):
    book = Book.open(templates.write("ledger", tmp_path / "l.xlsx", language))
    accounts = {a.number: a.name for a in book.records("Accounts")}
    labels = {(c.code, str(c.valid_from)): c.label for c in book.records("VatCodes")}
    assert (accounts["1000"], accounts["1100"], labels[("IPM", "2024-01-01")]) == (cash, debtors, vat)
    assert len(accounts) == 64 and book.check() == []
