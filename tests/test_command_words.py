"""The invoicing side's commands speak the book's language (issue 18, audit): their output and errors, the sheets
and columns they name (as the book names them), the posted-record locks, and `--help` in the system's language.

Each test runs the command through engine.cli's entry on a French or German book made by `comptoir new`, and
checks the words a bookkeeper reads: the translation, and that the English sentence it replaces is gone."""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal as D

import pytest

from engine import i18n
from engine.cli import main
from engine.store.book import Book
from tests.conftest import ROOT

CAMT = ROOT / "tests" / "data" / "camt" / "camtparser_053_valid_example.xml"


@pytest.fixture(autouse=True)
def english_system(monkeypatch):
    """The system says English: whatever is not English below comes from the book."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("COMPTOIR_LANGUAGE", "en")


def _books(folder, language: str, names=("factures", "compta")):
    """An invoicing and a ledger book in ``language``, with one client and one article (CHF 100.00, TVA)."""
    invoicing, ledger = (folder / f"{name}-{language}.xlsx" for name in names)
    assert main(["new", "invoicing", str(invoicing), "--language", language]) == 0
    assert main(["new", "ledger", str(ledger), "--language", language]) == 0
    book = Book.open(invoicing)
    book.put("Clients", [book.new("Clients", client_id=1, company="Favre SA")])
    book.put("Articles", [book.new("Articles", article_id="H-MEN", designation="Menuiserie", unit_price=D("100.00"),
                                   vat_code="TVA", revenue_account="3200")])
    book.save()
    return invoicing, ledger


def _said(capsys) -> str:
    out = capsys.readouterr()
    return out.out + out.err


def test_a_french_book_is_told_of_its_documents_posting_and_locks_in_french(tmp_path, capsys):
    invoicing, ledger = _books(tmp_path, "fr")
    assert "classeur de facturation créé" in _said(capsys)
    # 2 × 100.00 = 200.00 net, TVA 8.1 % = 16.20, payable 216.20 (a multiple of 0.05: no rounding)
    assert main(["documents", "new", str(invoicing), "--client", "1", "--line", "H-MEN:2",
                 "--date", "2026-03-02"]) == 0
    assert _said(capsys).strip() == "F-2026-0001: CHF 216.20"
    # the client is named in the sheet as the book names it: Débiteurs, not Clients
    assert main(["documents", "new", str(invoicing), "--client", "9999", "--line", "H-MEN:1"]) == 2
    said = _said(capsys)
    assert "aucun client 9999 dans Débiteurs" in said and "in Clients" not in said and "no client" not in said
    assert main(["documents", "new", str(invoicing), "--client", "1"]) == 2  # no line: refused in French too
    assert "un document a besoin d'au moins une ligne" in _said(capsys)
    assert main(["documents", "new", str(invoicing), "--client", "1", "--line", "H-MEN:-2"]) == 2
    said = _said(capsys)
    assert "la ligne 1 (H-MEN) a une quantité négative -2 — pour rendre de l'argent, émettez une note de crédit" \
        in said and "negative quantity" not in said
    # posting: one session, 2 entries (1100 / 3200 200.00 and 1100 / 2200 16.20), total 216.20
    assert main(["post", str(invoicing), "--ledger", str(ledger), "--until", "2026-03-31"]) == 0
    said = _said(capsys)
    assert said.strip() == "session 1 : 2 écritures, 1 documents, 0 paiements, total 216.20"
    assert main(["post", str(invoicing), "--ledger", str(ledger), "--until", "2026-03-31"]) == 0
    assert "rien à comptabiliser jusqu'au 2026-03-31" in _said(capsys)
    assert main(["unpost", str(invoicing), "--ledger", str(ledger), "--session", "7"]) == 2
    assert "il n'y a aucune session de comptabilisation 7 — sessions : 1" in _said(capsys)
    assert main(["documents", "fix-total", str(invoicing), "--number", "F-2026-0001", "--amount", "200"]) == 2
    said = _said(capsys)
    assert "le document F-2026-0001 est comptabilisé (session 1) — annulez la session de comptabilisation" in said
    # 216.20 paid, 16.20 too much: -16.20 is refused, naming the kind of payment in French
    assert main(["documents", "pay", str(invoicing), "--number", "F-2026-0001", "--amount", "-16.20"]) == 2
    assert "paiement de -16.20 sur F-2026-0001 : le montant doit être positif" in _said(capsys)
    # a posted line's price typed over in Excel: check names the cell, the sheet and column in French
    book = Book.open(invoicing)
    book.put("DocumentLines", [replace(line, unit_price=D("120.00")) for line in book.records("DocumentLines")])
    book.save()
    assert main(["check", str(invoicing)]) == 1
    said = _said(capsys)
    assert "Lignes de documents!" in said
    assert "Documents F-2026-0001 : Prix unitaire de la ligne 1 modifié après sa comptabilisation dans la " \
           "session 1 — rétablissez les valeurs comptabilisées" in said
    assert "changed after it was posted" not in said and "restore the posted" not in said
    assert main(["documents", "remind", str(invoicing), "--date", "2026-03-05", "--out", str(tmp_path)]) == 0
    assert _said(capsys).strip() == "aucun rappel dû"
    # an unposted document whose quantity is typed over in Excel: 3 × 100.00 = 300.00, NetAmount still 100.00
    assert main(["documents", "new", str(invoicing), "--client", "1", "--line", "H-MEN:1", "--date", "2026-04-01"]) == 0
    book = Book.open(invoicing)
    book.put("DocumentLines", [replace(line, quantity=D(3)) if line.document_number == "F-2026-0002" else line
                               for line in book.records("DocumentLines")])
    book.save()
    capsys.readouterr()
    assert main(["check", str(invoicing)]) == 1
    said = _said(capsys)
    assert "F-2026-0002 ligne 1 : 3 × 100.00 = 300.00 mais Montant hors TVA indique 100.00 — recalculez-le" in said
    assert "NetAmount says" not in said


def test_a_french_bank_import_counts_and_warns_in_french(tmp_path, capsys):
    invoicing, _ = _books(tmp_path, "fr")
    capsys.readouterr()
    assert main(["bank", "import", str(invoicing), str(CAMT)]) == 0
    said = _said(capsys)
    # the sample statement: 4 entries, none of them a payment of this book's invoices
    assert "1 fichier(s) : 4 nouveau(x) mouvement(s), 0 déjà présent(s)" in said
    assert "0/4 reconnu(s), 0 paiement(s) de facture, 0 ordre(s) exécuté(s)" in said
    # its account is not one of the book's: named as the book names the sheet
    assert "n'est pas dans Comptes bancaires" in said and "avertissement:" in said
    assert "new movement" not in said and "recognised" not in said and "BankAccounts" not in said
    assert main(["bank", "recognise", str(invoicing)]) == 0
    assert "0/4 reconnu(s) (0.0%)" in _said(capsys)
    assert main(["bank", "rules", "check", str(invoicing)]) == 0
    assert _said(capsys).strip() == "0 règle(s) sur 4 mouvement(s) : chacune en attrape, aucune ne se chevauche"
    assert main(["bank", "action", str(invoicing), "skip", "--ids", "1"]) == 0
    said = _said(capsys)
    assert said.startswith("1 mouvement(s) traité(s) sans écriture") and "recognition" not in said
    assert main(["bank", "label", str(invoicing), "--ids", "1", "99"]) == 0
    said = _said(capsys)
    assert "mouvement 99 : ce mouvement n'existe pas" in said and "(d'après : prédéfini)" in said
    assert main(["bank", "action", str(invoicing), "post", "--ids", "99"]) == 2
    assert "il n'y a aucun mouvement 99 — vérifiez la colonne N° mouvement de Mouvements bancaires" in _said(capsys)


def test_a_german_book_names_its_sheets_in_german(tmp_path, capsys):
    invoicing, ledger = _books(tmp_path, "de")
    capsys.readouterr()
    assert main(["documents", "new", str(invoicing), "--client", "9999", "--line", "H-MEN:1"]) == 2
    said = _said(capsys)
    assert "kein Kunde 9999 in Debitoren" in said and "Clients" not in said
    assert main(["stock", "move", str(invoicing), "ZZ", "3", "--reason", "Inventur"]) == 2
    said = _said(capsys)
    assert "es gibt keinen Artikel «ZZ» in Artikel" in said and "there is no article" not in said
    assert main(["stock", "move", str(invoicing), "H-MEN", "3", "--reason", "Inventur"]) == 2  # not stocked
    assert "setzen Sie Lagerartikel auf seiner Zeile in Artikel auf ja" in _said(capsys)
    book = Book.open(invoicing)
    book.put("Articles", [*book.records("Articles"), book.new("Articles", article_id="LATTE", designation="Latte",
                                                              unit="pce", unit_price=D("4.00"), vat_code="TVA",
                                                              revenue_account="3200", stocked=True)])
    book.save()
    # 0 on hand, 2 out by an inventory correction: -2 on hand, a warning (the goods left), never a refusal
    assert main(["stock", "move", str(invoicing), "LATTE", "-2", "--reason", "Inventur"]) == 0
    said = _said(capsys)
    assert "LATTE: -2 (Korrektur), an Lager -2" in said
    assert "Warnung: LATTE: -2 an Lager; ein Wareneingang oder eine Inventurkorrektur fehlt" in said
    assert "on hand" not in said and "warning" not in said
    assert main(["purchases", "pay", str(invoicing), "R-9"]) == 2
    said = _said(capsys)
    assert "es gibt keine erhaltene Rechnung «R-9»" in said and "Lieferantenrechnungen" in said
    assert "ReceivedInvoices" not in said
    assert main(["purchases", "new", str(invoicing), "--creditor", "9", "--date", "2026-03-05",
                 "--amount", "108.10"]) == 2
    said = _said(capsys)
    assert "es gibt keinen Kreditor 9 — wählen Sie eine Nummer aus dem Blatt Kreditoren" in said
    assert "Creditors" not in said
    book = Book.open(invoicing)
    book.put("Creditors", [book.new("Creditors", creditor_id=1, name="Scierie SA", expense_account="4000",
                                    vat_code="IPM")])
    book.save()
    # a line by an article the book does not have: named by its line and the sheet, in German
    assert main(["purchases", "new", str(invoicing), "--creditor", "1", "--date", "2026-03-05",
                 "--line", "BRETT:2"]) == 2
    assert "Zeile 1: es gibt keinen Artikel «BRETT» — wählen Sie eine Nummer aus dem Blatt Artikel" in _said(capsys)
    assert main(["contacts", "add", str(invoicing), "--client", "1", "--name", "Claire Rochat", "--default"]) == 0
    assert _said(capsys).strip() == "Kunde 1: Claire Rochat (Standard)"
    assert main(["contacts", "list", str(invoicing)]) == 0
    assert _said(capsys).splitlines()[0].split("\t")[:2] == ["Kunden-Nr.", "Name"]  # the sheet's own headers
    assert main(["documents", "new", str(invoicing), "--client", "1", "--line", "H-MEN:1",
                 "--date", "2026-03-02"]) == 0
    capsys.readouterr()
    assert main(["post", str(invoicing), "--ledger", str(ledger), "--until", "2026-03-31"]) == 0
    # 100.00 + 8.1 % 8.10 = 108.10: 1100 / 3200 100.00 and 1100 / 2200 8.10
    assert _said(capsys).strip() == "Buchungslauf 1: 2 Buchungen, 1 Belege, 0 Zahlungen, Total 108.10"
    assert main(["bank", "import", str(invoicing), str(CAMT)]) == 0
    said = _said(capsys)
    assert "1 Datei(en): 4 neue Bewegung(en)" in said and "nicht in Bankkonten" in said and "Warnung:" in said
    # the file's own warning (its opening balance is a PRCD, not an OPBD), from the camt reader, in German too
    assert "kein Saldo OPBD: der Anfangssaldo wird aus PRCD genommen" in said and "balance" not in said


def test_book_translate_says_it_in_the_new_language(tmp_path, capsys):
    invoicing, _ = _books(tmp_path, "fr")
    capsys.readouterr()
    assert main(["book", "translate", str(invoicing), "--to", "de"]) == 0
    said = _said(capsys)
    assert "jetzt auf Deutsch;" in said and "Blatt/Blätter umbenannt" in said and "now" not in said
    # again: the book is German already and nothing is written (second audit of issue 18: "jetzt auf de" said a change)
    before = invoicing.read_bytes()
    assert main(["book", "translate", str(invoicing), "--to", "de"]) == 0
    assert _said(capsys).strip() == f"{invoicing.name}: bereits auf Deutsch, nichts geändert"
    assert invoicing.read_bytes() == before
    assert main(["book", "translate", str(invoicing), "--to", "it"]) == 0
    assert "ora in italiano;" in _said(capsys)
    assert main(["book", "translate", str(invoicing), "--to", "it"]) == 0
    assert _said(capsys).strip() == f"{invoicing.name}: già in italiano, nulla è cambiato"


def test_the_help_speaks_the_systems_language(monkeypatch, capsys):
    monkeypatch.delenv("COMPTOIR_LANGUAGE")
    monkeypatch.setenv("LANG", "de_CH.UTF-8")
    with pytest.raises(SystemExit):
        main(["--help"])
    said = _said(capsys)
    assert said.startswith("Aufruf: comptoir")
    assert "Verkaufsbelege: Offerten, Rechnungen, Gutschriften, Mahnungen" in said
    assert "sales documents" not in said and "show this help" not in said
    with pytest.raises(SystemExit):
        main(["bank", "--help"])
    said = _said(capsys)
    assert "offene Bewegungen als nächsten Stapel B-n verbuchen" in said and "pending movements" not in said
    monkeypatch.setenv("LANG", "fr_CH.UTF-8")
    with pytest.raises(SystemExit):
        main(["documents", "--help"])
    said = _said(capsys)
    assert "créer un document pour un client ; affiche son numéro" in said and "afficher cette aide" in said
    with pytest.raises(SystemExit):
        main(["documents", "new", "--help"])
    said = _said(capsys)
    assert "une ligne d'article, répétable" in said and "rabais global en % en pied de document" in said
    assert "repeatable" not in said
    with pytest.raises(SystemExit):
        main(["documents", "new"])  # argparse's own refusal, in French
    assert "erreur : les arguments suivants sont obligatoires" in _said(capsys)
    assert i18n.language() == "fr"


def test_the_demo_speaks_german_throughout(tmp_path, capsys):
    assert main(["demo", str(tmp_path / "demo"), "--language", "de"]) == 0
    said = _said(capsys)
    lines = said.splitlines()
    assert lines[0].startswith("Comptoir-Demo in ") and lines[-1].startswith("fertig: öffnen Sie die Mappen")
    for start in ("Mappen: ", "Mandat: ", "Verkauf: ", "Einkauf: ", "Bank: ", "Mahnungen: ", "Verbuchung: ",
                  "MWST-Abrechnungen ", "Berichte: ", "Jahresabschluss: "):
        assert any(line.startswith(start) for line in lines), start
    # the posting line's own check: both sides of the trial balance, and the repost gave the same Journal
    assert "das Neuverbuchen ergab dieselben Buchungen: ja" in said
    for english in ("movements imported", "invoices (1 down payment)", "published to the mandate", "opened in",
                    "tax payable", "done: open the books", "True"):
        assert english not in said, english


def test_an_account_the_french_ledger_lacks_is_refused_naming_its_plan_comptable(tmp_path, capsys):
    invoicing, ledger = _books(tmp_path, "fr")
    book = Book.open(invoicing)
    book.put("Articles", [*book.records("Articles"), book.new("Articles", article_id="POSE", designation="Pose",
                                                              unit_price=D("50.00"), vat_code="TVA",
                                                              revenue_account="3999")])
    book.save()
    assert main(["documents", "new", str(invoicing), "--client", "1", "--line", "POSE:1", "--date", "2026-03-02"]) == 0
    capsys.readouterr()
    assert main(["post", str(invoicing), "--ledger", str(ledger), "--until", "2026-03-31"]) == 2
    said = _said(capsys)
    # the document's line is named (fix14d: the line, not only the session), the sheet as the French ledger names it
    assert "session de comptabilisation 1 : ligne 1 de F-2026-0001 : le compte 3999 n'est pas dans le plan " \
           "comptable (Plan comptable) de" in said and "ledger's chart" not in said and "posting session" not in said
