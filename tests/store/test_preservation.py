"""Issue 2, "Saving never loses what it does not understand": a book carrying a table, chart, image, comments,
defined names, conditional formats, validations, VBA, a ribbon part and a pivot table goes through
Book.open → change / add / delete Clients rows → save; every part we did not change keeps its bytes.

Oracles: the zip members themselves (bytes and CRC), openpyxl (reads tables, charts, images, pivots, comments,
validations back) and LibreOffice headless (opens and converts the saved book, pivot included).
"""
from __future__ import annotations

import io
import re
import shutil
import zipfile
from dataclasses import replace
from decimal import Decimal

import openpyxl
import pytest

from engine.store.book import Book
from tests.store.office import convert, needs_soffice
from tests.store.rich_book import build

CLIENTS_PART = "xl/worksheets/sheet1.xml"
TABLE_PART = "xl/tables/table1.xml"
# What a save may rewrite: the changed sheet, its table, workbook.xml (fullCalcOnLoad) and — because the book had
# a calcChain, which the save drops — the content types and the workbook relationships.
MAY_CHANGE = {CLIENTS_PART, TABLE_PART, "xl/workbook.xml", "[Content_Types].xml", "xl/_rels/workbook.xml.rels"}
_ROW = re.compile(rb"<row\b[^>]*?(?:/>|>.*?</row>)", re.S)


@pytest.fixture(scope="module")
def rich(tmp_path_factory):
    folder = tmp_path_factory.mktemp("rich")
    return build(folder)


@pytest.fixture
def saved(rich, tmp_path):
    """The rich book copied, then changed and saved through Book; returns (before, after, expected records)."""
    source, features = rich
    path = tmp_path / source.name
    shutil.copy(source, path)
    before = path.read_bytes()
    book = Book.open(path)
    assert not book.errors(), book.errors()
    clients = list(book.records("Clients"))
    assert [c.client_id for c in clients] == [1, 2, 3, 4, 5, 6]
    clients[1] = replace(clients[1], town="Pully", post_code="1009", discount=Decimal("3.25"))
    del clients[3]  # client 4, in the middle: the rows below move up
    clients.append(book.new("Clients", client_id=7, company="Neue Kunden AG", town="Basel", post_code="4051",
                            country="CH", language="DE", discount=Decimal("1.5"), archived=True))
    clients.append(book.new("Clients", client_id=8, company="Ünïcödé & <Söhne>", notes='quote " and ampersand &'))
    book.put("Clients", clients)
    book.save()
    return before, path, clients, features


def members(data) -> dict[str, zipfile.ZipInfo]:
    with zipfile.ZipFile(data) as package:
        return {info.filename: info for info in package.infolist()}


def read(path, name) -> bytes:
    with zipfile.ZipFile(path) as package:
        return package.read(name)


def rows_by_number(sheet: bytes) -> dict[int, bytes]:
    return {int(re.search(rb'\br="(\d+)"', row[:200])[1]): row for row in _ROW.findall(sheet)}


def without_row_numbers(row: bytes) -> bytes:
    return re.sub(rb'\br="([A-Z]*)\d+"', rb'r="\1#"', row)


def test_the_fixture_carries_every_feature(rich):
    path, features = rich
    expected = {"table", "chart", "image", "comments", "defined names", "conditional format", "data validation",
                "vba", "ribbon", "calcChain"}
    assert expected <= set(features)
    if "pivot" not in features:
        pytest.skip("no pivot table: LibreOffice with python3-uno is needed to make one (apt-get install python3-uno)")


def test_every_part_not_changed_keeps_its_bytes(saved):
    before, path, _, features = saved
    old, new = members(io.BytesIO(before)), members(path)
    assert list(new) == [n for n in old if n != "xl/calcChain.xml"], "parts lost, added or reordered"
    with zipfile.ZipFile(io.BytesIO(before)) as a, zipfile.ZipFile(path) as b:
        for name in new:
            if name in MAY_CHANGE:
                continue
            assert a.read(name) == b.read(name), f"{name} changed"
            assert old[name].CRC == new[name].CRC and old[name].compress_size == new[name].compress_size, name
    kept = set(new)
    for part in ("xl/vbaProject.bin", "customUI/customUI.xml", "xl/charts/chart1.xml", "xl/media/image1.png",
                 "xl/drawings/drawing1.xml", "xl/comments1.xml", "xl/comments2.xml"):
        assert part in kept
    if "pivot" in features:
        assert {"xl/pivotTables/pivotTable1.xml", "xl/pivotCache/pivotCacheDefinition1.xml",
                "xl/pivotCache/pivotCacheRecords1.xml"} <= kept
    rels = read(path, "_rels/.rels")
    assert b"customUI/customUI.xml" in rels, "the ribbon relationship is gone"
    workbook = read(path, "xl/workbook.xml")
    assert b"<definedName" in workbook
    if "pivot" in features:
        assert b"<pivotCache " in workbook
    assert b'fullCalcOnLoad="1"' in workbook
    # The calcChain is dropped together with its relationship and content type, nothing else.
    assert b"calcChain" not in read(path, "xl/_rels/workbook.xml.rels")
    assert b"calcChain" not in read(path, "[Content_Types].xml")
    with zipfile.ZipFile(io.BytesIO(before)) as a:
        old_types = re.sub(rb'<Override PartName="/xl/calcChain.xml"[^>]*/>', b"", a.read("[Content_Types].xml"))
    assert read(path, "[Content_Types].xml") == old_types


def test_the_changed_sheet_keeps_everything_outside_its_rows(saved):
    before, path, _, _ = saved
    with zipfile.ZipFile(io.BytesIO(before)) as a:
        old = a.read(CLIENTS_PART)
    new = read(path, CLIENTS_PART)
    old_head, old_tail = old.split(b"<sheetData>")[0], old.split(b"</sheetData>")[1]
    new_head, new_tail = new.split(b"<sheetData>")[0], new.split(b"</sheetData>")[1]
    assert new_tail == old_tail  # validations, conditional formats, comments' drawing, table parts
    for element in (b"<conditionalFormatting", b"<dataValidations", b"<legacyDrawing", b"<tableParts"):
        assert element in new_tail
    dimension = re.compile(rb'<dimension ref="[^"]*"/>')
    assert dimension.sub(b"", new_head) == dimension.sub(b"", old_head)  # views, frozen pane, columns
    assert b'<dimension ref="A1:T8"/>' in new_head
    assert b"<pane " in new_head and b"<cols>" in new_head


def test_unchanged_rows_keep_their_bytes(saved):
    before, path, _, _ = saved
    with zipfile.ZipFile(io.BytesIO(before)) as a:
        old = rows_by_number(a.read(CLIENTS_PART))
    new = rows_by_number(read(path, CLIENTS_PART))
    assert sorted(new) == list(range(1, 9))
    for number in (1, 2, 4):  # header, client 1, client 3: untouched and in place
        assert new[number] == old[number], f"row {number} was rewritten"
    assert new[3] != old[3]  # client 2 changed
    for old_number, new_number in ((6, 5), (7, 6)):  # clients 5 and 6 moved up one row: only r= changes
        assert without_row_numbers(new[new_number]) == without_row_numbers(old[old_number])
    # A changed row rewrites only the cells that changed (Town, PostCode, Discount); the others keep their bytes.
    old_cells = {m[1]: m[0] for m in re.finditer(rb'<c r="([A-Z]+)3"[^>]*?(?:/>|>.*?</c>)', old[3])}
    new_cells = {m[1]: m[0] for m in re.finditer(rb'<c r="([A-Z]+)3"[^>]*?(?:/>|>.*?</c>)', new[3])}
    assert len(old_cells) > 5 and set(new_cells) == set(old_cells)
    for column, cell in old_cells.items():
        if column in (b"H", b"I", b"O"):
            assert new_cells[column] != cell
            assert re.search(rb' s="\d+"', cell) is None or re.search(rb' s="\d+"', cell)[0] in new_cells[column]
        else:
            assert new_cells[column] == cell, f"{column}3 was rewritten though it did not change"


def test_what_was_put_is_what_is_read_back(saved):
    _, path, clients, _ = saved
    again = Book.open(path)
    assert list(again.records("Clients")) == clients
    assert not again.errors()
    assert [c.row for c in again.records("Clients")] == list(range(2, 9))


def test_openpyxl_reads_the_saved_book_with_everything_in_it(saved):
    _, path, clients, features = saved
    workbook = openpyxl.load_workbook(path, keep_vba=True)
    sheet = workbook["Clients"]
    assert sheet.tables["tblClients"].ref == "A1:T8"
    values = list(sheet.iter_rows(min_row=2, max_col=2, values_only=True))
    assert values == [(c.client_id, c.company) for c in clients]
    assert sheet["I3"].value == "Pully" and sheet["O3"].value == 3.25
    assert sheet.freeze_panes == "A2"
    assert sheet.data_validations.count == 1
    assert len(sheet.conditional_formatting) == 1
    assert sheet["B1"].comment is not None and "QR-bill" in sheet["B1"].comment.text
    report = workbook["Report"]
    assert len(report._charts) == 1 and len(report._images) == 1
    assert report["B1"].value.startswith("=SUM(Clients!")
    assert "ClientIds" in workbook.defined_names
    assert "VatRate" in report.defined_names
    assert workbook.vba_archive is not None and "xl/vbaProject.bin" in workbook.vba_archive.namelist()
    if "pivot" in features:
        assert workbook["Pivot"]._pivots[0].name == "ClientsByTown"


@needs_soffice
def test_libreoffice_opens_and_converts_the_saved_book(saved, tmp_path):
    _, path, clients, features = saved
    output = convert(path, tmp_path / "lo")
    workbook = openpyxl.load_workbook(output)
    values = list(workbook["Clients"].iter_rows(min_row=2, max_row=9, max_col=2, values_only=True))
    assert values == [(c.client_id, c.company) for c in clients] + [(None, None)]
    assert workbook["Report"]["B1"].value.startswith("=SUM(")
    with zipfile.ZipFile(output) as package:
        names = package.namelist()
    assert any(n.startswith("xl/charts/") for n in names), "LibreOffice lost the chart"
    assert any(n.startswith("xl/media/") for n in names), "LibreOffice lost the image"
    if "pivot" in features:
        assert any(n.startswith("xl/pivotTables/") for n in names), "LibreOffice did not find the pivot table"
