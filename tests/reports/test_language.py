"""Reports and the dashboard in the company's language (issue 9): FR / DE / IT / EN from Settings DefaultLanguage,
``--language`` overrides; Swiss formats (1'234.50, dd.mm.yyyy). The expected wording is written here by hand, as a
Swiss reader expects it, not read back from the labels table. The FR dashboard PNG and debtors PDF are kept under
review/reports/ for a look."""
from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from lxml import etree

from engine.cli import main
from engine.domain.reports import vat_statement
from engine.domain.vat import VatRates
from engine.formats import dashboard_pdf, report_pdf, report_tsv
from engine.services import reports
from tests.reports.books import UNTIL, invoicing_file

ROOT = Path(__file__).resolve().parents[2]
REVIEW = ROOT / "review" / "reports"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"

# The open amount of the invoices marked DoNotPost is headed as that column is: N/C is the French of Crésus, a German
# or Italian bookkeeper reads Nicht buchen / Non registrare (audit 18b)
SUMMARY_HEADERS = {
    "fr": ["Client", "N°", "Factures", "Ouvert", "Non échu", "1–30 jours", "31–60 jours", "61–90 jours",
           "> 90 jours", "Avoir du client", "N/C", "Niveau de rappel"],
    "de": ["Kunde", "Nr.", "Rechnungen", "Offen", "Nicht fällig", "1–30 Tage", "31–60 Tage", "61–90 Tage",
           "> 90 Tage", "Guthaben Kunde", "Nicht buchen", "Mahnstufe"],
    "it": ["Cliente", "N.", "Fatture", "Aperto", "Non scaduto", "1–30 giorni", "31–60 giorni", "61–90 giorni",
           "> 90 giorni", "Credito del cliente", "Non registrare", "Livello di richiamo"],
    "en": ["Client", "No.", "Invoices", "Open", "Not due", "1–30 days", "31–60 days", "61–90 days", "> 90 days",
           "Client credit", "Do not post", "Max reminder"],
}


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    return invoicing_file(tmp_path_factory.mktemp("lang"))


def pdf_text(data: bytes) -> str:
    document = pdfium.PdfDocument(data)
    try:
        return "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    finally:
        document.close()


@pytest.mark.parametrize("language", sorted(SUMMARY_HEADERS))
def test_debtors_summary_headers_in_each_language(book, language):
    r = reports.report(book, "debtors-summary", until=UNTIL, language=language)
    header, *_rest = report_tsv.build(r).decode().splitlines()
    assert header.split("\t") == SUMMARY_HEADERS[language]
    total = {"fr": "Total", "de": "Total", "it": "Totale", "en": "Total"}[language]
    assert report_tsv.build(r).decode().splitlines()[-1].startswith(total + "\t")


def test_the_book_language_is_the_default(book):
    assert str(book.settings["DefaultLanguage"]).upper() == "FR"
    r = reports.report(book, "liquidity", until=UNTIL)
    assert r.title == "Prévision de liquidités par quinzaine" and r.period == "dès le 20.05.2026"
    assert r.rows[0][0] == "Liquidités ce jour" and r.rows[-1][0] == "Plus tard"
    assert [c.label for c in r.columns][:3] == ["Quinzaine", "Encaissements", "Paiements"]


@pytest.mark.parametrize("language", ["fr", "de", "it", "en"])
def test_no_report_leaks_a_label_key_or_english(book, language):
    english = {c.label for name in reports.NAMES if name != "vat"
               for c in reports.report(book, name, until=UNTIL, language="en").columns}
    rates = VatRates([])
    outputs = [reports.report(book, name, until=UNTIL, language=language) for name in reports.NAMES if name != "vat"]
    outputs.append(vat_statement.statement([], rates, UNTIL.replace(day=1), UNTIL, language=language))
    for r in outputs:
        labels = [c.label for c in r.columns] + [r.title]
        assert not [x for x in labels if x.startswith(("rpt_", "dash_", "month_")) or x in ("number", "total")]
        if language != "en":
            # a few words are the same in both languages (Total, N/C, Client, Code, Documents, Net, Date)
            assert len([x for x in labels if x in english]) <= len(labels) // 2, (r.name, labels)


def test_german_sales_and_creditors(book):
    r = reports.report(book, "sales-month", start=dt.date(2025, 1, 1), until=UNTIL, language="de")
    assert r.title == "Umsatz pro Monat" and r.period == "01.01.2025 – 20.05.2026"
    assert [c.label for c in r.columns] == ["Monat", "Währung", "Belege", "Netto", "MWST", "Brutto", "Netto CHF",
                                            "MWST CHF", "Brutto CHF"]
    c = reports.report(book, "creditors", until=UNTIL, language="de")
    assert c.title == "Kreditoren — offene Eingangsrechnungen nach Alter" and c.period == "per 20.05.2026"
    assert c.groups and c.groups[0].subtotal[0].startswith("Zwischentotal ")


def test_french_debtors_pdf_swiss_formats(book):
    r = reports.report(book, "debtors", until=UNTIL)
    data = report_pdf.render(r, company=reports.company_of(book))
    REVIEW.mkdir(parents=True, exist_ok=True)
    (REVIEW / "debtors-fr.pdf").write_bytes(data)
    text = pdf_text(data)
    for words in ("Débiteurs - factures ouvertes par échéance", "au 20.05.2026", "Jours de retard", "Non échu",
                  "Ouvert CHF", "Monnaie", "Sous-total ", "Page 1/", "> 90 jours"):
        assert words in text, words
    assert re.search(r"\b\d{1,3}'\d{3}\.\d{2}\b", text)  # 12'345.60
    assert re.search(r"\b\d{2}\.\d{2}\.20\d{2}\b", text)
    pages = len(pdfium.PdfDocument(data))
    assert f"Page {pages}/{pages}" in text


def test_italian_pdf_footer(book):
    text = pdf_text(report_pdf.render(reports.report(book, "sales-client", until=UNTIL, language="it")))
    assert "Vendite per cliente" in text and "Pagina 1/1" in text and "Totale" in text


def test_french_dashboard_sheet_and_png(book):
    figures = reports.refresh_dashboard(book, until=UNTIL)
    assert [label for label, _ in figures.figures] == ["Chiffre d'affaires de l'année", "Débiteurs ouverts",
                                                       "dont échus", "Liquidités en banque", "TVA due (trimestre)"]
    assert [m for m, _this, _last in figures.revenue][:3] == ["janv.", "févr.", "mars"]
    assert [a for a, _ in figures.ageing] == ["Non échu", "1–30 jours", "31–60 jours", "61–90 jours",
                                              "> 90 jours"]
    with zipfile.ZipFile(book.path) as package:
        titles = {t.text for n in package.namelist() if n.startswith("xl/charts/chart")
                  for t in etree.fromstring(package.read(n)).iter(A + "t")}
        sheets = b"".join(package.read(n) for n in package.namelist() if n.startswith("xl/worksheets/sheet"))
    assert titles == {"Chiffre d'affaires par mois, 2026 contre 2025", "Débiteurs ouverts par échéance",
                      "Prévision de trésorerie par quinzaine", "Solde", "Meilleurs clients 2026 (CA net)"}
    assert "tableau de bord".encode() in sheets and "janv.".encode() in sheets
    pdf = dashboard_pdf.render(figures)
    text = pdf_text(pdf)
    for words in ("tableau de bord", "Au 20.05.2026", "Débiteurs ouverts", "Liquidités en banque", "janv.",
                  "Encaissements", "Paiements", "Non échu"):
        assert words in text, words
    REVIEW.mkdir(parents=True, exist_ok=True)
    (REVIEW / "dashboard-fr.pdf").write_bytes(pdf)
    (REVIEW / "dashboard-fr.png").write_bytes(dashboard_pdf.png(pdf))


def test_cli_language_overrides_the_book(book, capsys, tmp_path):
    assert main(["report", "debtors-summary", str(book.path), "--until", "20.05.2026", "--language", "de"]) == 0
    assert capsys.readouterr().out.splitlines()[0].split("\t") == SUMMARY_HEADERS["de"]
    assert main(["report", "debtors-summary", str(book.path), "--until", "20.05.2026"]) == 0
    assert capsys.readouterr().out.splitlines()[0].split("\t") == SUMMARY_HEADERS["fr"]
    png = tmp_path / "d.png"
    assert main(["report", "dashboard", str(book.path), "--until", "2026-05-20", "--language", "IT",
                 "--png", str(png)]) == 0
    out = capsys.readouterr().out
    assert "Crediti aperti" in out and png.read_bytes()[:4] == b"\x89PNG"
