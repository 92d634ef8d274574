"""Entries in no period of the ledger are refused in the ledger's language, naming its Periods sheet as the ledger
names it (issue 18): the same batch as test_year_not_opened's — 2 entries of 02.01.2025 and 05.01.2025, the ledger's
only period 2024 (01.01.2024 – 31.12.2024) — pulled into a German ledger and a French one."""
from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from engine.cli import main
from engine.store.book import Book
from engine.store.translate import translate
from tests.office.clients import make_client
from tests.office.conftest import office
from tests.office.test_year_not_opened import _client, waiting_batch_of_2025

SAID = {  # what each ledger says, by hand from the catalogue's words: its sheet Perioden / Périodes, the hint's year
    "de": (("2 Buchungen vom 02.01.2025 – 05.01.2025, in keiner Periode des Blatts Perioden der Buchhaltung "
           "(sie umfassen 01.01.2024 – 31.12.2024)"), "eröffnen Sie das Jahr 2025"),
    "fr": (("2 écritures datées du 02.01.2025 – 05.01.2025, dans aucune période de la feuille Périodes du grand livre "
           "(elles couvrent 01.01.2024 – 31.12.2024)"), "ouvrez l'exercice 2025"),
}


@pytest.mark.parametrize("language", ["de", "fr"])
def test_the_pull_refuses_entries_in_no_period_in_the_ledgers_language(tmp_path, capsys, monkeypatch, language):
    monkeypatch.setenv("COMPTOIR_LANGUAGE", "en")  # the system English: the words come from the ledger
    folder = make_client(tmp_path / "atelier", movements=0, invoices=0)
    assert main(["book", "translate", str(folder / "ledger.xlsx"), "--to", language]) == 0
    waiting_batch_of_2025(folder)
    capsys.readouterr()
    assert main(["mandate", "pull", str(folder / "ledger.xlsx")]) == 2
    said = capsys.readouterr().err
    message, hint = SAID[language]
    assert message in said and hint in said
    assert "in no period" not in said and "Periods sheet" not in said and "open the year" not in said


@pytest.mark.parametrize("language, words", [
    ("de", "Buchung 1 (Stapel —): der 01.01.2025 liegt in keiner Periode des Blatts Perioden"),
    ("fr", "écriture 1 (lot —) : le 01.01.2025 n'est dans aucune période de la feuille Périodes")])
def test_check_names_a_journal_row_in_no_period_in_the_ledgers_words(tmp_path, capsys, monkeypatch, language, words):
    monkeypatch.setenv("COMPTOIR_LANGUAGE", "en")
    folder = make_client(tmp_path / "atelier", movements=0, invoices=0)
    assert main(["book", "translate", str(folder / "ledger.xlsx"), "--to", language]) == 0
    ledger = Book.open(folder / "ledger.xlsx")
    ledger.put("Journal", [ledger.new("Journal", entry_id=1, date=date(2025, 1, 1), debit="6500", credit="1020",
                                      amount=Decimal("84.30"), currency="CHF", label="typed by hand")])
    ledger.save()
    capsys.readouterr()
    assert main(["check", str(folder / "ledger.xlsx")]) == 1
    said = capsys.readouterr().out
    assert words in said and "Periods sheet" not in said and "open the year" not in said


@pytest.mark.parametrize("language, words", [
    ("de", ("Bankstapel ", (": 3 Buchungen vom 03.01.2025, in keiner Periode des Blatts Perioden der Buchhaltung "
                            "(sie umfassen 01.01.2024 – 31.12.2024)"))),
    ("fr", ("lot bancaire ", (" : 3 écritures datées du 03.01.2025, dans aucune période de la feuille Périodes du "
                              "grand livre (elles couvrent 01.01.2024 – 31.12.2024)")))])
def test_the_night_refuses_a_bank_batch_in_no_period_in_the_ledgers_language(tmp_path, capsys, monkeypatch,
                                                                              language, words):
    """test_year_not_opened's night: a statement of 03.01.2025 whose batch of 3 entries has no period in the 2024
    ledger; German and French books."""
    monkeypatch.setenv("COMPTOIR_LANGUAGE", "en")
    database = str(tmp_path / "office.sqlite")
    folder = _client(tmp_path)
    for book in ("invoicing.xlsx", "ledger.xlsx"):
        translate(folder / book, language)
    office("add", str(folder), "--bank", str(folder / "bank"), database=database)
    office("run", "--night", "n1", database=database)
    capsys.readouterr()
    office("report", "--night", "n1", "--json", database=database)
    [m] = json.loads(capsys.readouterr().out)["mandates"]
    [refused] = [i for i in m["items"] if i["kind"] == "not posted"]
    assert refused["message"].startswith(words[0]) and words[1] in refused["message"], refused["message"]
    assert "bank batch" not in refused["message"]


def test_the_check_only_night_says_its_hint_in_the_ledgers_words(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("COMPTOIR_LANGUAGE", "en")
    database = str(tmp_path / "office.sqlite")
    folder = make_client(tmp_path / "atelier", movements=0, invoices=0)
    for book in ("invoicing.xlsx", "ledger.xlsx"):
        translate(folder / book, "de")
    waiting_batch_of_2025(folder)
    office("add", str(folder), "--bank", str(folder / "bank"), database=database)
    office("run", "--night", "c1", "--check-only", database=database)
    capsys.readouterr()
    office("report", "--night", "c1-check", "--json", database=database)
    [m] = json.loads(capsys.readouterr().out)["mandates"]
    [waiting] = [i for i in m["items"] if i["kind"] == "batch left waiting"]
    assert "2 Buchungen vom 02.01.2025 – 05.01.2025, in keiner Periode des Blatts Perioden" in waiting["message"]
    assert waiting["hint"] == ("öffnen Sie die Periode im Blatt Perioden der Buchhaltung, oder stornieren Sie die "
                               "Verbuchung des Stapels in der Fakturierung")
