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

from engine.errors import ComptoirError
from engine.i18n import catalogue
from engine.store.cells import READERS, CellError, is_empty
from engine.store.records import Table, record_class


class Settings:
    def __init__(self, table: Table, keys: tuple, language: str = "en"):
        self.language = language  # the book's: a key added to it gets its note in that language
        self._table = table
        self._keys = {key.key: key for key in keys}
        self._records = {record.key: record for record in table.records if record.key}

    def __getitem__(self, key: str):
        declared = self._keys.get(key)
        if declared is None:
            raise KeyError(f"unknown setting {key!r}")
        record = self._records.get(key)
        raw = record.value if record is not None and not is_empty(record.value) else declared.default
        if is_empty(raw):
            return None
        try:
            return READERS[declared.kind](raw)
        except CellError as error:
            where = self._table.source(record, "value") if record is not None else key
            raise ComptoirError(f"{where}: setting {key}: {error.message}", error.hint) from None

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
            text = "" if value is None else (value.isoformat() if hasattr(value, "isoformat") else str(value))
            for index, record in enumerate(records):
                if record.key == key:
                    records[index] = replace(record, value=text)
                    break
            else:
                note = self._keys[key].note  # in the book's language, as a new book writes it
                records.append(cls(key=key, value=text, note=catalogue(self.language).pgettext("setting-note", note)
                                   if note else note))
        return records
