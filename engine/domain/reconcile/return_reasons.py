"""What the bank says about a movement beyond its amount — why a payment came back (``RtrInf/Rsn``) and the charges
it took (``Chrgs``) — written into the movement's text in the book's language, the ISO code in brackets, so the
bookkeeper reads « Retour : compte clôturé (AC04) » in the Movements sheet (issue 15, items 10 and 12). The words
are the message catalogue's (``engine/locale/LANG/*.po``, ``msgctxt "return-reason"``, the ISO code as key: issue 18).

>>> words = Words.of("fr")
>>> words.returned("AC04"), words.returned("XY99"), words.charges("2.50", "CHF")
('Retour : compte clôturé (AC04)', 'Retour (XY99)', 'frais CHF 2.50')
>>> Words.of("de").returned("AM04")
'Rückweisung: Deckung ungenügend (AM04)'
"""
from __future__ import annotations

from dataclasses import dataclass

from engine import i18n

LANGUAGES = ("fr", "de", "it", "en")


def _say(language: str, code: str) -> str | None:
    """The catalogue's words for ``code`` (ISO ExternalReturnReason1Code, * for "returned", CHARGES), or None."""
    said = i18n.catalogue(language).pgettext("return-reason", code)
    return None if said == code else said


@dataclass(frozen=True, slots=True)
class Words:
    language: str

    @classmethod
    def of(cls, language: str | None) -> "Words":
        wanted = (language or "fr").lower()[:2]
        return cls(wanted if wanted in LANGUAGES else "fr")

    def returned(self, code: str) -> str:
        head = _say(self.language, "*")
        colon = " : " if self.language == "fr" else ": "  # French typography: a space before the colon
        meaning = _say(self.language, code.upper())
        return f"{head}{colon}{meaning} ({code})" if meaning else f"{head} ({code})"

    def charges(self, amount: str, currency: str | None) -> str:
        return f"{_say(self.language, 'CHARGES')} {currency or ''} {amount}".replace("  ", " ")
