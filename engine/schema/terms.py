"""The bookkeeper's words (issue 18): every sheet name, column header and drop-down value of both books in English,
French, German and Italian, from one table (``engine/data/terms.tsv``).

The code keeps the English names; the store maps a book's own words to them when it reads and back when it writes,
so a book made in French, or one whose user renamed a header to another language's word, reads the same.

>>> sheet_name("Journal", "de"), header("DueDate", "fr"), value("credit", "it")
('Buchungen', 'Échéance', 'accredito')
>>> from engine.schema import INVOICING
>>> codes = value_aliases(INVOICING.sheet("Movements").column("direction"))
>>> codes["belastung"], codes["crédit"], codes["credit"]
('debit', 'credit', 'credit')
>>> book_language(["Paramètres", "Débiteurs", "Documents", "Écritures"])
'fr'
"""
from __future__ import annotations

import csv
from collections import Counter
from functools import cache
from importlib import resources
from typing import Callable

LANGUAGES = ("en", "fr", "de", "it")


@cache
def _table() -> dict[str, dict[str, str]]:
    text = resources.files("engine.data").joinpath("terms.tsv").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return {row["key"]: row for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)}


def language_code(language: str | None) -> str:
    """``FR``, ``fr_CH.UTF-8``, ``de-CH`` → ``fr``/``de``; anything else → ``en``."""
    wanted = (language or "").strip().lower()[:2]
    return wanted if wanted in LANGUAGES else "en"


def _word(kind: str, name: str, language: str) -> str:
    row = _table().get(f"{kind}:{name}")
    return row[language_code(language)] if row else name


def sheet_name(name: str, language: str) -> str:
    return _word("sheet", name, language)


def header(name: str, language: str, sheet: str = "") -> str:
    """A column's header in ``language``: the sheet's own word for it when it has one (``column:Sheet/Header``)."""
    if sheet and f"column:{sheet}/{name}" in _table():
        return _word("column", f"{sheet}/{name}", language)
    return _word("column", name, language)


def value(code: str, language: str, column=None) -> str:
    """A drop-down value in ``language``: the column's own word for it when it has one (``value:Header/code``)."""
    if not code:
        return code
    own = f"{column.header}/{code}" if column is not None else ""
    return _word("value", own if own and f"value:{own}" in _table() else code, language)


def yes_no_words(language: str) -> tuple[str, str]:
    """The words of a yes/no drop-down in ``language``: (oui, non), (ja, nein), (sì, no); (TRUE, FALSE) in English."""
    return _word("yesno", "true", language), _word("yesno", "false", language)


def yes_no(value, language: str):
    """A yes/no cell as a book in ``language`` holds it (audit 18b: German books offered TRUE/FALSE). A French,
    German or Italian book holds its word, a text its drop-down offers and Excel, LibreOffice and openpyxl all read
    alike (a list of VRAI,FAUX would be text where Excel stores a boolean, and a boolean cell fails a list of words);
    an English book holds Excel's own TRUE/FALSE, which its drop-down offers. Anything not a bool is handed back."""
    if value.__class__ is not bool or language_code(language) == "en":
        return value
    return yes_no_words(language)[0 if value else 1]


def yes_no_text(value: bool, language: str) -> str:
    """A yes/no as a text cell of a book in ``language`` holds it (a Settings value): oui/non, ja/nein, TRUE/FALSE."""
    return yes_no_words(language)[0 if value else 1]


@cache
def _yes_no_readings() -> dict[str, bool]:
    return {_word("yesno", code, lang).casefold(): code == "true" for code in ("true", "false") for lang in LANGUAGES}


def yes_no_meaning(cell) -> bool | None:
    """What a yes/no cell means when it holds Excel's boolean or one of the four languages' words (oui, nein, FALSE);
    None for anything else (an x typed for yes, a word of one's own: a translation leaves it as typed)."""
    if cell.__class__ is bool:
        return cell
    return _yes_no_readings().get(cell.strip().casefold()) if isinstance(cell, str) else None


def setting_key(key: str, language: str) -> str:
    """A Settings key as the Settings sheet of a book in ``language`` shows it (``PaymentTermDays`` → ``Délai de
    paiement (jours)``)."""
    return _word("setting", key, language)


def _shown_language(language: str | None) -> str:
    if language is None:
        from engine import i18n
        language = i18n.book_language()
    return language_code(language)


def shown_sheet(sheet: str, language: str | None = None) -> str:
    """A sheet as the book the running command speaks for names it: code that names a sheet by its English name
    (``Source(book.name, "Journal")``) is shown the French ledger's Écritures; a name already the book's, or a
    sheet of the user's own, stays as it is (and every name outside a command)."""
    language = _shown_language(language)
    if language == "en" or english_sheet(sheet) != sheet:
        return sheet
    return sheet_name(sheet, language)


def shown_header(name: str, sheet: str = "", language: str | None = None) -> str:
    """A column's header as the book the running command speaks for shows it (``Period`` of Periods: Période)."""
    return header(name, _shown_language(language), sheet)


def shown_setting(key: str, language: str | None = None) -> str:
    """A Settings key as the book the running command speaks for shows it, for a message or hint that names it
    ("set Référence de pointage in Paramètres"): its word in ``language``, by default the book's
    (:func:`engine.i18n.book_language`); the English key outside a command (a test, the add-in, a new book's code).
    With the book at hand, :meth:`engine.store.settings.Settings.shown_key` also keeps a key typed in another
    language as the sheet shows it."""
    return setting_key(key, _shown_language(language))


@cache
def _setting_words() -> dict[str, str]:
    return {norm_header(row[lang]): key[8:] for key, row in _table().items() if key.startswith("setting:")
            for lang in LANGUAGES}


def english_setting(actual: object) -> object:
    """The key the code uses for a Settings key cell in any of the four languages (case and spaces aside); a key
    of no setting is handed back as it is (the Settings sheet keeps a user's own rows)."""
    return _setting_words().get(norm_header(actual), actual) if isinstance(actual, str) else actual


def report_sheet(name: str, language: str) -> str:
    """The name of a sheet Comptoir writes itself (``BalanceSheet``, ``Dashboard``, ``R_Debtors``) in ``language``;
    a name the table does not know stays as it is."""
    return _word("report", name, language)


def report_sheet_names(name: str) -> frozenset[str]:
    """Every name the sheet ``name`` may have in a book (its four languages'), so writing it again replaces it."""
    row = _table().get(f"report:{name}")
    return frozenset([name] + ([row[lang] for lang in LANGUAGES] if row else []))


@cache
def _report_words() -> dict[str, str]:
    return {norm_sheet(row[lang]): key[7:] for key, row in _table().items() if key.startswith("report:")
            for lang in LANGUAGES}


def english_report_sheet(actual: str) -> str | None:
    """The English name of a sheet Comptoir wrote (in any language), or None."""
    return _report_words().get(norm_sheet(actual))


def norm_header(text: object) -> str:
    """How headers are compared: case, spaces, underscores and a trailing dot do not count."""
    if text is None:
        return ""
    return str(text).strip().casefold().replace(" ", "").replace("_", "").rstrip(".")


def norm_sheet(text: str) -> str:
    return str(text).strip().casefold()


@cache
def header_aliases(name: str, sheet: str = "") -> frozenset[str]:
    """Every spelling that names the column ``name`` (English and its three translations, and the sheet's own
    words for it), normalised."""
    rows = [_table().get(f"column:{name}"), _table().get(f"column:{sheet}/{name}") if sheet else None]
    words = [name] + [row[lang] for row in rows if row for lang in LANGUAGES]
    return frozenset(norm_header(word) for word in words)


@cache
def _value_aliases(codes: tuple[str, ...], header_: str = "") -> dict[str, str]:
    aliases = {}
    for code in codes:
        # the words books wrote before first (was:), the general words, the column's own last: all read
        rows = (_table().get(f"was:{code}"), _table().get(f"value:{code}"),
                _table().get(f"value:{header_}/{code}") if header_ else None)
        for row in rows:
            for lang in LANGUAGES if row else ():
                aliases[row[lang]] = code
                aliases[row[lang].casefold()] = code
    return aliases


def code_option(codes) -> "Callable[[str], str]":
    """An argparse ``type`` for an option taking one of ``codes``: the bookkeeper may type the drop-down's word in
    any of the four languages (``--kind escompte``, ``--kind Skonto``), the command gets the code; a word that is no
    code's is handed on as typed, for argparse's ``choices`` to refuse with the list.

    >>> kind = code_option(("payment", "discount", "credit_note"))
    >>> kind("Skonto"), kind("note de crédit"), kind("payment"), kind("bogus")
    ('discount', 'credit_note', 'payment', 'bogus')
    """
    aliases = _value_aliases(tuple(codes))

    def read(text: str) -> str:
        word = text.strip()
        return aliases.get(word) or aliases.get(word.casefold()) or word
    read.__name__ = "value"  # argparse names the type in its error: "invalid value value"
    return read


class _Choice(str):
    """A code as an option's list shows it: equal to the code (argparse checks the value the type gave against
    it), written in the usage as its word in ``shown``'s language, and in a refusal as that word with the code."""

    def __new__(cls, code: str, shown: str):
        choice = super().__new__(cls, code)
        choice.shown = shown
        return choice

    def __str__(self) -> str:  # the usage: {Zahlung,Skonto,…}
        return self.shown

    def __repr__(self) -> str:  # the refusal: 'Zahlung' (payment), 'Skonto' (discount), …
        return repr(self.shown) if self.shown == str.__str__(self) else f"{self.shown!r} ({str.__str__(self)})"


def code_choices(codes, language: str | None = None) -> tuple:
    """The ``choices`` of an option taking one of ``codes`` (with :func:`code_option` as its type): the usage lists
    them in ``language`` (default: the system's, as the help is said; audit 18b: {payment,discount,…} under a German
    system) and a word that is none of them is refused naming each word and its code (``--kind blah``).

    >>> [str(c) for c in code_choices(("payment", "discount"), "de")], "discount" in code_choices(("discount",), "de")
    (['Zahlung', 'Skonto'], True)
    """
    if language is None:
        from engine import i18n
        language = i18n.system_language()
    return tuple(_Choice(code, value(code, language)) for code in codes)


def value_aliases(column) -> dict[str, str]:
    """A code column's translated values (as typed, and in lower case) → the code the program uses."""
    return _value_aliases(column.codes, getattr(column, "header", ""))


@cache
def _sheet_words() -> dict[str, tuple[str, str]]:
    """Normalised sheet name in any language → (English name, language)."""
    words = {}
    for key, row in _table().items():
        if key.startswith("sheet:"):
            for lang in reversed(LANGUAGES):  # English last: a name shared with English is English
                words[norm_sheet(row[lang])] = (key[6:], lang)
    return words


def english_sheet(actual: str) -> str | None:
    """The English name of a sheet named ``actual`` in any language, or None for a sheet of the user's own."""
    found = _sheet_words().get(norm_sheet(actual))
    return found[0] if found else None


def resolve_sheets(actual_names) -> dict[str, str]:
    """English sheet name → the name it has in this book (the first one found, when a book has two)."""
    mapping: dict[str, str] = {}
    for actual in actual_names:
        english = english_sheet(actual)
        if english and english not in mapping:
            mapping[english] = actual
    return mapping


def book_language(actual_names) -> str:
    """The language of a book's sheet names: the one most of them are in ("en" when they are English, or their
    words are the same in English, like Articles and Documents)."""
    counts = Counter()
    for actual in actual_names:
        found = _sheet_words().get(norm_sheet(actual))
        if found and found[1] != "en":
            counts[found[1]] += 1
    return counts.most_common(1)[0][0] if counts else "en"


def localized(schema, language: str):
    """``schema`` with its headers in ``language`` (fields, codes and the table name unchanged): the shape in which
    a sheet added to a book in that language is handed to the book's source."""
    from dataclasses import replace

    if language_code(language) == "en":
        return schema
    return replace(schema, columns=tuple(replace(col, header=header(col.header, language, schema.name), field=col.field)
                                         for col in schema.columns))


def schema_language(schema) -> str:
    """The language a :func:`localized` schema's headers are in."""
    from engine.schema import BOOKS

    english = next(book.sheet(schema.name) for book in BOOKS.values() if schema.name in book.names)
    for lang in LANGUAGES:
        if [header(col.header, lang, schema.name) for col in english.columns] == [col.header for col in schema.columns]:
            return lang
    return "en"
