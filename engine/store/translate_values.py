"""The cells ``book translate`` converts besides the drop-down codes (audit 18b): yes/no cells and the Type of a
bank movement.

A yes/no cell holds the book's word (oui/non, ja/nein, sì/no) or, in an English book, Excel's TRUE/FALSE
(:func:`engine.schema.terms.yes_no`): a cell holding either, in any of the four languages, is written as ``to``'s;
an x typed for yes, or a word of one's own, stays as typed, so fr → de → it → en → fr gives every cell back.

A movement's Type names its movement type: the seeded types are renamed by the translation (Salaires → Löhne), so
a movement naming one by its word in any language follows; a type of one's own stays. The movement's Label, Why and
comments are history — what the bank and the recognition said then — and stay as written.
"""
from __future__ import annotations

from engine.schema import seeded, terms


def _same(cell, word) -> bool:
    return cell.__class__ is word.__class__ and cell == word  # True == 1: a number 1 is not Excel's TRUE


def yes_no_cells(table, raw: list, to: str, writes: dict) -> None:
    """Each yes/no cell of ``table`` (its rows as read: ``raw``) in ``to``'s words, into ``writes`` (row →
    position → value)."""
    columns = [pos for name, pos in table.positions.items() if table.schema.column(name).kind == "bool"]
    for record in table.loaded if columns else ():
        row = raw[record.row - 1]
        for position in columns:
            cell = row[position] if position < len(row) else None
            meaning = terms.yes_no_meaning(cell)
            if meaning is None:
                continue
            word = terms.yes_no(meaning, to)
            if not _same(cell.strip() if isinstance(cell, str) else cell, word):
                writes.setdefault(record.row, {})[position] = word


def yes_no_setting(typed, to: str) -> str | None:
    """A yes/no Settings value (a text: Verzugszins ja) in ``to``'s words, or None when it is none of the words."""
    meaning = terms.yes_no_meaning(typed)
    return None if meaning is None else terms.yes_no_text(meaning, to)


def yes_no_list(items: list[str], to: str) -> list[str] | None:
    """A yes/no column's drop-down list (TRUE,FALSE; ja,nein) in ``to``'s words, or None when it is another list."""
    meanings = [terms.yes_no_meaning(item) for item in items]
    if len(items) != 2 or None in meanings or meanings[0] == meanings[1]:
        return None
    return [terms.yes_no_text(meaning, to) for meaning in meanings]


def movement_types(table, raw: list, to: str, writes: dict) -> None:
    """Each Movements Type cell naming a seeded type exactly as one of the four languages writes it, in ``to``'s."""
    position = table.positions.get("type")
    for record in table.loaded if position is not None else ():
        row = raw[record.row - 1]
        cell = row[position] if position < len(row) else None
        if not isinstance(cell, str):
            continue
        code = seeded.movement_type_code(cell)
        if not code or all(seeded.movement_type_name(code, lang) != cell for lang in terms.LANGUAGES):
            continue  # a type of one's own, or a spelling of one's own: as typed
        word = seeded.movement_type_name(code, to)
        if word != cell:
            writes.setdefault(record.row, {})[position] = word
