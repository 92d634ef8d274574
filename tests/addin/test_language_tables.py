"""The add-in in a translated book (issue 18): a sheet's Excel table keeps its English name (tblMovements on the
German Bankbewegungen), so a save resizes it and a sheet added to a French book gets a valid table name."""
from __future__ import annotations

from addin.excel_source import ExcelSource
from engine.store.book import Book
from tests.addin.fake_excel import FakeBook, FakeSheet


class _Table:
    def __init__(self, name):
        self.name, self.resized = name, None

    def resize(self, rng):
        self.resized = (rng.top, rng.left, rng.bottom, rng.right)


class _Tables(list):
    def __getitem__(self, key):
        return next(t for t in self if t.name == key) if isinstance(key, str) else list.__getitem__(self, key)

    def add(self, source, name):
        self.append(_Table(name))


def _with_tables(sheet: FakeSheet, *names) -> FakeSheet:
    sheet.tables = _Tables(_Table(n) for n in names)
    return sheet


def test_a_save_resizes_the_table_of_a_german_sheet_and_a_new_french_sheet_gets_an_english_table_name():
    xl = FakeBook({"Einstellungen": [["Schlüssel", "Wert"]],
                   "Debitoren": [["Kunden-Nr.", "Firma"], [1, "Keller AG"]]})
    _with_tables(xl.sheets["Debitoren"], "tblClients")
    book = Book(ExcelSource(xl), "invoicing")
    [client] = book.records("Clients")
    book.put("Clients", [client, book.new("Clients", client_id=2, company="Rossi SA")])
    book.save()
    # the header row 1, two clients: rows 2 and 3, the table's two columns that hold them
    assert xl.sheets["Debitoren"].tables["tblClients"].resized == (1, 1, 3, 2)
    assert xl.sheets["Debitoren"].get(3, 2) == "Rossi SA"

    french = FakeBook({"Paramètres": [["Clé", "Valeur"]]})
    french.sheets.add = lambda name, before=None, after=None: (
        french.sheets.append(_with_tables(FakeSheet(name, []))) or french.sheets[name])
    book = Book(ExcelSource(french), "invoicing")
    book.put("StockMoves", [book.new("StockMoves", move_id=1, article_id="A1", reason="correction")])
    book.save()
    added = french.sheets["Mouvements de stock"]
    assert [t.name for t in added.tables] == ["tblStockMoves"]
    assert added.get(1, 1) == "N° mouvement de stock" and added.get(2, 5) == "correction"


def test_a_button_acts_on_the_rows_selected_on_the_sheet_as_the_book_names_it(tmp_path):
    from addin import ribbon
    from engine.demo import run
    from tests.addin.test_ribbon_actions import select
    ctx = run.DemoContext(folder=tmp_path, language="fr")
    run.step_books(ctx)
    client = Book.open(ctx.invoicing).records("Clients")[2]
    xl = FakeBook.from_file(ctx.invoicing)
    select(xl, "Clients", client.row)  # the English name is no sheet of this book
    assert "select one or more rows of the Débiteurs sheet first" in ribbon.new_document(xl)
    select(xl, "Débiteurs", client.row)
    ribbon.new_document(xl)
    xl.save()
    [document] = Book.open(ctx.invoicing).records("Documents")
    assert document.client_id == client.client_id


def test_the_problems_sheet_of_a_french_book_says_avertissement(tmp_path):
    from addin.ribbon import write_problems
    from engine.errors import Problem, Source
    book = Book.from_rows({"Paramètres": [["Clé", "Valeur"]],
                           "Problèmes": [["Quand", "Fichier", "Feuille", "Ligne", "Colonne", "Message", "Conseil"]]},
                          kind="invoicing")
    write_problems(book, [Problem(Source("b.xlsx", "Règles", 3, "E"), "jamais utilisée", "supprimez-la", "warning")])
    book.save()
    assert book.source.sheets["Problèmes"][1][2:] == ["Règles", 3, "E", "avertissement: jamais utilisée",
                                                      "supprimez-la"]
