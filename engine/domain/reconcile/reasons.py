"""Why recognition proposes what it proposes, said in the book's language (issue 15, item 12): one table of terms,
``engine/data/reasons.tsv`` (French, German, Italian, English), the references left as they are, an ISO code in
brackets after the words that say it.

>>> say = Reasons.of("fr").say
>>> say("to_invoice", source=say("qr_source", reference="210000000003139471430009017"), number="F-1",
...     paid=say("paid_full"))
'référence QR 210000000003139471430009017 → facture F-1 (payée entièrement)'
>>> Reasons.of("de").say("no_match", code="PMNT/RCDT/AUTT")
'keine Referenz, Regel oder Rechnung passt (PMNT/RCDT/AUTT)'
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

LANGUAGES = ("fr", "de", "it", "en")


@cache
def _table() -> dict[str, dict[str, str]]:
    text = resources.files("engine.data").joinpath("reasons.tsv").read_text(encoding="utf-8")
    rows = csv.DictReader((line for line in text.splitlines() if not line.startswith("#")), delimiter="\t",
                          quoting=csv.QUOTE_NONE)
    return {row["Key"]: row for row in rows}


@dataclass(frozen=True, slots=True)
class Reasons:
    language: str = "en"

    @classmethod
    def of(cls, language: str | None) -> "Reasons":
        wanted = (language or "en").lower()[:2]
        return cls(wanted if wanted in LANGUAGES else "en")

    def say(self, key: str, **values) -> str:
        return _table()[key][self.language].format(**values)
