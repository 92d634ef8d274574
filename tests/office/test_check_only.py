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
from pathlib import Path
from datetime import date
from decimal import Decimal

import openpyxl

from engine.store.book import Book
from tests.office.clients import statement
from tests.mandate.conftest import backend, make_mandate  # noqa: F401 - fixtures
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


# the auditor's echo (issue 20, finding 7): 25 movements in the book, 20 of which its rules and the movement types
# settle, whose posting the ledger's closed year refuses; 5 unknown credits. Built by hand, every fifth an unknown
# credit: i % 5 == 0, 1 → card at a merchant with a rule (NAMES[i % 10], i % 10 in 0, 1, 5, 6: 10 cards → 6500),
# 2 → bank charges (type: 6940, 5), 3 → salaries (type: 2002, 5), 4 → "Rechnung i / merci", nobody's (5, to sort).
ECHO = [(i, ("card", "card", "charges", "salary", "credit")[i % 5],
         ("%d.00" % (10 + i), "%d.00" % (10 + i), "5.00", "1000.00", "%d.00" % (100 + i))[i % 5], None)
        for i in range(25)]


def _files(folder) -> dict:
    """Every file of the client's folder by its bytes — but the check-only night's own findings and SQLite's
    shared-memory index and empty WAL, which a read-only reader of a WAL database leaves (they hold no data)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
            and not p.name.endswith(("-check.json", "mandate.sqlite-shm", "mandate.sqlite-wal"))}


def _report(capsys, database, night) -> dict:
    capsys.readouterr()
    assert office("report", "--night", night, "--json", database=database) == 0
    [m] = json.loads(capsys.readouterr().out)["mandates"]
    return m


def test_the_check_only_night_counts_what_the_real_night_leaves_and_writes_nothing(tmp_path, database, capsys):
    from dataclasses import replace

    from tests.office.clients import make_client
    folder = make_client(tmp_path / "echo", movements=0, invoices=0)
    statement(folder / "bank" / "e-n1.xml", ECHO, day=date(2024, 12, 30))
    ledger = Book.open(folder / "ledger.xlsx")
    ledger.put("Periods", [replace(p, closed=True) for p in ledger.records("Periods")])
    ledger.save()
    office("add", str(folder), "--bank", str(folder / "bank"), database=database)
    assert office("run", "--night", "n1", database=database) == 0
    real = _report(capsys, database, "n1")
    assert {k: real["counts"][k] for k in ("movements", "recognised", "to_sort", "post_refused", "entries")} == {
        "movements": 25, "recognised": 20, "to_sort": 5, "post_refused": 1, "entries": 0}
    # the bookkeeper adds next year's period: a check would publish the ledger's periods to the mandate — not this one
    ledger = Book.open(folder / "ledger.xlsx")
    ledger.put("Periods", [*ledger.records("Periods"), ledger.new("Periods", period="2025", start=date(2025, 1, 1),
                                                                  end=date(2025, 12, 31), closed=False)])
    ledger.save()
    before = _files(folder)
    assert office("run", "--night", "n2", "--check-only", database=database) == 0
    assert _files(folder) == before  # books, seen.json, mandate.sqlite: not a byte changed
    check = _report(capsys, database, "n2-check")
    c = check["counts"]
    # 5 to sort (the unknown credits), not 25: the 20 settled ones wait for the closed year, said once as the night
    assert (c["to_sort"], c["post_refused"], c["files_waiting"], c["would_post"]) == (5, 1, 0, 0)
    [refused] = [i for i in check["items"] if i["kind"] == "not posted"]
    # second audit of issue 20, finding 5: no "bank batch B-1: entry B-1" (a refused batch is recorded nowhere): the
    # movements by their ids in Movements (the 20 settled, 1–25 without the 5 unknown credits) and the Periods row
    assert refused["cell"].startswith("Periods row ") and refused["book"] == str(folder / "ledger.xlsx")
    assert refused["message"].startswith("the bank posting of movement(s) ") and "(20 in all) (Movements)" in \
        refused["message"] and "of 30.12.2024" in refused["message"] and "is closed" in refused["message"]
    assert "B-1" not in refused["message"]
    assert "posting session" not in refused["message"]
    capsys.readouterr()
    office("report", "--night", "n2-check", database=database)
    assert ("5 movement(s) to sort, 0 book error(s), posting refused 1 time(s)") in capsys.readouterr().out
    # the real night of the same books reports the same
    assert office("run", "--night", "n2", database=database) == 0
    real = _report(capsys, database, "n2")
    assert (real["counts"]["to_sort"], real["counts"]["post_refused"]) == (5, 1)
    assert [i["message"] for i in real["items"] if i["kind"] == "not posted"] == [refused["message"]]


def test_the_check_only_night_names_refused_files_and_a_book_open_in_excel(tmp_path, database, capsys):
    """The auditor's bravo (a cut download) and charlie (another client's statement, the ledger open in Excel): the
    check-only night names them as the real night does — the reason, not "not imported yet" — and one good statement
    waits for the night."""
    from tests.office.clients import make_client
    folder = make_client(tmp_path / "charlie", movements=0, invoices=0)
    (folder / "bank" / "b-broken.xml").write_text("<Document><BkToCstmrStmt>")
    wrong = statement(folder / "bank" / "c-wrong.xml", [(2, "charges", "12.00", None)])
    wrong.write_bytes(wrong.read_bytes().replace(b"CH9300762011623852957", b"CH5604835012345678009"))
    statement(folder / "bank" / "c-n4.xml", [(2, "charges", "7.50", None), (0, "card", "45.00", None)])
    (folder / "~$ledger.xlsx").write_bytes(b"owner")
    office("add", str(folder), "--bank", str(folder / "bank"), database=database)
    before = _files(folder)
    assert office("run", "--night", "n4", "--check-only", database=database) == 0
    assert _files(folder) == before
    check = _report(capsys, database, "n4-check")
    c = check["counts"]
    assert (c["files_waiting"], c["refused_files"], c["to_sort"]) == (1, 2, 0)
    refused = {Path(i["book"]).name: i["message"] for i in check["items"] if i["kind"] == "refused file"}
    assert set(refused) == {"b-broken.xml", "c-wrong.xml"}
    assert "CH5604835012345678009" in refused["c-wrong.xml"] and "not imported" in refused["c-wrong.xml"]
    [waiting] = [i for i in check["items"] if i["kind"] == "file waiting"]
    assert waiting["book"] == str(folder / "bank" / "c-n4.xml")
    [locked] = [i for i in check["items"] if "open in Excel" in i["message"]]
    assert (locked["kind"], locked["book"]) == ("book open", str(folder / "ledger.xlsx"))
    assert "the mandate fails if it must" in locked["hint"]
    # the real night: the same two files refused for the same reasons, the ledger in Excel stops it
    assert office("run", "--night", "n4", database=database) == 1
    real = _report(capsys, database, "n4")
    assert {Path(i["book"]).name: i["message"] for i in real["items"] if i["kind"] == "refused file"} == refused
    assert any("open in Excel" in i["message"] and i["book"] == str(folder / "ledger.xlsx") for i in real["items"])


def test_a_mandate_opened_read_only_refuses_a_write_and_keeps_its_bytes(tmp_path):
    """The check-only night's guard: inside mandates.read_only() a local store opens mode=ro (SQLite itself refuses a
    write, and nothing is migrated or checkpointed), and a ledger's check publishes nothing."""
    from engine import mandate as mandates
    from engine.services import book_check
    from tests.office.clients import make_client
    folder = make_client(tmp_path / "delta", movements=0, invoices=0)
    store = folder / ".comptoir" / "mandate.sqlite"
    ledger = Book.open(folder / "ledger.xlsx")  # its periods differ from what the mandate holds: check would publish
    before = store.read_bytes()
    with mandates.read_only():
        assert mandates.reading_only()
        book_check.problems(ledger)
        with mandates.open_book(folder) as m:
            published = mandates.reference(m).periods
            try:
                mandates.publish_reference(m, mandates.Reference(periods=({"period": "x"},)), kinds=("periods",))
            except Exception as refused:  # noqa: BLE001 - the driver's own words
                assert "readonly" in str(refused).replace("-", "").replace(" ", "").lower() or "read" in str(refused)
            else:
                raise AssertionError("a read-only mandate took a write")
    assert not mandates.reading_only()
    assert store.read_bytes() == before and published == ()
    book_check.problems(ledger)  # outside: check publishes the ledger's periods, as it always did
    with mandates.open_book(folder) as m:
        assert [p["period"] for p in mandates.reference(m).periods] == ["2024"]


def test_read_only_holds_on_a_shared_mandate_too(make_mandate, tmp_path):
    """On PostgreSQL the session is read-only (default_transaction_read_only): the server refuses the write."""
    from engine import mandate as mandates
    made = make_mandate("Atelier RO")
    folder = made.folder
    with mandates.read_only(), mandates.open_folder(folder) as m:
        try:
            mandates.publish_reference(m, mandates.Reference(periods=({"period": "x"},)), kinds=("periods",))
        except Exception as refused:  # noqa: BLE001 - the driver's words: "read-only" / "readonly"
            assert "read" in str(refused).lower() and "only" in str(refused).lower(), refused
        else:
            raise AssertionError("a read-only mandate took a write")
    with mandates.open_folder(folder) as m:
        assert mandates.reference(m).periods == ()
        mandates.publish_reference(m, mandates.Reference(periods=({"period": "2024"},)), kinds=("periods",))
        assert [p["period"] for p in mandates.reference(m).periods] == ["2024"]


def test_the_check_only_night_names_a_batch_the_pull_would_leave_waiting(tmp_path, capsys):
    """Someone posted by hand (comptoir bank post, into the mandate), then the ledger's year was closed before any
    pull: the real night leaves the batch waiting and says so; the check-only night says the same, and pulls
    nothing."""
    from dataclasses import replace

    from engine.cli import main
    from tests.office.clients import make_client
    database = str(tmp_path / "office.sqlite")
    folder = make_client(tmp_path / "b", movements=40)
    assert main(["bank", "import", str(folder / "invoicing.xlsx"), str(folder / "bank")]) == 0
    assert main(["bank", "post", str(folder / "invoicing.xlsx")]) == 0
    ledger = Book.open(folder / "ledger.xlsx")
    ledger.put("Periods", [replace(p, closed=True) for p in ledger.records("Periods")])
    ledger.save()
    office("add", str(folder), "--bank", str(folder / "bank"), database=database)
    assert office("run", "--night", "n1", "--check-only", database=database) == 0
    check = _report(capsys, database, "n1-check")
    assert check["counts"]["batches_waiting"] == 1
    [waiting] = [i for i in check["items"] if i["kind"] == "batch left waiting"]
    assert (waiting["book"], waiting["cell"]) == (str(folder / "ledger.xlsx"), "Periods")
    assert Book.open(folder / "ledger.xlsx").records("Journal") == ()
    office("run", "--night", "n1", database=database)
    real = _report(capsys, database, "n1")
    assert real["counts"]["batches_waiting"] == 1
    assert [i["message"] for i in real["items"] if i["kind"] == "batch left waiting"] == [waiting["message"]]
