"""The rest of issue 18's commands and lines in the bookkeeper's language: `id` and `addin` (no book: the system's
language), a book made before a column (the refusal names the sheet and column as the book does), the bank chart's
unknown account and analytic code, the camt reader's cut-off file, the ledger's words for a batch taken back."""
from __future__ import annotations

from contextlib import contextmanager

import pytest

from engine import i18n
from engine.cli import main
from engine.errors import BusinessRuleError, InvalidFormat
from engine.formats import camt
from engine.services import bank_chart, bank_movements, contacts, ledger_sync
from engine.store.book import Book
from tests.formats.camt_support import LOCAL
from tests.conftest import ROOT

VALID, WRONG = "CH9300762011623852957", "CH9300762011623852958"  # the second: a check digit off


@contextmanager
def speaking(language: str):
    """A command running on a book in ``language`` (as engine.cli sets it up)."""
    tokens = i18n.command_started([])
    try:
        i18n.book_opened(language)
        yield
    finally:
        i18n.command_ended(tokens)


@pytest.mark.parametrize("language, valid, invalid", [("de", "gültig", "ungültig"), ("fr", "valide", "invalide")])
def test_id_says_valid_and_invalid_in_the_systems_language(capsys, monkeypatch, language, valid, invalid):
    monkeypatch.setenv("COMPTOIR_LANGUAGE", language)
    assert main(["id", "iban", VALID, WRONG]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split("\t")[1] == valid and lines[1].split("\t")[1] == invalid
    assert {line.split("\t")[1] for line in lines}.isdisjoint({"valid", "invalid"})


@pytest.mark.parametrize("language, uid_words, iban_words", [
    ("de", ("ohne MWST-Zusatz", "mit MWST-Zusatz"), ("Land CH, keine QR-IBAN", "Land CH, eine QR-IBAN")),
    ("it", ("senza la menzione IVA", "con la menzione IVA"), ("paese CH, non un QR-IBAN", "paese CH, un QR-IBAN")),
])
def test_id_says_what_it_knows_in_words(capsys, monkeypatch, language, uid_words, iban_words):
    """A German system read "CHE-116.281.710 gültig vat=False" (second audit of issue 18): the program's field names
    and Python's booleans. The UID's check digit 0 is right (python-stdnum agrees); CH44 3199 9… is a QR-IBAN (IID
    31999 in 30000–31999), CH93 0076 2… is not (IID 00762)."""
    from stdnum.ch import uid as stdnum_uid

    assert stdnum_uid.is_valid("CHE116281710")
    monkeypatch.setenv("COMPTOIR_LANGUAGE", language)
    assert main(["id", "uid", "CHE-116.281.710", "CHE-116.281.710 MWST"]) == 0
    assert [line.split("\t")[2] for line in capsys.readouterr().out.splitlines()] == list(uid_words)
    assert main(["id", "iban", VALID, "CH4431999123000889012"]) == 0
    out = capsys.readouterr().out
    assert [line.split("\t")[2] for line in out.splitlines()] == list(iban_words)
    assert "=" not in out and "True" not in out and "False" not in out


@pytest.mark.parametrize("language, refusal, wrote", [
    ("de", "eine Add-in-Datei muss auf .xlam enden", "geschrieben"),
    ("fr", "un fichier de complément doit finir par .xlam", "écrit "),
])
def test_addin_speaks_the_systems_language(tmp_path, capsys, monkeypatch, language, refusal, wrote):
    monkeypatch.setenv("COMPTOIR_LANGUAGE", language)
    assert main(["addin", "build", str(tmp_path / "comptoir.zip")]) == 2
    assert refusal in capsys.readouterr().err
    config = tmp_path / "xlwings.conf"
    assert main(["addin", "install", "--config", str(config), "--pythonpath", str(ROOT), "--platform", "win"]) == 0
    out = capsys.readouterr().out
    assert wrote in out.splitlines()[0] and "wrote" not in out and "Next:" not in out


def _old_book(language_rows: dict) -> Book:
    return Book.from_rows(language_rows, kind="invoicing", name="alt.xlsx")


@pytest.mark.parametrize("rows, expected, hint", [
    ({"Einstellungen": [["Schlüssel", "Wert"]], "Bankbewegungen": [["Bewegungs-Nr.", "Betrag"]]},
     "alt.xlsx: das Blatt Bankbewegungen hat keine Spalte Periode",
     "fügen Sie am Ende des Blatts Bankbewegungen eine Spalte mit der Überschrift Periode hinzu"),
    ({"Paramètres": [["Clé", "Valeur"]], "Mouvements bancaires": [["N° mouvement", "Montant"]]},
     "alt.xlsx : la feuille Mouvements bancaires n'a pas de colonne Période",
     "ajoutez une colonne intitulée Période à la fin de la feuille Mouvements bancaires"),
])
def test_a_book_made_before_the_period_column_is_told_in_its_words(rows, expected, hint):
    book = _old_book(rows)
    with pytest.raises(BusinessRuleError) as raised:
        bank_movements.set_period(book, [], "2026-03")
    assert raised.value.message.startswith(expected) and raised.value.hint == hint
    with pytest.raises(BusinessRuleError) as raised:
        bank_movements.choose_label(book, [], "bank")
    assert ("Herkunft des Buchungstexts" in raised.value.message or "Origine du libellé" in raised.value.message)
    assert "LabelFrom" not in raised.value.message and "Movements" not in raised.value.message


def test_a_contact_on_a_documents_sheet_without_its_column_is_refused_in_the_books_words():
    book = _old_book({"Einstellungen": [["Schlüssel", "Wert"]], "Verkaufsbelege": [["Nummer"]],
                      "Kontakte": [["Kunden-Nr.", "Name"], [1, "Anna Keller"]]})
    with pytest.raises(BusinessRuleError) as raised:
        contacts.contact_for(book, 1, "Anna Keller")
    assert raised.value.message == 'das Blatt Verkaufsbelege hat keine Spalte Kontakt, «Anna Keller» kann deshalb ' \
                                   'nicht auf dem Beleg stehen'
    assert "Tabelle Verkaufsbelege" in raised.value.hint


@pytest.mark.parametrize("language, account, line, hint", [
    ("de", "das Konto 9999 ist nicht im Blatt Kontenplan", "Zeile 1: das Konto 9999",
     "wählen Sie ein Konto des Blatts Kontenplan und einen Code der Kostenstellen der Buchhaltung"),
    ("fr", "le compte 9999 n'est pas dans la feuille Plan comptable", "ligne 1 : le compte 9999",
     "choisissez un compte de la feuille Plan comptable et un code des Codes analytiques"),
])
def test_the_bank_chart_names_an_unknown_account_in_the_books_words(tmp_path, language, account, line, hint):
    path = tmp_path / "book.xlsx"
    assert main(["new", "invoicing", str(path), "--language", language]) == 0
    book = Book.open(path)
    chart = bank_chart.Chart(book)
    assert chart.accounts  # the chart a new book starts with
    assert chart.account_wrong("9999") == account
    wrong = chart.lines_wrong("9999|10.00|Essence")
    assert len(wrong) == 1 and wrong[0].startswith(line) and "Accounts" not in wrong[0]
    assert bank_chart.hint(book).startswith(hint)


@pytest.mark.parametrize("language, said", [
    ("de", "die Datei endet, bevor ihr XML vollständig ist; sie scheint abgeschnitten"),
    ("fr", "le fichier se termine avant que son XML soit complet ; il semble tronqué"),
])
def test_a_cut_off_statement_is_named_in_the_books_language(language, said):
    whole = (LOCAL / "camtparser_053_valid_example_v8.xml").read_bytes()
    with speaking(language), pytest.raises(InvalidFormat) as raised:
        camt.parse(whole[: len(whole) // 2], source="bank.xml")
    assert said in str(raised.value) and "cut off" not in str(raised.value)


@pytest.mark.parametrize("language, what", [("de", "Übernahme des Stapels"), ("fr", "reprise du lot")])
def test_a_batch_taken_back_is_named_in_the_ledgers_words(tmp_path, monkeypatch, language, what):
    calls = []
    monkeypatch.setattr(ledger_sync, "refuse_edited", lambda ledger, entries, said: calls.append(said))
    path = tmp_path / "ledger.xlsx"
    assert main(["new", "ledger", str(path), "--language", language]) == 0
    ledger = Book.open(path)
    ledger.put("Journal", [ledger.new("Journal", entry_id=1, voucher="F-1", debit="1100", credit="3200",
                                      amount=1, batch="S-1")])
    ledger_sync.held_batches(ledger)
    assert calls == [f"{what} S-1"]
