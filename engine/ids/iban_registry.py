"""Country formats of the IBAN (ISO 13616-1 and the SWIFT IBAN registry).

The table is read from the copy bundled with schwifty (``iban_registry/generated.json``, generated from the SWIFT
IBAN Registry, plus its ``overwrite.json`` corrections). Countries marked *aspirational* there publish IBANs that
are not (yet) in the SWIFT registry (e.g. the BCEAO zone): they are accepted, with a warning, because rejecting
a number a bank really issues is worse than accepting an unregistered format (STYLE.md, python-stdnum's rule).

The registry's BBAN notation: ``n`` digits, ``a`` upper-case letters, ``c`` letters or digits, ``!`` fixed length.

>>> spec = country("CH")
>>> spec.length, spec.bban_spec
(21, '5!n12!c')
>>> bool(spec.regex.fullmatch("CH9300762011623852957"))
True
>>> country("QQ") is None
True
"""
from __future__ import annotations

import importlib.util
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

_REGEX = {"n": "[0-9]", "a": "[A-Z]", "c": "[A-Z0-9]", "e": " "}
_KIND = {"n": "digit", "a": "letter", "c": "letter or digit", "e": "space"}


@dataclass(frozen=True, slots=True, kw_only=True)
class CountrySpec:
    """One country's IBAN: total length, BBAN layout and a compiled pattern for the whole IBAN."""

    code: str
    length: int
    bban_spec: str
    regex: re.Pattern
    aspirational: bool = False
    bank_code: tuple[int, int] | None = None  # slice of the BBAN holding the bank (IID for CH/LI)

    def expected_at(self, position: int) -> str:
        """What the registry expects at 0-based ``position`` of the IBAN ('digit', 'letter', ...)."""
        if position < 2:
            return "letter"
        if position < 4:
            return "digit"
        offset = 4
        for count, kind in _fields(self.bban_spec):
            if position < offset + count:
                return _KIND[kind]
            offset += count
        return "nothing"


def _fields(spec: str) -> list[tuple[int, str]]:
    return [(int(count), kind) for count, kind in re.findall(r"(\d+)!?([nace])", spec)]


def _pattern(code: str, spec: str) -> re.Pattern:
    bban = "".join(f"{_REGEX[kind]}{{{count}}}" for count, kind in _fields(spec))
    return re.compile(f"{code}[0-9]{{2}}{bban}")


def _schwifty_dir() -> Path:
    # Located without importing schwifty: only its data is needed, and its import is slow.
    found = importlib.util.find_spec("schwifty")
    if found is None or not found.submodule_search_locations:
        raise RuntimeError("schwifty is not installed: it carries the IBAN registry Comptoir reads")
    return Path(next(iter(found.submodule_search_locations)))


def _merge(left: dict, right: dict) -> dict:
    merged = dict(left)
    for key, value in right.items():
        merged[key] = _merge(left[key], value) if isinstance(value, dict) and isinstance(left.get(key), dict) else value
    return merged


@cache
def countries() -> dict[str, CountrySpec]:
    """Every IBAN country, by ISO 3166 code."""
    folder = _schwifty_dir() / "iban_registry"
    data = _merge(json.loads((folder / "generated.json").read_text("utf-8")),
                  json.loads((folder / "overwrite.json").read_text("utf-8")))
    specs = {}
    for code, entry in data.items():
        if "bban_spec" not in entry or "iban_length" not in entry:
            continue
        bank = entry.get("positions", {}).get("bank_code")
        specs[code] = CountrySpec(
            code=code, length=int(entry["iban_length"]), bban_spec=entry["bban_spec"],
            regex=_pattern(code, entry["bban_spec"]), aspirational=bool(entry.get("aspirational")),
            bank_code=tuple(bank) if bank and bank[1] > bank[0] else None)
    return specs


def country(code: str) -> CountrySpec | None:
    """The spec of one country, or None when it issues no IBAN."""
    return countries().get(code)
