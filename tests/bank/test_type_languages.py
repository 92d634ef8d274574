"""Movement types in the book's language (audit of issue 18): a book starts with the manual's types named in its
language (Frais bancaires, Bankspesen, Spese bancarie, Bank charges), their labels too; the program knows each seeded
type by a stable code, so a type is recognised by its name in any of the four languages (a book translated, or a
row renamed to another language's word, keeps working), and a French book made before reads as it did.

Each statement entry below says what a bookkeeper expects, from the banking manual's table of types (DOMAIN.md
§6.1): a charge (*/*/CHRG) 6940 / bank, a salary batch (PMNT/ICDT/SALA) 2002 / bank as a whole, a card payment
(PMNT/CCRD/POSD) 9908 / bank, a cash withdrawal (PMNT/CCRD/CWDL) 1000 / bank, interest received (*/*/INTR) bank /
6950, a credit no reference or rule explains bank / 9907, a QR payment of F-1 paid through the invoicing side."""
from __future__ import annotations

import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from bench.camt_gen import OWN_IBAN, qr_reference
from engine import templates
from engine.cli import main
from engine.formats import camt
from engine.services import bank, bank_post
from engine.services.posting_sink import LedgerJournal
from engine.store.book import Book
from engine.store.translate import translate
from tests.bank.test_movement_typing import _entry, _qr_payment, _statement

BEFORE = Path(__file__).parent.parent / "data" / "books" / "invoicing-french-types.xlsx"  # the template of 2026-11
F1 = Decimal("500.00")
ENTRIES = (
    _entry("2.50", "DBIT", "ACMT/MDOP/CHRG"),
    _entry("14200.00", "DBIT", "PMNT/ICDT/SALA", batch=3),
    _entry("45.10", "DBIT", "PMNT/CCRD/POSD"),
    _entry("200.00", "DBIT", "PMNT/CCRD/CWDL"),
    _entry("3.20", "CRDT", "ACMT/MCOP/INTR"),
    _entry("77.70", "CRDT", "PMNT/RCDT/AUTT"),
    _entry(str(F1), "CRDT", "PMNT/RCDT/ESCT", _qr_payment(qr_reference(1))),
)
# by hand, amount → (debit, credit) on 1020 the bank's account
EXPECTED = {Decimal("2.50"): ("6940", "1020"), Decimal("14200.00"): ("2002", "1020"),
            Decimal("45.10"): ("9908", "1020"), Decimal("200.00"): ("1000", "1020"),
            Decimal("3.20"): ("1020", "6950"), Decimal("77.70"): ("1020", "9907")}
FRENCH_WORDS = ("Encaissement", "Frais", "non identifié", "Paiement", "Salaires", "Retrait", "Débit carte",
                "Intérêts", "Prélèvement", "Ordre", "Versement")


def _company(path: Path) -> Book:
    """The same company in any book: one bank account on 1020 and an open invoice F-1 of 500.00 with its QR
    reference."""
    book = Book.open(path)
    book.put("BankAccounts", [book.new("BankAccounts", iban=OWN_IBAN, name="Bank", currency="CHF",
                                       ledger_account="1020")])
    book.put("Clients", [book.new("Clients", client_id=1, company="Muster AG")])
    book.put("Documents", [book.new("Documents", number="F-1", stage="F", status="F", client_id=1,
                                    date=date(2024, 1, 10), total_payable=F1, balance=F1, paid=Decimal("0.00"),
                                    qr_reference=qr_reference(1))])
    return book


def _recognised(path: Path) -> tuple[Book, dict]:
    book = _company(path)
    bank.import_documents(book, [camt.parse(_statement(*ENTRIES), source="t.xml")])
    bank.reconcile(book)
    return book, {m.amount: m for m in book.records("Movements") if m.parent is None}


def _texts(movement) -> str:
    return " ".join(filter(None, (movement.type, movement.label, movement.why, movement.lines)))


def test_a_german_book_starts_with_german_types_and_its_movements_say_no_french_word(tmp_path):
    book, movements = _recognised(templates.write("invoicing", tmp_path / "de.xlsx", "de"))
    types = {t.type: t for t in book.records("MovementTypes")}
    assert types["Bankspesen"].label_template == "Bankspesen {bank_text}"
    assert "Nicht identifizierter Zahlungseingang" in types and "Frais bancaires" not in types
    assert [(m.type, m.debit_account, m.credit_account) for m in (movements[a] for a in EXPECTED)] == [
        ("Bankspesen", "6940", "1020"), ("Löhne", "2002", "1020"), ("Kartenzahlung", "9908", "1020"),
        ("Bancomat-Bezug", "1000", "1020"), ("Habenzinsen", "1020", "6950"),
        ("Nicht identifizierter Zahlungseingang", "1020", "9907")]
    assert movements[Decimal("2.50")].why == "Bankspesen gemäss Bankcode (ACMT/MDOP/CHRG)"
    assert movements[Decimal("200.00")].label == "Bancomat-Bezug 04.03.2024"
    assert movements[F1].type == "Identifizierter Zahlungseingang" and movements[F1].group == "F-1"
    for m in movements.values():
        said = _texts(m)
        assert not [word for word in FRENCH_WORDS if word.casefold() in said.casefold()], said


@pytest.mark.parametrize("language", ["it", "en"])
def test_an_italian_or_english_books_movements_say_no_french_word_either(tmp_path, language):
    # comptoir new --language en: Settings Language EN, as a translation to English writes (without it, an English
    # book's reasons are its documents' DefaultLanguage's, French by default)
    assert main(["new", "invoicing", str(tmp_path / "b.xlsx"), "--language", language]) == 0
    assert Book.open(tmp_path / "b.xlsx").settings["Language"] == language.upper()
    _, movements = _recognised(tmp_path / "b.xlsx")
    for m in movements.values():
        said = _texts(m)
        assert not [word for word in FRENCH_WORDS if word.casefold() in said.casefold()], said


@pytest.mark.parametrize("language, charges, unidentified", [
    ("it", "Spese bancarie", "Incasso non identificato"), ("en", "Bank charges", "Unidentified receipt"),
    ("fr", "Frais bancaires", "Encaissement non identifié")])
def test_each_language_names_the_types_its_way_on_the_same_accounts(tmp_path, language, charges, unidentified):
    _, movements = _recognised(templates.write("invoicing", tmp_path / "b.xlsx", language))
    assert {a: (m.debit_account, m.credit_account) for a, m in movements.items() if a in EXPECTED} == EXPECTED
    assert (movements[Decimal("2.50")].type, movements[Decimal("77.70")].type) == (charges, unidentified)


def test_a_french_book_made_before_the_types_had_codes_recognises_as_it_did(tmp_path):
    """The template of November 2026 (English sheets, the manual's French types) and a French book made today carry
    the same type names and labels, and recognise the same."""
    old = shutil.copy(BEFORE, tmp_path / "old.xlsx")
    new = templates.write("invoicing", tmp_path / "fr.xlsx", "fr")
    as_before = [(t.type, t.counter_account, t.label_template) for t in Book.open(old).records("MovementTypes")]
    assert [(t.type, t.counter_account, t.label_template) for t in Book.open(new).records("MovementTypes")] == \
        as_before
    assert ("Frais bancaires", "6940", "Frais bancaires {bank_text}") in as_before
    book, movements = _recognised(old)
    assert {a: (m.debit_account, m.credit_account) for a, m in movements.items() if a in EXPECTED} == EXPECTED
    assert [movements[a].type for a in EXPECTED] == ["Frais bancaires", "Salaires", "Débit carte", "Retrait bancomat",
                                                     "Intérêts créanciers", "Encaissement non identifié"]
    assert movements[Decimal("200.00")].label == "Retrait bancomat 04.03.2024"
    assert movements[F1].type == "Encaissement identifié" and movements[F1].action == "skip"


def test_a_month_in_a_label_is_named_in_the_books_language(tmp_path):
    path = templates.write("invoicing", tmp_path / "de.xlsx", "de")
    book = Book.open(path)
    book.put("MovementTypes", [t if t.type != "Löhne" else t.__class__(
        **{**{f: getattr(t, f) for f in t.__sheet__.fields}, "label_template": "Löhne {month:%B %Y}", "row": t.row})
        for t in book.records("MovementTypes")])
    book.save()
    _, movements = _recognised(path)
    assert movements[Decimal("14200.00")].label == "Löhne März 2024"  # booked 04.03.2024; "Löhne mars 2024" before


def test_a_type_renamed_to_another_languages_word_keeps_its_role_and_a_users_own_type_is_its_name(tmp_path):
    """A German book whose bookkeeper typed the French name over the charges row and sent it to 6941, and added a
    type of their own for card payments: the charges row is still the charges type (6941), the card type is theirs."""
    path = templates.write("invoicing", tmp_path / "de.xlsx", "de")
    book = Book.open(path)
    rows = []
    for t in book.records("MovementTypes"):
        if t.type == "Bankspesen":
            t = t.__class__(**{**{f: getattr(t, f) for f in t.__sheet__.fields}, "type": "Frais bancaires",
                               "counter_account": "6941", "row": t.row})
        elif t.type == "Kartenzahlung":
            t = t.__class__(**{**{f: getattr(t, f) for f in t.__sheet__.fields}, "type": "Firmenkarte",
                               "counter_account": "6500", "label_template": "Karte {partner}", "row": t.row})
        rows.append(t)
    book.put("MovementTypes", rows)
    book.put("Accounts", [*book.records("Accounts"), book.new("Accounts", number="6941", name="Kontoführung",
                                                                  account_class="expense")])
    book.save()
    _, movements = _recognised(path)
    assert (movements[Decimal("2.50")].type, movements[Decimal("2.50")].debit_account) == ("Frais bancaires", "6941")
    assert (movements[Decimal("45.10")].type, movements[Decimal("45.10")].debit_account) == ("Firmenkarte", "6500")


def test_a_book_translated_from_french_to_german_names_its_types_in_german_and_recognises_the_same(tmp_path):
    path = templates.write("invoicing", tmp_path / "fr.xlsx", "fr")
    translate(path, "de")
    names = {t.type: t.label_template for t in Book.open(path).records("MovementTypes")}
    assert names["Bankspesen"] == "Bankspesen {bank_text}" and "Frais bancaires" not in names
    _, movements = _recognised(path)
    assert {a: (m.debit_account, m.credit_account) for a, m in movements.items() if a in EXPECTED} == EXPECTED
    assert movements[Decimal("2.50")].type == "Bankspesen"


def test_a_german_and_a_french_book_of_the_same_company_post_the_same_journal(tmp_path):
    """recognise + post on both: the same entries (date, debit, credit, amount), each labelled in its language."""
    journals = {}
    for language in ("fr", "de"):
        book, _ = _recognised(templates.write("invoicing", tmp_path / f"{language}.xlsx", language))
        ledger = Book.open(templates.write("ledger", tmp_path / f"ledger-{language}.xlsx", language))
        bank_post.post(book, sink=LedgerJournal(ledger))
        journals[language] = ledger.records("Journal")
    figures = {lang: sorted((e.date, e.debit, e.credit, e.amount) for e in j) for lang, j in journals.items()}
    # by hand: the six movements the bank book posts (the QR payment is the invoicing side's: skipped here)
    assert figures["fr"] == figures["de"] == sorted((date(2024, 3, 4), d, c, a) for a, (d, c) in EXPECTED.items())
    labels = {lang: {e.amount: e.label for e in j} for lang, j in journals.items()}
    assert labels["de"][Decimal("200.00")] == "Bancomat-Bezug 04.03.2024"
    assert labels["fr"][Decimal("200.00")] == "Retrait bancomat 04.03.2024"


def test_a_returned_payment_says_its_originals_direction_and_type_in_the_books_language():
    """A payment of 120.00 (end-to-end id E2E-7) comes back as a credit (*/*/RRTN): the reverse of its entry, said
    «Storno der Bewegung 4 (E2E-7, 120.00 Belastung)», typed Zahlungsrückweisung."""
    from types import SimpleNamespace as M

    from engine.domain.reconcile.matchers import Context, recognise
    from engine.domain.reconcile.reasons import Reasons
    from engine.domain.reconcile.rules import RuleSet
    from engine.domain.reconcile.types import MovementTypes

    def movement(**values):
        fields = dict(reference=None, reference_type=None, bank_reference=None, counterparty=None,
                      counterparty_iban=None, remittance=None, bank_text=None, parent=None, state="processed",
                      bank_iban="CH93", import_key="", group="", debit_account="2003", credit_account="1020")
        return M(**{**fields, **values})
    original = movement(movement_id=4, direction="debit", amount=Decimal("120.00"), end_to_end_id="E2E-7",
                        bank_code="PMNT/ICDT/DMCT", booking_date=date(2024, 3, 1))
    back = movement(movement_id=5, direction="credit", amount=Decimal("120.00"), end_to_end_id="E2E-7",
                    bank_code="PMNT/RCDT/RRTN", booking_date=date(2024, 3, 5), state="pending")
    ctx = Context(types=MovementTypes([], "de"), rules=RuleSet([]), movements=[original, back],
                  say=Reasons.of("de").say)
    proposal = recognise(back, ctx)
    assert (proposal.type, proposal.counter_account, proposal.why) == (
        "Zahlungsrückweisung", "2003", "Storno der Bewegung 4 (E2E-7, 120.00 Belastung)")


def test_an_order_debited_for_more_books_the_difference_where_the_books_bank_charges_type_says():
    """Order 5 of 100.00 (invoice E-1) debited 102.00: 2003 100.00 clears the order, the 2.00 the bank took beyond
    it are bank charges — on 6941 when the book's charges type (Bankspesen) says 6941, not the chart's 6940."""
    from types import SimpleNamespace as M

    from engine.domain.reconcile.matchers import Context, Order, recognise
    from engine.domain.reconcile.reasons import Reasons
    from engine.domain.reconcile.rules import RuleSet
    from engine.domain.reconcile.types import MovementType, MovementTypes

    types = MovementTypes([MovementType(name="Bankspesen", direction="debit", counter_account="6941")], "de")
    order = Order(order_id=5, invoice="E-1", amount=Decimal("100.00"))
    ctx = Context(types=types, rules=RuleSet([]), orders_by_e2e={"E2E-5": order}, say=Reasons.of("de").say)
    m = M(movement_id=9, direction="debit", amount=Decimal("102.00"), end_to_end_id="E2E-5", reference=None,
          reference_type=None, bank_reference=None, bank_code="PMNT/ICDT/DMCT", import_key="", currency="CHF",
          counterparty=None, counterparty_iban=None, remittance=None, bank_text=None, parent=None,
          booking_date=date(2024, 3, 4), bank_iban="CH93")
    proposal = recognise(m, ctx)
    assert proposal.lines == "2003|100.00|Auftrag 5; 6941|2.00|Differenz Auftrag 5"
    assert proposal.type == "Identifizierte Zahlung" and proposal.counter_account == "2003"
