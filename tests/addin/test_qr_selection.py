"""From QR-bill over the rows a scanner (text + Enter keys) or a multi-line paste filled: the payload is joined back,
with Excel's number conversions undone, and the button creates the received invoice from it."""
from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

import pytest

from addin import ribbon
from addin.qr_selection import payload_of
from engine.errors import ComptoirError
from engine.formats import qr_payload
from engine.store.book import Book
from tests.addin.fake_excel import FakeBook
from tests.addin.test_ribbon_actions import company, select  # noqa: F401 - the fixture
from tests.formats.test_document_pdf import sample_view

BILL = sample_view().qr_bill


def as_excel_types_it(line: str):
    """What a General-formatted cell keeps of a typed line: empty → None, a number → float."""
    if line == "":
        return None
    if re.fullmatch(r"-?\d+(\.\d+)?", line):
        return float(line)
    return line


def test_a_column_of_text_cells_joins_back_to_the_payload():
    payload = qr_payload.build(BILL)
    cells = [[None if line == "" else line] for line in payload.split("\n")] + [[None], [None]]  # 2-D, rows below
    assert payload_of(cells) == payload.rstrip("\n")


def test_excel_number_conversions_are_undone():
    # no reference (NON): every line Excel makes a number is short; version 0200 -> 200.0, amount 1949.50 -> 1949.5
    bill = replace(BILL, account="CH9300762011623852957", reference_type="NON", reference="",
                   amount=Decimal("1949.50"))
    payload = qr_payload.build(bill)
    lines = payload.split("\n")
    assert lines[1] == "0200" and re.fullmatch(r"\d+\.\d\d", lines[18])
    assert payload_of([as_excel_types_it(line) for line in lines]) == payload.rstrip("\n")


def test_a_reference_excel_turned_into_a_number_is_refused_with_the_fix():
    lines = qr_payload.build(BILL).split("\n")   # QRR: 27 digits, Excel keeps 15
    with pytest.raises(ComptoirError, match="line 29 .*Text"):
        payload_of([as_excel_types_it(line) for line in lines])


def test_from_qr_bill_button_reads_a_multi_row_selection(company):  # noqa: F811
    before = len(Book.open(company.invoicing).records("ReceivedInvoices"))
    payload = qr_payload.build(BILL)
    xl = FakeBook.from_file(company.invoicing)
    select(xl, "Clients", 2, value=[None if line == "" else line for line in payload.split("\n")])
    text = ribbon.from_qr_bill(xl)
    assert "created from the QR-bill" in text, text
    xl.save()
    assert len(Book.open(company.invoicing).records("ReceivedInvoices")) == before + 1
