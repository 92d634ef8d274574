"""The words the trilingual auditor of issue 18 (audit 18b) found wrong in German and Italian books, as a Swiss
bookkeeper says them: an exchange rate is a Kurs / Cambio (a Satz / Aliquota is a tax rate), the Periods sheet's
Closed is Chiuso (il periodo), the Closings' fingerprint is a Prüfsumme, a posting session of all documents is
"tutti" (i documenti), the orange slip's reference an ESR / PVR / BVR reference, and the excluded VAT code is named as
its kind and box 230 say (art. 21 MWSTG: von der Steuer ausgenommen, escluso dall'imposta). Books made before, with
the former words, read the same."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from python_calamine import CalamineWorkbook

from engine import templates
from engine.schema import INVOICING, LEDGER, terms
from engine.store.book import Book


def _headers(path, sheet):
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()[0]


def test_an_exchange_rate_is_a_kurs_and_a_cambio_and_a_vat_rate_stays_a_satz(tmp_path):
    german = templates.write("invoicing", tmp_path / "de.xlsx", "de")
    italian = templates.write("invoicing", tmp_path / "it.xlsx", "it")
    assert "Kurs" in _headers(german, "Devisenkurse") and "Satz" not in _headers(german, "Devisenkurse")
    italian_rates = _headers(italian, "Corsi delle divise")
    assert "Cambio" in italian_rates and "Aliquota" not in italian_rates
    assert terms.header("Rate", "de", "VatCodes") == "Satz" and terms.header("Rate", "it", "VatCodes") == "Aliquota"


def test_a_closed_period_is_chiuso_and_a_closing_has_its_pruefsumme(tmp_path):
    german = templates.write("ledger", tmp_path / "de.xlsx", "de")
    italian = templates.write("ledger", tmp_path / "it.xlsx", "it")
    assert "Chiuso" in _headers(italian, "Periodi") and "Chiusa" not in _headers(italian, "Periodi")
    assert "Abgeschlossen" in _headers(german, "Perioden")
    assert terms.header("Fingerprint", "de", "Closings") == "Prüfsumme"
    if "Abschlüsse" in CalamineWorkbook.from_path(str(german)).sheet_names:
        closings = _headers(german, "Abschlüsse")
        assert "Prüfsumme" in closings and "Fingerabdruck" not in closings


def test_a_session_of_all_documents_is_tutti_and_the_orange_slip_reference_is_esr_pvr_bvr():
    what = INVOICING.sheet("PostingSessions").column("what")
    assert terms.value("all", "it", what) == "tutti"
    kind = next(c for s in INVOICING.sheets for c in s.columns if c.codes and "ISR" in c.codes)
    assert [terms.value("ISR", lang, kind) for lang in ("de", "it", "fr", "en")] == ["ESR", "PVR", "BVR", "ISR"]
    # what a book made before wrote, and what the bookkeeper types in any language, reads as the code
    assert {terms.value_aliases(what)[w] for w in ("tutto", "tutti", "alle", "all")} == {"all"}
    assert {terms.value_aliases(kind)[w] for w in ("ESR", "PVR", "BVR", "ISR")} == {"ISR"}


def test_the_excluded_code_is_named_as_its_kind_and_box_230_say(tmp_path):
    """Box 230 is the turnover of supplies excluded from the tax (art. 21 MWSTG, "von der Steuer ausgenommene
    Leistungen"): the seeded EXCLU code's kind is ausgenommen / escluso, and its label must not say "outside the
    scope of VAT" (non-supplies, boxes 900/910)."""
    for language, word in (("de", "ausgenommen"), ("it", "Escluso"), ("en", "Excluded")):
        book = Book.open(templates.write("ledger", tmp_path / f"{language}.xlsx", language))
        [exclu] = [c for c in book.records("VatCodes") if c.code == "EXCLU"]
        assert word in exclu.label and "Geltungsbereich" not in exclu.label and "campo" not in exclu.label
        assert (exclu.kind, str(exclu.return_box)) == ("excluded", "230")
    assert terms.value("excluded", "de", LEDGER.sheet("VatCodes").column("kind")) == "ausgenommen"


def test_books_made_before_with_satz_chiusa_and_fingerabdruck_still_read():
    rates = Book.from_rows({"Devisenkurse": [["Datum", "Währung", "Satz", "Quelle"],
                                                [dt.date(2026, 1, 5), "EUR", 0.9312, "SNB"]]},
                           kind="invoicing")
    [rate] = rates.records("Rates")
    assert rate.rate == Decimal("0.9312")
    periods = Book.from_rows({"Periodi": [["Periodo", "Inizio", "Fine", "Chiusa"],
                                          ["2026", dt.date(2026, 1, 1), dt.date(2026, 12, 31), "sì"]],
                              "Registrazioni": [["Data"]]}, kind="ledger")
    [period] = periods.records("Periods")
    assert period.closed is True


def test_the_settings_notes_name_keys_and_values_as_the_sheet_shows_them(tmp_path):
    """A German Settings note said "wenn VatMethod tdfn oder flat ist", "nehmen TdfnRate", "in ExchangeRate …
    kopiert", "(agreed)/(received)": the bookkeeper's sheet shows MWST-Methode, Saldosteuersatz, Wechselkurs,
    vereinbart / vereinnahmt."""
    import re

    english = re.compile(r"VatMethod|TdfnRate|ExchangeRate|EURRate|VatBasis|\((agreed|received)\)|\b(tdfn|flat)\b")
    expected = {"de": ("Einstellungen", "wenn MWST-Methode Saldosteuersatz oder Pauschalsteuersatz ist"),
                "it": ("Impostazioni", "se Metodo IVA è aliquota saldo o aliquote forfettarie"),
                "fr": ("Paramètres", "si Méthode TVA est TDFN ou taux forfaitaires")}
    for language, (sheet, note) in expected.items():
        path = templates.write("invoicing", tmp_path / f"{language}.xlsx", language)
        notes = [row[2] for row in CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()[1:]
                 if len(row) > 2 and isinstance(row[2], str)]
        assert any(note in n for n in notes), (language, notes)
        assert [n for n in notes if english.search(n)] == [], language
