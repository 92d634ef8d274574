"""Render one sheet of a book the way a person sees it: LibreOffice headless prints it to PDF (the other sheets
hidden in a copy), pdftoppm turns page 1 into a PNG."""
from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

from tests.store.office import convert

PDFTOPPM = shutil.which("pdftoppm")


def only_sheet(book: Path, sheet: str, target: Path) -> Path:
    """A copy of ``book`` where every sheet but ``sheet`` is hidden and ``sheet`` is the active one."""
    with zipfile.ZipFile(book) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/workbook.xml":
                text = data.decode()
                names = re.findall(r'<(?:\w+:)?sheet\b[^>]*\bname="([^"]+)"', text)
                text = re.sub(r'(<(?:\w+:)?sheet\b[^>]*?)\s+state="\w+"', r"\1", text)
                text = re.sub(r'<((?:\w+:)?sheet\b)(?![^>]*\bname="%s")' % re.escape(sheet), r'<\1 state="hidden"', text)
                text = re.sub(r'activeTab="\d+"', f'activeTab="{names.index(sheet)}"', text)
                text = re.sub(r'firstSheet="\d+"', f'firstSheet="{names.index(sheet)}"', text)
                data = text.encode()
            elif info.filename.startswith("xl/worksheets/sheet"):
                data = data.replace(b'tabSelected="1"', b'tabSelected="0"')
            out.writestr(info, data)
    return target


def sheet_png(book: Path, sheet: str, folder: Path, name: str = "") -> tuple[Path, Path]:
    """(pdf, png of page 1) of ``sheet`` as LibreOffice prints it."""
    folder = folder.resolve()  # LibreOffice wants an absolute profile URL
    folder.mkdir(parents=True, exist_ok=True)
    copy = only_sheet(book, sheet, folder / f"{name or sheet}.xlsx")
    pdf = convert(copy, folder, "pdf")
    png_stem = folder / (name or sheet)
    subprocess.run([PDFTOPPM, "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(png_stem)],
                   check=True, timeout=60)
    return pdf, png_stem.with_suffix(".png")
