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

The program names the seeded types by a stable code (engine/data/movement_types.tsv); a book's row is that type
when its name is the seeded one in any of the four languages, so a German book's "Bankspesen", a French one's
"Frais bancaires" and a book translated or renamed to another language's word all work. A proposal carries the
book's own name for the type, or the seeded name in the book's language when the book has no such row:

>>> german = MovementTypes([MovementType(name="Bankspesen", direction="debit", counter_account="6940")], "de")
>>> german.get(BANK_CHARGES).counter_account, german.name_of(BANK_CHARGES), german.name_of(UNIDENTIFIED["credit"])
('6940', 'Bankspesen', 'Nicht identifizierter Zahlungseingang')
"""
from __future__ import annotations

from dataclasses import dataclass

from engine.schema import seeded

# the seeded types the program itself proposes or looks for (their codes in engine/data/movement_types.tsv)
UNIDENTIFIED = {"credit": "receipt_unidentified", "debit": "payment_unidentified"}
IDENTIFIED = {"credit": "receipt_identified", "debit": "payment_identified"}
GROUPED_QR = "receipt_qr_grouped"
GROUPED_PAYMENTS = "payments_grouped"  # an outgoing batch: its details are paid through 9908
SALARIES = "salaries"
BANK_CHARGES = "bank_charges"
RETURNED = "payment_returned"
DD_RETURNED = "direct_debit_returned"  # a direct debit taken back (Rückbelastung: PRDD, UPDD)


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
    code: str = ""  # the seeded type this is, whatever its language ("" for a type of the user's own)

    def __post_init__(self):
        if not self.code:
            object.__setattr__(self, "code", seeded.movement_type_code(self.name))

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
    """The types by name and by seeded code, and a cache from (direction, bank code) to the best type.
    ``language``: the book's, for the name of a seeded type the book has no row of (French by default, as the
    manual's types were before books spoke other languages)."""

    def __init__(self, types, language: str = "fr"):
        self.by_name = {t.name: t for t in types}
        self.by_code: dict[str, MovementType] = {}
        for kind in self.by_name.values():
            if kind.code:
                self.by_code.setdefault(kind.code, kind)
        self.language = language if language in seeded.LANGUAGES else "en"
        self._cache: dict[tuple[str, str], MovementType | None] = {}

    @classmethod
    def from_records(cls, records, language: str = "fr") -> "MovementTypes":
        return cls((MovementType.from_record(r) for r in records if r.type), language)

    def get(self, key: str) -> MovementType | None:
        """The type of seeded code ``key`` (``bank_charges``), else the type named ``key``."""
        return self.by_code.get(key) or self.by_name.get(key)

    def name_of(self, key: str) -> str:
        """What the book calls the type ``key`` (a seeded code or a name): its row's name, else the seeded name in
        the book's language."""
        kind = self.get(key)
        return kind.name if kind is not None else seeded.movement_type_name(key, self.language)

    def label_of(self, key: str) -> str:
        """The label template of the type ``key``: its row's, else the seeded one in the book's language."""
        kind = self.get(key)
        return kind.label if kind is not None else seeded.movement_type_label(key, self.language)

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
