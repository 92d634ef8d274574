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


def test_with_post_until_the_invoicing_session_published_is_withdrawn_too(tmp_path, capsys):
    """--post-until publishes a second batch, the invoicing session (an invoice of 01.03.2024, 1,000.00 + TVA 8.1 %
    = 1,081.00): with the book open in Excel, both are withdrawn and the ledger receives nothing."""
    from engine.cli import main as cli
    from tests.office.clients import make_client, statement
    from tests.office.test_night import STATEMENT
    database = str(tmp_path / "office.sqlite")
    folder = make_client(tmp_path / "atelier", movements=0, invoices=0, name="Atelier Test")
    assert cli(["documents", "new", str(folder / "invoicing.xlsx"), "--client", "1", "--date", "01.03.2024",
                "--free", "Travaux:1:1000.00:TVA"]) == 0
    statement(folder / "bank" / "camt053_2024-03-04.xml", STATEMENT[1:])
    office("add", str(folder), "--bank", str(folder / "bank"), database=database)
    (folder / "~$invoicing.xlsx").write_bytes(b"owner")
    assert office("run", "--night", "n1", "--post-until", "31.03.2024", database=database) == 1
    capsys.readouterr()
    office("report", "--night", "n1", "--json", database=database)
    [m] = json.loads(capsys.readouterr().out)["mandates"]
    [said] = [i["message"] for i in m["items"] if "nothing of the night's bank work" in i["message"]]
    # the bank batch B-1 (card 84.30, charges 12.00, salaries 4,000.00) and session 2, the invoice's
    assert "(1 file(s), 4 new movement(s) read); batches invoicing-B-1, invoicing-S2-" in said
    assert said.endswith(" published for it were withdrawn from the mandate")
    assert (m["counts"]["documents_posted"], m["counts"]["entries"]) == (0, 0)
    with mandates.open_book(folder / "ledger.xlsx") as mandate:
        assert {b.action for b in mandates.waiting_batches(mandate)} == {"remove"}
    main(["mandate", "pull", str(folder / "ledger.xlsx")])
    assert _journal(folder) == []


def test_a_ledger_open_in_excel_says_the_published_batch_waits_for_the_next_night(tmp_path, capsys):
    """Second audit of issue 20, finding 6: only the ledger open in Excel, the mandate "failed … 3 entries published,
    0 pulled" said nothing of the batch. test_night's statement: 3 entries published (84.30, 12.00, 4,000.00), 0
    pulled: 3 − 0 = 3 entries wait in the mandate for the next night."""
    import json as _json
    from tests.office.conftest import office
    from tests.office.test_night import _client
    database = str(tmp_path / "office.sqlite")
    folder = _client(tmp_path)
    office("add", str(folder), "--bank", str(folder / "bank"), database=database)
    (folder / "~$ledger.xlsx").write_bytes(b"owner")
    assert office("run", "--night", "n1", database=database) == 1
    capsys.readouterr()
    office("report", "--night", "n1", "--json", database=database)
    [m] = _json.loads(capsys.readouterr().out)["mandates"]
    assert (m["counts"]["entries"], m["counts"].get("entries_pulled", 0)) == (3, 0)
    [failed] = [i for i in m["items"] if i["kind"] == "failed"]
    assert "the 3 entries published tonight wait in the mandate: the next night pulls them" in failed["message"]
