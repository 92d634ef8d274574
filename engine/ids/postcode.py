"""Swiss postal code (NPA / PLZ, 4 digits) → the localities it serves; one code may serve several.

Data: ``engine/data/ch_postcodes.tsv`` (countries-states-cities-database via the PyPI package
countrystatecity-postal-codes, ODbL; provenance in the file header). It covers Switzerland only: Liechtenstein's
codes (9485–9498) are not in it. The CH- prefix and spaces people type are accepted.

>>> [place.name for place in localities("1041")][:3]
['Bottens', 'Dommartin', 'Montaubion-Chardonney']
>>> localities("CH-8001")[0].canton
'ZH'
>>> localities("0000")
()
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from engine.ids._text import as_text

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "ch_postcodes.tsv"


@dataclass(frozen=True, slots=True, kw_only=True)
class Locality:
    postcode: str
    name: str
    canton: str


@cache
def _table() -> dict[str, tuple[Locality, ...]]:
    table: dict[str, list[Locality]] = {}
    lines = (line for line in DATA_FILE.read_text("utf-8").splitlines() if line and not line.startswith("#"))
    next(lines)  # header
    for line in lines:
        code, name, canton = line.split("\t")
        table.setdefault(code, []).append(Locality(postcode=code, name=name, canton=canton))
    return {code: tuple(places) for code, places in table.items()}


def compact(value: object) -> str:
    """The 4 digits of a typed postcode (``CH-8001``, ``8001``, 8001.0)."""
    text = as_text(value).strip().upper().replace(" ", "")
    return text[3:] if text.startswith("CH-") else text.removeprefix("CH")


def localities(value: object) -> tuple[Locality, ...]:
    """Every locality the postcode serves, in alphabetical order; () when the code is unknown."""
    return _table().get(compact(value), ())


def explain(value: object) -> str:
    """Why ``value`` is not a known Swiss postcode, or ''."""
    code = compact(value)
    if not code:
        return "is empty — type the 4-digit postcode"
    if len(code) != 4 or not (code.isascii() and code.isdigit()):
        return "is not a Swiss postcode (4 digits) — check the address"
    if code not in _table():
        return "is not in the list of Swiss postcodes — check the address (Liechtenstein codes are not listed)"
    return ""
