"""Typed, frozen records generated from the schema, and the table that holds them.

A record is a frozen, slotted dataclass with one field per column plus ``row``: the sheet row it was read from
(None for a record not yet saved), so every problem can name its cell.

>>> from engine.schema import INVOICING
>>> Client = record_class(INVOICING.sheet("Clients"))
>>> c = Client(client_id=1, company="Muster AG")
>>> c.company, c.town, c.row
('Muster AG', None, None)
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from engine.errors import Source
from engine.schema.columns import SheetSchema
from engine.store.xlsx_sheet import column_letter

_CLASSES: dict[str, type] = {}


def record_class(schema: SheetSchema) -> type:
    """The record type of a sheet (one per sheet name, cached)."""
    cls = _CLASSES.get(schema.name)
    if cls is None or cls.__sheet__ is not schema:
        fields = [(name, object, dataclasses.field(default=None)) for name in schema.fields]
        fields.append(("row", "int | None", dataclasses.field(default=None, compare=False)))
        cls = dataclasses.make_dataclass(f"{schema.name}Record", fields, frozen=True, slots=True, kw_only=True)
        cls.__sheet__ = schema
        cls.__module__ = __name__
        # Descriptors of the slots: loading sets fields through them, skipping the frozen __setattr__ (3x faster).
        cls.__setters__ = tuple(getattr(cls, name).__set__ for name in (*schema.fields, "row"))
        _CLASSES[schema.name] = cls
    return cls


def build(cls: type, values: list) -> object:
    """A record from values in schema order followed by the row number, without the kw-only __init__ cost."""
    record = object.__new__(cls)
    for setter, value in zip(cls.__setters__, values):
        setter(record, value)
    return record


@dataclass(slots=True)
class Table:
    """The records of one sheet and where they sit in it."""

    schema: SheetSchema
    records: tuple = ()
    header_row: int = 1  # 1-based
    positions: dict = field(default_factory=dict)  # field → 0-based column index in the sheet
    last_row: int = 1  # last row of the body as read
    loaded: tuple = ()  # the records as read, to find what changed
    file: str = ""
    title: str = ""  # the sheet's name in the book (its language's), when it is not the English one

    def source(self, record, field_name: str = "") -> Source:
        position = self.positions.get(field_name)
        column = column_letter(position) if position is not None else ""
        return Source(self.file, self.title or self.schema.name, record.row, column)

    def cell(self, row: int | None, field_name: str = "") -> Source:
        position = self.positions.get(field_name)
        column = column_letter(position) if position is not None else ""
        return Source(self.file, self.title or self.schema.name, row, column)
