"""Build ``comptoir.xlam`` from text on any OS: xlwings' BSD add-in template + ``macros/`` ([MS-OVBA], [MS-CFB] v3).

The template (``xlwings/quickstart_addin_ribbon.xlam``, what ``xlwings quickstart NAME --addin --ribbon`` copies)
keeps its parts; its ``xl/vbaProject.bin`` is rewritten *source-only* (module streams hold just compressed source,
MODULEOFFSET 0; ``_VBA_PROJECT`` has no performance cache, Version 0xFFFF: what [MS-OVBA] §2.3.4.1 asks of writers,
so Office compiles on load, as it does the template). ``xlwings`` gets ``PROJECT_NAME = "comptoir"`` (so it reads
the ``comptoir.conf`` of ``comptoir addin install``), the sample ``RibbonMyAddin`` goes, ``macros/Comptoir.bas`` and the ``xlwings_udfs``
wrappers of the CH_ functions (``addin/udf_wrappers.py``) come in, ``macros/customUI.xml`` replaces the ribbon.
Checked with olevba and LibreOffice only: no Excel here.

>>> compress(b"abcdefghijklmnopqrstuv.").hex(" ")   # [MS-OVBA] §3.2.1, "No Compression" example
'01 19 b0 00 61 62 63 64 65 66 67 68 00 69 6a 6b 6c 6d 6e 6f 70 00 71 72 73 74 75 76 2e'
>>> compress(b"#aaabcdefaaaaghijaaaaaklaaamnopqaaaaaaaaaaaarstuvwxyzaaa")[:12].hex(" ")   # §3.2.2 "Normal"
'01 2f b0 00 23 61 61 61 62 63 64 65'
"""
from __future__ import annotations

import importlib.util
import io
import os
import re
import struct
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import olefile                                   # oletools and its olefile read the template (the test extra)
from oletools.olevba import decompress_stream    # [MS-OVBA] §2.4.1.3.1 decompression

from engine.errors import ComptoirError, InvalidFormat

MACROS = Path(__file__).resolve().parents[1] / "macros"
PROJECT_NAME = "comptoir"          # must equal engine/commands/addin.py PROJECT: the VBA reads PROJECT_NAME.conf
VBA_PROJECT_NAME = "ComptoirAddin"  # the VBA project (not "Comptoir": that is our module's name)
DROPPED_MODULES = ("RibbonMyAddin",)  # the template's sample ribbon callback
CODEPAGE = "cp1252"                # PROJECTCODEPAGE 1252 of the template's dir stream
CUSTOM_UI_NS = "http://schemas.microsoft.com/office/2006/01/customui"
_PROJECT_NAME_LINE = re.compile(rb'^(Public Const PROJECT_NAME As String = )"[^"\r\n]*"', re.M)

CHUNK = 4096                        # [MS-OVBA] §2.4.1.1.4: decompressed bytes per CompressedChunk
_SECTOR, _MINI, _CUTOFF = 512, 64, 4096          # [MS-CFB] §2.2: version 3 sector, mini sector, mini stream cutoff
_FREE, _END, _FATSECT, _NONE = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF   # FREESECT … NOSTREAM


def compress(data: bytes) -> bytes:
    """A CompressedContainer ([MS-OVBA] §2.4.1.3.6): greedy; the longest match among earlier token starts, nearest on
    ties — what reproduces the spec's §3.2 examples byte for byte."""
    chunks = (_compress_chunk(data, start, min(start + CHUNK, len(data))) for start in range(0, len(data), CHUNK))
    return b"\x01" + b"".join(chunks)


def _compress_chunk(data: bytes, start: int, end: int) -> bytes:
    tokens, seen, current = [], {}, start
    while current < end:
        offset, length = _match(data, start, current, end, seen)
        if length:
            bits = max(4, (current - start - 1).bit_length())          # §2.4.1.3.19.1 CopyToken Help
            tokens.append(struct.pack("<H", (offset - 1) << (16 - bits) | (length - 3)))
        else:
            length = 1
            tokens.append(data[current:current + 1])
        seen.setdefault(data[current:current + 3], []).append(current)  # token starts only, as Office does
        current += length
    body = b"".join(bytes([sum(len(t) - 1 << bit for bit, t in enumerate(tokens[i:i + 8]))]) + b"".join(tokens[i:i + 8])
                    for i in range(0, len(tokens), 8))                  # a FlagByte before each 8 tokens
    if len(body) <= CHUNK:
        return struct.pack("<H", 0xB000 | (len(body) - 1)) + body      # flag 1, signature 0b011, size - 3
    if end - start == CHUNK:                                            # §2.4.1.3.10: incompressible, stored raw
        return struct.pack("<H", 0x3FFF) + data[start:end]
    raise ComptoirError("a last VBA source chunk does not compress", "add a comment line to the module and rebuild")


def _match(data: bytes, start: int, current: int, end: int, seen: dict) -> tuple[int, int]:
    """§2.4.1.3.19.4 Matching: (offset, length) of the longest earlier copy in this chunk, (0, 0) under 3 bytes."""
    candidates = seen.get(data[current:current + 3], ())
    maximum = (0xFFFF >> max(4, (current - start - 1).bit_length())) + 3
    best, best_length = current, 0
    for candidate in reversed(candidates[-256:]):                       # nearest first; cap keeps it linear
        length = 0
        while length < maximum and current + length < end and data[candidate + length] == data[current + length]:
            length += 1
        if length > best_length:
            best, best_length = candidate, length
            if length == maximum:
                break
    return (current - best, best_length) if best_length >= 3 else (0, 0)


def render_cfb(streams: dict[str, bytes]) -> bytes:
    """A version 3 compound file ([MS-CFB]) holding ``{"STREAM" or "STORAGE/STREAM": bytes}``; streams under
    4096 bytes go in the mini stream, as §2.6.3 requires."""
    entries = [_entry_for([], "Root Entry", 5)]                             # kind: 1 storage, 2 stream, 5 root
    for path, data in streams.items():
        parent = entries[0]
        for storage in path.split("/")[:-1]:
            parent = next((e for e in parent["children"] if e["name"] == storage), None) or \
                _entry_for(entries, storage, 1, parent)
        _entry_for(entries, path.split("/")[-1], 2, parent, data)
    for entry in entries:
        order = sorted(entry["children"], key=lambda e: (len(e["name"]), e["name"].upper()))  # §2.6.4 order
        entry["child"] = _balance(order, 0, len(order).bit_length() - 1)
    big = [e for e in entries if e["kind"] == 2 and e["size"] >= _CUTOFF]
    mini, mini_fat = bytearray(), []
    for entry in (e for e in entries if e["kind"] == 2 and e["size"] < _CUTOFF):
        entry["start"] = _chain(mini_fat, -(-entry["size"] // _MINI))
        mini += entry["data"].ljust(-(-entry["size"] // _MINI) * _MINI, b"\0")
    sizes = [-(-len(entries) // 4), -(-len(mini_fat) // 128), -(-len(mini) // _SECTOR)]
    sizes += [-(-e["size"] // _SECTOR) for e in big]
    fat_sectors = -(-sum(sizes) // 127)                 # 128 entries per FAT sector, one of them for itself
    if fat_sectors > 109:
        raise ComptoirError("the VBA project is too large for a header-only FAT", "keep the add-in under 6 MB")
    fat = [_FATSECT] * fat_sectors
    directory, minifat_start, entries[0]["start"], *starts = (_chain(fat, n) for n in sizes)
    entries[0]["size"] = len(mini)
    for entry, start in zip(big, starts):
        entry["start"] = start
    header = struct.pack("<8s16s5H6s9I109I", bytes.fromhex("d0cf11e0a1b11ae1"), bytes(16), 0x3E, 3, 0xFFFE, 9, 6,
                         bytes(6), 0, fat_sectors, directory, 0, _CUTOFF, minifat_start, sizes[1], _END, 0,
                         *range(fat_sectors), *[_FREE] * (109 - fat_sectors))
    table = b"".join(map(_entry, entries)) + _entry(None) * (-len(entries) % 4)
    fats = [struct.pack(f"<{len(chain)}I", *chain) for chain in (fat, mini_fat)]
    parts = [_pad(fats[0], b"\xff"), table, _pad(fats[1], b"\xff"), _pad(bytes(mini)), *(_pad(e["data"]) for e in big)]
    return header + b"".join(parts)


def _entry_for(entries: list[dict], name: str, kind: int, parent: dict | None = None, data: bytes = b"") -> dict:
    entry = {"id": len(entries), "name": name, "kind": kind, "children": [], "data": data, "size": len(data),
             "left": _NONE, "right": _NONE, "color": 1, "start": 0}
    entries.append(entry)
    if parent:
        parent["children"].append(entry)
    return entry


def _pad(data: bytes, fill: bytes = b"\0") -> bytes:
    return data.ljust(-(-len(data) // _SECTOR) * _SECTOR, fill)


def _chain(table: list[int], count: int) -> int:
    """Append a chain of ``count`` consecutive sectors to a FAT or MiniFAT; its first sector (ENDOFCHAIN if none)."""
    first = len(table)
    table += [*range(first + 1, first + count), _END] if count else []
    return first if count else _END


def _balance(children: list[dict], depth: int, last: int) -> int:
    """The index of the root of a balanced red-black sibling tree ([MS-CFB] §2.6.4): inner levels black, the last
    level red, so every path down holds the same number of black nodes."""
    if not children:
        return _NONE
    middle = len(children) // 2
    node = children[middle]
    node["left"] = _balance(children[:middle], depth + 1, last)
    node["right"] = _balance(children[middle + 1:], depth + 1, last)
    node["color"] = 0 if depth == last and depth > 0 else 1
    return node["id"]


def _entry(entry: dict | None) -> bytes:
    """A 128-byte directory entry (§2.6.1); None is an unused one."""
    if entry is None:
        return struct.pack("<64sHBB3I16sI2QIQ", b"", 0, 0, 0, _NONE, _NONE, _NONE, bytes(16), 0, 0, 0, 0, 0)
    name = entry["name"].encode("utf-16-le") + b"\0\0"
    return struct.pack("<64sHBB3I16sI2QIQ", name, len(name), entry["kind"], entry["color"], entry["left"],
                       entry["right"], entry["child"], bytes(16), 0, 0, 0, entry["start"], entry["size"])


def build_vba_project(template: bytes, added: dict[str, bytes]) -> tuple[bytes, list[str]]:
    """The template's ``vbaProject.bin`` made source-only, ``xlwings`` set to PROJECT_NAME, DROPPED_MODULES removed
    and ``added`` standard modules (name → source, ``Attribute VB_Name`` first) appended; with its module names."""
    ole = olefile.OleFileIO(io.BytesIO(template))
    records = _records(bytes(decompress_stream(bytearray(ole.openstream("VBA/dir").read()))))
    first = next(i for i, (rid, _) in enumerate(records) if rid == 0x000F)  # PROJECTMODULES, then PROJECTCOOKIE
    directory = [(rid, VBA_PROJECT_NAME.encode(CODEPAGE) if rid == 0x0004 else data) for rid, data in records[:first]]
    streams, modules, group = {}, [], []
    for rid, data in records[first + 2:-1]:                                # up to the dir Terminator
        group.append((rid, data))
        if rid != 0x002B:                                                  # MODULE Terminator ends a module
            continue
        fields, group = dict(group), []
        name, stream = fields[0x0019].decode(CODEPAGE), "VBA/" + fields[0x001A].decode(CODEPAGE)
        if name in DROPPED_MODULES or name in added:
            continue
        offset = int.from_bytes(fields[0x0031], "little")                 # MODULEOFFSET: where the source starts
        source = bytes(decompress_stream(bytearray(ole.openstream(stream).read()[offset:])))
        fields[0x0031] = bytes(4)                                          # MODULEOFFSET 0: the source only
        if name == "xlwings":
            source, found = _PROJECT_NAME_LINE.subn(rb'\1"' + PROJECT_NAME.encode() + b'"', source)
            if found != 1:
                raise ComptoirError(f"the template's xlwings module has {found} PROJECT_NAME lines, not 1",
                                    "use the template of the pinned xlwings version")
        streams[stream] = compress(source)
        modules.append((name, list(fields.items())))
    for name, source in added.items():
        streams["VBA/" + name], narrow, wide = compress(source), name.encode(CODEPAGE), name.encode("utf-16-le")
        modules.append((name, [(0x0019, narrow), (0x0047, wide), (0x001A, narrow), (0x0032, wide), (0x001C, b""),
                               (0x0048, b""), (0x0031, bytes(4)), (0x001E, bytes(4)), (0x002C, b"\xff\xff"),
                               (0x0021, b""), (0x002B, b"")]))
    directory += [(0x000F, struct.pack("<H", len(modules))), records[first + 1]]
    directory += [record for _, fields in modules for record in fields] + [(0x0010, b"")]
    streams["VBA/dir"] = compress(b"".join(struct.pack("<HI", rid, 4 if rid == 0x0009 else len(data)) + data
                                           for rid, data in directory))
    header = ole.openstream("VBA/_VBA_PROJECT").read(7)
    streams["VBA/_VBA_PROJECT"] = header[:2] + b"\xff\xff" + header[4:]  # §2.3.4.1: Version 0xFFFF, no cache
    streams["PROJECT"] = _project_stream(ole.openstream("PROJECT").read().decode(CODEPAGE), list(added))
    streams["PROJECTwm"] = b"".join(n.encode(CODEPAGE) + b"\0" + n.encode("utf-16-le") + b"\0\0"
                                    for n, _ in modules) + b"\0\0"            # §2.3.3 PROJECTwm name map
    return render_cfb(streams), [name for name, _ in modules]


def _records(directory: bytes) -> list[tuple[int, bytes]]:
    """The dir stream's records ([MS-OVBA] §2.3.4.2) as (id, data), in order."""
    records, position = [], 0
    while position < len(directory):
        rid, size = struct.unpack_from("<HI", directory, position)
        size = 6 if rid == 0x0009 else size          # PROJECTVERSION: Reserved(4) then 4 + 2 version bytes
        records.append((rid, directory[position + 6:position + 6 + size]))
        position += 6 + size
    return records


def _project_stream(text: str, added: list[str]) -> bytes:
    """The PROJECT stream ([MS-OVBA] §2.3.1) without DROPPED_MODULES, with ``added`` standard modules."""
    out, dropped = [], {*DROPPED_MODULES, *added}
    for line in text.split("\r\n"):
        key, _, value = line.partition("=")
        if value in dropped or key in dropped:                         # Module=Name and [Workspace] Name=x, y...
            continue
        if key == "Name":
            line = f'Name="{VBA_PROJECT_NAME}"'
        out.append(line)
    at = max(i for i, line in enumerate(out) if line.split("=")[0] in ("Document", "Module", "Class"))
    out[at + 1:at + 1] = [f"Module={name}" for name in added]
    if "[Workspace]" in out:
        at = max(i for i, line in enumerate(out) if line) + 1
        out[at:at] = [f"{name}=0, 0, 0, 0, C" for name in added]
    return "\r\n".join(out).encode(CODEPAGE)


def template_path() -> Path:
    """xlwings' BSD add-in-with-ribbon template, found without importing xlwings (the path may not exist)."""
    spec = importlib.util.find_spec("xlwings")
    return Path(spec.origin if spec and spec.origin else "xlwings/?").parent / "quickstart_addin_ribbon.xlam"


def read_module(path: Path) -> tuple[str, bytes]:
    """(name, source) of a ``.bas`` file: its ``Attribute VB_Name`` line names it; CRLF lines in Windows-1252 (the
    project's code page), as the VBA editor keeps them; a UTF-8 file is recoded."""
    text = path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n").removesuffix(b"\r\n") + b"\r\n"
    match = re.match(rb'Attribute VB_Name = "([A-Za-z][A-Za-z0-9_]{0,30})"\r\n', text)
    if not match:
        raise InvalidFormat(f'{path}: line 1 is not Attribute VB_Name = "Name"',
                            "export the module from the VBA editor (File › Export File…) or add that line")
    try:
        text = text.decode("utf-8").encode(CODEPAGE)
    except UnicodeDecodeError:
        pass                                                               # already Windows-1252
    except UnicodeEncodeError as error:
        line = error.object[:error.start].count("\n") + 1
        raise InvalidFormat(f"{path}: line {line} has a character Windows-1252 lacks: {error.object[error.start]!r}",
                            "write it with ChrW() or drop it") from error
    return match[1].decode(), text


def read_custom_ui(path: Path) -> bytes:
    """The ribbon XML, refused unless it is well-formed customUI (2006/01) XML."""
    data = path.read_bytes()
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        raise InvalidFormat(f"{path}: line {error.position[0]}, column {error.position[1]}: {error.msg}",
                            "fix the XML (every tag closed, attributes quoted)") from error
    if root.tag != f"{{{CUSTOM_UI_NS}}}customUI":
        raise InvalidFormat(f"{path}: the root is {root.tag}", f'start with <customUI xmlns="{CUSTOM_UI_NS}">')
    return data


def build(out: Path, *, template: Path | None = None, macros: Path = MACROS, language: str | None = None) -> list[str]:
    """Write the add-in to ``out`` atomically; returns its VBA module names in project order. The ribbon's
    labels and tooltips are in ``language`` (default: the system's; addin/ribbon_words.py)."""
    template = template or template_path()
    if not template.is_file():
        raise ComptoirError(f"{template}: no such add-in template", "pip install xlwings==0.37.8 or pass --template")
    name, source = read_module(macros / "Comptoir.bas")
    custom_ui = read_custom_ui(macros / "customUI.xml")
    from addin.ribbon_words import localized
    from engine.i18n import system_language
    custom_ui = localized(custom_ui, language or system_language())
    with zipfile.ZipFile(template) as package:
        parts = {info.filename: (info, package.read(info)) for info in package.infolist()}
    if "xl/vbaProject.bin" not in parts or "customUI/customUI.xml" not in parts:
        raise InvalidFormat(f"{template}: no xl/vbaProject.bin or customUI/customUI.xml",
                            "use xlwings' quickstart_addin_ribbon.xlam")
    from addin import udf_wrappers  # the CH_ functions declared in VBA, as xlwings' "Import Functions" writes them
    modules = {name: source, udf_wrappers.MODULE_NAME: udf_wrappers.module_bytes(out.name)}
    vba, names = build_vba_project(parts["xl/vbaProject.bin"][1], modules)
    out.parent.mkdir(parents=True, exist_ok=True)
    temporary = out.with_name(f".{out.name}.{os.getpid()}.tmp")     # same folder, so os.replace is atomic
    try:
        with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as package:
            for filename, (info, data) in parts.items():
                data = {"xl/vbaProject.bin": vba, "customUI/customUI.xml": custom_ui}.get(filename, data)
                if filename == "xl/workbook.xml":  # the template's sample config sheet, named after our project
                    data = data.replace(b'name="_myaddin.conf"', f'name="_{PROJECT_NAME}.conf"'.encode())
                package.writestr(zipfile.ZipInfo(filename, info.date_time), data, zipfile.ZIP_DEFLATED)
        os.replace(temporary, out)
    finally:
        temporary.unlink(missing_ok=True)                            # gone after the replace; left by a failure
    return names
