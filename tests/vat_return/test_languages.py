"""``ledger vat`` and ``ledger vat-return`` speak the ledger's language (issue 18): the same entries in a French and
a German ledger give the same boxes and tax, headed Ch. / Taux / Impôt and Ziff. / Satz / Steuer."""
from __future__ import annotations

import re
import shutil
from datetime import date
from decimal import Decimal as D

from engine.cli import main
from engine.store.translate import translate
from tests.vat_return.books import on_disk

AMOUNT = re.compile(r"-?\d{1,3}(?:'\d{3})*\.\d{2}")  # 1'390'682.71: the Swiss apostrophe in every language
ENTRIES = [
    (date(2026, 1, 10), "F-1", "1100", "3200", "1000.00", "TVA", "81.00"),  # a sale at 8.1 %
    (date(2026, 1, 10), "F-1", "1100", "2200", "81.00", "TVA", None),
    (date(2026, 2, 15), "R-1", "4200", "2000", "400.00", "IPM", "32.40"),  # materials at 8.1 %, box 400
    (date(2026, 2, 15), "R-1", "1170", "2000", "32.40", "IPM", None),
]


def _books(tmp_path):
    ledger, invoicing = on_disk(tmp_path, ENTRIES)
    out = {}
    for language in ("fr", "de"):
        folder = tmp_path / language
        folder.mkdir()
        out[language] = shutil.copy2(ledger, folder / "compta.xlsx")
        translate(out[language], language)
    return out, invoicing


def _said(capsys, *args) -> list[str]:
    assert main(list(map(str, args))) == 0
    return capsys.readouterr().out.splitlines()


def test_vat_statement_same_figures_in_each_language(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("COMPTOIR_LANGUAGE", "en")
    books, _ = _books(tmp_path)
    capsys.readouterr()
    french = _said(capsys, "ledger", "vat", books["fr"], "--from", "2026-01-01", "--to", "2026-03-31")
    german = _said(capsys, "ledger", "vat", books["de"], "--from", "2026-01-01", "--to", "2026-03-31")
    assert french[0].split() == ["Ch.", "Code", "Taux", "Base", "Impôt", "Comptabilisé"]
    assert german[0].split() == ["Ziff.", "Code", "Satz", "Basis", "Steuer", "Gebucht"]
    assert [AMOUNT.findall(line) for line in french[1:]] == [AMOUNT.findall(line) for line in german[1:]]
    # by hand: output tax 1'000.00 × 8.1 % = 81.00, input tax 400.00 × 8.1 % = 32.40; payable 81.00 − 32.40 = 48.60
    assert french[-1].startswith("TVA à payer") and AMOUNT.findall(french[-1]) == ["48.60"]
    assert german[-1].startswith("Zu bezahlende MWST") and AMOUNT.findall(german[-1]) == ["48.60"]
    assert not any(word in "\n".join(french + german) for word in ("Box", "Booked", "VAT payable", "Rate"))


def test_vat_return_boxes_headed_in_the_ledgers_language(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("COMPTOIR_LANGUAGE", "en")
    books, invoicing = _books(tmp_path)
    capsys.readouterr()
    german = _said(capsys, "ledger", "vat-return", books["de"], "--period", "2026-Q1", "--invoicing", invoicing)
    assert german[0].startswith("MWST-Abrechnung 01.01.2026–31.03.2026 (effektive Methode):")
    assert german[1].split() == ["Ziff.", "Satz", "Betrag", "Steuer"]
    boxes = {line.split()[0]: AMOUNT.findall(line) for line in german[2:] if line[:1].isdigit()}
    assert boxes["200"] == ["1'000.00"] and boxes["400"] == ["32.40"]


def test_a_nil_return_is_warned_of_in_the_ledgers_language(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("COMPTOIR_LANGUAGE", "en")
    books, invoicing = _books(tmp_path)
    capsys.readouterr()
    french = _said(capsys, "ledger", "vat-return", books["fr"], "--period", "2026-Q3", "--invoicing", invoicing)
    assert "avertissement: aucune écriture dans cette période (01.07.2026–30.09.2026) dans compta.xlsx : un " \
           "décompte à zéro" in french


def test_the_return_speaks_the_ledgers_language_though_the_invoicing_book_is_french(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("COMPTOIR_LANGUAGE", "en")
    books, invoicing = _books(tmp_path)
    translate(invoicing, "fr")
    capsys.readouterr()
    german = _said(capsys, "ledger", "vat-return", books["de"], "--period", "2026-Q1", "--invoicing", invoicing)
    assert german[0].startswith("MWST-Abrechnung") and german[1].split() == ["Ziff.", "Satz", "Betrag", "Steuer"]
