"""The refusals the trilingual auditor of issue 18 still found in English on German and Italian books (audit 18b),
in the book's language and naming its sheets, columns and keys as the book shows them: posting into a closed
period (Perioden, Abgeschlossen; the German sheet's Buchungslauf, not Sitzung), a VAT code the ledger lacks (Codici
IVA), … Each runs the command on books made by `comptoir new` with the system in English: what is not English below
comes from the book, and the English sentence it replaces is gone."""
from __future__ import annotations

import datetime as dt

import pytest

from engine.cli import main
from engine.store.book import Book
from tests.test_command_words import _books as command_words_books
from tests.test_command_words import _said, english_system  # noqa: F401 (autouse: the system says English)


def _books(folder, language: str):
    """An invoicing and a ledger book in ``language``, one client, one article (CHF 100.00, TVA 8.1 %) and an
    invoice of 02.03.2026: 100.00 + 8.10 = 108.10."""
    invoicing, ledger = command_words_books(folder, language, ("inv", "led"))
    assert main(["documents", "new", str(invoicing), "--client", "1", "--line", "H-MEN:1", "--date", "2026-03-02"]) == 0
    return invoicing, ledger


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


def test_an_empty_rate_is_named_at_the_rates_column_kurs(tmp_path, capsys):
    invoicing = tmp_path / "inv-de.xlsx"
    assert main(["new", "invoicing", str(invoicing), "--language", "de"]) == 0
    rates = tmp_path / "r.csv"
    rates.write_text("date,currency,rate\n2026-01-05,EUR,\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["rates", "import", str(invoicing), str(rates)]) == 1
    said = _said(capsys)
    assert "r.csv: Zeile 2: Spalte 3 (Kurs): der Kurs ist leer — schreiben Sie CHF für 1 Einheit" in said, said
    assert "the rate is empty" not in said and "(rate)" not in said


@pytest.mark.parametrize("language, words", [
    ("de", "«2026-13»: es gibt keinen Monat 13 — schreiben Sie einen Monat 2026-03"),
    ("it", "«2026-13»: non esiste il mese 13 — scrivete un mese 2026-03"),
])
def test_a_thirteenth_month_is_refused_in_the_books_words(tmp_path, capsys, language, words):
    invoicing = tmp_path / f"inv-{language}.xlsx"
    assert main(["new", "invoicing", str(invoicing), "--language", language]) == 0
    capsys.readouterr()
    assert main(["bank", "period", str(invoicing), "2026-13", "--ids", "1"]) == 2
    said = _said(capsys)
    assert words in said and "there is no month" not in said, said


def test_a_german_book_open_in_excel_is_refused_in_german_on_translate(tmp_path, capsys):
    """The refusal comes before the book is opened: its sheet names are peeked at for its language."""
    invoicing = tmp_path / "inv-de.xlsx"
    assert main(["new", "invoicing", str(invoicing), "--language", "de"]) == 0
    before = invoicing.read_bytes()
    (tmp_path / "~$inv-de.xlsx").write_bytes(b"")
    capsys.readouterr()
    assert main(["book", "translate", str(invoicing), "--to", "fr"]) == 2
    said = _said(capsys)
    assert "inv-de.xlsx ist in Excel geöffnet" in said and "is open in" not in said, said
    assert invoicing.read_bytes() == before


def test_the_demo_refuses_a_folder_holding_one_in_its_language(tmp_path, capsys):
    (tmp_path / "invoicing.xlsx").write_bytes(b"")
    assert main(["demo", str(tmp_path), "--language", "it"]) == 2
    said = _said(capsys)
    assert "contiene già invoicing.xlsx: la demo li sostituirebbe — scegliete una cartella vuota" in said, said
    assert (tmp_path / "invoicing.xlsx").read_bytes() == b""


def test_mandate_status_speaks_the_books_language_or_the_systems(tmp_path, capsys, monkeypatch):
    invoicing, ledger = tmp_path / "inv-de.xlsx", tmp_path / "led-de.xlsx"
    assert main(["new", "invoicing", str(invoicing), "--language", "de"]) == 0
    assert main(["new", "ledger", str(ledger), "--language", "de"]) == 0
    assert main(["mandate", "create", "--invoicing", str(invoicing), "--ledger", str(ledger)]) == 0
    capsys.readouterr()
    assert main(["mandate", "status", str(ledger)]) == 0
    assert _said(capsys).strip() == "led-de (lokal): nichts wartet"
    monkeypatch.setenv("COMPTOIR_LANGUAGE", "it")  # the folder names no book: the system's language
    assert main(["mandate", "status", str(tmp_path)]) == 0
    assert _said(capsys).strip() == "led-de (locale): niente in attesa"


def _help_texts(parser) -> list[str]:
    """Every help text of ``parser`` and its sub-commands, as the modules write them (English)."""
    import argparse

    texts = [parser.description] if parser.description else []
    for action in parser._actions:
        if action.help and action.help is not argparse.SUPPRESS:
            texts.append(action.help)
        if isinstance(action, argparse._SubParsersAction):
            texts += [choice.help for choice in action._choices_actions if choice.help]
            for child in set(action.choices.values()):
                texts += _help_texts(child)
    return texts


@pytest.mark.parametrize("command", ["ledger", "mandate", "rates", "report", "documents", "purchases", "qrbill",
                                     "bank", "post", "new", "stock", "contacts", "camt", "demo",
                                     "office", "addin", "id", "check", "book", "unpost", "repost", "vat-close",
                                     "unposted", "payments"])
def test_every_help_text_of_the_command_is_in_the_catalogue(command):
    """`--help` under LANG=de_CH.UTF-8 said the whole ledger group, mandate create/watch, rates list, report's
    options in English (audit 18b): each text the module writes is a message id, said in the system's language."""
    from engine import i18n
    from engine.cli import build_parser

    known = {msgid for context, msgid in i18n.parse_po(i18n.po_text("de")) if not context} | NAMING_SETTINGS
    assert [text for text in _help_texts(build_parser(command)) if text not in known] == []


# the helps naming Settings keys, which the branch naming keys in the system's language says (demo_and_hints.po)
NAMING_SETTINGS = {"the book whose Settings name the company (CompanyUID, VatMethod …); default: the mandate's "
                   "invoicing book", "labels in this language (default: the book's Settings Language, else its sheet "
                   "names', else DefaultLanguage)"}


def test_the_ledger_groups_help_is_german_under_a_german_system(monkeypatch, capsys):
    monkeypatch.setenv("COMPTOIR_LANGUAGE", "de")
    with pytest.raises(SystemExit):
        main(["ledger", "vat-return", "--help"])
    said = " ".join(_said(capsys).split())  # argparse wraps the lines
    assert "eine Korrekturabrechnung einer schon eingereichten Periode" in said and "already filed" not in said
    with pytest.raises(SystemExit):
        main(["ledger", "--help"])
    said = " ".join(_said(capsys).split())
    assert "Saldenliste: Soll, Haben und Saldo jedes Kontos" in said and "trial balance" not in said


def test_a_kind_that_is_none_is_refused_listing_the_words_and_their_codes(monkeypatch, capsys):
    """--kind blah listed only payment, discount…, and the usage {payment,discount,…}, under a German system."""
    monkeypatch.setenv("COMPTOIR_LANGUAGE", "de")
    with pytest.raises(SystemExit):
        main(["documents", "pay", "b.xlsx", "--number", "F-1", "--amount", "1", "--kind", "blah"])
    said = " ".join(_said(capsys).split())
    assert "--kind {Zahlung,Skonto,Verlust,Gutschrift,Gebühr,Zins}" in said
    assert "ungültige Auswahl: 'blah' (wählen Sie aus 'Zahlung' (payment), 'Skonto' (discount), 'Verlust' (loss), " \
           "'Gutschrift' (credit_note), 'Gebühr' (fee), 'Zins' (interest))" in said
    monkeypatch.setenv("COMPTOIR_LANGUAGE", "it")
    with pytest.raises(SystemExit):
        main(["ledger", "extract", "l.xlsx", "--by", "blah"])
    assert "'gruppo' (group)" in _said(capsys)


def test_report_vat_on_the_invoicing_book_is_refused_in_its_language(tmp_path, capsys):
    invoicing = tmp_path / "inv-it.xlsx"
    assert main(["new", "invoicing", str(invoicing), "--language", "it"]) == 0
    capsys.readouterr()
    assert main(["report", "vat", str(invoicing)]) == 2
    said = _said(capsys)
    assert "l'estratto IVA si legge dalla cartella della contabilità — lanciatelo sulla cartella della contabilità" \
           in said and "ledger book" not in said, said


def test_a_discount_beyond_the_balance_is_refused_naming_it_skonto(tmp_path, capsys):
    """R-2026-0001 of 100.00 (line 4200 IPM, gross): a discount of 500.00 exceeds its balance of 100.00."""
    invoicing = tmp_path / "inv-de.xlsx"
    assert main(["new", "invoicing", str(invoicing), "--language", "de"]) == 0
    book = Book.open(invoicing)
    book.put("Creditors", [book.new("Creditors", creditor_id=1, name="Holz AG")])
    book.save()
    assert main(["purchases", "new", str(invoicing), "--creditor", "1", "--date", "2026-03-05",
                 "--line", "4200:IPM:100"]) == 0
    capsys.readouterr()
    assert main(["purchases", "discount", str(invoicing), "R-2026-0001", "--amount", "500"]) == 2
    said = _said(capsys)
    assert "R-2026-0001: Skonto von 500.00 übersteigt den Saldo 100.00 — geben Sie höchstens 100.00 ein" in said
    assert "exceeds" not in said


def test_copying_rules_no_rule_is_valid_naming_the_rules_columns_in_italian(tmp_path, capsys):
    invoicing = tmp_path / "inv-it.xlsx"
    assert main(["new", "invoicing", str(invoicing), "--language", "it"]) == 0  # a new book has no rule
    capsys.readouterr()
    assert main(["bank", "rules", "copy", str(invoicing), "--from", "2027-01-01"]) == 2
    said = _said(capsys)
    assert "Regole di inv-it.xlsx: nessuna regola è valida il 31.12.2026, ultimo giorno del periodo precedente — " \
           "verificate Valido dal / Valido fino al" in said and "ValidFrom" not in said, said


def test_the_italian_demo_prints_amounts_with_the_swiss_apostrophe(tmp_path, capsys):
    """Audit 18b: the German and Italian demo logs printed 1 390 682.71 and (8083.35 CHF): Swiss usage is the
    apostrophe in all four languages."""
    import re

    assert main(["demo", str(tmp_path / "demo"), "--language", "it"]) == 0
    said = _said(capsys)
    assert re.search(r"dare \d{1,3}(?:'\d{3})+\.\d\d = avere \d{1,3}(?:'\d{3})+\.\d\d", said), said
    assert re.findall(r"\d{4,}\.\d\d|\d \d{3}\.\d\d", said) == []


def test_a_report_column_that_is_none_is_refused_in_german(tmp_path, capsys):
    invoicing = tmp_path / "inv-de.xlsx"
    assert main(["new", "invoicing", str(invoicing), "--language", "de"]) == 0
    capsys.readouterr()
    assert main(["report", "debtors", str(invoicing), "--columns", "bogus"]) == 2
    said = _said(capsys)
    assert "der Bericht hat keine Spalte «bogus» — wählen Sie unter: client, client_id, number" in said, said
