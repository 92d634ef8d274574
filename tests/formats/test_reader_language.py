"""The camt and pain.001 readers refuse a file in the book's language (issue 18): `bank import` into a German or
French book says why its file is not a camt statement in that book's words (the system English), and a file read
outside a command (the add-in, `camt parse`) in the system's language."""
from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from decimal import Decimal

import pytest

from engine import templates
from engine.cli import main
from engine.errors import InvalidFormat
from engine.formats import camt, pain001
from engine.formats.bank_files import bank_files_in_zip
from engine.formats.camt.checks import check_balances
from tests.conftest import TEST_DATA

NS = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"
NO_NAMESPACE = b'<?xml version="1.0" encoding="UTF-8"?><Document><BkToCstmrStmt/></Document>'
SAID = {  # by hand from the catalogue
    "de": (("das Wurzelelement ist <Document> ohne Namensraum, kein camt.052/053/054-Document: das ist keine "
            "camt-Datei"), "wählen Sie eine XML-Datei camt.053 (Kontoauszug), camt.054 (Avisierung) oder camt.052"),
    "fr": (("l'élément racine est <Document> sans espace de noms, pas un Document camt.052/053/054 : ce n'est pas "
            "un fichier camt"), "choisissez un fichier XML camt.053 (relevé), camt.054 (avis) ou camt.052 (rapport)"),
}


@pytest.mark.parametrize("language", ["de", "fr"])
def test_bank_import_refuses_a_file_without_namespace_in_the_books_language(tmp_path, capsys, monkeypatch, language):
    monkeypatch.setenv("COMPTOIR_LANGUAGE", "en")
    book = templates.write("invoicing", tmp_path / "book.xlsx", language)
    before = book.read_bytes()
    (tmp_path / "statement.xml").write_bytes(NO_NAMESPACE)
    capsys.readouterr()
    assert main(["bank", "import", str(book), str(tmp_path / "statement.xml")]) != 0
    said = capsys.readouterr()
    message, hint = SAID[language]
    assert message in said.err + said.out and hint in said.err + said.out
    assert "without namespace" not in said.err + said.out and "the root element" not in said.err + said.out
    assert book.read_bytes() == before  # the book as it was


@pytest.mark.parametrize("data, language, words", [
    (b"", "de", ("die Datei ist leer", "laden Sie den Auszug erneut aus dem E-Banking herunter")),
    (b'<Document xmlns="urn:example"/>', "it", (("l'elemento radice è <Document> nel namespace «urn:example», non un "
                                                "Document camt.052/053/054: non è un file camt"),)),
    (b'<?xml version="1.0" encoding="ISO-8859-1"?><Document/>', "fr",
     ("le fichier déclare l'encodage « ISO-8859-1 » ; les fichiers camt doivent être en UTF-8 (ISO 20022)",)),
    (f'<Document xmlns="{NS}"><BkToCstmrStmt><GrpHdr><MsgId>1</MsgId></GrpHdr></BkToCstmrStmt></Document>'.encode(),
     "de", ("die camt.053.001.08-Datei enthält kein <Stmt>: nichts zu importieren",
            "die Datei ist unvollständig oder kein Kontoauszug")),
])
def test_a_camt_refusal_outside_a_command_speaks_the_systems_language(monkeypatch, data, language, words):
    monkeypatch.setenv("COMPTOIR_LANGUAGE", language)
    with pytest.raises(InvalidFormat) as refused:
        camt.parse(data, source="x.xml")
    said = f"{refused.value.message} — {refused.value.hint}"
    assert all(w in said for w in words), said


def test_a_zip_and_a_payment_order_are_refused_in_the_systems_language(monkeypatch):
    monkeypatch.setenv("COMPTOIR_LANGUAGE", "de")
    with pytest.raises(InvalidFormat) as refused:
        list(bank_files_in_zip(b"PK not a zip", "auszug.zip"))
    assert refused.value.message.startswith("die ZIP-Datei ist beschädigt (")
    assert refused.value.hint == "verlangen Sie von der Bank den ursprünglichen Export"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("../etc/camt.xml", b"<x/>")
    with pytest.raises(InvalidFormat) as refused:
        list(bank_files_in_zip(buffer.getvalue(), "auszug.zip"))
    assert refused.value.message == ('die Datei «../etc/camt.xml» zeigt aus dem ZIP hinaus (Path Traversal); das ZIP '
                                     "wird abgelehnt")
    monkeypatch.setenv("COMPTOIR_LANGUAGE", "fr")
    with pytest.raises(InvalidFormat) as refused:
        pain001.parse(b"<Document><Other/></Document>", "ordre.xml")
    assert (refused.value.message, refused.value.hint) == (
        "<Document> n'est pas un Document/CstmrCdtTrfInitn pain.001",
        "choisissez un fichier d'ordre de paiement (pain.001)")


def test_a_statement_that_does_not_add_up_is_said_in_the_language(monkeypatch):
    """A sample statement whose closing balance is made 1.00 higher than its opening plus its booked entries: the
    difference is 1.00 whatever the sample's amounts (closing + 1.00 − (opening + movements))."""
    monkeypatch.setenv("COMPTOIR_LANGUAGE", "de")
    [statement, *_] = camt.parse((TEST_DATA / "camt" / "camtparser_053_valid_example.xml").read_bytes()).statements
    assert check_balances(statement) == ()
    closing = statement.closing_balance
    wrong = replace(statement, closing_balance=replace(closing, amount=closing.amount + Decimal("1.00")))
    [problem] = check_balances(wrong)
    assert problem.message.startswith("die Buchungen gehen nicht auf: Anfangssaldo ")
    assert problem.message.endswith("(Differenz 1.00)")
    assert problem.hint.startswith("einige Buchungen fehlen in dieser Datei")
