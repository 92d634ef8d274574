"""The words of the ledger's commands (``ledger balance|extract|vat|vat-return|close|open|reopen|statements|revalue``
and ``report``) in the book's language (issue 18): table headers and result lines, from the catalogue's
``engine/locale/LANG/ledger.po``, keyed by their English text under ``msgctxt "ledger"`` — a header such as
"Balance" or "Total" is a word other areas may translate otherwise, so the context keeps them apart.

The language is the one :func:`engine.i18n.language` says: the book the command opened (a German ledger answers in
German), else the system's.

>>> say("Balance", "de"), say("Imputed to {period}", "fr", period="2026-Q1")
('Saldo', "Période d'imputation 2026-Q1")
"""
from __future__ import annotations

from engine.i18n import pgettext

CONTEXT = "ledger"


def say(message: str, language: str | None = None, /, **values) -> str:
    """``message`` (the English text) in ``language`` (default: the book's, else the system's), ``{names}`` filled."""
    text = pgettext(CONTEXT, message, language)
    return text.format(**values) if values else text


def headers(*words: str) -> list[str]:
    """Several column headers at once, in the book's language."""
    return [say(word) for word in words]
