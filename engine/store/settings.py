"""Typed access to the Settings sheet (Key | Value | Note), with the schema's defaults for missing keys.

>>> from engine.schema import INVOICING
>>> from engine.store.loader import load_table
>>> table, _ = load_table([["Key", "Value"], ["PaymentTermDays", 20.0]], INVOICING.sheet("Settings"))
>>> s = Settings(table, INVOICING.settings)
>>> s["PaymentTermDays"], s["DefaultCurrency"], s["Reminder2Fee"]
(20, 'CHF', Decimal('20.00'))
"""
from __future__ import annotations

from dataclasses import replace

from engine.errors import ComptoirError, Source
from engine.i18n import catalogue, tr
from engine.schema import terms
from engine.store.cells import READERS, CellError, is_empty
from engine.store.records import Table, record_class


class Settings:
    def __init__(self, table: Table, keys: tuple, language: str = "en"):
        self.language = language  # the book's: a key added to it gets its note in that language
        self._table = table
        self._keys = {key.key: key for key in keys}
        # the sheet shows a key in the book's language (Délai de paiement (jours)); the code asks by its English
        self._records = {terms.english_setting(record.key): record for record in table.records if record.key}

    def __getitem__(self, key: str):
        declared = self._keys.get(key)
        if declared is None:
            raise KeyError(f"unknown setting {key!r}")
        record = self._records.get(key)
        try:
            return self._read(declared, record)
        except ComptoirError as error:
            where = self._table.source(record, "value") if record is not None else \
                Source(self._table.file, self._table.title or "Settings")
            raise ComptoirError(tr("{where}: setting {key}: {problem}", self.language, where=where,
                                   key=self.shown_key(key), problem=error.message),
                                error.hint) from None

    def _read(self, declared, record):
        raw = record.value if record is not None and not is_empty(record.value) else declared.default
        if is_empty(raw):
            return None
        try:
            value = READERS[declared.kind](raw)
        except CellError as error:  # said in the book's language, as the loader says a cell's problem
            raise ComptoirError(tr(error.template, self.language, **error.values) if error.values else error.message,
                                tr(error.hint, self.language) if error.hint else "") from None
        return self._code(declared, value) if declared.codes and value is not None else value

    def _code(self, declared, value: str) -> str:
        """A setting with a list of values: one of them (in any case or language), else refused — PointageReference
        "bogus" must not post as if it said number (audit 17)."""
        text = str(value).strip()
        aliases = terms.value_aliases(declared)
        found = {code.casefold(): code for code in declared.codes}.get(text.casefold()) or aliases.get(text) or \
            aliases.get(text.casefold())
        if found is None or found not in declared.codes:
            words = [terms.value(c, self.language) for c in declared.codes if c]  # as the book shows them
            raise ComptoirError(tr('"{value}" is not one of its values', self.language, value=text),
                                tr("choose one of {choices} (or leave it empty for {empty})", self.language,
                                   choices=", ".join(words), empty=terms.value(declared.default, self.language))
                                if declared.default else
                                tr("choose one of {choices} (or leave it empty)", self.language,
                                   choices=", ".join(words)))
        return found

    def problems(self) -> list:
        """Every setting whose value cannot be read, at its cell (check says what posting would refuse)."""
        from engine.errors import Problem
        out = []
        for key, record in self._records.items():
            if key in self._keys:
                try:
                    self._read(self._keys[key], record)
                except ComptoirError as error:
                    out.append(Problem(self._table.source(record, "value"),
                                       tr("setting {key}: {problem}", self.language,
                                          key=self.shown_key(key), problem=error.message),
                                       error.hint))
        return out

    def shown_key(self, key: str) -> str:
        """The key ``key`` (English) as this book's Settings sheet shows it: the row's own words when it has the
        row (a key typed in English in a French book stays English), else the book's language's."""
        record = self._records.get(key)
        return str(record.key).strip() if record is not None else terms.setting_key(key, self.language)

    def get(self, key: str, default=None):
        value = self[key]
        return default if value is None else value

    def updated(self, values: dict) -> list:
        """The Settings records with ``values`` set (added at the end when the key is not there yet)."""
        cls = record_class(self._table.schema)
        records = list(self._table.records)
        for key, value in values.items():
            if key not in self._keys:
                raise KeyError(f"unknown setting {key!r}")
            if value.__class__ is bool:  # ja / nein in a German book, TRUE / FALSE in an English one: never "False"
                value = terms.yes_no_text(value, self.language)
            text = "" if value is None else (value.isoformat() if hasattr(value, "isoformat") else str(value))
            if self._keys[key].codes and text:
                text = terms.value(text, self.language)  # a drop-down word in the book's language
            for index, record in enumerate(records):
                if terms.english_setting(record.key) == key:
                    records[index] = replace(record, value=text)
                    break
            else:
                note = self._keys[key].note  # in the book's language, as a new book writes it
                records.append(cls(key=terms.setting_key(key, self.language), value=text, note=catalogue(self.language).pgettext("setting-note", note)
                                   if note else note))
        return records
