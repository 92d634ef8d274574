"""Column and sheet declarations: what a cell may hold and how it is shown.

>>> col = Column("Amount", "money", required=True)
>>> col.field, col.number_format
('amount', '#,##0.00')
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

KINDS = ("text", "int", "money", "decimal", "rate", "date", "bool", "code")

_NUMBER_FORMATS = {
    "money": "#,##0.00",
    "decimal": "#,##0.####",
    "rate": "0.00##",
    "date": "dd.mm.yyyy",
    "int": "0",
    "text": "@",
}


def snake(header: str) -> str:
    """``DocumentNumber`` → ``document_number``; ``IBAN`` → ``iban``; ``VatCode`` → ``vat_code``."""
    words = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", header)
    words = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", words)
    return words.replace(" ", "_").lower()


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a record sheet. ``ref`` names the sheet whose key a value must exist in."""

    header: str
    kind: str = "text"
    required: bool = False
    codes: tuple[str, ...] = ()
    ref: str = ""
    max_len: int = 0
    width: int = 0
    note: str = ""
    field: str = ""
    # added after books were in use: a book without it reads it as empty and a write leaves it out (the feature it
    # serves waits for the column), so an older book keeps working as it did
    added: bool = False

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r} for {self.header}")
        if not self.field:
            object.__setattr__(self, "field", snake(self.header))

    @property
    def number_format(self) -> str:
        return _NUMBER_FORMATS.get(self.kind, "General")

    @property
    def display_width(self) -> int:
        if self.width:
            return self.width
        return {"money": 13, "date": 11, "bool": 8, "int": 9, "rate": 8, "decimal": 10}.get(
            self.kind, max(10, min(40, len(self.header) + 4)))


@dataclass(frozen=True, slots=True)
class SheetSchema:
    """A record sheet: an Excel table ``tbl<name>`` with a header row and one record per row."""

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()  # fields that identify a record (unique)
    note: str = ""
    hidden: bool = False
    seed: str = ""  # data file in engine/data whose rows a new book starts with
    # A sheet added after books were in use: a book without it reads it as empty, without a problem, and gets it
    # (header, table, formats as in the template) the first time something is written into it.
    optional: bool = False

    @property
    def table_name(self) -> str:
        return f"tbl{self.name}"

    def column(self, field_name: str) -> Column:
        for col in self.columns:
            if col.field == field_name:
                return col
        raise KeyError(f"{self.name} has no column {field_name!r}")

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(c.field for c in self.columns)


@dataclass(frozen=True, slots=True)
class BookSchema:
    kind: str
    sheets: tuple[SheetSchema, ...]
    settings: tuple = field(default=())  # SettingKey declarations, for books with a Settings sheet

    def sheet(self, name: str) -> SheetSchema:
        for sheet in self.sheets:
            if sheet.name == name:
                return sheet
        from engine.errors import BookError  # here: engine.errors reads the schema's terms
        from engine.i18n import tr
        from engine.schema.terms import shown_sheet
        # a command given the other book (`bank pending LEDGER`): said, not a traceback (audit of issue 18)
        if self.kind == "ledger":
            raise BookError(tr("the ledger book has no sheet {sheet}: this command works on the invoicing book",
                               sheet=shown_sheet(name)), tr("give it the invoicing book"))
        raise BookError(tr("the invoicing book has no sheet {sheet}: this command works on the ledger book",
                           sheet=shown_sheet(name)), tr("give it the ledger book"))

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.sheets)
