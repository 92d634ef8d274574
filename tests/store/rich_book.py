"""A user's invoicing book carrying everything openpyxl would lose, built from scratch for the preservation test.

xlsxwriter writes the Clients table (tblClients, header from the schema), a Report sheet with a native chart over
the Clients data, an embedded PNG, cell comments, a formula, defined names, conditional formats, data validations
and the VBA project of xlwings' quickstart.xlsm (.xlsm). Then, by hand in the zip: the ribbon part
``customUI/customUI.xml`` from xlwings' ribbon add-in template with its relationship in ``_rels/.rels``, a
calculation chain, and — when LibreOffice with python3-uno is installed — a real pivot table that LibreOffice made
over the same Clients rows (its pivotTable / pivotCacheDefinition / pivotCacheRecords parts grafted in, wired into
workbook.xml and the Pivot sheet the way Excel expects).
"""
from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import segno
import xlsxwriter
import xlwings

from engine.schema import INVOICING
from tests.store.office import SYSTEM_PYTHON, has_uno

XLWINGS = Path(xlwings.__file__).parent
CLIENTS = INVOICING.sheet("Clients")
HEADER = [c.header for c in CLIENTS.columns]
PIVOT_TYPES = {
    "pivotTable": "application/vnd.openxmlformats-officedocument.spreadsheetml.pivotTable+xml",
    "pivotCacheDefinition": "application/vnd.openxmlformats-officedocument.spreadsheetml.pivotCacheDefinition+xml",
    "pivotCacheRecords": "application/vnd.openxmlformats-officedocument.spreadsheetml.pivotCacheRecords+xml",
}
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RIBBON_REL = "http://schemas.microsoft.com/office/2006/relationships/ui/extensibility"


def client_rows() -> list[list]:
    """Six clients; the numbers are what a person would type."""
    people = [
        (1, "Muster AG", "Bahnhofstrasse", "1", "8001", "Zürich", "DE", 0.0),
        (2, "Boulangerie Dupont Sàrl", "Rue du Lac", "12", "1003", "Lausanne", "FR", 2.5),
        (3, "Rossi & Figli SA", "Via Nassa", "5", "6900", "Lugano", "IT", 5.0),
        (4, "Bern Consulting GmbH", "Marktgasse", "20", "3011", "Bern", "DE", 0.0),
        (5, "Atelier Meier", "Seestrasse", "7", "8001", "Zürich", "DE", 10.0),
        (6, "Café Central", "Place Centrale", "3", "1003", "Lausanne", "FR", 0.0),
    ]
    rows = []
    for cid, company, street, number, post, town, lang, discount in people:
        row = dict.fromkeys(HEADER)
        row.update(ClientId=cid, Company=company, Street=street, BuildingNumber=number, PostCode=post, Town=town,
                   Country="CH", Language=lang, Discount=discount, PaymentTermDays=30, Currency="CHF",
                   Archived=False)
        rows.append([row[h] for h in HEADER])
    return rows


def _write_clients(workbook, rows: list[list]):
    sheet = workbook.add_worksheet("Clients")
    money = workbook.add_format({"num_format": "0.00##"})
    sheet.add_table(0, 0, len(rows), len(HEADER) - 1, {
        "name": CLIENTS.table_name, "style": "Table Style Medium 2",
        "columns": [{"header": h} for h in HEADER],
        "data": [[v if v is not None else "" for v in row] for row in rows]})
    sheet.set_column(HEADER.index("Discount"), HEADER.index("Discount"), 10, money)
    sheet.freeze_panes(1, 0)
    return sheet


def _pivot_parts(tmp: Path, rows: list[list]) -> tuple[dict[str, bytes], list[list]] | None:
    """The pivot parts and the pivot's visible cells, as LibreOffice writes them over the same Clients rows."""
    if not has_uno():
        return None
    plain = tmp / "pivot-in.xlsx"
    workbook = xlsxwriter.Workbook(plain)
    _write_clients(workbook, rows)
    workbook.close()
    made = tmp / "pivot-out.xlsx"
    script = Path(__file__).with_name("pivot_uno.py")
    subprocess.run([SYSTEM_PYTHON, str(script), str(plain), str(made), str(tmp / "uno-profile")],
                   check=True, timeout=120, capture_output=True)
    with zipfile.ZipFile(made) as package:
        parts = {n: package.read(n) for n in package.namelist() if "pivot" in n}
    cells = [list(r) for r in openpyxl.load_workbook(made)["Pivot"].iter_rows(values_only=True)]
    return parts, cells


def build(tmp: Path, with_pivot: bool = True) -> tuple[Path, list[str]]:
    """The rich book in ``tmp``; returns its path and the features it carries."""
    rows = client_rows()
    pivot = _pivot_parts(tmp, rows) if with_pivot else None
    path = tmp / "rich.xlsm"
    workbook = xlsxwriter.Workbook(path)
    clients = _write_clients(workbook, rows)
    last = len(rows) + 1
    discount = chr(65 + HEADER.index("Discount"))
    language = chr(65 + HEADER.index("Language"))
    clients.write_comment("B1", "Company name as printed on the QR-bill")
    clients.write_comment("F3", "Hand note: moved in March")
    clients.conditional_format(f"{discount}2:{discount}200", {"type": "cell", "criteria": ">", "value": 5,
                                                                "format": workbook.add_format({"bg_color": "#FFC7CE"})})
    clients.data_validation(f"{language}2:{language}200", {"validate": "list", "source": ["FR", "DE", "IT", "EN"]})
    report = workbook.add_worksheet("Report")
    report.write("A1", "Total discount")
    report.write_formula("B1", f"=SUM(Clients!{discount}2:{discount}{last})", None, sum(r[14] for r in rows))
    report.write_comment("A1", "Recalculated by Excel")
    chart = workbook.add_chart({"type": "column"})
    chart.add_series({"name": "Discount", "categories": f"=Clients!$B$2:$B${last}",
                      "values": f"=Clients!${discount}$2:${discount}${last}"})
    report.insert_chart("D2", chart)
    png = io.BytesIO()
    segno.make("Comptoir preservation test").save(png, kind="png", scale=3)
    report.insert_image("D20", "logo.png", {"image_data": png})
    workbook.define_name("ClientIds", f"=Clients!$A$2:$A${last}")
    workbook.define_name("Report!VatRate", "=0.081")
    if pivot:
        sheet = workbook.add_worksheet("Pivot")
        for r, values in enumerate(pivot[1]):
            for c, value in enumerate(values):
                if value is not None:
                    sheet.write(r, c, value)
    workbook.add_vba_project(io.BytesIO(zipfile.ZipFile(XLWINGS / "quickstart.xlsm").read("xl/vbaProject.bin")),
                             is_stream=True)
    workbook.close()
    features = ["table", "chart", "image", "comments", "defined names", "conditional format", "data validation",
                "formula", "vba", "ribbon", "calcChain"] + (["pivot"] if pivot else [])
    _graft(path, pivot[0] if pivot else {})
    return path, features


def _graft(path: Path, pivot: dict[str, bytes]) -> None:
    """Add the ribbon part, a calcChain and the pivot parts to the package, the way Excel would have them."""
    with zipfile.ZipFile(path) as package:
        parts = {n: package.read(n) for n in package.namelist()}
    ribbon = zipfile.ZipFile(XLWINGS / "quickstart_addin_ribbon.xlam").read("customUI/customUI.xml")
    parts["customUI/customUI.xml"] = ribbon
    parts["_rels/.rels"] = parts["_rels/.rels"].replace(
        b"</Relationships>", f'<Relationship Id="rIdRibbon" Type="{RIBBON_REL}" '
        f'Target="customUI/customUI.xml"/></Relationships>'.encode())
    # Excel writes a calcChain for every formula; a stale one after our save would make Excel "repair" the book.
    report = _sheet_part(parts, "Report")
    parts["xl/calcChain.xml"] = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<calcChain xmlns='
                                 b'"http://schemas.openxmlformats.org/spreadsheetml/2006/main"><c r="B1" i="%d"/>'
                                 b"</calcChain>" % int(re.search(r"sheet(\d+)", report)[1]))
    _add_rel(parts, "xl/_rels/workbook.xml.rels", "rIdChain", "calcChain", "calcChain.xml")
    _add_override(parts, "/xl/calcChain.xml",
                  "application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml")
    if pivot:
        for name, data in pivot.items():
            parts[name] = data
            kind = re.match(r"xl/pivot\w+/(pivot\w+?)\d+\.xml$", name)
            if kind:
                _add_override(parts, "/" + name, PIVOT_TYPES[kind[1]])
        table = pivot["xl/pivotTables/pivotTable1.xml"]
        cache_id = re.search(rb'cacheId="(\d+)"', table)[1].decode()
        _add_rel(parts, "xl/_rels/workbook.xml.rels", "rIdPivotCache", "pivotCacheDefinition",
                 "pivotCache/pivotCacheDefinition1.xml")
        parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
            b"</workbook>", f'<pivotCaches><pivotCache cacheId="{cache_id}" r:id="rIdPivotCache"/></pivotCaches>'
            f"</workbook>".encode())
        sheet = _sheet_part(parts, "Pivot")
        rels = sheet.replace("worksheets/", "worksheets/_rels/") + ".rels"
        parts.setdefault(rels, b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns='
                               b'"http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>')
        _add_rel(parts, rels, "rIdPivot", "pivotTable", "../pivotTables/pivotTable1.xml")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            out.writestr(name, data)


def _sheet_part(parts: dict[str, bytes], name: str) -> str:
    workbook = parts["xl/workbook.xml"].decode()
    rid = re.search(rf'<sheet name="{name}" sheetId="\d+" r:id="(rId\d+)"', workbook)[1]
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    target = re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="{rid}"', rels)
    return "xl/" + (target[1] or target[2])


def _add_rel(parts: dict[str, bytes], rels: str, rid: str, kind: str, target: str) -> None:
    parts[rels] = parts[rels].replace(
        b"</Relationships>", f'<Relationship Id="{rid}" Type="{REL}/{kind}" Target="{target}"/></Relationships>'
        .encode())


def _add_override(parts: dict[str, bytes], name: str, content_type: str) -> None:
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", f'<Override PartName="{name}" ContentType="{content_type}"/></Types>'.encode())
