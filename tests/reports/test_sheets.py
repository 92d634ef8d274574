"""The Dashboard and report sheets inside a real book: native chart parts, every other part untouched on refresh,
the book still loads, text stays text, and LibreOffice renders the dashboard (PNG kept under review/)."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from engine.formats import report_tsv
from engine.services import reports
from engine.store.book import Book
from tests.reports.books import UNTIL, invoicing_file
from tests.reports.render import PDFTOPPM, sheet_png
from tests.store.office import SOFFICE

ROOT = Path(__file__).resolve().parents[2]
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


@pytest.fixture(scope="module")
def dashboard_book(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dash")
    book = invoicing_file(folder)
    before = parts(book.path)
    figures = reports.refresh_dashboard(book, until=UNTIL)
    return book, before, parts(book.path), figures


def test_dashboard_has_native_chart_parts(dashboard_book):
    _book, _before, after, _figures = dashboard_book
    charts = sorted(name for name in after if name.startswith("xl/charts/chart"))
    assert len(charts) >= 3
    kinds = set()
    for name in charts:
        root = etree.fromstring(after[name])
        kinds |= {el.tag.replace(C, "") for el in root.iter() if el.tag in (C + "barChart", C + "lineChart")}
        assert root.find(f".//{C}ser/{C}val/{C}numRef/{C}f").text.startswith("'Dashboard'!")
    assert kinds == {"barChart", "lineChart"}
    types = after["[Content_Types].xml"].decode()
    assert all(f'PartName="/{name}"' in types for name in charts)


def test_first_write_touches_only_the_book_level_entries(dashboard_book):
    _book, before, after, _figures = dashboard_book
    allowed = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml", "xl/styles.xml"}
    changed = {name for name in before if before[name] != after.get(name)}
    assert changed <= allowed
    assert b'name="Dashboard"' in after["xl/workbook.xml"]


def test_refresh_changes_only_the_dashboard_parts(dashboard_book, tmp_path):
    book, _before, first, _figures = dashboard_book
    reports.refresh_dashboard(book, until=UNTIL.replace(day=1))
    second = parts(book.path)
    own = {n for n in second if n.startswith(("xl/charts/", "xl/drawings/"))}
    # the Dashboard's sheet part is the one whose relationships carry the drawing (its title is localised)
    sheet_part = [n for n in second if n.startswith("xl/worksheets/sheet")
                  and b"drawing" in second.get(f"xl/worksheets/_rels/{n.rsplit('/', 1)[1]}.rels", b"")]
    assert len(sheet_part) == 1
    own |= set(sheet_part) | {f"xl/worksheets/_rels/{p.rsplit('/', 1)[1]}.rels" for p in sheet_part}
    assert set(second) == set(first)
    assert {n for n in second if second[n] != first[n]} <= own
    assert all(second[n] == first[n] for n in second if n not in own)


def test_book_still_loads_and_saves_after_the_dashboard(dashboard_book):
    book, _before, _after, _figures = dashboard_book
    again = Book.open(book.path)
    documents = again.records("Documents")
    assert documents and not again.errors()
    again.put("Documents", documents[:-1])
    again.save()
    assert "Dashboard" in zipfile.ZipFile(book.path).read("xl/workbook.xml").decode()
    assert any(n.startswith("xl/charts/") for n in zipfile.ZipFile(book.path).namelist())


def test_report_sheet_is_an_excel_table_and_text_stays_text(tmp_path):
    book = invoicing_file(tmp_path)
    clients = book.records("Clients")
    book.put("Clients", [clients[0].__class__(**{**{f: getattr(clients[0], f) for f in clients[0].__dataclass_fields__},
                                                 "company": "=HYPERLINK(\"http://x\")"}), *clients[1:]])
    book.save()
    sheet = reports.write_report_sheet(book, "debtors-summary", until=UNTIL)
    package = parts(book.path)
    tables = [package[n] for n in package if n.startswith("xl/tables/") and b"tblReport" in package[n]]
    assert len(tables) == 1 and b'ref="A4:' in tables[0]
    ids = [etree.fromstring(package[n]).get("id") for n in package if n.startswith("xl/tables/table")]
    assert len(ids) == len(set(ids))
    sheet_xml = next(package[n] for n in package if n.startswith("xl/worksheets/") and b"tblReport" not in package[n]
                     and b"HYPERLINK" in package[n])
    assert b"<f>" not in sheet_xml and b"inlineStr" in sheet_xml
    assert sheet == "R_DebtorsSummary"
    tsv = report_tsv.build(reports.report(book, "debtors-summary", until=UNTIL)).decode()
    assert "'=HYPERLINK" in tsv


@pytest.mark.skipif(SOFFICE is None or PDFTOPPM is None, reason="LibreOffice or pdftoppm not installed")
def test_libreoffice_renders_the_dashboard(dashboard_book):
    book, _before, _after, _figures = dashboard_book
    pdf, png = sheet_png(book.path, "Dashboard", ROOT / "review" / "reports")
    assert pdf.stat().st_size > 10_000 and png.stat().st_size > 20_000
    from PIL import Image
    image = Image.open(png).convert("RGB")
    colours = {image.getpixel((x, y)) for x in range(0, image.width, 7) for y in range(0, image.height, 7)}
    assert (46, 117, 182) in colours  # the revenue bars' blue is drawn: the charts rendered, not just the cells
