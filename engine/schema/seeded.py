"""The reference data a new book starts with, in the book's language (issue 18): the chart of accounts, the VAT codes
and the movement types of ``engine/data/*.tsv``.

A file's column holds the French word (the manuals'); the same column with a language suffix (``Name.de``,
``Label.it``, ``Type.en``) the word a book in that language starts with. One row, one thing in four languages: so a
book made in German reads "Bankspesen" where a French one reads "Frais bancaires", ``book translate`` renames what
still carries a seeded word (a name of the user's own stays), and the program knows a movement type by its stable
code (``bank_charges``) whatever the book calls it.

>>> row = next(r for r in rows("accounts.tsv") if r["Number"] == "1100")
>>> [word(row, "Name", lang) for lang in ("fr", "de", "it", "en")]
['Débiteurs', 'Debitoren', 'Crediti da forniture e prestazioni', 'Trade receivables']
>>> movement_type_code("Bankspesen"), movement_type_code("Frais bancaires"), movement_type_code("Loyer Muster")
('bank_charges', 'bank_charges', '')
>>> movement_type_name("receipt_unidentified", "it")
'Incasso non identificato'
"""
from __future__ import annotations

import csv
from functools import cache
from importlib import resources

LANGUAGES = ("fr", "de", "it", "en")  # the unsuffixed column is French
MOVEMENT_TYPES = "movement_types.tsv"


@cache
def _rows(name: str) -> tuple[dict, ...]:
    text = resources.files("engine.data").joinpath(name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return tuple(csv.DictReader(lines, delimiter="\t"))


def rows(name: str) -> list[dict]:
    """Rows of a reference data file (``#`` lines are its provenance header), each column as written."""
    return [dict(row) for row in _rows(name)]


def word(row: dict, header: str, language: str) -> str:
    """The value of ``header`` in ``row`` for a book in ``language`` (French when the file has no translation)."""
    if language != "fr":
        translated = row.get(f"{header}.{language}")
        if translated:
            return translated
    return row.get(header) or ""


def words(row: dict, header: str) -> set[str]:
    """Every language's word of ``header`` in ``row``."""
    return {word(row, header, lang) for lang in LANGUAGES} - {""}


@cache
def translated_headers(name: str) -> tuple[str, ...]:
    """The columns of ``name`` that have words in other languages (Name, Label, Type, LabelTemplate)."""
    found = _rows(name)[0].keys() if _rows(name) else ()
    return tuple(h for h in found if "." not in h and any(f"{h}.{lang}" in found for lang in LANGUAGES))


# -- movement types -----------------------------------------------------------------------------------------------

@cache
def _type_codes() -> dict[str, str]:
    """A seeded movement type's name in any language (as written, and folded) → its code."""
    found = {}
    for row in _rows(MOVEMENT_TYPES):
        for name in words(row, "Type"):
            found[name] = found[_fold(name)] = row["Code"]
    return found


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def movement_type_code(name: str | None) -> str:
    """The code of the seeded type ``name`` names in any of the four languages ("" for a type of the user's own)."""
    if not name:
        return ""
    codes = _type_codes()
    return codes.get(name) or codes.get(_fold(name), "")


@cache
def _type_row(code: str) -> dict | None:
    return next((row for row in _rows(MOVEMENT_TYPES) if row["Code"] == code), None)


def movement_type_name(code: str, language: str) -> str:
    """The seeded type ``code``'s name in ``language`` (the code itself when it is not a seeded type's)."""
    row = _type_row(code)
    return word(row, "Type", language) if row else code


def movement_type_label(code: str, language: str) -> str:
    """The seeded type ``code``'s label template in ``language`` ("" when it is not a seeded type's)."""
    row = _type_row(code)
    return word(row, "LabelTemplate", language) if row else ""


# -- book translate ----------------------------------------------------------------------------------------------

def _key_text(value) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value if value is not None else "")


@cache
def _by_key(name: str, keys: tuple[str, ...]) -> dict[tuple, list[dict]]:
    """The rows of ``name`` by the values of their key columns that have no translation (Number; Code and
    ValidFrom), each key's rows in file order."""
    plain = tuple(h for h in keys if h not in translated_headers(name))
    found: dict[tuple, list[dict]] = {}
    for row in _rows(name):
        found.setdefault(tuple(row.get(h) or "" for h in plain), []).append(row)
    return found


def renamed(schema, record, to: str) -> dict[str, str]:
    """Field → its word in ``to`` for each column of a seeded sheet's ``record`` that still holds the word a new
    book starts with, in any language (a name of the user's own stays): ``book translate`` renames Banque to Bank,
    Frais bancaires to Bankspesen, and leaves "UBS Geschäftskonto" alone."""
    if not schema.seed:
        return {}
    translated = translated_headers(schema.seed)
    columns = {col.field: col.header for col in schema.columns}
    keys = tuple(columns[field] for field in schema.key)
    plain = tuple(_key_text(getattr(record, field)) for field in schema.key if columns[field] not in translated)
    fields = {col.header: col.field for col in schema.columns if col.header in translated}
    for row in _by_key(schema.seed, keys).get(plain, ()):
        if all(getattr(record, fields[h]) in words(row, h) for h in keys if h in translated):
            return {field: word(row, header, to) for header, field in fields.items()
                    if isinstance(getattr(record, field), str) and getattr(record, field) in words(row, header)
                    and getattr(record, field) != word(row, header, to)}
    return {}
