"""The message catalogue (issue 18): every message in the four languages with the same placeholders, every message
the code says is in it, the ribbon's words too; a command speaks the book's language, else the system's."""
from __future__ import annotations

import ast
import gettext
import re
import shutil
import subprocess
from string import Formatter

import pytest

from addin.ribbon_words import localized, untranslated
from engine import i18n, templates
from engine.cli import main
from tests.conftest import ROOT


def _blanks(text: str) -> frozenset:
    return frozenset(name for _, name, _, _ in Formatter().parse(text) if name is not None)


def catalogues() -> dict[str, dict]:
    return {language: i18n.parse_po(i18n.po_text(language)) for language in i18n.LANGUAGES}


def test_every_message_exists_in_all_four_languages_with_the_same_placeholders():
    books = catalogues()
    keys = set(books["en"])
    assert len(keys) > 150
    for language, entries in books.items():
        assert set(entries) == keys, (language, set(entries) ^ keys)
        for key, text in entries.items():
            assert text.strip(), (language, key)
            assert _blanks(text) == _blanks(books["en"][key]), (language, key, text)
            # codes in brackets stay as they are, for support
            assert re.findall(r"\[[A-Z0-9]+\]", text) == re.findall(r"\[[A-Z0-9]+\]", books["en"][key])


def test_english_messages_are_their_own_ids():
    for (context, msgid), text in catalogues()["en"].items():
        if not context:
            assert text == msgid


def _said_in_code() -> set[str]:
    said = set()
    for folder in ("engine", "addin"):
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                name = getattr(node, "func", None) and getattr(node.func, "id", getattr(node.func, "attr", ""))
                if name in ("tr", "gettext", "_cell_error"):  # _cell_error: a cell's problem and its hint
                    said.update(arg.value for arg in node.args[:2 if name == "_cell_error" else 1]
                                if isinstance(arg, ast.Constant))
    return said


def test_every_message_the_code_says_is_in_the_catalogue():
    said = _said_in_code()
    assert len(said) >= 30
    known = {msgid for context, msgid in catalogues()["en"] if not context}
    assert said - known == set()


def test_every_ribbon_label_and_button_has_its_words():
    custom_ui = (ROOT / "macros" / "customUI.xml").read_bytes()
    assert untranslated(custom_ui) == []
    german = localized(custom_ui, "de").decode()
    assert 'label="Buchen"' in german and 'label="Bankdateien importieren"' in german
    assert german.count("supertip=") == custom_ui.decode().count("<button ")
    from xml.etree import ElementTree
    ElementTree.fromstring(localized(custom_ui, "fr"))  # still well-formed XML


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext's msgfmt is not installed")
def test_the_catalogue_compiled_in_memory_says_what_msgfmt_compiles(tmp_path):
    for language in i18n.LANGUAGES:
        mo = tmp_path / f"{language}.mo"
        merged = tmp_path / f"{language}.po"
        merged.write_text(i18n.po_text(language), encoding="utf-8")  # msgfmt also refuses a message id given twice
        subprocess.run(["msgfmt", "-o", str(mo), str(merged)], check=True)
        with open(mo, "rb") as handle:
            theirs = gettext.GNUTranslations(handle)
        ours = i18n.catalogue(language)
        for context, msgid in i18n.parse_po(i18n.po_text(language)):
            if context:
                assert ours.pgettext(context, msgid) == theirs.pgettext(context, msgid)
            else:
                assert ours.gettext(msgid) == theirs.gettext(msgid)


def test_the_language_is_the_books_else_the_systems(monkeypatch):
    monkeypatch.delenv("COMPTOIR_LANGUAGE", raising=False)
    monkeypatch.delenv("LANGUAGE", raising=False)
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "de_CH.UTF-8")
    assert i18n.language() == "de" and i18n.language("fr") == "fr" and i18n.language("en") == "de"
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert i18n.language() == "en"
    monkeypatch.setenv("LC_ALL", "it_CH.UTF-8")
    assert i18n.language() == "it"


def test_check_speaks_the_books_language_and_keeps_codes(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("COMPTOIR_LANGUAGE", "en")  # the system says English; the book says French
    path = templates.write("invoicing", tmp_path / "factures.xlsx", "fr")
    from engine.store.book import Book
    book = Book.open(path)
    book.put("Clients", [book.new("Clients", client_id=1, company="Favre SA", receivables_account="9999")])
    book.save()
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    # Compte débiteurs (ReceivablesAccount) "9999" is no account of the chart (Plan comptable)
    assert 'erreur: factures.xlsx: Débiteurs!Q2: Compte débiteurs « 9999 » n\'existe pas dans Plan comptable' in out
    assert "factures.xlsx : 1 erreur(s), 0 avertissement(s)" in out
    # the same book translated to German: the same problem in German, outside the command the system's English
    assert main(["book", "translate", str(path), "--to", "de"]) == 0
    assert main(["check", str(path)]) == 1
    assert "Fehler: factures.xlsx: Debitoren!Q2: Debitorenkonto «9999» existiert nicht in Kontenplan" in \
        capsys.readouterr().out
    assert i18n.language() == "en"


@pytest.mark.parametrize("typed", ["abc", "1e300", True, "31.02.2026", "peut-être", "2.5"])
def test_a_cell_that_cannot_be_read_is_named_in_the_books_language(typed):
    from engine.store.book import Book
    # PaymentTermDays (a whole number), Discount (a rate), Archived (yes/no): each typed wrong in a German book
    column = {"abc": "Rabatt", "1e300": "Rabatt", True: "Rabatt", "31.02.2026": "Rabatt", "peut-être": "Archiviert",
              "2.5": "Zahlungsfrist (Tage)"}[typed]
    rows = {"Einstellungen": [["Schlüssel", "Wert"]], "Debitoren": [["Kunden-Nr.", column], [1.0, typed]]}
    book = Book.from_rows(rows, kind="invoicing")
    book.records("Clients")
    [problem] = [p for p in book.problems if p.severity == "error"]
    english = catalogues()["en"]
    german = {english[key]: text for key, text in catalogues()["de"].items() if not key[0]}
    assert problem.message not in english.values() and problem.hint in german.values(), str(problem)
    assert str(problem.source) == "memory: Debitoren!B2"


def test_a_message_is_kept_in_one_file_of_its_language():
    # The catalogue of a language is split by area (engine/locale/LANG/*.po); the same id in two files would make
    # one translation silently win over the other.
    for language in i18n.LANGUAGES:
        seen: dict[tuple[str, str], str] = {}
        for entry in i18n.po_files(language):
            for key in i18n.parse_po(entry.read_text(encoding="utf-8")):
                assert key not in seen, f"{language}: {key} is in both {seen[key]} and {entry.name}"
                seen[key] = entry.name
