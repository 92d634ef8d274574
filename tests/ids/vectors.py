"""Reading the TSV vector files (comment lines start with #, first other line is the header)."""
from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent.parent / "data" / "ids"


def rows(path: Path | str) -> list[dict[str, str]]:
    path = HERE / path if isinstance(path, str) else path
    lines = [line.rstrip("\n") for line in path.read_text("utf-8").splitlines() if not line.startswith("#")]
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"))) for line in lines[1:] if line]
