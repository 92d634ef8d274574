"""Re-audit of issue 20, finding 11: "each workbook opened once" was counted from inside (Book.open calls), while an
strace of a night showed invoicing.xlsx opened 5 times (3 before the save, 2 after) and ledger.xlsx 5 times — the zip
test, the package check, calamine, the save's copy of the unchanged parts, and again for the sheets the check read
after the save. Counted here from outside the code: every open of the file by Python (an audit hook sees builtins
open, io, zipfile and os.open) and, where strace is installed, by the process (calamine's own opens too). One night
of test_night's statement changes both books: each is opened once, and replaced once."""
from __future__ import annotations

import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from engine.office import steps
from engine.office.registry import Registered
from tests.office.test_night import _client

_opened: list | None = None


def _hook(event, args):
    if event == "open" and _opened is not None and isinstance(args[0], (str, bytes, Path)):
        _opened.append(Path(str(args[0] if not isinstance(args[0], bytes) else args[0].decode())).name)


sys.addaudithook(_hook)  # for the session (a hook cannot be removed): it records only while a test listens


def test_a_night_opens_each_book_once_as_python_sees_it(tmp_path):
    global _opened
    folder = _client(tmp_path)
    mandate = Registered(id=1, name="a", folder=str(folder), invoicing="invoicing.xlsx", ledger="ledger.xlsx",
                         bank_folder="bank", shared=None)
    _opened = []
    try:
        found = steps.run(mandate)
    finally:
        opened, _opened = Counter(_opened), None
    assert (found.counts["posted"], found.counts["entries_pulled"]) == (3, 3)  # both books changed and saved
    assert (opened["invoicing.xlsx"], opened["ledger.xlsx"]) == (1, 1)


@pytest.mark.skipif(shutil.which("strace") is None, reason="strace is not installed")
def test_a_night_opens_each_book_once_as_the_system_sees_it(tmp_path):
    folder = _client(tmp_path)
    database, trace = str(tmp_path / "office.sqlite"), tmp_path / "trace.txt"
    command = [sys.executable, "-m", "engine.cli", "office"]
    subprocess.run([*command, "add", str(folder), "--bank", str(folder / "bank"), "--database", database],
                   check=True, capture_output=True)
    subprocess.run(["strace", "-f", "-e", "trace=openat,open,rename", "-o", str(trace), *command, "run", "--night",
                    "n1", "--database", database], check=True, capture_output=True)
    calls = Counter()
    for line in trace.read_text().splitlines():
        for name in ("invoicing.xlsx", "ledger.xlsx"):
            if f'/{name}"' in line and "ENOENT" not in line:
                calls[(line.split()[1].split("(")[0], name)] += 1
    assert calls == {("openat", "invoicing.xlsx"): 1, ("openat", "ledger.xlsx"): 1,
                     ("rename", "invoicing.xlsx"): 1, ("rename", "ledger.xlsx"): 1}
