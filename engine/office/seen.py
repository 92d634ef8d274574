"""The bank files a mandate's nights have read, by size and modification time, kept beside its books
(``.comptoir/office/seen.json``): a night passes only the files that are new or changed to the import, instead of
parsing a year of daily statements again every night only to find each entry known.

Forgetting is harmless — the import skips entries it holds — so the list is written after the book is saved: a
crash in between means the next night reads those files once more and adds nothing.
"""
from __future__ import annotations

import json
from pathlib import Path

from engine.store.whole_file import write_whole

SUFFIXES = (".xml", ".zip")  # what the import reads from a folder (engine/formats/bank_files.py)


def _path(folder: str | Path) -> Path:
    return Path(folder) / ".comptoir" / "office" / "seen.json"


def new_files(folder: str | Path, drops: list[Path]) -> tuple[list[Path], dict]:
    """The files of the drop folders not read before (or changed since), and the state to remember once they are.
    A drop folder that is not there is passed on as it is, for the import to say so."""
    try:
        seen = json.loads(_path(folder).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        seen = {}
    fresh, current = [], {}
    for drop in drops:
        if not drop.is_dir():
            fresh.append(drop)
            continue
        for path in sorted(p for p in drop.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES):
            stat = path.stat()
            current[str(path)] = [stat.st_size, stat.st_mtime_ns]
            if seen.get(str(path)) != current[str(path)]:
                fresh.append(path)
    return fresh, current


def remember(folder: str | Path, current: dict) -> None:
    write_whole(_path(folder), json.dumps(current, indent=0).encode("utf-8"), "the list of bank files read")
