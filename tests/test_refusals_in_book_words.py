"""The refusals the trilingual auditor of issue 18 still found in English on German and Italian books (audit 18b),
in the book's language and naming its sheets, columns and keys as the book shows them: posting into a closed
period (Perioden, Abgeschlossen; the German sheet's Buchungslauf, not Sitzung), a VAT code the ledger lacks (Codici
IVA), … Each runs the command on books made by `comptoir new` with the system in English: what is not English below
comes from the book, and the English sentence it replaces is gone."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from engine.cli import main
from engine.store.book import Book


@pytest.fixture(autouse=True)
def english_system(monkeypatch):
    """The system says English: whatever is not English below comes from the book."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("COMPTOIR_LANGUAGE", "en")


def _books(folder, language: str):
    """An invoicing and a ledger book in ``language``, one client, one article (CHF 100.00, TVA 8.1 %) and an
    invoice of 02.03.2026: 100.00 + 8.10 = 108.10."""
    invoicing, ledger = folder / f"inv-{language}.xlsx", folder / f"led-{language}.xlsx"
    assert main(["new", "invoicing", str(invoicing), "--language", language]) == 0
    assert main(["new", "ledger", str(ledger), "--language", language]) == 0
    book = Book.open(invoicing)
    book.put("Clients", [book.new("Clients", client_id=1, company="Favre SA")])
    book.put("Articles", [book.new("Articles", article_id="H-MEN", designation="Menuiserie", unit_price=D("100.00"),
                                   vat_code="TVA", revenue_account="3200")])
    book.save()
    assert main(["documents", "new", str(invoicing), "--client", "1", "--line", "H-MEN:1", "--date", "2026-03-02"]) == 0
    return invoicing, ledger


def _said(capsys) -> str:
    out = capsys.readouterr()
    return out.out + out.err


def _close_2026(ledger):
    book = Book.open(ledger)
    book.put("Periods", [book.new("Periods", period="2026", start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31),
                                  closed=True)])
    book.save()


@pytest.mark.parametrize("language, words, english", [
    ("de", ["Buchungslauf 1: die Buchung F-2026-0001 vom 02.03.2026", "fällt in eine abgeschlossene Periode",
            "die Periode 2026 (01.01.2026 – 31.12.2026) ist abgeschlossen",
            "im Blatt Perioden der Buchhaltung wieder (Abgeschlossen leer)"], "Sitzung"),
    ("it", ["sessione di contabilizzazione 1: la registrazione F-2026-0001 del 02.03.2026", "cade in un periodo chiuso",
            "il periodo 2026 (01.01.2026 – 31.12.2026) è chiuso", "nel foglio Periodi della contabilità (Chiuso vuoto)"],
     "Chiusa"),
])
def test_posting_into_a_closed_period_is_refused_naming_the_ledgers_periods_sheet(tmp_path, capsys, language, words,
                                                                                english):
    invoicing, ledger = _books(tmp_path, language)
    _close_2026(ledger)
    capsys.readouterr()
    assert main(["post", str(invoicing), "--ledger", str(ledger), "--until", "2026-03-31"]) == 2
    said = _said(capsys)
    for word in words:
        assert word in said, (word, said)
    for gone in ("posting session", "falls in a closed period", "Periods sheet", "(Closed empty)", english):
        assert gone not in said, (gone, said)


@pytest.mark.parametrize("language, words", [
    ("de", ["trägt den MWST-Code TVA, den das Blatt MWST-Codes von led-de.xlsx am 02.03.2026 nicht hat",
            "fügen Sie den Code im Blatt MWST-Codes der Buchhaltung", "Ziffer"]),
    ("it", ["porta il codice IVA TVA, che il foglio Codici IVA di led-it.xlsx non ha al 02.03.2026",
            "aggiungete il codice al foglio Codici IVA della contabilità"]),
])
def test_a_vat_code_the_ledger_lacks_is_refused_naming_its_vat_codes_sheet(tmp_path, capsys, language, words):
    invoicing, ledger = _books(tmp_path, language)
    book = Book.open(ledger)
    book.put("VatCodes", [c for c in book.records("VatCodes") if c.code != "TVA"])
    book.save()
    capsys.readouterr()
    assert main(["post", str(invoicing), "--ledger", str(ledger), "--until", "2026-03-31"]) == 2
    said = _said(capsys)
    for word in words:
        assert word in said, (word, said)
    assert "VatCodes" not in said and "ReturnBox" not in said and "posting session" not in said, said
