"""Re-audit of issue 20, finding 4: every night rewrote every invoicing book, even with nothing to do — byte for byte
the same, but each night added a backup (bravo had 11), and a client with the book open in Excel and nothing new
made the mandate "failed". A book with nothing to change is not written: same bytes, same modification time, no new
backup; an open book with nothing to do is fine."""
from __future__ import annotations

import json
import os

from tests.office.conftest import office
from tests.office.test_night import _client


def _state(folder) -> dict:
    backups = folder / ".comptoir" / "backups"
    return {"files": {name: ((folder / name).read_bytes(), (folder / name).stat().st_mtime_ns)
                      for name in ("invoicing.xlsx", "ledger.xlsx")},
            "backups": sorted(p.name for p in backups.rglob("*")) if backups.exists() else []}


def test_a_night_with_nothing_to_do_writes_no_book_and_an_open_book_is_no_failure(tmp_path, capsys):
    database = str(tmp_path / "office.sqlite")
    folder = _client(tmp_path)
    office("add", str(folder), "--bank", str(folder / "bank"), database=database)
    assert office("run", "--night", "n1", database=database) == 0
    before = _state(folder)
    assert office("run", "--night", "n2", database=database) == 0  # no new file
    assert _state(folder) == before
    path = folder / "bank" / "camt053_2024-03-04.xml"
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000_000))  # downloaded again
    assert office("run", "--night", "n3", database=database) == 0  # read again: its 5 entries known, nothing new
    assert _state(folder) == before
    # both books open in Excel, nothing new: the night is done, not failed
    (folder / "~$invoicing.xlsx").write_bytes(b"owner")
    (folder / "~$ledger.xlsx").write_bytes(b"owner")
    assert office("run", "--night", "n4", database=database) == 0
    capsys.readouterr()
    office("report", "--night", "n4", "--json", database=database)
    night = json.loads(capsys.readouterr().out)
    assert night["tally"]["done"] == 1 and night["tally"]["failed"] == 0
    assert _state(folder) == before
