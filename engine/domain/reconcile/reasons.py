"""Why recognition proposes what it proposes, said in the book's language (issue 15, item 12): the recognition
reasons of the message catalogue (``engine/locale/LANG/*.po``, ``msgctxt "reason"``: issue 18), the references left
as they are, an ISO code in brackets after the words that say it.

>>> say = Reasons.of("fr").say
>>> say("to_invoice", source=say("qr_source", reference="210000000003139471430009017"), number="F-1",
...     paid=say("paid_full"))
'référence QR 210000000003139471430009017 → facture F-1 (payée entièrement)'
>>> Reasons.of("de").say("no_match", code="PMNT/RCDT/AUTT")
'keine Referenz, Regel oder Rechnung passt (PMNT/RCDT/AUTT)'
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from engine import i18n
from engine.money import format_amount

LANGUAGES = ("fr", "de", "it", "en")


@cache
def _table() -> dict[str, dict[str, str]]:
    """Reason key → {language: text}, as the catalogue has them (a test checks each is said in every language)."""
    table: dict[str, dict[str, str]] = {}
    for language in LANGUAGES:
        for (context, key), text in i18n.parse_po(i18n.po_text(language)).items():
            if context == "reason":
                table.setdefault(key, {})[language] = text
    return table


@dataclass(frozen=True, slots=True)
class Reasons:
    language: str = "en"
    settings_sheet: str = "Settings"  # the Settings sheet as the book names it (Paramètres, Einstellungen…)

    @classmethod
    def of(cls, language: str | None, settings_sheet: str = "Settings") -> "Reasons":
        wanted = (language or "en").lower()[:2]
        return cls(wanted if wanted in LANGUAGES else "en", settings_sheet)

    def say(self, key: str, **values) -> str:
        # the language is the one asked for (the book's), English included: never the system's
        values.setdefault("settings", self.settings_sheet)
        # amounts as a Swiss bookkeeper writes them (4'746.78), in every language (audit of issue 18)
        values = {name: format_amount(value) if isinstance(value, Decimal) else value for name, value in values.items()}
        return i18n.catalogue(self.language).pgettext("reason", key).format(**values)
