"""A report adds a "Total" row (and sub-totals) only when something was added up: columns of text, dates, rates or
quantities alone make none, in every format — before, such a report ended with a row reading "Total" and nothing
else (the stock list had to strip it by hand)."""
from __future__ import annotations

import io
from decimal import Decimal as D

import openpyxl

from engine.cli import main
from engine.domain.reports.model import Column, arrange
from engine.formats import report_pdf, report_tsv, report_xlsx
from tests.company import blank, book  # noqa: F401 (fixtures)

TEXT_ONLY = (Column("client", "Client"), Column("town", "Town"), Column("rate", "Rate", "rate"))
ROWS = [{"client": "Favre", "town": "Lausanne", "rate": D("8.1")},
        {"client": "Meier", "town": "Zürich", "rate": D("2.6")},
        {"client": "Rossi", "town": "Lausanne", "rate": D("8.1")}]


def test_nothing_summed_no_total_no_subtotals():
    report = arrange("Clients", TEXT_ONLY, ROWS, group_by="town")
    assert report.totals == ()
    assert [g.value for g in report.groups] == ["Lausanne", "Zürich"] and all(g.subtotal == () for g in report.groups)
    assert report_tsv.build(report).decode().splitlines() == [
        "Client\tTown\tRate", "Favre\tLausanne\t8.1", "Rossi\tLausanne\t8.1", "Meier\tZürich\t2.6"]
    sheet = openpyxl.load_workbook(io.BytesIO(report_xlsx.build(report, "clients"))).active
    texts = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert not [t for t in texts if t.startswith(("Total", "Sub-total"))]
    assert report_pdf.render(report)[:4] == b"%PDF"


def test_a_money_column_still_totals():
    # 5.00 + 2.00 = 7.00 under the money column, "Total" in the first (text) column
    cols = (*TEXT_ONLY, Column("open", "Open", "money"))
    rows = [{**ROWS[0], "open": D(5)}, {**ROWS[1], "open": D(2)}]
    assert arrange("Clients", cols, rows).totals == ("Total", None, None, D("7.00"))


def test_a_real_report_with_text_columns_chosen(book, capsys):  # noqa: F811
    book.save()
    assert main(["report", "debtors", str(book.path), "--until", "31.12.2026", "--columns", "client,number",
                 "--language", "EN"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Client\tInvoice" and not [line for line in lines if line.startswith("Total")]
