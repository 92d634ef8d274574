"""The ledger commands' words (engine/locale/LANG/ledger.po, msgctxt "ledger"): every word the code says through
engine.ledger_words is in the catalogue, in the four languages (the shared checks of tests/test_messages.py
cover placeholders and brackets)."""
from __future__ import annotations

import ast

from engine import i18n
from tests.conftest import ROOT

SAME = {"Total", "Code", "Base", ", correction", "Saldo"}  # words a language writes as English does


def _constants(node) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _constants(node.body) + _constants(node.orelse)
    return []


def said_by_the_ledger_commands() -> set[str]:
    said = set()
    for path in (ROOT / "engine").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if "ledger_words import" not in text:
            continue
        for node in ast.walk(ast.parse(text)):
            name = getattr(node, "func", None) and getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name == "say" and node.args:
                said.update(_constants(node.args[0]))
            elif name == "headers":
                said.update(word for arg in node.args for word in _constants(arg))
    return said


def test_every_ledger_word_is_in_the_catalogue_in_four_languages():
    said = said_by_the_ledger_commands()
    assert len(said) > 40
    for language in i18n.LANGUAGES:
        known = {msgid for context, msgid in i18n.parse_po(i18n.po_text(language)) if context == "ledger"}
        assert said - known == set(), language
        assert known - said == set(), (language, "no longer said")
        if language != "en":
            untranslated = {m for m in known if i18n.pgettext("ledger", m, language) == m and m not in SAME}
            assert untranslated == set(), (language, untranslated)
