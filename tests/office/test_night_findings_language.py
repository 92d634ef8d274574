"""The office night's own findings about a mandate — a movement to sort, a book that could not be saved, a run its
books refused — are said in that mandate's books' language (issue 18), the system English."""
from __future__ import annotations

import json
from dataclasses import replace

import pytest

from engine.store.book import Book
from engine.store.translate import translate
from tests.office.clients import make_client
from tests.office.conftest import office
from tests.office.test_night import _client

WORDS = {  # by hand from the catalogue (readers.po)
    "de": {"movement": "Bewegung ", "hint": "wählen Sie seine Konten, oder machen Sie eine Regel daraus",
           "unsaved": "nichts von der Bankarbeit der Nacht wurde gespeichert (1 Datei(en), 5 neue Bewegung(en) "
                      "gelesen); der dafür veröffentlichte Stapel invoicing-B-1 wurde aus dem Mandat zurückgezogen",
           "refused": "die Bücher haben den Lauf abgelehnt (BusinessRuleError)",
           "watch": "invoicing.xlsx: kein Bankkonto hat einen Eintrag in Überwachter Ordner"},
    "fr": {"movement": "mouvement ", "hint": "choisissez ses comptes, ou faites-en une règle",
           "unsaved": "rien du travail bancaire de la nuit n'a été enregistré (1 fichier(s), 5 nouveau(x) "
                      "mouvement(s) lu(s)) ; le lot invoicing-B-1 publié pour lui a été retiré du mandat",
           "refused": "les livres ont refusé le traitement (BusinessRuleError)",
           "watch": "invoicing.xlsx : aucun compte bancaire n'a de "},
}


def _night(database, capsys, name="n"):
    office("run", "--night", name, database=database)
    capsys.readouterr()
    office("report", "--night", name, "--json", database=database)
    [mandate] = json.loads(capsys.readouterr().out)["mandates"]
    return mandate


def _watch(folder, where) -> None:
    book = Book.open(folder / "invoicing.xlsx")
    book.put("BankAccounts", [replace(a, watch_folder=where) for a in book.records("BankAccounts")])
    book.save()


def _in(folder, language):
    for book in ("invoicing.xlsx", "ledger.xlsx"):
        translate(folder / book, language)
    return folder


@pytest.mark.parametrize("language", ["de", "fr"])
def test_a_movement_to_sort_is_named_in_the_books_words(tmp_path, capsys, monkeypatch, language):
    monkeypatch.setenv("COMPTOIR_LANGUAGE", "en")
    database = str(tmp_path / "office.sqlite")
    folder = _in(make_client(tmp_path / "A", movements=20, name="A"), language)
    office("add", str(folder), "--bank", str(folder / "bank"), database=database)
    items = [i for i in _night(database, capsys)["items"] if i["kind"] == "to sort"]
    assert items and all(i["message"].startswith(WORDS[language]["movement"]) for i in items)
    assert all(i["hint"].startswith(WORDS[language]["hint"]) for i in items)
    assert not any("not recognised" in i["message"] or "make a rule" in i["hint"] for i in items)


@pytest.mark.parametrize("language", ["de", "fr"])
def test_a_book_that_could_not_be_saved_is_said_in_its_words(tmp_path, capsys, monkeypatch, language):
    """test_unsaved's night: 5 movements read, batch invoicing-B-1 published then withdrawn; the book open in
    Excel."""
    monkeypatch.setenv("COMPTOIR_LANGUAGE", "en")
    database = str(tmp_path / "office.sqlite")
    folder = _in(_client(tmp_path), language)
    office("add", str(folder), "--bank", str(folder / "bank"), database=database)
    (folder / "~$invoicing.xlsx").write_bytes(b"owner")  # open in Excel
    said = [i["message"] for i in _night(database, capsys)["items"] if i["kind"] == "failed"]
    assert any(WORDS[language]["unsaved"] in x for x in said), said


@pytest.mark.parametrize("language", ["de", "fr"])
def test_a_run_the_books_refuse_is_said_in_their_words(tmp_path, capsys, monkeypatch, language):
    """Registered without --bank (its bank account's WatchFolder), the WatchFolder emptied since: the books refuse
    the run."""
    monkeypatch.setenv("COMPTOIR_LANGUAGE", "en")
    database = str(tmp_path / "office.sqlite")
    folder = _in(make_client(tmp_path / "A", movements=0, name="A"), language)
    _watch(folder, str(folder / "bank"))
    assert office("add", str(folder), database=database) == 0
    _watch(folder, None)
    mandate = _night(database, capsys)
    assert mandate["state"] == "failed"
    assert WORDS[language]["refused"] in json.dumps(mandate, ensure_ascii=False)
    [failed] = [i for i in mandate["items"] if i["kind"] == "failed"]
    assert failed["message"].startswith(WORDS[language]["watch"]) and "WatchFolder" not in failed["message"]
