"""Movement types recognised from the bank transaction code and the direction (the MovementTypes sheet).

Codes follow the Swiss list of ISO 20022 bank transaction codes (SIX IG Cash Management Annex B; DOMAIN.md §6.1);
a type lists patterns ``Domain/Family/SubFamily`` where ``*`` stands for any part. The most specific pattern wins
(a concrete sub-family weighs most), so ``PMNT/RCDT/VCOM`` (grouped QR credit) beats ``PMNT/RCDT/*`` and ``*/*/CHRG`` beats ``PMNT/ICDT/*``.

>>> types = MovementTypes([MovementType(name="Frais", direction="debit", codes=("*/*/CHRG",), counter_account="6940"),
...                        MovementType(name="Paiement", direction="debit", codes=("PMNT/ICDT/*",), counter_account="2003")])
>>> types.for_code("debit", "PMNT/ICDT/CHRG").name, types.for_code("debit", "PMNT/ICDT/AUTT").name
('Frais', 'Paiement')
>>> types.for_code("credit", "PMNT/ICDT/AUTT") is None
True
"""
from __future__ import annotations

from dataclasses import dataclass

UNIDENTIFIED = {"credit": "Encaissement non identifié", "debit": "Paiement non identifié"}
IDENTIFIED = {"credit": "Encaissement identifié", "debit": "Paiement identifié"}
GROUPED_QR = "Encaissement QR groupé"
GROUPED_PAYMENTS = "Paiements groupés"  # an outgoing batch: its details are paid through 9908
SALARIES = "Salaires"


@dataclass(frozen=True, slots=True, kw_only=True)
class MovementType:
    name: str
    direction: str = "both"
    codes: tuple[str, ...] = ()
    counter_account: str = ""
    vat_code: str = ""
    analytic_code: str = ""
    exclude: bool = False
    label: str = ""

    @classmethod
    def from_record(cls, record) -> "MovementType":
        return cls(name=record.type, direction=record.direction or "both",
                   codes=tuple((record.bank_codes or "").split()), counter_account=record.counter_account or "",
                   vat_code=record.vat_code or "", analytic_code=record.analytic_code or "",
                   exclude=bool(record.exclude), label=record.label_template or "")


def _specificity(pattern: str) -> int:
    # a concrete sub-family (CHRG, INTR: "generic sub-families may follow any domain/family") outweighs the rest
    return sum(weight for part, weight in zip(pattern.split("/"), (1, 2, 4)) if part != "*")


def _matches(pattern: str, code: str) -> bool:
    wanted, given = pattern.split("/"), code.split("/")
    return len(wanted) == len(given) and all(w in ("*", g) for w, g in zip(wanted, given))


class MovementTypes:
    """The types by name, and a cache from (direction, bank code) to the best type."""

    def __init__(self, types):
        self.by_name = {t.name: t for t in types}
        self._cache: dict[tuple[str, str], MovementType | None] = {}

    @classmethod
    def from_records(cls, records) -> "MovementTypes":
        return cls(MovementType.from_record(r) for r in records if r.type)

    def get(self, name: str) -> MovementType | None:
        return self.by_name.get(name)

    def for_code(self, direction: str, code: str | None) -> MovementType | None:
        """The most specific type whose pattern matches ``code`` on this side (None: unknown)."""
        key = (direction, code or "")
        if key not in self._cache:
            best, score = None, None
            for kind in self.by_name.values():
                if kind.direction not in (direction, "both"):
                    continue
                for pattern in kind.codes:
                    if code and _matches(pattern, code) and (score is None or _specificity(pattern) > score):
                        best, score = kind, _specificity(pattern)
            self._cache[key] = best
        return self._cache[key]
