"""The ids' reasons are said in the reader's language (issue 18): engine.ids keeps its English reasons (the oracle
files' words), translated where they are shown. Every reason engine.ids gives — each branch, and every value of the
oracle files of tests/data/ids — comes out in French, German and Italian with none of its English words left, its
values (a digit, a character, a length) and its " — " between message and hint kept."""
from __future__ import annotations

import csv
import json

import pytest

from engine import templates
from engine.cli import main
from engine.ids import ccp, iban, postcode, qrr, scor, uid
from engine.ids.reasons import said
from engine.ids.reference import explain_account_reference
from engine.ids.verdict import check
from engine.services.purchases import fill_creditor_bank
from engine.store.book import Book
from tests.addin.test_udfs import column, flat
from tests.addin.xlwings_harness import call
from tests.conftest import ROOT

# One value per branch of each explain (the English each gives is in the module that says it).
BRANCHES = [
    *(iban.explain(v) for v in ("", "CH93 0076 2011 6238 5295 7!", "CH9", "1H93 0076 2011 6238 5295 7",
                                "QQ93 1234 5678", "CH9A00762011623852957", "CH93 0076 2011 6238 5295",
                                "NL56 3003 0A17 1643 00", "CH93 0076 2011 6238 5295 8", "CH99 0076 2011 6238 5295 7")),
    iban.warning("CH93 0076 2011 6238 5295 7") or "the CH national check digits do not match — confirm the account "
                                                   "with the payee",
    *(ccp.explain(v) for v in ("", "10-ABC-7", "10-8060", "10-8060-8")),
    *(qrr.explain(v) for v in ("", 2.1e20, "21000000000313947143000901A", "2100000000031394714300090177",
                               "313947143000901", "000000000000000000000000000", "210000000003139471430009018")),
    *(scor.explain(v) for v in ("", "XX18 5390 0754 7034", "RF18 5390 0754 7034!", "RF1", "RFAB539007547034",
                                "RF19 5390 0754 7034")),
    *(uid.explain(v) for v in ("", "CHE-107.787.578", "CHE-107.787.577 XYZ", "ABC-107.787.577", "CHE-107.787",
                               "CHE-1O7.787.577")),
    *(postcode.explain(v) for v in ("", "10000", "9999")),
    *(explain_account_reference(a, r, k) for a, r, k in (
        ("FR7630066100410001057380116", "", "NON"), ("CH93 0076 2011 6238 5295 8", "", "NON"),
        ("CH4431999123000889012", "RF18539007547034", "SCOR"), ("CH9300762011623852957", "210000000003139471430009017",
                                                                  "QRR"),
        ("CH9300762011623852957", "X", "ZZZ"), ("CH4431999123000889012", "210000000003139471430009018", "QRR"),
        ("CH9300762011623852957", "RF19539007547034", "SCOR"), ("CH9300762011623852957", "ABC", "NON"))),
    *(v.reason for v in check("qr-iban", ["FR7630066100410001057380116", "CH9300762011623852957"])),
]


def _oracle_reasons() -> list[str]:
    reasons = []
    for name, explain in (("iban_vectors_swissqrbill.tsv", iban.explain), ("qrr_vectors_libs.tsv", qrr.explain),
                          ("scor_vectors_libs.tsv", scor.explain)):
        rows = (ROOT / "tests/data/ids" / name).read_text(encoding="utf-8").splitlines()
        for row in csv.DictReader((r for r in rows if not r.startswith("#")), delimiter="\t"):
            if row["kind"] == "validate":
                reasons.append(explain(row["input"]))
    rows = (ROOT / "tests/data/ids/account_reference_combination_vectors.tsv").read_text(encoding="utf-8").splitlines()
    for row in csv.DictReader((r for r in rows if not r.startswith("#")), delimiter="\t"):
        reasons.append(explain_account_reference(row["account"], row["reference"], row["reference_type"]))
    return [reason for reason in reasons if reason]


# English words every reason is made of, none of them a French, German or Italian word
ENGLISH = {"has", "have", "is", "the", "with", "digits", "digit", "characters", "check", "compare", "must",
           "only", "and", "contains", "starts", "wrong", "empty", "reference", "account", "use", "slip", "letters"}


def _english_words(text: str) -> set[str]:
    return set(text.replace(";", " ").replace(",", " ").replace("(", " ").split()) & ENGLISH


@pytest.mark.parametrize("language", ["fr", "de", "it"])
def test_every_reason_is_said_in_the_language_with_no_english_word_left(language):
    reasons = [r for r in BRANCHES if r] + _oracle_reasons()
    assert len({r.partition(" — ")[0] for r in BRANCHES if r}) >= 38  # every branch gave its own message
    for reason in reasons:
        text = said(reason, language)
        assert text != reason, reason
        assert not _english_words(text), (reason, text, _english_words(text))
        assert text.count(" — ") == reason.count(" — "), (reason, text)


def test_the_values_of_a_reason_are_kept_and_its_words_translated():
    # By hand from the catalogue: "has 20 characters; CH IBANs have 21 — a character is missing", prefixed by
    # explain_account_reference with "account"
    reason = explain_account_reference("CH93 0076 2011 6238 5295", "", "NON")
    assert reason == "account has 20 characters; CH IBANs have 21 — a character is missing"
    assert said(reason, "fr") == "le compte a 20 caractères ; les IBAN CH en ont 21 — il manque un caractère"
    assert said(reason, "de") == "das Konto hat 20 Zeichen; CH-IBAN haben 21 — ein Zeichen fehlt"
    assert said(qrr.explain("210000000003139471430009018"), "it") == (
        "ha una cifra di controllo errata (8, attesa 7) — confrontatelo con la polizza di versamento")
    assert said(iban.explain("CH93 0076 2011 6238 5295 7!"), "de") == (
        "enthält '!'; ein IBAN hat nur Buchstaben und Ziffern — tippen Sie sie vom Einzahlungsschein neu ab")
    assert said("", "de") == "" and said(None, "de") is None
    assert said("something engine.ids never says", "de") == "something engine.ids never says"


@pytest.mark.parametrize("language, words", [
    ("de", ("ungültig\tiban 'CH93 0076 2011 6238 5295 8' hat falsche Prüfziffern — vergleichen Sie sie mit dem "
            "Einzahlungsschein")),
    ("fr", ("invalide\tiban 'CH93 0076 2011 6238 5295 8' a de faux chiffres de contrôle — comparez-le avec le "
            "bulletin de versement"))])
def test_comptoir_id_says_the_reason_in_the_systems_language(monkeypatch, capsys, language, words):
    monkeypatch.setenv("COMPTOIR_LANGUAGE", language)
    assert main(["id", "iban", "CH93 0076 2011 6238 5295 8"]) == 1
    out = capsys.readouterr().out
    assert words in out and "wrong check digits" not in out
    assert main(["id", "iban", "CH93 0076 2011 6238 5295 8", "--json"]) == 1
    [verdict] = json.loads(capsys.readouterr().out)
    assert verdict["reason"] == said("has wrong check digits — compare it with the payment slip", language)


def test_comptoir_id_in_english_keeps_the_oracles_words(monkeypatch, capsys):
    monkeypatch.setenv("COMPTOIR_LANGUAGE", "en")
    assert main(["id", "iban", "CH93 0076 2011 6238 5295 8"]) == 1
    assert "has wrong check digits — compare it with the payment slip" in capsys.readouterr().out


def test_a_german_books_creditor_iban_is_named_wrong_in_german(monkeypatch, tmp_path):
    """A creditor's IBAN typed with a wrong check digit (…5295 8 where 7 is right, MOD 97-10) is a warning at its
    cell, in the words of the German book (the system English)."""
    monkeypatch.setenv("COMPTOIR_LANGUAGE", "en")
    book = Book.open(templates.write("invoicing", tmp_path / "rechnungen.xlsx", "de"))
    book.put("Creditors", [book.new("Creditors", creditor_id=1, name="Papeterie SA", iban="CH93 0076 2011 6238 5295 8")])
    [warning] = fill_creditor_bank(book).warnings
    assert ('IBAN "CH93 0076 2011 6238 5295 8" hat falsche Prüfziffern — vergleichen Sie sie mit dem '
            "Einzahlungsschein") in warning.message


def test_the_iban_reason_formula_speaks_the_systems_language(monkeypatch):
    monkeypatch.setenv("COMPTOIR_LANGUAGE", "fr")
    assert flat(call("CH_IBAN_REASON", column(["CH93 0076 2011 6238 5295 8", "CH9300762011623852957"]))) == [
        "a de faux chiffres de contrôle — comparez-le avec le bulletin de versement", ""]
