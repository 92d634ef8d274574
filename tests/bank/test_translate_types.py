"""``book translate`` and the bank movements (audit 18b item 3): the movement types were renamed (Salaires → Löhne)
but the Movements' Type cells kept "Salaires" and "Encaissement identifié". A Type naming a seeded type follows its
rename; a type of one's own stays; the Label and Why are history (what the bank and the recognition said then) and
stay. And the round trip fr → de → it → en → fr gives every cell back."""
from __future__ import annotations

from decimal import Decimal

from python_calamine import CalamineWorkbook

from engine import templates
from engine.store.book import Book
from engine.store.translate import translate
from tests.bank.test_type_languages import _recognised

D = Decimal


def _cells(path) -> dict:
    workbook = CalamineWorkbook.from_path(str(path))
    return {index: workbook.get_sheet_by_index(index).to_python() for index in range(len(workbook.sheet_names))}


def test_a_french_books_movement_types_follow_the_translation_and_come_back(tmp_path):
    path = templates.write("invoicing", tmp_path / "fr.xlsx", "fr")
    book, movements = _recognised(path)
    book.put("Movements", [m if m.amount != D("45.10") else m.__class__(
        **{**{f: getattr(m, f) for f in m.__sheet__.fields}, "type": "Carte Visa (à moi)", "row": m.row})
        for m in book.records("Movements")])
    book.save()
    before = _cells(path)
    french = {m.amount: (m.type, m.label, m.why) for m in Book.open(path).records("Movements") if m.parent is None}
    assert french[D("14200.00")][0] == "Salaires" and french[D("500.00")][0] == "Encaissement identifié"
    translate(path, "de")
    german = {m.amount: (m.type, m.label, m.why) for m in Book.open(path).records("Movements") if m.parent is None}
    # the types as the German MovementTypes sheet names them now (engine/data/movement_types.tsv, Type.de)
    assert german[D("14200.00")][0] == "Löhne" and german[D("500.00")][0] == "Identifizierter Zahlungseingang"
    assert german[D("2.50")][0] == "Bankspesen" and german[D("77.70")][0] == "Nicht identifizierter Zahlungseingang"
    assert german[D("45.10")][0] == "Carte Visa (à moi)"  # the bookkeeper's own type
    types = {t.type for t in Book.open(path).records("MovementTypes")}
    assert {m[0] for a, m in german.items() if a != D("45.10")} <= types  # every Type names a row of the sheet
    # history stays: the label and the recognition's reason as they were written
    assert {a: m[1:] for a, m in german.items()} == {a: m[1:] for a, m in french.items()}
    for language in ("it", "en", "fr"):
        translate(path, language)
    assert _cells(path) == before
