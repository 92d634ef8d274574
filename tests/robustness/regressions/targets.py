"""The fuzz targets of issue 10: each takes raw bytes and feeds them to one public reader of the engine.

A target passes when the reader returns or raises a :class:`~engine.errors.ComptoirError` (our clear errors);
any other exception is a bug. The same targets run under hypothesis in CI (``tests/robustness/test_fuzz_*.py``),
under atheris by hand (``bench/fuzz.py``), and replay every crashing input kept in this folder
(``<target>/<name>.bin``).

>>> run("qr_payload", b"SPX")
>>> sorted(TARGETS)
['camt', 'ids', 'loader', 'pain001', 'qr_payload', 'xlsx']
"""
from __future__ import annotations

import datetime as dt
import struct
import tempfile
from pathlib import Path
from typing import Callable

from engine.errors import ComptoirError
from engine.formats import camt, pain001, qr_payload
from engine.ids import ccp, iban, postcode, qrr, reference, scor, uid, verdict
from engine.schema import BOOKS
from engine.store.book import Book
from engine.store.loader import load_table

ROOT = Path(__file__).resolve().parents[3]
HERE = Path(__file__).resolve().parent
LOCAL_DATA = ROOT / "tests" / "data"
SHARED_DATA = ROOT.parent / "shared" / "data"
SHEETS = [(kind, sheet) for kind, book in sorted(BOOKS.items()) for sheet in book.sheets]


def _text(data: bytes) -> str:
    return data.decode("utf-8", "replace")


def _camt(data: bytes, scan: bool):
    saved, camt.SCAN = camt.SCAN, scan
    try:
        document = camt.parse(data, source="fuzz.xml")
    except ComptoirError as error:
        return "refused", error.source and error.source.row  # libxml2's column may differ: not compared
    finally:
        camt.SCAN = saved
    return document.statements, document.warnings, document.message_id, document.created


def camt_target(data: bytes) -> None:
    """The reader must return or refuse — and the fast path (engine.formats.camt.scan) must agree with lxml alone."""
    fast = _camt(data, True)
    if fast != _camt(data, False):
        raise AssertionError("the camt fast path and lxml alone read this file differently")


def pain001_target(data: bytes) -> None:
    pain001.parse(data, file="fuzz.xml")


def qr_payload_target(data: bytes) -> None:
    qr_payload.parse(_text(data), file="scan.txt")


def ids_target(data: bytes) -> None:
    """Every verb of every identifier module on one typed value (text, or the float Excel hands)."""
    value: object = _text(data)
    if data[:1] == b"\x01" and len(data) >= 9:
        value = struct.unpack("<d", data[1:9])[0]
    for module in (iban, qrr, scor, uid, ccp):
        module.compact(value)
        if module.is_valid(value) != (module.explain(value) == ""):
            raise AssertionError(f"{module.__name__}: is_valid and explain disagree on {value!r}")
        try:
            module.validate(value)
            module.format(value)
        except ComptoirError:
            pass
    postcode.localities(value)
    postcode.explain(value)
    iban.is_qr_iban(value)
    iban.warning(value)
    ccp.from_iban(value)
    reference.reference_type(value)
    reference.explain_qr_bill_account(value)
    reference.explain_account_reference(value, value)
    for kind in verdict.KINDS:
        verdict.check_one(kind, value).as_dict()


_CELL_KINDS = 9


def rows_from_bytes(data: bytes) -> list[list]:
    """Decode bytes into sheet rows of the shapes calamine and xlwings hand (None, '', str, float, int, bool, date,
    datetime); byte 0 picks the sheet schema. Deterministic, so a kept crashing input replays exactly."""
    rows: list[list] = [[]]
    at = 1
    while at < len(data):
        tag, at = data[at], at + 1
        kind = tag % 16
        if kind == 0:
            rows.append([])
            continue
        chunk = data[at:at + 8].ljust(8, b"\0")
        if kind in (1, 2):
            value: object = None if kind == 1 else ""
        elif kind in (3, 4):  # raw text of (tag >> 4) or 16 × (tag >> 4) bytes
            size = tag >> 4 if kind == 3 else 16 * (tag >> 4)
            value, at = _text(data[at:at + size]), at + size
        elif kind == 5:  # a header of the sheet's schema: the next byte picks the column
            value, at = _header_name(data, data[at] if at < len(data) else 0), at + 1
        elif kind in (6, 7):
            value, at = struct.unpack("<d", chunk)[0], at + 8
        elif kind == 8:
            value, at = struct.unpack("<q", chunk)[0], at + 8
        elif kind == 9:
            value = bool(tag & 0x10)
        elif kind == 10:
            value, at = dt.date.fromordinal(1 + struct.unpack("<I", chunk[:4])[0] % 3652058), at + 4
        elif kind == 11:
            seconds = struct.unpack("<Q", chunk)[0] % (3652058 * 86400)
            value, at = dt.datetime(1, 1, 1) + dt.timedelta(seconds=seconds), at + 8
        else:
            value = ["", " ", "=cmd|' /C calc'!A0", "1'234.50", "31.02.2024", "x", "CHF"][kind - 12 if kind < 15 else 6]
        rows[-1].append(value)
    return rows


def _header_name(data: bytes, seed: int) -> str:
    kind, sheet = SHEETS[data[0] % len(SHEETS)]
    return sheet.columns[seed % len(sheet.columns)].header


def loader_seed(index: int) -> bytes:
    """A sheet with its header row and two typed rows: where loader fuzzing starts."""
    sheet = SHEETS[index][1]
    header = b"".join(bytes((5, column)) for column in range(len(sheet.columns)))
    row = b"".join(bytes((3 | 16 * 5,)) + b"Abc 1" if i % 3 == 0 else bytes((6,)) + struct.pack("<d", i + 0.5)
                   if i % 3 == 1 else bytes((10,)) + struct.pack("<I", 738000 + i) for i in range(len(sheet.columns)))
    return bytes((index,)) + header + b"\0" + row + b"\0" + row.replace(b"Abc 1", b"=HYP(")


def loader_target(data: bytes) -> None:
    if not data:
        return
    kind, sheet = SHEETS[data[0] % len(SHEETS)]
    rows = rows_from_bytes(data)
    width = max(map(len, rows))
    rows = [row + [None] * (width - len(row)) for row in rows]  # calamine hands a rectangle
    table, problems = load_table(rows, sheet, "fuzz.xlsx")
    for problem in problems:
        str(problem)
    for record in table.records:
        repr(record)


def xlsx_target(data: bytes) -> None:
    """Book.open on a (mutated) xlsx package, then load and check every sheet."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.xlsx"
        path.write_bytes(data)
        book = Book.open(path)
        for problem in book.check():
            str(problem)
        # then save through the splice writer, which parses the package's XML parts itself (lxml, regexes)
        sheet = next((s.name for s in book.schema.sheets if s.name in book.source.sheet_names()), None)
        if sheet is not None:
            records = book.records(sheet)
            book.put(sheet, records + (book.new(sheet),))
            book.save()


TARGETS: dict[str, Callable[[bytes], None]] = {
    "camt": camt_target, "pain001": pain001_target, "qr_payload": qr_payload_target, "ids": ids_target,
    "loader": loader_target, "xlsx": xlsx_target}


def run(name: str, data: bytes) -> None:
    """Feed ``data`` to a target; our own clear errors are an acceptable outcome."""
    try:
        TARGETS[name](data)
    except ComptoirError as error:
        if not str(error):
            raise AssertionError(f"{name}: a ComptoirError without a message") from error


def seeds(name: str) -> list[bytes]:
    """The real samples that start a target's fuzzing: tests/data and ../shared/data (read in place)."""
    patterns = {"camt": ["camt/*.xml", "camt05*/*.xml"], "pain001": ["pain001/*.xml"],
                "qr_payload": ["qrbill/*.txt"], "ids": ["ids/*.tsv", "iban/*.tsv", "qrbill/*.tsv"],
                "xlsx": ["pain001/*.xlsx"], "loader": []}[name]
    found: dict[str, bytes] = {}
    for folder in (LOCAL_DATA, SHARED_DATA):
        for pattern in patterns:
            for path in sorted(folder.glob(pattern)):
                found.setdefault(path.name, path.read_bytes())
    if name == "xlsx":  # the templates: real packages as Excel and our writer make them
        found = {path.name: path.read_bytes() for path in sorted((ROOT / "workbook_templates").glob("*.xlsx"))}
    if name == "loader":
        found = {f"sheet{i}": loader_seed(i) for i in range(len(SHEETS))}
    if name == "ids":  # one value per line of the vector lists
        values = {cell for data in found.values() for line in data.splitlines()[1:] for cell in line.split(b"\t")[:2]}
        return sorted(v for v in values if v)[:2000]
    return list(found.values())


def regressions(name: str) -> list[Path]:
    return sorted((HERE / name).glob("*.bin"))
