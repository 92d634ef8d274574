"""What was still in the wrong language (issue 18): the demo's dashboard line, its year-end entries, its bank account
and the reminder fees' comments in a German and a French demo — each in its book's words, the French (or English)
words the code used to write gone."""
from __future__ import annotations

import pytest
from python_calamine import CalamineWorkbook

from engine.demo import run


@pytest.fixture(scope="module")
def demos(tmp_path_factory):
    folders, said = {}, {}
    for language in ("fr", "de"):
        folders[language] = tmp_path_factory.mktemp(f"demo-{language}")
        lines: list[str] = []
        run.run(folders[language], echo=lines.append, language=language)
        said[language] = lines
    return folders, said


def sheet(path, name) -> list[list]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(name).to_python(skip_empty_area=False)


def column(rows: list[list], header: str) -> list:
    at = rows[0].index(header)
    return [row[at] for row in rows[1:]]


def test_the_dashboard_line_names_its_sheet_and_figures_in_the_books_words(demos):
    _, said = demos
    [german] = [line for line in said["de"] if line.startswith("Berichte:")]
    # the sheet is Cockpit in a German book (terms.tsv report:Dashboard), its figures the dashboard's German captions
    assert "Blatt Cockpit" in german and "Umsatz seit Jahresbeginn" in german and "Offene Debitoren" in german
    assert "Dashboard sheet" not in german and "Chiffre d'affaires" not in german and "Débiteurs" not in german
    [french] = [line for line in said["fr"] if line.startswith("rapports")]
    assert "feuille Tableau de bord" in french and "Chiffre d'affaires de l'année" in french


def test_the_year_end_names_the_accounts_it_refused_without_the_colons_space(demos):
    _, said = demos
    # the French close's lines read "9100 : solde débiteur …": the account alone, as in German "9100: Sollsaldo"
    [french] = [line for line in said["fr"] if line.startswith("clôture")]
    assert "(soldes dans 9100, 9907)" in french
    [german] = [line for line in said["de"] if line.startswith("Jahresabschluss")]
    assert "(Saldi in 9100, 9907)" in german


def test_the_demos_own_entries_are_labelled_in_the_ledgers_language(demos):
    folders, _ = demos
    german = column(sheet(folders["de"] / "ledger.xlsx", "Buchungen"), "Buchungstext")
    french = column(sheet(folders["fr"] / "ledger.xlsx", "Écritures"), "Libellé")
    # the opening (1020 / 9100, 9100 / 2800, 9100 / 2970), the payroll journal 5000 / 2002 and the gifts 9907 / 8100
    for label in ("Eröffnungssaldo Bank", "Aktienkapital (Eröffnungsbilanz)", "Gewinnvortrag (Eröffnungsbilanz)",
                  "Löhne 2026 (Lohnjournal)", "Erhaltene Spenden, nicht zugeordnete Eingänge"):
        assert label in german
    for label in ("Solde d'ouverture banque", "Capital-actions (bilan d'ouverture)",
                  "Bénéfice reporté (bilan d'ouverture)", "Salaires 2026 (journal des salaires)",
                  "Dons reçus, encaissements non identifiés"):
        assert label in french and label not in german
    # the bank's texts in its customer's language: the bank charges' entry is the type's word and the bank's text
    assert "Bankspesen Kontoführungsgebühren" in german and "Zinsen Habenzinsen" in german
    assert not any("Account fees" in str(label) or "Credit interest" in str(label) for label in german + french)
    assert any("Frais de tenue de compte" in str(label) for label in french)
    chart = sheet(folders["de"] / "ledger.xlsx", "Kontenplan")
    names = dict(zip(column(chart, "Nummer"), column(chart, "Name")))
    assert names["8100"] == "Betriebsfremder Ertrag"  # the account the demo adds, not Produits hors exploitation


def test_the_bank_account_and_the_reminder_fees_comment_are_in_the_books_language(demos):
    folders, _ = demos
    accounts = sheet(folders["de"] / "invoicing.xlsx", "Bankkonten")
    assert column(accounts, "Name") == ["BCV Kontokorrent"]
    assert column(sheet(folders["fr"] / "invoicing.xlsx", "Comptes bancaires"), "Nom") == ["BCV compte courant"]
    # the demo's second reminder charges a CHF 20.00 fee: its Payments row's comment
    comments = [c for c in column(sheet(folders["de"] / "invoicing.xlsx", "Zahlungen"), "Kommentar") if c]
    assert "Mahnung 2" in comments and not any(str(c).startswith("reminder") for c in comments)


def test_a_documents_own_texts_are_its_clients_language_whatever_the_books(demos):
    folders, _ = demos
    # Architekturbüro Keller AG (1005, DE) gets its quote titled in German by a French book as by a German one
    for language, name, client, title in (("de", "Verkaufsbelege", "Kunden-Nr.", "Titel"),
                                          ("fr", "Documents", "N° client", "Titre")):
        rows = sheet(folders[language] / "invoicing.xlsx", name)
        titles = {row[rows[0].index(title)] for row in rows[1:] if row[rows[0].index(client)] == 1005}
        assert "Bibliothek und Büro" in titles and "Bibliothèque et bureau" not in titles, (language, titles)
