"""The aide au pointage's Reference (manual §3.10: "Par défaut, Crésus Facturation utilise le n° de pièce pour le
Groupe et le nom du débiteur ou du créancier pour la Référence … Régler les préfixes. Ces préfixes sont préréglés
avec C et D"): by default "C Muster AG" / "D Papeterie SA"; Settings may choose the partner's number, other
prefixes, or no reference. The Group stays the document number and the label keeps the partner's name."""
from __future__ import annotations

from datetime import date

import pytest

from engine.services.posting import post
from tests.posting.books import books, invoice, pay, received


@pytest.mark.parametrize("settings, client_ref, creditor_ref", [
    ({}, "C Muster AG", "D Papeterie SA"),
    (dict(PointageReference="number", PointageClientPrefix="CL", PointageCreditorPrefix="FO"), "CL 1", "FO 1"),
    (dict(PointageReference="none"), "", ""),
])
def test_the_reference_follows_the_settings(settings, client_ref, creditor_ref):
    book, ledger = books(**settings)
    invoice(book, "F-1", [("3200", "TVA", "1000.00", "81.00")])
    pay(book, "F-1", "1081.00", date(2026, 3, 20))
    received(book, "R-1", "540.50")
    post(book, ledger, date(2026, 3, 31), save=False)
    rows = {(e.group, e.reference or "", e.label) for e in ledger.records("Journal")}
    assert {(g, r) for g, r, _ in rows} == {("F-1", client_ref), ("R-1", creditor_ref)}
    assert all(("Muster AG" in label) if group == "F-1" else ("Papeterie SA" in label) for group, _, label in rows)


def test_a_reference_setting_that_is_none_of_its_values_is_named_and_not_posted():
    """Audit 17: PointageReference "bogus" passed check and posted as if it said number. Check names its cell and
    posting refuses; "Number" in another case is still number (and "Aucun"/"keine" in the book's language none)."""
    from engine.errors import ComptoirError
    book, ledger = books(PointageReference="bogus")
    invoice(book, "F-1", [("3200", "TVA", "1000.00", "81.00")])
    record = next(r for r in book.records("Settings") if r.key == "PointageReference")
    found = [p for p in book.check() if "PointageReference" in p.message]
    assert [(p.source.sheet, p.source.row, p.source.column) for p in found] == [("Settings", record.row, "B")]
    assert '"bogus" is not one of its values' in found[0].message and "name, number, none" in found[0].hint
    with pytest.raises(ComptoirError, match="PointageReference"):
        post(book, ledger, date(2026, 3, 31), save=False)
    assert not ledger.records("Journal")
    book.set_settings(PointageReference="Number")
    assert book.settings["PointageReference"] == "number"
