"""Re-audit of issue 20, findings 2 and 5: statements over days the book already holds.

Statement 1 (test_night's, 04.03.2024) opens at 10,000.00 and closes at 6,290.71 (10,000.00 + 137.01 + 250.00
− 84.30 − 12.00 − 4,000.00). Then, on 05.03.2024, two statements of the same day, as some banks send them:
  A: opens at 6,290.71, charges 7.50          → closes at 6,283.21
  B: opens at 6,283.21 (within the day), card 45.00 at a merchant a rule names (6500 / 1020) → closes at 6,238.21
Both follow on; nothing to say. So the ledger's 1020 is credited 84.30 + 12.00 + 4,000.00 + 7.50 + 45.00 = 4,148.80
and the movements are 5 + 1 + 1 = 7.

Finding 2: a statement of 05.03.2024 opening at 12,345.00 (the account stood at 6,290.71 that morning, a difference
of 12,345.00 − 6,290.71 = 6,054.29), with a card of 45.00 at another merchant, is held back at night — nothing
imported or posted, 1020 still 4,148.80 — and named every night; imported by hand, it goes in with the warning.
Finding 5: B dropped again (its file touched) and a copy of it under another name are skipped as already imported,
without the false alarm "opens at 6,283.21 … but the account stood at 6,290.71".
"""
from __future__ import annotations

import os
import shutil
from datetime import date
from decimal import Decimal

from engine.cli import main
from engine.store.book import Book
from tests.office.clients import statement
from tests.office.conftest import office
from tests.office.test_night import _client
from tests.office.test_statements import _night


def _bank_credits(folder) -> Decimal:
    return sum((e.amount for e in Book.open(folder / "ledger.xlsx").records("Journal") if e.credit == "1020"),
               Decimal(0))


def _three_nights(tmp_path):
    database = str(tmp_path / "office.sqlite")
    folder = _client(tmp_path)
    office("add", str(folder), "--bank", str(folder / "bank"), database=database)
    office("run", "--night", "n1", database=database)
    for name, entry, opening in (("a.xml", (12, "charges", "7.50", None), "6290.71"),  # the day's two statements
                                 ("b.xml", (10, "card", "45.00", None), "6283.21")):
        statement(folder / "bank" / name, [entry], day=date(2024, 3, 5), opening=Decimal(opening))
    office("run", "--night", "n2", database=database)
    return database, folder


def test_an_overlapping_statement_opening_elsewhere_is_held_back_every_night_until_imported_by_hand(tmp_path,
                                                                                                   capsys):
    database, folder = _three_nights(tmp_path)
    assert not [i for i in _night(capsys, database, "n2")["items"] if "opens at" in i["message"]]
    assert _bank_credits(folder) == Decimal("4148.80")
    before = len(Book.open(folder / "invoicing.xlsx").records("Movements"))
    assert before == 7
    statement(folder / "bank" / "overlap.xml", [(11, "card", "45.00", None)], day=date(2024, 3, 5),
              opening=Decimal("12345.00"))
    for night in ("n3", "n4"):  # named every night, not only the first
        office("run", "--night", night, database=database)
        m = _night(capsys, database, night)
        [flag] = [i for i in m["items"] if "opens at" in i["message"]]
        assert flag["kind"] == "refused file" and flag["book"].endswith("overlap.xml")
        assert "opens at 12,345.00 on 05.03.2024, but the account stood at 6,290.71" in flag["message"]
        assert "a difference of 6,054.29" in flag["message"] and "held back, nothing of it imported" in flag["message"]
        assert "comptoir bank import" in flag["hint"] and "delete the movements it replaces" not in flag["hint"]
        assert (m["counts"]["movements"], m["counts"]["posted"], m["counts"]["refused_files"]) == (0, 0, 1)
        assert len(Book.open(folder / "invoicing.xlsx").records("Movements")) == 7
        assert _bank_credits(folder) == Decimal("4148.80")
    # by hand, the bookkeeper who decided imports it: it goes in, with the warning
    capsys.readouterr()
    main(["bank", "import", str(folder / "invoicing.xlsx"), str(folder / "bank" / "overlap.xml")])
    said = capsys.readouterr()
    assert "opens at 12,345.00" in said.out + said.err
    assert len(Book.open(folder / "invoicing.xlsx").records("Movements")) == 8
    # the next night finds it imported: said skipped, no longer refused
    office("run", "--night", "n5", database=database)
    m = _night(capsys, database, "n5")
    assert [i["kind"] for i in m["items"] if i["book"].endswith("overlap.xml")] == ["already imported"]
    assert m["counts"]["refused_files"] == 0


def test_a_statement_dropped_again_is_skipped_without_a_false_alarm(tmp_path, capsys):
    database, folder = _three_nights(tmp_path)
    os.utime(folder / "bank" / "b.xml")  # touched: read again
    shutil.copy(folder / "bank" / "b.xml", folder / "bank" / "b-copy.xml")
    office("run", "--night", "n3", database=database)
    m = _night(capsys, database, "n3")
    skipped = sorted(i["book"].rsplit("/", 1)[-1] for i in m["items"] if i["kind"] == "already imported")
    assert skipped == ["b-copy.xml", "b.xml"]
    assert not [i for i in m["items"] if "opens at" in i["message"]]
    assert (m["counts"]["movements"], m["counts"]["duplicates"]) == (0, 2)
    assert _bank_credits(folder) == Decimal("4148.80")
    # second audit of issue 20, finding 4: the two files skipped are no files of the night's (n7 delta said
    # "1 file(s), 0 new"): 0 files, 2 skipped
    assert (m["counts"]["files"], m["counts"]["skipped"]) == (0, 2)
    capsys.readouterr()
    office("report", "--night", "n3", database=database)
    assert "0 file(s), 2 skipped as already imported, 0 new movement(s)" in capsys.readouterr().out


def test_a_statement_for_a_day_in_the_books_that_closes_elsewhere_is_held_back(tmp_path, capsys):
    """Second audit of issue 20, finding 1 (her bravo2-ov30.xml): a statement of 05.03.2024 with new bank references
    opening at 6,290.71 — exactly where the account stood that morning, so the opening passes — with a card of 45.00
    closes at 6,290.71 − 45.00 = 6,245.71, while the books close that day at 6,290.71 − 7.50 − 45.00 = 6,238.21
    (statements A and B): a difference of 6,245.71 − 6,238.21 = 7.50. Held back at night (movements still 7, 1020
    credited 4,148.80), a warning by hand."""
    database, folder = _three_nights(tmp_path)
    statement(folder / "bank" / "c.xml", [(13, "card", "45.00", None)], day=date(2024, 3, 5),
              opening=Decimal("6290.71"))
    office("run", "--night", "n3", database=database)
    m = _night(capsys, database, "n3")
    [flag] = [i for i in m["items"] if i["book"].endswith("c.xml")]
    assert flag["kind"] == "refused file"
    assert "closes at 6,245.71 on 05.03.2024, but the book closes that day at 6,238.21" in flag["message"]
    assert "a difference of 7.50" in flag["message"] and "held back, nothing of it imported" in flag["message"]
    assert (m["counts"]["movements"], m["counts"]["posted"], m["counts"]["refused_files"]) == (0, 0, 1)
    assert len(Book.open(folder / "invoicing.xlsx").records("Movements")) == 7
    assert _bank_credits(folder) == Decimal("4148.80")
    capsys.readouterr()
    main(["bank", "import", str(folder / "invoicing.xlsx"), str(folder / "bank" / "c.xml")])
    said = capsys.readouterr()
    assert "closes at 6,245.71" in said.out + said.err
    assert len(Book.open(folder / "invoicing.xlsx").records("Movements")) == 8


def test_a_statement_reissued_with_other_references_is_held_back(tmp_path, capsys):
    """A bank re-issue: 05.03.2024 again, opening at 6,290.71, charges 7.50 and a card 45.00 under new references,
    closing at 6,290.71 − 7.50 − 45.00 = 6,238.21 — the books' own closing of that day, so no balance tells it; but
    every day of it is in the books and none of its entries: imported, 1020 would be credited 52.50 twice. Held back;
    the bookkeeper decides."""
    database, folder = _three_nights(tmp_path)
    statement(folder / "bank" / "r.xml", [(22, "charges", "7.50", None), (20, "card", "45.00", None)],
              day=date(2024, 3, 5), opening=Decimal("6290.71"))
    office("run", "--night", "n3", database=database)
    m = _night(capsys, database, "n3")
    [flag] = [i for i in m["items"] if i["book"].endswith("r.xml")]
    assert flag["kind"] == "refused file" and "none of its 2 entries is in the book" in flag["message"]
    assert (m["counts"]["movements"], m["counts"]["refused_files"]) == (0, 1)
    assert _bank_credits(folder) == Decimal("4148.80")


def test_the_check_only_night_holds_back_as_the_real_night_and_counts_the_waiting_files_movements(tmp_path, capsys):
    """Second audit of issue 20, finding 2 (her delta-overlap.xml and delta-n2.xml): the overlapping statement of
    05.03.2024 opening at 12,345.00 is a refused file in the check-only night too, not a file waiting; the next
    statement, 06.03.2024, opens at 6,238.21 where B closed (6,290.71 − 7.50 − 45.00), so no statement is missing;
    its credit of 300.00 from an unknown payer is to sort — with the 250.00 of night n1, 2 movements to sort, in the
    check-only night as in the real one."""
    database, folder = _three_nights(tmp_path)
    statement(folder / "bank" / "overlap.xml", [(11, "card", "45.00", None)], day=date(2024, 3, 5),
              opening=Decimal("12345.00"))
    statement(folder / "bank" / "d.xml", [(14, "credit", "300.00", None)], day=date(2024, 3, 6),
              opening=Decimal("6238.21"))
    for night, flags in (("n3-check", ("--check-only",)), ("n3", ())):
        office("run", "--night", "n3", *flags, database=database)
        m = _night(capsys, database, night)
        [flag] = [i for i in m["items"] if i["book"].endswith("overlap.xml")]
        assert flag["kind"] == "refused file" and "held back" in flag["message"]
        assert not [i for i in m["items"] if "a statement is missing" in i["message"]]
        assert (m["counts"]["refused_files"], m["counts"]["to_sort"]) == (1, 2), night
    assert m["counts"]["movements"] == 1
