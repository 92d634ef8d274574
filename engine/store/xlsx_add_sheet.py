"""Put a generated sheet (cells, styles, an Excel table, a drawing with native charts) into an existing book.

The sheet is drawn in a scratch workbook (openpyxl, in memory) and its parts are transplanted into our package
(ECMA-376 Part 2): worksheet, table, drawing and chart parts get free part names (``xl/charts/chartN.xml``), the
cell styles are merged into ``xl/styles.xml`` by value (appended only when missing), shared strings become inline
strings (our books have no shared-string part to share), and workbook.xml, its rels and [Content_Types].xml gain
the entries a new sheet needs. Every other part is copied raw by :func:`engine.store.xlsx_zip.write_package`, so a
refresh — which reuses the same part names — changes only the sheet's own parts (DESIGN.md preservation rule).
"""
from __future__ import annotations

import copy
import io
import posixpath
import re
import zipfile
from pathlib import Path

from lxml import etree

from engine.errors import BookError
from engine.i18n import tr
from engine.store.report_sheets import refuse_own_sheets_in
from engine.store.atomic import exclusive, replace_atomically
from engine.store.xlsx_zip import NS_MAIN, NS_PKG_REL, NS_REL, parse_part, read_rels, rels_path, sheet_parts, \
    write_package

NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
M = f"{{{NS_MAIN}}}"
REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_OWNED = ("drawing", "table", "chart", "chartUserShapes", "chartStyle", "chartColorStyle")
_FOLDERS = {"worksheet": ("xl/worksheets", "sheet"), "drawing": ("xl/drawings", "drawing"),
            "chart": ("xl/charts", "chart"), "table": ("xl/tables", "table")}


def _canon(element) -> bytes:
    return etree.tostring(element, method="c14n", exclusive=True)


def _owned_parts(package: zipfile.ZipFile, part: str) -> list[tuple[str, str]]:
    """(kind, part) of everything hanging off ``part`` that belongs to it alone (drawings, charts, tables)."""
    out = []
    for kind, target in read_rels(package, part).values():
        if kind in _OWNED and target in package.NameToInfo:
            out.append((kind, target))
            out.extend(_owned_parts(package, target))
    return out


def _free_name(kind: str, taken: set[str]) -> str:
    folder, stem = _FOLDERS[kind]
    n = 1
    while f"{folder}/{stem}{n}.xml" in taken:
        n += 1
    name = f"{folder}/{stem}{n}.xml"
    taken.add(name)
    return name


class _Styles:
    """The target's styles.xml, with scratch cell formats merged in by value."""

    def __init__(self, target: bytes, scratch: bytes):
        self.root, self.scratch = parse_part(target), parse_part(scratch)
        self.changed = False

    def _list(self, root, tag):
        return root.find(M + tag)

    def _find_or_add(self, tag: str, element) -> int:
        container = self._list(self.root, tag)
        if container is None:
            raise BookError(tr("the book's styles have no <{tag}>", tag=tag),
                            tr("open and save the book in Excel once, then retry"))
        wanted = _canon(element)
        for index, existing in enumerate(container):
            if _canon(existing) == wanted:
                return index
        container.append(copy.deepcopy(element))
        container.set("count", str(len(container)))
        self.changed = True
        return len(container) - 1

    def _num_fmt(self, fmt_id: int) -> int:
        if fmt_id < 164:
            return fmt_id  # built-in formats mean the same in every book
        source = self._list(self.scratch, "numFmts")
        code = next(f.get("formatCode") for f in source if int(f.get("numFmtId")) == fmt_id)
        formats = self._list(self.root, "numFmts")
        if formats is None:
            formats = etree.Element(M + "numFmts")
            self.root.insert(0, formats)
        for f in formats:
            if f.get("formatCode") == code:
                return int(f.get("numFmtId"))
        new_id = max([163] + [int(f.get("numFmtId")) for f in formats]) + 1
        etree.SubElement(formats, M + "numFmt", numFmtId=str(new_id), formatCode=code)
        formats.set("count", str(len(formats)))
        self.changed = True
        return new_id

    def map_xf(self, index: int, cache: dict) -> int:
        if index not in cache:
            xf = copy.deepcopy(self._list(self.scratch, "cellXfs")[index])
            for attr, tag in (("fontId", "fonts"), ("fillId", "fills"), ("borderId", "borders")):
                xf.set(attr, str(self._find_or_add(tag, self._list(self.scratch, tag)[int(xf.get(attr, "0"))])))
            xf.set("numFmtId", str(self._num_fmt(int(xf.get("numFmtId", "0")))))
            xf.set("xfId", "0")  # the book's Normal style
            cache[index] = self._find_or_add("cellXfs", xf)
        return cache[index]

    def bytes(self) -> bytes:
        return etree.tostring(self.root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _restyle_sheet(sheet: bytes, styles: _Styles, shared: list) -> bytes:
    root = parse_part(sheet)
    cache: dict[int, int] = {}
    for cell in root.iter(M + "c"):
        if cell.get("s"):
            cell.set("s", str(styles.map_xf(int(cell.get("s")), cache)))
        if cell.get("t") == "s":
            value = cell.find(M + "v")
            inline = etree.SubElement(cell, M + "is")
            for child in shared[int(value.text)]:
                inline.append(copy.deepcopy(child))
            cell.remove(value)
            cell.set("t", "inlineStr")
    for row in root.iter(M + "row"):
        if row.get("s"):
            row.set("s", str(styles.map_xf(int(row.get("s")), cache)))
    for col in root.iter(M + "col"):
        if col.get("style"):
            col.set("style", str(styles.map_xf(int(col.get("style")), cache)))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _rels_xml(rels: list[tuple[str, str, str]]) -> bytes:
    root = etree.Element(f"{{{NS_PKG_REL}}}Relationships", nsmap={None: NS_PKG_REL})
    for rid, rel_type, target in rels:
        etree.SubElement(root, f"{{{NS_PKG_REL}}}Relationship", Id=rid, Type=rel_type, Target="/" + target)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _raw_rels(package: zipfile.ZipFile, part: str) -> list[tuple[str, str, str]]:
    path = rels_path(part)
    if path not in package.NameToInfo:
        return []
    folder = posixpath.dirname(part)
    out = []
    for rel in parse_part(package.read(path)):
        target = rel.get("Target")
        absolute = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        out.append((rel.get("Id"), rel.get("Type"), absolute))
    return out


def _content_types(scratch: zipfile.ZipFile) -> dict[str, str]:
    root = parse_part(scratch.read("[Content_Types].xml"))
    return {o.get("PartName").lstrip("/"): o.get("ContentType") for o in root.iter(f"{{{NS_CT}}}Override")}


def transplant(target: zipfile.ZipFile, name: str, scratch_bytes: bytes) -> tuple[dict[str, bytes], set[str]]:
    """The (replaced, removed) parts that put the scratch book's only sheet into ``target`` as sheet ``name``."""
    scratch = zipfile.ZipFile(io.BytesIO(scratch_bytes))
    (scratch_sheet,) = sheet_parts(scratch).values()
    sheets = sheet_parts(target)
    existing = sheets.get(name)
    old = set(p for _, p in _owned_parts(target, existing)) if existing else set()
    taken = set(target.NameToInfo) - old
    replaced: dict[str, bytes] = {}
    new_names = {scratch_sheet: existing or _free_name("worksheet", taken)}
    types = _content_types(scratch)
    table_ids = [int(m) for part in target.namelist() if part.startswith("xl/tables/") and part not in old
                 for m in re.findall(rb'<(?:\w+:)?table\b[^>]*?\bid="(\d+)"', target.read(part))[:1]]
    next_table_id = max(table_ids, default=0) + 1

    def walk(part: str) -> None:
        rels = []
        for rid, rel_type, child in _raw_rels(scratch, part):
            kind = rel_type.rsplit("/", 1)[-1]
            if child not in new_names:
                new_names[child] = _free_name(kind, taken)
                walk(child)
            rels.append((rid, rel_type, new_names[child]))
        if rels:
            replaced[rels_path(new_names[part])] = _rels_xml(rels)

    walk(scratch_sheet)
    styles = _Styles(target.read("xl/styles.xml"), scratch.read("xl/styles.xml"))
    shared = list(parse_part(scratch.read("xl/sharedStrings.xml"))) if "xl/sharedStrings.xml" in scratch.NameToInfo \
        else []
    for source, part in new_names.items():
        data = scratch.read(source)
        if source == scratch_sheet:
            data = _restyle_sheet(data, styles, shared)
        elif types.get(source, "").endswith("table+xml"):
            data = re.sub(rb'(<(?:\w+:)?table\b[^>]*?\bid=")\d+"', rb'\g<1>%d"' % next_table_id, data, count=1)
            next_table_id += 1
        replaced[part] = data
    if styles.changed:
        replaced["xl/styles.xml"] = styles.bytes()
    removed = {p for p in old if p not in replaced} | {rels_path(p) for p in old} - set(replaced)
    removed = {p for p in removed if p in target.NameToInfo}
    if existing and rels_path(existing) in target.NameToInfo and rels_path(existing) not in replaced:
        removed.add(rels_path(existing))
    _update_content_types(target, replaced, removed, {new_names[s]: types[s] for s in new_names if s in types})
    if not existing:
        _add_sheet_entry(target, replaced, name, new_names[scratch_sheet])
    return replaced, removed


def _update_content_types(target, replaced: dict, removed: set, wanted: dict[str, str]) -> None:
    root = parse_part(target.read("[Content_Types].xml"))
    present = {o.get("PartName").lstrip("/"): o for o in root.iter(f"{{{NS_CT}}}Override")}
    changed = False
    for part, node in present.items():
        if part in removed and part not in wanted:
            root.remove(node)
            changed = True
    for part, content_type in wanted.items():
        if part not in present:
            etree.SubElement(root, f"{{{NS_CT}}}Override", PartName="/" + part, ContentType=content_type)
            changed = True
    if changed:
        replaced["[Content_Types].xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _add_sheet_entry(target, replaced: dict, name: str, part: str) -> None:
    rels = parse_part(target.read("xl/_rels/workbook.xml.rels"))
    ids = {r.get("Id") for r in rels}
    n = len(ids) + 1
    while f"rId{n}" in ids:
        n += 1
    etree.SubElement(rels, f"{{{NS_PKG_REL}}}Relationship", Id=f"rId{n}", Type=REL_TYPE + "worksheet",
                     Target="/" + part)
    replaced["xl/_rels/workbook.xml.rels"] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8",
                                                            standalone=True)
    workbook = parse_part(target.read("xl/workbook.xml"))
    sheets = workbook.find(M + "sheets")
    sheet_id = max([int(s.get("sheetId", "0")) for s in sheets] + [0]) + 1
    entry = etree.SubElement(sheets, M + "sheet", name=name, sheetId=str(sheet_id))
    entry.set(f"{{{NS_REL}}}id", f"rId{n}")
    replaced["xl/workbook.xml"] = etree.tostring(workbook, xml_declaration=True, encoding="UTF-8", standalone=True)


def put_sheet(path: str | Path, name: str, scratch_bytes: bytes) -> None:
    """Add sheet ``name`` to the book at ``path``, or replace it (and its drawings, charts and tables)."""
    path = Path(path)
    if not path.exists():
        raise BookError(tr("{path} does not exist", path=path), tr("create the book first (comptoir new invoicing PATH)"))
    with exclusive(path):
        with zipfile.ZipFile(path) as target:
            sheets = sheet_parts(target)
            if name in sheets and name in _record_sheets(target):
                raise BookError(tr('the sheet "{sheet}" holds records', sheet=name),
                                tr("choose another name for the report sheet"))
            refuse_own_sheets_in(target, sheets, [name], path.name)
            replaced, removed = transplant(target, name, scratch_bytes)
            replace_atomically(path, lambda out: write_package(target, out, replaced, removed))


def _record_sheets(target: zipfile.ZipFile) -> set[str]:
    """The names a sheet of records has, in any of the four languages (a report never replaces Écritures)."""
    from engine.schema import BOOKS, terms
    return {terms.sheet_name(s.name, lang) for book in BOOKS.values() for s in book.sheets for lang in terms.LANGUAGES}


def put_sheet_in_book(book, name: str, scratch_bytes: bytes) -> Path:
    """:func:`put_sheet` on an open :class:`~engine.store.book.Book` whose changes are saved; the book stays usable
    (its file stamp follows the new version, so its next save is not taken for a concurrent change)."""
    path = book.path
    if path is None:
        raise BookError(tr("this book is not a file"), tr("save the workbook to disk first, then refresh"))
    if book._dirty:
        raise BookError(tr("the book has unsaved changes"), tr("save it before writing a report sheet into it"))
    source = book.source
    if getattr(source, "_workbook", None) is not None:
        source._workbook.close()
        source._workbook = None
    put_sheet(path, name, scratch_bytes)
    if hasattr(source, "_stamp"):
        from engine.store.sources import _stamp
        source._stamp = _stamp(path)
    return path
