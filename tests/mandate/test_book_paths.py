"""The books a mandate links, found from one of them (engine.mandate.invoicing_paths, Mandate.invoicing_paths /
ledger_path): a book in the mandate's folder is linked by its name, one elsewhere by its absolute path, and both
come back absolute wherever the command runs from."""
from __future__ import annotations

from engine import mandate as mandates
from engine.services.vat_return import invoicing_book


def test_a_book_beside_the_mandate_and_one_elsewhere_come_back_absolute(tmp_path, monkeypatch):
    folder, elsewhere = tmp_path / "dupont", tmp_path / "archives"
    folder.mkdir()
    elsewhere.mkdir()
    with mandates.create_local(folder, "Atelier Dupont", invoicing=[folder / "ventes.xlsx", elsewhere / "eur.xlsx"],
                               ledger=folder / "compta.xlsx"):
        pass
    monkeypatch.chdir(elsewhere)  # a relative link read against the working folder would land here
    found = mandates.find_folder(folder)
    # the first is in the folder (linked as "ventes.xlsx"), the second outside it (linked absolute)
    both = (found / "ventes.xlsx", (elsewhere / "eur.xlsx").resolve())
    assert mandates.invoicing_paths(folder / "compta.xlsx") == both
    with mandates.open_book(folder / "compta.xlsx") as m:
        assert m.invoicing_paths == both
        assert m.ledger_path == found / "compta.xlsx"
    # vat-return without --invoicing files for the mandate's first invoicing book
    assert invoicing_book(folder / "compta.xlsx") == found / "ventes.xlsx"


def test_a_mandate_without_a_ledger_has_no_ledger_path(tmp_path):
    with mandates.create_local(tmp_path, "Sans compta", invoicing=["ventes.xlsx"]) as m:
        assert m.ledger_path is None
