"""`office run` names a folder, not a workbook (issue 18): the night's own words (the progress, the closing line, the
morning report's) are the system's, and each mandate's findings are said in its own books' language — not in the
language of the first mandate the night happened to open."""
from __future__ import annotations

import json

from engine.store.translate import translate
from tests.office.clients import make_client
from tests.office.conftest import office


def test_each_mandates_findings_speak_its_books_language_and_the_night_the_systems(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("COMPTOIR_LANGUAGE", "en")
    database = str(tmp_path / "office.sqlite")
    for name, language in (("A", "de"), ("B", "fr")):  # A runs first: its German once spoke for B too
        folder = make_client(tmp_path / name, movements=20, name=name)
        for book in ("invoicing.xlsx", "ledger.xlsx"):
            translate(folder / book, language)
        whole = (folder / "bank" / "camt053_2024.xml").read_bytes()
        (folder / "bank" / "statement_cut.xml").write_bytes(whole[: len(whole) // 2])  # a download cut off
        assert office("add", str(folder), "--bank", str(folder / "bank"), database=database) == 0
    capsys.readouterr()
    assert office("run", "--night", "n", database=database) == 0
    said = capsys.readouterr()
    assert "night n: 2 done, 0 failed, 0 not finished, of 2 mandate(s)" in said.out
    assert office("report", "--json", database=database) == 0
    refused = {m["name"]: next(i for i in m["items"] if i["kind"] == "refused file")
               for m in json.loads(capsys.readouterr().out)["mandates"]}
    assert refused["A"]["message"].startswith("die Datei ist kein wohlgeformtes XML")
    assert refused["A"]["hint"] == "laden Sie den Kontoauszug erneut herunter; nichts davon wurde importiert"
    assert refused["B"]["message"].startswith("le fichier n'est pas du XML bien formé")
    assert refused["B"]["hint"] == "téléchargez à nouveau le relevé ; rien n'en a été importé"


def test_the_nights_words_follow_the_system_whatever_the_books(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("COMPTOIR_LANGUAGE", "it")
    database = str(tmp_path / "office.sqlite")
    folder = make_client(tmp_path / "C", movements=10, name="C")
    translate(folder / "invoicing.xlsx", "de")
    translate(folder / "ledger.xlsx", "de")
    assert office("add", str(folder), "--bank", str(folder / "bank"), database=database) == 0
    assert "'C' aggiunto: i file bancari di" in capsys.readouterr().out
    assert office("run", "--night", "n", database=database) == 0
    out = capsys.readouterr().out
    assert "notte n: 1 fatti, 0 falliti, 0 non finiti, su 1 mandato/i" in out and "Nacht" not in out
