"""Issue 15 item 7: every bank operation gives the same ledger through the local mandate as with --ledger.

Two copies of the demo books: one road pulls through the mandate, the other writes the ledger directly. The
demo's bank batch B-1 has 51 entries (one per posted movement, the demo's own count); putting movement 1 back to
pending leaves 51 - 1 = 50 of them, and unpost-all then repost-all must bring every one back.
"""
import collections
import shutil

import openpyxl
import pytest

from engine.cli import main


def _journal(ledger):
    rows = list(openpyxl.load_workbook(ledger, read_only=True)["Journal"].iter_rows(values_only=True))
    head = [str(h).lower() for h in rows[0]]
    batch = head.index("batch")
    keep = [i for i, h in enumerate(head) if h not in ("entryid", "session")]  # numbering differs between roads
    bank = sorted(tuple(str(r[i]) for i in keep) for r in rows[1:] if str(r[batch]).endswith("B-1"))
    return collections.Counter(r[batch] for r in rows[1:]), bank


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo") / "books"
    assert main(["demo", str(folder)]) == 0
    # the demo ends by closing 2026 (issue 19); these tests change its 2026 bank batch, so the year is reopened
    assert main(["ledger", "reopen", str(folder / "ledger.xlsx"), "--year", "2026"]) == 0
    return folder


def _roads(demo, tmp_path):
    via_mandate, direct = tmp_path / "m", tmp_path / "d"
    shutil.copytree(demo, via_mandate)
    shutil.copytree(demo, direct)
    return via_mandate, direct


def _bank_count(counts):
    return sum(n for batch, n in counts.items() if str(batch).endswith("B-1"))


def test_unpost_all_then_repost_all_through_the_mandate_keeps_the_batch(demo, tmp_path):
    m, d = _roads(demo, tmp_path)
    assert _bank_count(_journal(m / "ledger.xlsx")[0]) == 51
    main(["bank", "unpost-all", str(m / "invoicing.xlsx")])
    main(["mandate", "pull", str(m / "ledger.xlsx")])
    assert _bank_count(_journal(m / "ledger.xlsx")[0]) == 0
    main(["bank", "repost-all", str(m / "invoicing.xlsx")])
    main(["mandate", "pull", str(m / "ledger.xlsx")])
    main(["bank", "unpost-all", str(d / "invoicing.xlsx"), "--ledger", str(d / "ledger.xlsx")])
    main(["bank", "repost-all", str(d / "invoicing.xlsx"), "--ledger", str(d / "ledger.xlsx")])
    counts, rows = _journal(m / "ledger.xlsx")
    assert _bank_count(counts) == 51
    assert rows == _journal(d / "ledger.xlsx")[1]


def test_pending_after_a_pull_republishes_the_batch_without_the_movement(demo, tmp_path):
    m, d = _roads(demo, tmp_path)
    main(["bank", "pending", str(m / "invoicing.xlsx"), "--ids", "1"])
    main(["mandate", "pull", str(m / "ledger.xlsx")])
    main(["bank", "pending", str(d / "invoicing.xlsx"), "--ids", "1", "--ledger", str(d / "ledger.xlsx")])
    counts, rows = _journal(m / "ledger.xlsx")
    assert _bank_count(counts) == 50
    assert rows == _journal(d / "ledger.xlsx")[1]
