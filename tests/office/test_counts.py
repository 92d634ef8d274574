"""Audit of issue 20, finding 12 (the small ones): a bank file refused at night is counted as no file read whatever
the reason — a re-read statement of another client's IBAN was "1 file(s), 0 new" while a re-read cut download was
"0 file(s)"; and the workbook's Total row added up the seconds only, not the counts."""
from __future__ import annotations

import json

import openpyxl

from tests.office.clients import make_client, statement
from tests.office.conftest import office


def _night(capsys, database, night) -> dict:
    capsys.readouterr()
    assert office("report", "--night", night, "--json", database=database) == 0
    return {m["name"]: m for m in json.loads(capsys.readouterr().out)["mandates"]}


def test_a_refused_file_is_no_file_read_whatever_the_reason_and_the_total_row_adds_up_the_counts(tmp_path, capsys):
    database = str(tmp_path / "office.sqlite")
    # bravo: a good statement of 2 entries and a cut download; charlie: a good one of 3 and another client's
    bravo = make_client(tmp_path / "bravo", movements=0, invoices=0)
    statement(bravo / "bank" / "b-n1.xml", [(2, "charges", "7.50", None), (0, "card", "45.00", None)])
    (bravo / "bank" / "b-broken.xml").write_text("<Document><BkToCstmrStmt>")
    charlie = make_client(tmp_path / "charlie", movements=0, invoices=0)
    statement(charlie / "bank" / "c-n1.xml", [(2, "charges", "7.50", None), (0, "card", "45.00", None),
                                               (8, "salary", "1000.00", None)])
    wrong = statement(charlie / "bank" / "c-wrong.xml", [(2, "charges", "12.00", None)])
    wrong.write_bytes(wrong.read_bytes().replace(b"CH9300762011623852957", b"CH5604835012345678009"))
    for folder in (bravo, charlie):
        assert office("add", str(folder), "--bank", str(folder / "bank"), database=database) == 0
    assert office("run", "--night", "n1", database=database) == 0
    n1 = _night(capsys, database, "n1")
    # each: 1 file read (the good one), 1 refused
    assert {name: (m["counts"]["files"], m["counts"]["movements"], m["counts"]["refused_files"])
            for name, m in n1.items()} == {"bravo": (1, 2, 1), "charlie": (1, 3, 1)}
    assert office("run", "--night", "n2", database=database) == 0  # both refused files read again, nothing new
    n2 = _night(capsys, database, "n2")
    assert {name: (m["counts"]["files"], m["counts"]["movements"], m["counts"]["refused_files"])
            for name, m in n2.items()} == {"bravo": (0, 0, 1), "charlie": (0, 0, 1)}
    xlsx = tmp_path / "morning-n1.xlsx"
    assert office("report", "--night", "n1", "--xlsx", str(xlsx), database=database) == 0
    sheet = openpyxl.load_workbook(xlsx)["Mandates"]
    header = [c.value for c in sheet[4]]
    total = next(dict(zip(header, (c.value for c in row))) for row in sheet.iter_rows(min_row=5)
                 if row[0].value == "Total")
    # 1 + 1 files, 2 + 3 movements, 1 + 1 refused files, 1 + 1 attempts
    assert (total["Files"], total["New movements"], total["Refused files"], total["Attempts"]) == (2, 5, 2, 2)
    assert total["Seconds"] is not None
