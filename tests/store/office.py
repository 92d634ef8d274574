"""LibreOffice headless as an independent oracle: does a workbook we wrote open and convert?

The converter exits 0 even when loading failed, so callers check that the output exists; every run gets its own
profile (``-env:UserInstallation``) so parallel runs and a user's profile never interfere.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice")
SYSTEM_PYTHON = "/usr/bin/python3"

needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; CI installs it")


def has_uno() -> bool:
    if SOFFICE is None or not Path(SYSTEM_PYTHON).exists():
        return False
    return subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True).returncode == 0


def convert(source: Path, folder: Path, to: str = "xlsx") -> Path:
    """``source`` converted by LibreOffice into ``folder``; fails the test when no output appears."""
    folder.mkdir(parents=True, exist_ok=True)
    profile = folder / "lo-profile"
    result = subprocess.run([SOFFICE, "--headless", "--norestore", f"-env:UserInstallation=file://{profile}",
                             "--convert-to", to, "--outdir", str(folder), str(source)],
                            capture_output=True, text=True, timeout=120)
    output = folder / f"{source.stem}.{to.split(':')[0]}"
    assert output.exists(), f"LibreOffice could not convert {source.name}: {result.stdout} {result.stderr}"
    return output
