"""Issue 20: one night of the office on a mandate whose statement is written by hand, so every entry, movement and
count below is worked out from the statement, the rules and the seeded movement types (engine/data/
movement_types.tsv, the banking manual's comptes à imputer), not read from the code's output.

The statement of 04.03.2024 on account 1020 (opening 10,000.00):
  1. QR credit 137.01, reference of invoice F-1 (open, 137.01)  → pays F-1: a Payments row of 137.01, the movement
     is settled without a bank entry of its own (the payment posts from invoicing: action skip)
  2. card payment 84.30 at "Muster AG"                          → rule "Carte Muster AG": 6500 / 1020 84.30
  3. bank charges 12.00 (ACMT/MDOP/CHRG)                        → type Frais bancaires: 6940 / 1020 12.00
  4. credit 250.00 "Rechnung 3 / merci", unknown payer          → not recognised (9907): stays pending, to sort
  5. salaries 4,000.00 to Zürcher Druck AG (no rule names it)   → type Salaires: 2002 / 1020 4,000.00
Batch B-1 therefore brings 3 entries into the ledger: 84.30 + 12.00 + 4,000.00 = 4,096.30 credited to 1020.
"""
from __future__ import annotations

import json
import os
from decimal import Decimal

import openpyxl

from engine.office import queue
from engine.office.database import open_office
from engine.store.book import Book
from tests.bank.scenario import qr_reference
from tests.office.clients import make_client, statement
from tests.office.conftest import office

STATEMENT = [(1, "qr", "137.01", qr_reference(1)), (0, "card", "84.30", None), (2, "charges", "12.00", None),
             (3, "credit", "250.00", None), (8, "salary", "4000.00", None)]


def _client(tmp_path, name="Atelier Test"):
    folder = make_client(tmp_path / "atelier", movements=0, invoices=1, name=name)
    statement(folder / "bank" / "camt053_2024-03-04.xml", STATEMENT)
    return folder


def _journal(folder):
    return sorted((e.debit, e.credit, e.amount) for e in Book.open(folder / "ledger.xlsx").records("Journal"))


def test_a_night_imports_recognises_posts_pulls_and_names_what_is_left(tmp_path, database, capsys):
    folder = _client(tmp_path)
    assert office("add", str(folder), "--bank", str(folder / "bank"), database=database) == 0
    assert office("run", "--night", "n1", database=database) == 0
    assert _journal(folder) == [("2002", "1020", Decimal("4000.00")), ("6500", "1020", Decimal("84.30")),
                                ("6940", "1020", Decimal("12.00"))]
    book = Book.open(folder / "invoicing.xlsx")
    states = sorted((m.amount, m.state) for m in book.records("Movements"))
    assert states == [(Decimal("12.00"), "processed"), (Decimal("84.30"), "processed"),
                      (Decimal("137.01"), "processed"), (Decimal("250.00"), "pending"),
                      (Decimal("4000.00"), "processed")]
    assert [(p.document_number, p.amount) for p in book.records("Payments")] == [("F-1", Decimal("137.01"))]
    capsys.readouterr()
    assert office("report", "--night", "n1", "--json", database=database) == 0
    night = json.loads(capsys.readouterr().out)
    assert night["tally"] == {"done": 1, "failed": 0, "running": 0, "todo": 0, "total": 1}
    [m] = night["mandates"]
    counts = m["counts"]
    # 5 entries in 1 file; 4 recognised (all but the unknown credit); 3 posted with an entry each; 1 paying F-1
    assert {k: counts[k] for k in ("files", "movements", "recognised", "posted", "without_entry", "entries",
                                   "batches_pulled", "entries_pulled", "to_sort", "book_errors")} == {
        "files": 1, "movements": 5, "recognised": 4, "posted": 3, "without_entry": 1, "entries": 3,
        "batches_pulled": 1, "entries_pulled": 3, "to_sort": 1, "book_errors": 0}
    [todo] = [i for i in m["items"] if i["kind"] != "warning"]
    pending = next(x for x in book.records("Movements") if x.state == "pending")
    # the credit's cell to open: its row on the Movements sheet, in the column of the account to choose
    column = book.table("Movements").source(pending, "credit_account").column
    assert (todo["kind"], todo["book"], todo["cell"]) == ("to sort", str(folder / "invoicing.xlsx"),
                                                          f"Movements!{column}{pending.row}")
    assert "250.00" in todo["message"]


def test_the_same_night_again_does_nothing_and_a_new_night_posts_nothing_twice(tmp_path, database):
    folder = _client(tmp_path)
    office("add", str(folder), "--bank", str(folder / "bank"), database=database)
    office("run", "--night", "n1", database=database)
    ledger = (folder / "ledger.xlsx").read_bytes()
    invoicing = (folder / "invoicing.xlsx").read_bytes()
    assert office("run", "--night", "n1", database=database) == 0  # every job of n1 is done: nothing is taken
    assert (folder / "ledger.xlsx").read_bytes() == ledger and (folder / "invoicing.xlsx").read_bytes() == invoicing
    assert office("run", "--night", "n2", database=database) == 0  # nothing new in the drop folder
    path = folder / "bank" / "camt053_2024-03-04.xml"
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000_000))  # downloaded again
    assert office("run", "--night", "n3", database=database) == 0  # read again: its 5 entries are known
    assert _journal(folder) == [("2002", "1020", Decimal("4000.00")), ("6500", "1020", Decimal("84.30")),
                                ("6940", "1020", Decimal("12.00"))]
    assert len(Book.open(folder / "invoicing.xlsx").records("Movements")) == 5


def test_the_morning_report_workbook_and_pdf(tmp_path, database):
    folder = _client(tmp_path)
    office("add", str(folder), "--bank", str(folder / "bank"), database=database)
    office("run", "--night", "n1", database=database)
    xlsx, pdf = tmp_path / "morning.xlsx", tmp_path / "morning.pdf"
    assert office("report", "--xlsx", str(xlsx), "--pdf", str(pdf), database=database) == 0  # the last night
    book = openpyxl.load_workbook(xlsx)
    assert book.sheetnames == ["ToDo", "Mandates"]
    todo = [row for row in book["ToDo"].iter_rows(min_row=5, values_only=True) if row[0]]
    assert [(r[0], r[1]) for r in todo][:1] == [("atelier", "to sort")]
    pending = next(m for m in Book.open(folder / "invoicing.xlsx").records("Movements") if m.state == "pending")
    column = Book.open(folder / "invoicing.xlsx").table("Movements").source(pending, "credit_account").column
    # the Book cell opens the book at the movement's cell
    assert book["ToDo"].cell(5, 3).hyperlink.target == (f"{(folder / 'invoicing.xlsx').as_uri()}#'Movements'!"
                                                        f"{column}{pending.row}")
    header = [c.value for c in book["Mandates"][4]]
    mandate = dict(zip(header, [c.value for c in book["Mandates"][5]]))
    assert (mandate["Mandate"], mandate["State"], mandate["Posted"], mandate["To sort"]) == ("atelier", "done",
                                                                                             3, 1)
    assert pdf.read_bytes().startswith(b"%PDF")
    import shutil
    import subprocess
    if shutil.which("pdftotext"):  # poppler: what a person reads on the page
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        lines = [" ".join(line.split()) for line in text.splitlines()]
        # the done row: 1 file, 5 new movements, 3 posted, 3 entries pulled, 1 to sort
        assert "atelier done 1 5 3 3 1" in lines
        # the book with its folder: two clients' invoicing.xlsx are told apart on paper (audit of issue 20)
        assert any(line.startswith("to sort atelier/invoicing.xlsx Movements!") for line in lines)


def test_the_next_night_takes_only_the_new_file(tmp_path, database):
    """Night 2 brings a statement of 05.03.2024 with two new entries: bank charges 7.50 (6940 / 1020) and a card
    payment 45.00 at "Muster AG" (rule: 6500 / 1020); the first file's five entries are known and skipped. The ledger
    then holds batch B-1's 3 entries and batch B-2's 2: 4,096.30 + 7.50 + 45.00 = 4,148.80 credited to 1020."""
    from datetime import date
    folder = _client(tmp_path)
    office("add", str(folder), "--bank", str(folder / "bank"), database=database)
    office("run", "--night", "n1", database=database)
    statement(folder / "bank" / "camt053_2024-03-05.xml", [(12, "charges", "7.50", None), (10, "card", "45.00", None)],
              day=date(2024, 3, 5))
    assert office("run", "--night", "n2", database=database) == 0
    with open_office(database) as db:
        [night] = queue.jobs(db, "n2")
    # only the new file is read: the first one is not parsed again (.comptoir/office/seen.json)
    assert (night["counts"]["files"], night["counts"]["movements"], night["counts"]["duplicates"]) == (1, 2, 0)
    journal = Book.open(folder / "ledger.xlsx").records("Journal")
    assert sorted((e.debit, e.credit, e.amount, e.batch.rsplit("-", 2)[-2:] == ["B", "2"]) for e in journal) == [
        ("2002", "1020", Decimal("4000.00"), False), ("6500", "1020", Decimal("45.00"), True),
        ("6500", "1020", Decimal("84.30"), False), ("6940", "1020", Decimal("7.50"), True),
        ("6940", "1020", Decimal("12.00"), False)]
    assert sum(e.amount for e in journal if e.credit == "1020") == Decimal("4148.80")


def test_a_shared_mandate_on_the_server_is_run_like_a_local_one(tmp_path, pg, capsys):
    """The client's mandate lives on PostgreSQL (published, its ticket in .comptoir/): the office posts into it and
    pulls from it the same 3 entries."""
    from engine import mandate as mandates
    folder = _client(tmp_path)
    with mandates.open_folder(folder) as local:
        mandates.publish(local, pg.dsn)
    database = str(tmp_path / "office.sqlite")
    office("add", str(folder), "--bank", str(folder / "bank"), database=database)
    assert office("run", "--night", "n1", database=database) == 0
    assert _journal(folder) == [("2002", "1020", Decimal("4000.00")), ("6500", "1020", Decimal("84.30")),
                                ("6940", "1020", Decimal("12.00"))]
    capsys.readouterr()
    office("list", "--json", database=database)
    [listed] = json.loads(capsys.readouterr().out)
    assert listed["shared"] and "@" not in listed["shared"]  # the server, never its password


def test_a_movement_sorted_by_a_rule_in_the_morning_is_posted_the_next_night(tmp_path, database):
    """The bookkeeper reads the report, makes a rule of the unknown credit 250.00 (account 3200, sales) with the
    command it names; the next night posts it: 1020 / 3200 250.00 beside B-1's three entries."""
    from engine.cli import main
    folder = _client(tmp_path)
    office("add", str(folder), "--bank", str(folder / "bank"), database=database)
    office("run", "--night", "n1", database=database)
    pending = next(m for m in Book.open(folder / "invoicing.xlsx").records("Movements") if m.state == "pending")
    assert main(["bank", "rule-from", str(folder / "invoicing.xlsx"), "--id", str(pending.movement_id),
                 "--account", "3200"]) == 0
    office("run", "--night", "n2", database=database)
    assert _journal(folder) == [("1020", "3200", Decimal("250.00")), ("2002", "1020", Decimal("4000.00")),
                                ("6500", "1020", Decimal("84.30")), ("6940", "1020", Decimal("12.00"))]
    assert all(m.state == "processed" for m in Book.open(folder / "invoicing.xlsx").records("Movements"))


def test_post_until_also_posts_the_invoice_and_the_payment_recognition_recorded(tmp_path, database):
    """A real invoice of 01.03.2024: 1,000.00 of work at TVA 8.1 % = 81.00, total 1,081.00, its QR reference that of
    the statement's credit. With --post-until 31.03.2024 the night's invoicing session posts the invoice (1100 against
    3200 and its VAT, 1,081.00 in all) and the payment recognition recorded (1020 / 1100 1,081.00): 1100 ends at 0,
    1020 has 1,081.00 in and 4,096.30 out (B-1 as in the first test), and nothing else is left to post."""
    from dataclasses import replace

    from engine.cli import main
    folder = make_client(tmp_path / "atelier", movements=0, invoices=0, name="Atelier Test")
    book = folder / "invoicing.xlsx"
    assert main(["documents", "new", str(book), "--client", "1", "--date", "01.03.2024",
                 "--free", "Travaux:1:1000.00:TVA"]) == 0
    opened = Book.open(book)
    [invoice] = opened.records("Documents")
    assert invoice.total_payable == Decimal("1081.00")
    opened.put("Documents", [replace(invoice, qr_reference=qr_reference(1))])  # as its QR-bill printed it
    opened.save()
    statement(folder / "bank" / "camt053_2024-03-04.xml", [(1, "qr", "1081.00", qr_reference(1)), *STATEMENT[1:]])
    office("add", str(folder), "--bank", str(folder / "bank"), database=database)
    assert office("run", "--night", "n1", "--post-until", "31.03.2024", database=database) == 0
    journal = _journal(folder)

    def moved(account, side):
        return sum((a for d, c, a in journal if (d if side == "debit" else c) == account), Decimal("0.00"))
    assert ("1020", "1100", Decimal("1081.00")) in journal
    assert moved("1100", "debit") == moved("1100", "credit") == Decimal("1081.00")
    assert moved("3200", "credit") + moved("2200", "credit") == Decimal("1081.00")
    assert (moved("1020", "debit"), moved("1020", "credit")) == (Decimal("1081.00"), Decimal("4096.30"))
    assert all(d.posted_session for d in Book.open(book).records("Documents"))


def test_the_office_database_holds_paths_and_counts_only(tmp_path, capsys):
    """After a night whose statement names partners, amounts, IBANs and a to-sort text, nothing of it is in the
    office database: every stored value is a path, a name the office gave, a state, a number or a time."""
    import sqlite3
    database = tmp_path / "office.sqlite"
    folder = _client(tmp_path)
    office("add", str(folder), "--bank", str(folder / "bank"), database=str(database))
    office("run", "--night", "n1", database=str(database))
    with sqlite3.connect(database) as conn:  # the times (epoch seconds) left out: their digits mean nothing
        stored = " ".join(str(value) for query in (
            "SELECT name, folder, invoicing, ledger, bank_folder, shared FROM office_mandates",
            "SELECT night, state, worker, attempts, counts, details, error FROM office_jobs")
            for row in conn.execute(query) for value in row)
    stored = stored.replace(str(tmp_path), "TMP")  # pytest's own folder (pytest-250/) holds no client's data
    for client_data in ("Muster AG", "Boulangerie", "Zürcher", "84.30", "4000", "250", "137.01", "CH93", "Rechnung",
                        "Carte", "6500", "1020"):
        assert client_data not in stored, client_data
    assert str(folder).replace(str(tmp_path), "TMP") in stored  # its paths are
