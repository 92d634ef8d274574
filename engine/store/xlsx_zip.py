"""The xlsx package (ECMA-376 Part 2, Open Packaging Conventions) opened as what it is: a zip of XML parts.

Saving rewrites only the parts that changed and copies every other part byte for byte, compressed data
included — so charts, images, pivot tables, comments, VBA and ribbon parts that openpyxl would drop survive.
"""
from __future__ import annotations

import copy
import posixpath
import struct
import zipfile
import zlib

from lxml import etree

from engine.errors import BookError
from engine.i18n import tr

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_LOCAL_HEADER = struct.Struct("<IHHHHHIIIHH")
_SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


MAX_PART_RATIO = 500  # worksheet XML deflates 10-50x, empty styled grids ~200x; deflate tops out near 1030x
MAX_RATIO_FREE = 64 * 2**20  # parts smaller than this inflate harmlessly whatever their ratio
MAX_PACKAGE_BYTES = 4 * 2**30  # uncompressed: far past Excel's own limits for a book people keep open


def check_package(package: zipfile.ZipFile, name: str) -> None:
    """Refuse a package whose parts would inflate to gigabytes (a zip bomb) before any reader inflates them."""
    total = 0
    for info in package.infolist():
        total += info.file_size
        if info.file_size > MAX_RATIO_FREE and info.file_size > MAX_PART_RATIO * max(info.compress_size, 1):
            raise BookError(tr("{book}: part {part} inflates {ratio} times ({size} MiB): a zip bomb, not a workbook; "
                               "refused", book=name, part=info.filename,
                               ratio=info.file_size // max(info.compress_size, 1), size=info.file_size // 2**20),
                            tr("open the original in Excel and save it again"))
    if total > MAX_PACKAGE_BYTES:
        raise BookError(tr("{book}: the parts inflate to {size} MiB, more than any workbook; refused", book=name,
                           size=total // 2**20), tr("open the original in Excel and save it again"))


def parse_part(data: bytes, part: str = "") -> etree._Element:
    """An XML part; a DTD (entity expansion, external entities) or broken XML is refused with a BookError."""
    # OPC (ECMA-376 Part 2 §8.1.4): package XML must not carry a DTD; entities are never resolved anyway.
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data[:4096]:
        raise BookError(tr("the part {part} declares a DTD, which xlsx parts never do; refused as unsafe",
                           part=part or "?"), tr("open the original in Excel and save it again"))
    try:
        return etree.fromstring(data, _SAFE_XML)
    except etree.XMLSyntaxError as error:
        raise BookError(tr("the part {part} is not well-formed XML ({error})", part=part or "?", error=error.msg),
                        tr("open it in Excel and save it again; nothing was changed")) from None


def rels_path(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def read_rels(package: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id → (type, absolute part name) of ``part``."""
    path = rels_path(part)
    if path not in package.NameToInfo:
        return {}
    folder = posixpath.dirname(part)
    rels = {}
    for rel in parse_part(package.read(path), path):
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External":
            continue
        absolute = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        rels[rel.get("Id")] = (rel.get("Type", "").rsplit("/", 1)[-1], absolute)
    return rels


def sheet_parts(package: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → worksheet part name, in workbook order."""
    try:
        workbook = parse_part(package.read("xl/workbook.xml"), "xl/workbook.xml")
    except KeyError:
        raise BookError(tr("the file has no xl/workbook.xml"), tr("is it really an Excel workbook (.xlsx/.xlsm)?")) from None
    rels = read_rels(package, "xl/workbook.xml")
    sheets = {}
    for sheet in workbook.iter(f"{{{NS_MAIN}}}sheet"):
        rel = rels.get(sheet.get(f"{{{NS_REL}}}id"))
        if rel and rel[0] == "worksheet":
            sheets[sheet.get("name")] = rel[1]
    return sheets


def table_parts(package: zipfile.ZipFile, sheet_part: str) -> list[str]:
    return [target for kind, target in read_rels(package, sheet_part).values() if kind == "table"]


def _raw_member(source, info: zipfile.ZipInfo) -> bytes:
    """The compressed bytes of one member, read straight from the file."""
    source.seek(info.header_offset)
    header = _LOCAL_HEADER.unpack(source.read(_LOCAL_HEADER.size))
    source.seek(info.header_offset + _LOCAL_HEADER.size + header[9] + header[10])
    return source.read(info.compress_size)


def write_package(original: zipfile.ZipFile, target, replaced: dict[str, bytes], removed: set[str] = frozenset(),
                  level: int = 1) -> None:
    """Write ``original`` to ``target`` with ``replaced`` parts re-compressed and all others copied raw."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as out:
        source = original.fp
        for info in original.infolist():
            if info.filename in removed:
                continue
            if info.filename in replaced:
                fresh = zipfile.ZipInfo(info.filename, date_time=info.date_time)
                fresh.compress_type = zipfile.ZIP_DEFLATED
                fresh.external_attr = info.external_attr
                out.writestr(fresh, replaced[info.filename], compresslevel=level)
                continue
            data = _raw_member(source, info)
            clone = copy.copy(info)
            clone.flag_bits &= ~0x08  # sizes go in the local header: no data descriptor follows
            clone.header_offset = out.fp.tell()
            out.fp.write(clone.FileHeader())
            out.fp.write(data)
            out.filelist.append(clone)
            out.NameToInfo[clone.filename] = clone
            out.start_dir = out.fp.tell()
        for name, data in replaced.items():
            if name not in original.NameToInfo:
                out.writestr(name, data, compresslevel=level)


def verify(path, expected: list[str] | None = None) -> None:
    """A written package must be a readable zip with every expected part before it replaces a book.

    (CRCs were computed from the data as it was written; re-inflating 70 MB to re-check them doubled save time.)"""
    try:
        with zipfile.ZipFile(path) as package:
            names = package.namelist()
    except zipfile.BadZipFile as error:
        raise BookError(tr("the written file is damaged ({error})", error=error), tr("nothing was replaced; try again")) from None
    missing = sorted(set(expected or ()) - set(names))
    if missing:
        raise BookError(tr("the written file lacks {part}", part=missing[0]), tr("nothing was replaced; try again"))


def crc_ok(data: bytes, crc: int) -> bool:
    return zlib.crc32(data) & 0xFFFFFFFF == crc
