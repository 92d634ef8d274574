"""What the bank says about a movement beyond its amount — why a payment came back (``RtrInf/Rsn``) and the charges
it took (``Chrgs``) — written into the movement's text in the book's language, the ISO code in brackets, so the
bookkeeper reads « Retour : compte clôturé (AC04) » in the Movements sheet (issue 15, items 10 and 12).

>>> words = Words.of("fr")
>>> words.returned("AC04"), words.returned("XY99"), words.charges("2.50", "CHF")
('Retour : compte clôturé (AC04)', 'Retour (XY99)', 'frais CHF 2.50')
>>> Words.of("de").returned("AM04")
'Rückweisung: Deckung ungenügend (AM04)'
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

LANGUAGES = ("fr", "de", "it", "en")


@cache
def _table() -> dict[str, dict[str, str]]:
    text = resources.files("engine.data").joinpath("return_reasons.tsv").read_text(encoding="utf-8")
    rows = csv.DictReader((line for line in text.splitlines() if not line.startswith("#")), delimiter="\t")
    return {row["Code"]: row for row in rows}


@dataclass(frozen=True, slots=True)
class Words:
    language: str

    @classmethod
    def of(cls, language: str | None) -> "Words":
        wanted = (language or "fr").lower()[:2]
        return cls(wanted if wanted in LANGUAGES else "fr")

    def returned(self, code: str) -> str:
        table = _table()
        head = table["*"][self.language]
        colon = " : " if self.language == "fr" else ": "  # French typography: a space before the colon
        meaning = table.get(code.upper(), {}).get(self.language)
        return f"{head}{colon}{meaning} ({code})" if meaning else f"{head} ({code})"

    def charges(self, amount: str, currency: str | None) -> str:
        return f"{_table()['CHARGES'][self.language]} {currency or ''} {amount}".replace("  ", " ")
