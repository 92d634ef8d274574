"""Audit of issue 20, finding 9: removing a mandate rewrote the past nights' reports — after `office remove echo`
night n2's report no longer listed echo, while its tally still said "of 2" (the jobs stayed in the database). A
night's report stays what it was: the removed mandate is listed under the name and folder it had that night, with
its counts and findings."""
from __future__ import annotations

import json

from tests.office.clients import make_client
from tests.office.conftest import office


def _report(capsys, database, night) -> dict:
    capsys.readouterr()
    assert office("report", "--night", night, "--json", database=database) == 0
    return json.loads(capsys.readouterr().out)


def test_a_removed_mandate_stays_in_the_past_nights_reports(tmp_path, database, capsys):
    alpha = make_client(tmp_path / "alpha", movements=20, seed=1)
    echo = make_client(tmp_path / "echo", movements=30, seed=2)
    for folder in (alpha, echo):
        assert office("add", str(folder), "--bank", str(folder / "bank"), database=database) == 0
    assert office("run", "--night", "n2", database=database) == 0
    before = _report(capsys, database, "n2")
    # 2 mandates, both done; echo imported its 30 movements
    assert before["tally"] == {"done": 2, "failed": 0, "running": 0, "todo": 0, "total": 2}
    assert {m["name"]: m["counts"]["movements"] for m in before["mandates"]} == {"alpha": 20, "echo": 30}
    assert office("remove", "echo", database=database) == 0
    after = _report(capsys, database, "n2")
    assert after == before  # the same report, word for word: names, folders, counts, findings
    capsys.readouterr()
    assert office("report", "--night", "n2", database=database) == 0
    assert [line.split("\t")[0] for line in capsys.readouterr().out.splitlines() if not line.startswith("\t")] == [
        "alpha", "echo"]
    # the next night runs alpha alone: echo is out of the office
    assert office("run", "--night", "n3", database=database) == 0
    assert [m["name"] for m in _report(capsys, database, "n3")["mandates"]] == ["alpha"]


def test_a_folder_removed_and_added_again_keeps_its_past_nights_under_what_it_was(tmp_path, database, capsys):
    """Removed and added again (to change its bank folder, as the README says): the past night still names the
    bank folder of that night's registration, the new night the new one; both under the folder's name."""
    echo = make_client(tmp_path / "echo", movements=10, seed=2)
    assert office("add", str(echo), "--bank", str(echo / "bank"), database=database) == 0
    assert office("run", "--night", "n1", database=database) == 0
    first = _report(capsys, database, "n1")
    assert office("remove", "echo", database=database) == 0
    assert office("add", str(echo), "--bank", str(echo / "bank"), database=database) == 0
    assert office("run", "--night", "n2", database=database) == 0
    assert _report(capsys, database, "n1") == first
    [m] = _report(capsys, database, "n2")["mandates"]
    assert (m["name"], m["counts"]["movements"]) == ("echo", 0)  # its 10 movements came in on n1


def test_an_office_database_of_an_earlier_comptoir_gains_the_columns_and_keeps_its_nights(tmp_path, database,
                                                                                            capsys):
    """A database made before the jobs kept their mandate's name and folder: opened, it gains the columns (empty);
    its past jobs take the mandate's until `office remove` writes them into the jobs."""
    from sqlalchemy import text

    from engine.office.database import open_office
    echo = make_client(tmp_path / "echo", movements=10, seed=2)
    assert office("add", str(echo), "--bank", str(echo / "bank"), database=database) == 0
    assert office("run", "--night", "n1", database=database) == 0
    first = _report(capsys, database, "n1")
    with open_office(database) as db, db.engine.begin() as conn:  # as an earlier Comptoir left it
        conn.execute(text("ALTER TABLE office_jobs DROP COLUMN name"))
        conn.execute(text("ALTER TABLE office_jobs DROP COLUMN folder"))
    assert _report(capsys, database, "n1") == first
    assert office("remove", "echo", database=database) == 0
    assert _report(capsys, database, "n1") == first
