"""Re-audit of issue 20, finding 3: with the invoicing book open in Excel (its ~$ owner file), a night said "failed
1 file(s), 20 new movement(s), 16 posted, 16 entries published" while the book was unchanged and the bank batch
sat in the mandate. Now nothing the night published outlives the failed save, and the report counts only what was
saved. test_night's statement: 5 movements, 3 posted as batch invoicing-B-1 (84.30, 12.00, 4,000.00)."""
from __future__ import annotations

import json
from decimal import Decimal

from engine import mandate as mandates
from engine.cli import main
from engine.store.book import Book
from tests.office.conftest import office
from tests.office.test_night import _client, _journal


def test_a_mandate_whose_book_cannot_be_saved_publishes_nothing_and_counts_nothing(tmp_path, capsys):
    database = str(tmp_path / "office.sqlite")
    folder = _client(tmp_path)
    office("add", str(folder), "--bank", str(folder / "bank"), database=database)
    book = (folder / "invoicing.xlsx").read_bytes()
    (folder / "~$invoicing.xlsx").write_bytes(b"owner")  # open in Excel
    assert office("run", "--night", "n1", database=database) == 1
    assert (folder / "invoicing.xlsx").read_bytes() == book
    capsys.readouterr()
    office("report", "--night", "n1", "--json", database=database)
    [m] = json.loads(capsys.readouterr().out)["mandates"]
    assert m["state"] == "failed"
    assert {k: m["counts"][k] for k in ("files", "movements", "posted", "entries")} == dict.fromkeys(
        ("files", "movements", "posted", "entries"), 0)
    said = [i["message"] for i in m["items"] if i["kind"] == "failed"]
    assert any("nothing of the night's bank work was saved (1 file(s), 5 new movement(s) read); batch "
               "invoicing-B-1 published for it was withdrawn from the mandate" in x for x in said)
    # the mandate holds nothing for the ledger to take: a pull by hand brings no entry
    with mandates.open_book(folder / "ledger.xlsx") as m:
        assert [b.action for b in mandates.waiting_batches(m)] in ([], ["remove"])
    main(["mandate", "pull", str(folder / "ledger.xlsx")])
    assert _journal(folder) == []
    # Excel closed: the next night does it all, once
    (folder / "~$invoicing.xlsx").unlink()
    assert office("run", "--night", "n2", database=database) == 0
    assert _journal(folder) == [("2002", "1020", Decimal("4000.00")), ("6500", "1020", Decimal("84.30")),
                                ("6940", "1020", Decimal("12.00"))]
    assert len(Book.open(folder / "invoicing.xlsx").records("Movements")) == 5
