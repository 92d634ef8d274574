"""Expand FILE_OR_FOLDER... into camt documents: plain XML files, folders of them, and zip files from the e-banking.

Zip files are read in memory, never extracted, and refused whole when they look hostile: a member name that
climbs out of its folder (``../``, absolute, drive letter), more than ``MAX_MEMBERS`` members, more than
``MAX_TOTAL_BYTES`` uncompressed, or a member that inflates more than ``MAX_RATIO`` times (a zip bomb). The
sizes are counted while reading, not taken from the (forgeable) zip header.

>>> import io, zipfile
>>> buffer = io.BytesIO()
>>> with zipfile.ZipFile(buffer, "w") as z: z.writestr("../evil.xml", "<x/>")
>>> list(bank_files_in_zip(buffer.getvalue(), "bank.zip"))
Traceback (most recent call last):
engine.errors.InvalidFormat: bank.zip: member "../evil.xml" points outside the zip (path traversal); the zip is refused — ask the bank for the original export
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Iterable, Iterator

from engine.errors import ComptoirError, InvalidFormat, Problem, Source
from engine.formats import camt
from engine.formats.camt.model import CamtDocument
from engine.i18n import tr
from engine.progress import Progress, silent

MAX_MEMBERS = 10_000
MAX_TOTAL_BYTES = 2 * 2**30  # 2 GiB uncompressed per zip: ~30 years of daily statements of a busy account
MAX_RATIO = 200  # camt XML compresses 10-30x; 200x is a bomb
SUFFIXES = (".xml",)


@dataclass(frozen=True, slots=True, kw_only=True)
class BankFile:
    """One camt file to parse: its display name (``bank.zip!2024/jan.xml``) and its bytes."""

    name: str
    data: bytes


def _refuse(source: str, message: str) -> InvalidFormat:
    return InvalidFormat(message, tr("ask the bank for the original export"), Source(source))


def _unsafe_name(name: str) -> bool:
    path = name.replace("\\", "/")
    return (path.startswith("/") or (len(path) > 1 and path[1] == ":") or ".." in PurePosixPath(path).parts
            or "\x00" in path)


def bank_files_in_zip(data: bytes, source: str) -> Iterator[BankFile]:
    """The XML members of a zip, checked against traversal and bombs before anything is returned."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise _refuse(source, tr("the zip file is damaged ({error})", error=error)) from None
    if len(members) > MAX_MEMBERS:
        raise _refuse(source, tr("the zip holds {count} members (more than {most}); refused as unsafe",
                                 count=len(members), most=MAX_MEMBERS))
    for member in members:
        if _unsafe_name(member.filename):
            raise _refuse(source, tr('member "{name}" points outside the zip (path traversal); the zip is refused',
                                     name=member.filename))
    found: list[BankFile] = []
    total = 0
    for member in members:
        if member.is_dir() or not member.filename.lower().endswith(SUFFIXES):
            continue
        chunks, size = [], 0
        try:
            with archive.open(member) as stream:
                while chunk := stream.read(1 << 20):
                    size += len(chunk)
                    total += len(chunk)
                    if size > MAX_RATIO * max(member.compress_size, 1) and size > 1 << 20:
                        raise _refuse(source, tr('member "{name}" inflates more than {ratio} times (zip bomb); the '
                                                         "zip is refused", name=member.filename, ratio=MAX_RATIO))
                    if total > MAX_TOTAL_BYTES:
                        raise _refuse(source, tr("the zip inflates to more than {size} GiB; refused as unsafe",
                                                         size=MAX_TOTAL_BYTES // 2**30))
                    chunks.append(chunk)
        except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError) as error:
            raise _refuse(source, tr('member "{name}" cannot be read ({error})', name=member.filename,
                                     error=error)) from None
        found.append(BankFile(name=f"{source}!{member.filename}", data=b"".join(chunks)))
    yield from found


def bank_files(paths: Iterable[str | Path]) -> Iterator[BankFile]:
    """Every camt file named: files, folders (their ``*.xml`` and ``*.zip``, sorted) and zip members."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            children = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in (".xml", ".zip"))
            yield from bank_files(children)
        elif not path.exists():
            raise InvalidFormat("the file or folder does not exist", "check its name and path", Source(str(path)))
        elif path.suffix.lower() == ".zip" or zipfile.is_zipfile(path):
            yield from bank_files_in_zip(path.read_bytes(), str(path))
        else:
            yield BankFile(name=str(path), data=path.read_bytes())


def read_bank_files(paths: Iterable[str | Path], progress: Progress = silent) -> tuple[list[CamtDocument],
                                                                                       list[Problem]]:
    """Parse every camt file named; a refused file (or zip) becomes a problem and the others still count.
    ``progress(done, total, label)`` hears of each file as it is read (a terminal bar, Excel's status bar)."""
    documents: list[CamtDocument] = []
    problems: list[Problem] = []
    found: list[BankFile] = []
    for given in paths:
        try:
            found.extend(bank_files([given]))
        except ComptoirError as error:
            problems.append(Problem(error.source or Source(str(given)), error.message, error.hint))
    for done, bank_file in enumerate(found):
        progress(done, len(found), tr("reading {file}", file=Path(bank_file.name).name))
        try:
            documents.append(camt.parse(bank_file.data, source=bank_file.name))
        except ComptoirError as error:
            problems.append(Problem(error.source or Source(bank_file.name), error.message, error.hint))
    progress(len(found), len(found), tr("bank files read"))
    return documents, problems
