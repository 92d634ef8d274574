"""Audit of issue 20, statements that come again: one whose days the book already holds but that opens at another
balance than the account stood at is flagged for a person; the same statement dropped again is said skipped as
already imported, in the text report and the workbook — not counted in silence.

Statement 1 (04.03.2024, test_night's, written by hand) opens at 10,000.00; its entries are credits 137.01 (QR, F-1)
and 250.00, debits 84.30 (card), 12.00 (charges) and 4,000.00 (salaries), so the account stood on 05.03.2024 at
10,000.00 + 137.01 + 250.00 − 84.30 − 12.00 − 4,000.00 = 6,290.71 — which is also the file's own closing balance,
read below with XPath from the camt (the oracle the arithmetic must meet).
"""
from __future__ import annotations

import json
import shutil
from datetime import date
from decimal import Decimal

import openpyxl
from lxml import etree

from engine.store.book import Book
from tests.office.clients import statement
from tests.office.conftest import office
from tests.office.test_night import _client



def _closing(path) -> Decimal:
    tree = etree.parse(str(path))
    namespace = tree.getroot().nsmap[None]
    [amount] = tree.xpath("//c:Bal[c:Tp/c:CdOrPrtry/c:Cd='CLBD']/c:Amt/text()", namespaces={"c": namespace})
    return Decimal(amount)


def _night(capsys, database, night) -> dict:
    capsys.readouterr()
    assert office("report", "--night", night, "--json", database=database) == 0
    [m] = json.loads(capsys.readouterr().out)["mandates"]
    return m


def test_a_statement_over_days_already_imported_that_opens_elsewhere_is_flagged(tmp_path, capsys):
    database = str(tmp_path / "office.sqlite")
    folder = _client(tmp_path)
    first = folder / "bank" / "camt053_2024-03-04.xml"
    assert _closing(first) == Decimal("10000.00") + Decimal("137.01") + Decimal("250.00") - Decimal("84.30") \
        - Decimal("12.00") - Decimal("4000.00") == Decimal("6290.71")
    office("add", str(folder), "--bank", str(folder / "bank"), database=database)
    office("run", "--night", "n1", database=database)
    # the next days' statements follow on: 05.03 opens at 6,290.71 (charges 7.50: closes at 6,283.21), 06.03 at
    # 6,283.21 (card 45.00: closes at 6,238.21); nothing to say
    statement(folder / "bank" / "camt053_2024-03-05.xml", [(12, "charges", "7.50", None)], day=date(2024, 3, 5),
              opening=Decimal("6290.71"))
    statement(folder / "bank" / "camt053_2024-03-06.xml", [(10, "card", "45.00", None)], day=date(2024, 3, 6),
              opening=Decimal("6283.21"))
    office("run", "--night", "n2", database=database)
    assert not [i for i in _night(capsys, database, "n2")["items"] if "opens at" in i["message"]]
    # another statement of 05.03.2024, opening at 10,000.00, once the book holds up to 06.03 (it starts before the
    # last closing, which the check did not look at): the account stood at 6,290.71 at the start of 05.03
    statement(folder / "bank" / "camt053_2024-03-05-bis.xml", [(14, "charges", "3.00", None)], day=date(2024, 3, 5),
              opening=Decimal("10000.00"))
    office("run", "--night", "n3", database=database)
    m = _night(capsys, database, "n3")
    [flag] = [i for i in m["items"] if "opens at" in i["message"]]
    assert flag["kind"] == "refused file"  # held back, not imported (re-audit of issue 20: test_overlaps.py)
    assert "opens at 10,000.00 on 05.03.2024, but the account stood at 6,290.71 on that day" in flag["message"]
    assert "a difference of 3,709.29" in flag["message"]  # 10,000.00 − 6,290.71
    assert flag["book"].endswith("camt053_2024-03-05-bis.xml")


def test_the_same_statement_dropped_again_is_said_skipped_as_already_imported(tmp_path, capsys):
    database = str(tmp_path / "office.sqlite")
    folder = _client(tmp_path)
    office("add", str(folder), "--bank", str(folder / "bank"), database=database)
    office("run", "--night", "n1", database=database)
    # the e-banking's download of the same statement again, under another name (same MsgId and statement id)
    shutil.copy(folder / "bank" / "camt053_2024-03-04.xml", folder / "bank" / "camt053_2024-03-04 (1).xml")
    assert office("run", "--night", "n2", database=database) == 0
    m = _night(capsys, database, "n2")
    # the copy's 5 entries are those of night 1: nothing new, all 5 known
    # the file dropped again is counted apart, not as a file of the night's (second audit of issue 20, finding 4)
    assert (m["counts"]["files"], m["counts"]["skipped"], m["counts"]["movements"], m["counts"]["duplicates"]) == (
        0, 1, 0, 5)
    [skipped] = [i for i in m["items"] if i["kind"] == "already imported"]
    assert skipped["message"] == ("statement HAND-camt053_2024-03-04 skipped: already imported (its 5 entries are "
                                  "in the book)")
    assert skipped["book"].endswith("camt053_2024-03-04 (1).xml")
    assert not [i for i in m["items"] if "opens at" in i["message"]]  # the same opening: no continuity flag
    assert len(Book.open(folder / "invoicing.xlsx").records("Movements")) == 5
    capsys.readouterr()
    office("report", "--night", "n2", database=database)
    assert "already imported\t" in capsys.readouterr().out  # the text report says it
    office("report", "--night", "n2", "--xlsx", str(tmp_path / "m.xlsx"), database=database)
    todo = [row for row in openpyxl.load_workbook(tmp_path / "m.xlsx")["ToDo"].iter_rows(min_row=5, values_only=True)]
    assert any(row[1] == "already imported" and "skipped: already imported" in row[4] for row in todo)
