"""Audit of issue 20: a report-only night — `office run --check-only` checks every mandate's books and lists what
needs a person without importing, posting or pulling: the books, the list of files read and the ledger stay as they
were.

After night n1 on test_night's statement (5 entries: 3 posted, 1 paying F-1, the credit of 250.00 left to sort), the
client's bank drops a statement of 05.03.2024 with 2 entries (charges 7.50, card 45.00), and someone types "cent
francs" into F-1's TotalPayable. The check-only night then says: 1 bank file waiting (not imported: still 5
movements, 3 Journal entries), 1 movement to sort (the 250.00), 1 book error (the cell).
"""
from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import openpyxl

from engine.store.book import Book
from tests.office.clients import statement
from tests.office.conftest import office
from tests.office.test_night import _client


def test_a_check_only_night_lists_what_needs_a_person_and_changes_nothing(tmp_path, capsys):
    database = str(tmp_path / "office.sqlite")
    folder = _client(tmp_path)
    office("add", str(folder), "--bank", str(folder / "bank"), database=database)
    assert office("run", "--night", "n1", database=database) == 0
    statement(folder / "bank" / "camt053_2024-03-05.xml", [(12, "charges", "7.50", None), (10, "card", "45.00", None)],
              day=date(2024, 3, 5), opening=Decimal("6290.71"))
    book = openpyxl.load_workbook(folder / "invoicing.xlsx")
    header = [c.value for c in book["Documents"][1]]
    book["Documents"].cell(2, header.index("TotalPayable") + 1).value = "cent francs"
    book.save(folder / "invoicing.xlsx")
    before = {p.name: p.read_bytes() for p in (folder / "invoicing.xlsx", folder / "ledger.xlsx",
                                                folder / ".comptoir" / "office" / "seen.json")}
    assert office("run", "--night", "n2", "--check-only", database=database) == 0
    after = {p.name: p.read_bytes() for p in (folder / "invoicing.xlsx", folder / "ledger.xlsx",
                                               folder / ".comptoir" / "office" / "seen.json")}
    assert after == before
    capsys.readouterr()
    assert office("report", "--night", "n2-check", "--json", database=database) == 0
    [m] = json.loads(capsys.readouterr().out)["mandates"]
    c = m["counts"]
    assert (c["files_waiting"], c["to_sort"], c["book_errors"], c["movements"], c["posted"]) == (1, 1, 1, 0, 0)
    [waiting] = [i for i in m["items"] if i["kind"] == "file waiting"]
    assert waiting["book"].endswith("camt053_2024-03-05.xml")
    [sort] = [i for i in m["items"] if i["kind"] == "to sort"]
    assert "250.00" in sort["message"]
    assert [i["cell"][:len("Documents!")] for i in m["items"] if i["kind"] == "broken book"] == ["Documents!"]
    capsys.readouterr()
    office("report", "--night", "n2-check", database=database)
    said = capsys.readouterr().out
    assert ("checked only, nothing imported or posted: 1 bank file(s) waiting, 1 movement(s) to sort, 1 book "
            "error(s)") in said
    # the real night of the same day is still to do: the check-only night's jobs are its own
    assert office("run", "--night", "n2", database=database) == 0
    assert len(Book.open(folder / "invoicing.xlsx").records("Movements")) == 7


def test_check_only_refuses_post_until(tmp_path, capsys):
    database = str(tmp_path / "office.sqlite")
    assert office("run", "--check-only", "--post-until", "31.03.2024", database=database) == 2
    assert "--check-only posts nothing" in capsys.readouterr().err
