"""Audit of issue 20, finding 6: a statement of 01.01.2027 was pulled into a ledger whose Periods sheet covers only
2026 (next year's ledger sat beside it) — 8 entries landed there, and neither the night nor `check` said a word,
whereas a closed period is refused. Here the client's ledger has the period 2024 only (01.01.2024 – 31.12.2024) and
the drop folder a statement of 03.01.2025 with test_night's five entries: three of them would post (card 84.30, charges
12.00, salaries 4,000.00 — one batch of 3 entries, all dated 03.01.2025), and that batch has no period to go to:
the night refuses it as it refuses a closed period (the movements wait), and a batch already in the mandate is left
waiting by `mandate pull`, whichever road brought it.
"""
from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from engine import mandate as mandates
from engine.cli import main
from engine.store.book import Book
from tests.office.clients import make_client, statement
from tests.office.conftest import office
from tests.office.test_night import STATEMENT, _journal


def _client(tmp_path):
    folder = make_client(tmp_path / "atelier", movements=0, invoices=1, name="Atelier Test")
    statement(folder / "bank" / "camt053_2025-01-03.xml", STATEMENT, day=date(2025, 1, 3))
    return folder


def test_a_night_posts_nothing_into_a_year_the_ledger_has_not_opened_and_says_why(tmp_path, capsys):
    database = str(tmp_path / "office.sqlite")
    folder = _client(tmp_path)
    office("add", str(folder), "--bank", str(folder / "bank"), database=database)
    office("run", "--night", "n1", database=database)
    assert _journal(folder) == []  # nothing of 2025 in the 2024 ledger
    capsys.readouterr()
    office("report", "--night", "n1", "--json", database=database)
    [m] = json.loads(capsys.readouterr().out)["mandates"]
    # refused as a closed period is: nothing posted, the 3 settled movements wait (not to sort), the credit to sort
    assert {k: m["counts"][k] for k in ("posted", "entries", "post_refused", "to_sort", "book_errors")} == {
        "posted": 0, "entries": 0, "post_refused": 1, "to_sort": 1, "book_errors": 0}
    [refused] = [i for i in m["items"] if i["kind"] == "not posted"]
    assert "3 entries dated 03.01.2025, in no period of the ledger's Periods sheet (they cover 01.01.2024 – " \
           "31.12.2024)" in refused["message"]
    assert "comptoir ledger open LEDGER --year 2025 --into NEW.xlsx) and point the mandate at it" in refused["hint"]
    # once the year is opened in the ledger (a 2025 row in Periods), the next night posts and pulls them, once
    _open_2025(folder)
    office("run", "--night", "n2", database=database)
    assert _journal(folder) == [("2002", "1020", Decimal("4000.00")), ("6500", "1020", Decimal("84.30")),
                                ("6940", "1020", Decimal("12.00"))]


def _open_2025(folder) -> None:
    ledger = Book.open(folder / "ledger.xlsx")
    ledger.put("Periods", [*ledger.records("Periods"), ledger.new("Periods", period="2025", start=date(2025, 1, 1),
                                                                    end=date(2025, 12, 31), closed=False)])
    ledger.save()


def test_mandate_pull_leaves_a_batch_of_a_year_the_ledger_has_not_opened_waiting(tmp_path, capsys):
    """Every road: a batch already in the mandate (published before the ledger's periods were known, or by an older
    Comptoir) — 2 entries of 02.01.2025 and 05.01.2025 — is left waiting by `mandate pull`, named, and `check` on
    the invoicing book names it too."""
    folder = make_client(tmp_path / "atelier", movements=0, invoices=0)
    waiting_batch_of_2025(folder)
    capsys.readouterr()
    assert main(["mandate", "pull", str(folder / "ledger.xlsx")]) == 2
    said = capsys.readouterr().err
    assert "batch invoicing-B-9 of invoicing.xlsx: 2 entries dated 02.01.2025 – 05.01.2025, in no period" in said
    assert "ledger open" in said and "--into" in said
    assert _journal(folder) == []
    assert main(["check", str(folder / "invoicing.xlsx")]) == 1
    assert "invoicing-B-9" in capsys.readouterr().out
    _open_2025(folder)
    assert main(["mandate", "pull", str(folder / "ledger.xlsx")]) == 0
    assert _journal(folder) == [("6500", "1020", Decimal("10.00")), ("6500", "1020", Decimal("10.00"))]


def waiting_batch_of_2025(folder) -> None:
    """Batch invoicing-B-9 in the mandate: 2 entries of 02.01.2025 and 05.01.2025, 6500 / 1020 10.00 each."""
    entries = tuple(mandates.Entry(date=day, debit="6500", credit="1020", amount=Decimal("10.00"), label="card")
                    for day in (date(2025, 1, 2), date(2025, 1, 5)))
    with mandates.open_book(folder / "ledger.xlsx") as m:
        mandates.publish_batch(m, mandates.Batch(batch_id="invoicing-B-9", source="invoicing.xlsx", session=9,
                                                 entries=entries))


def test_check_names_a_journal_row_of_a_year_the_ledger_has_not_opened(tmp_path, capsys):
    folder = make_client(tmp_path / "atelier", movements=0, invoices=0)
    ledger = Book.open(folder / "ledger.xlsx")
    ledger.put("Journal", [ledger.new("Journal", entry_id=1, date=date(2025, 1, 1), debit="6500", credit="1020",
                                      amount=Decimal("84.30"), currency="CHF", label="typed by hand")])
    ledger.save()
    capsys.readouterr()
    assert main(["check", str(folder / "ledger.xlsx"), "--json"]) == 1
    said = capsys.readouterr().out
    assert "entry 1" in said and "01.01.2025 is in no period of the ledger's Periods sheet" in said
    assert "Journal" in said
