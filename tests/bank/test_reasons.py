"""The reasons recognition writes (Movements, Why) say a bank code the way the brief of issue 15, item 12 asks: in
the book's words, the ISO code in brackets after them (« Frais bancaires selon le code bancaire (ACMT/MDOP/CHRG) »),
never a bare code leading the sentence ("code bancaire ACMT/MDOP/CHRG → Frais bancaires"); and a reason that sends the
bookkeeper to a setting names the sheet as the book has it (Settings, whatever the language; "Réglages" is no sheet).
Each expected text is written out by hand from the manual's words, not read back from the table."""
from __future__ import annotations

import re
from datetime import date
from string import Formatter

import pytest

from engine.domain.reconcile.reasons import LANGUAGES, _table
from engine.formats import camt
from engine.services import bank
from tests.bank.scenario import invoicing_book
from tests.bank.test_movement_typing import _entry, _statement

FEE = _entry("2.50", "DBIT", "ACMT/MDOP/CHRG")  # a bank charge: type Frais bancaires (Bankspesen…), 6940
SALARIES = _entry("14200.00", "DBIT", "PMNT/ICDT/SALA", batch=3)  # three salaries in one debit: 2002 as a whole
STRAY = _entry("77.70", "CRDT", "PMNT/RCDT/AUTT")  # a credit with no reference, rule or invoice: 9907
CODE = re.compile(r"[A-Z]{4}/[A-Z]{4}/[A-Z]{4}")


def _why(language: str, *entries: str, **settings) -> dict:
    book = invoicing_book(1, types=language.lower())  # the types as a new book in that language names them
    book.set_settings(DefaultLanguage=language, **settings)
    bank.import_documents(book, [camt.parse(_statement(*entries), source="t.xml")])
    bank.reconcile(book)
    return {m.amount: m for m in book.records("Movements") if m.parent is None}, book


def _blanks(template: str) -> frozenset:
    return frozenset(name for _, name, _, _ in Formatter().parse(template) if name)


def test_every_reason_is_said_in_every_language_with_the_same_blanks():
    for key, row in _table().items():
        assert all(row[language].strip() for language in LANGUAGES), key
        assert len({_blanks(row[language]) for language in LANGUAGES}) == 1, (key, row)


@pytest.mark.parametrize("language, fee, salaries, stray", [
    ("FR", "Frais bancaires selon le code bancaire (ACMT/MDOP/CHRG)",
     "lot de salaires (PMNT/ICDT/SALA) : comptabilisé en bloc",
     "aucune référence, règle ni facture ne correspond (PMNT/RCDT/AUTT)"),
    ("DE", "Bankspesen gemäss Bankcode (ACMT/MDOP/CHRG)",
     "Lohnsammelauftrag (PMNT/ICDT/SALA): als Ganzes gebucht",
     "keine Referenz, Regel oder Rechnung passt (PMNT/RCDT/AUTT)"),
    ("IT", "Spese bancarie secondo il codice bancario (ACMT/MDOP/CHRG)",
     "lotto di salari (PMNT/ICDT/SALA): registrato in blocco",
     "nessun riferimento, regola o fattura corrisponde (PMNT/RCDT/AUTT)"),
    ("EN", "Bank charges by its bank code (ACMT/MDOP/CHRG)", "salary batch (PMNT/ICDT/SALA): booked as a whole",
     "no reference, rule or invoice matched (PMNT/RCDT/AUTT)"),
])
def test_a_bank_code_comes_in_brackets_after_the_words(language, fee, salaries, stray):
    # the type names are the book's MovementTypes rows, in the language of a new book (Bankspesen, Spese bancarie)
    movements, _ = _why(language, FEE, SALARIES, STRAY)
    by_amount = {str(a): m for a, m in movements.items()}
    assert (by_amount["2.50"].why, by_amount["14200.00"].why, by_amount["77.70"].why) == (fee, salaries, stray)
    assert (by_amount["2.50"].debit_account, by_amount["14200.00"].debit_account,
            by_amount["77.70"].credit_account) == ("6940", "2002", "9907")
    for m in movements.values():
        assert all(f"({code})" in m.why for code in CODE.findall(m.why)), m.why


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_movement_before_go_live_names_the_settings_sheet_the_book_has(language):
    movements, book = _why(language.upper(), STRAY, GoLiveDate=date(2024, 3, 5))  # the entry is booked 04.03.2024
    [m] = movements.values()
    assert m.action == "excluded" and "05.03.2024" in m.why and "(Settings GoLiveDate)" in m.why
    assert book.schema.sheet("Settings").name == "Settings"  # the sheet the reason sends the bookkeeper to


def test_a_german_book_says_its_reasons_in_german_and_names_its_settings_sheet(tmp_path):
    # issue 18: the book's language (its sheet names, Settings Language) wins over DefaultLanguage, which stays
    # the documents' language (FR here)
    from engine import templates
    from engine.store.book import Book
    from tests.bank.scenario import OWN_IBAN
    book = Book.open(templates.write("invoicing", tmp_path / "de.xlsx", "de"))
    book.set_settings(DefaultLanguage="FR", GoLiveDate=date(2024, 3, 5))
    book.put("BankAccounts", [book.new("BankAccounts", iban=OWN_IBAN, name="Bank", currency="CHF",
                                       ledger_account="1020")])
    bank.import_documents(book, [camt.parse(_statement(FEE, STRAY), source="t.xml")])
    bank.reconcile(book)
    whys = sorted(m.why for m in book.records("Movements"))
    # the entries are booked 04.03.2024, the day before the go-live date: excluded, said in German
    assert whys == ["vor dem Einführungsdatum 05.03.2024 (Einstellungen GoLiveDate): ausgeschlossen"] * 2
