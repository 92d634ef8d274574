"""Audit of issue 20, finding 8: the morning report on paper. Its Detail column was cut at about 35 characters
("account CH56048350123456780..") so the reason and the fix could not be read, and the book was shown with its last
folder only ("drop/b-broken.xml"): with a client's folders Client/2026/ and Client/2025/ every row looked the same.
Now the reason and the fix wrap over lines, whole, and the book is its path from the office's common root."""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from tests.office.clients import make_client, statement
from tests.office.conftest import office

REASON = ("account CH5604835012345678009 of statement HAND-c-wrong is not one of this book's bank accounts "
          "(BankAccounts): not imported")
FIX = ("check that the file is this company's; if the account is theirs, add it to BankAccounts (IBAN and ledger "
       "account) and import again")


def _column_words(pdf, first: str, after: str | None) -> list[str]:
    """The words printed in the column headed ``first`` (up to the column headed ``after``), page by page and line by
    line, from poppler's word boxes: what a person reads down that column."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    out = []
    for page in re.findall(r"<page.*?</page>", html, re.S):
        words = [(round(float(y), 1), float(x), w) for x, y, w in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)</word>', page)]
        starts = {w: x for y, x, w in words if w in (first, after)}
        top = min(y for y, x, w in words if w == first)
        left, right = starts[first] - 1, starts.get(after, 10_000) - 1
        out += [w for y, x, w in sorted(words) if left <= x < right and y > top]
    return out


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler's pdftotext reads the page")
def test_the_pdf_wraps_the_reason_and_the_fix_and_tells_the_years_apart(tmp_path, capsys):
    from html import unescape
    database = str(tmp_path / "office.sqlite")
    for year in ("2025", "2026"):
        folder = make_client(tmp_path / "Client" / year, movements=0, invoices=0)
        wrong = statement(folder / "bank" / "c-wrong.xml", [(2, "charges", "12.00", None)])
        wrong.write_bytes(wrong.read_bytes().replace(b"CH9300762011623852957", b"CH5604835012345678009"))
        assert office("add", str(folder), "--bank", str(folder / "bank"), database=database) == 0
    assert office("run", "--night", "n2", database=database) == 0
    pdf = tmp_path / "morning-n2.pdf"
    assert office("report", "--pdf", str(pdf), database=database) == 0
    detail = unescape(" ".join(_column_words(pdf, "Detail", "How")))
    assert detail.count(REASON) == 2, detail  # whole, once per client, never cut with ".."
    assert ".." not in detail
    fix = unescape(" ".join(_column_words(pdf, "How", None)))
    assert fix.count(FIX) == 2, fix
    # the book: its path from the office's common root (…/Client), the year folder included
    book = " ".join(_column_words(pdf, "Book", "Cell"))
    assert "2025/bank/c-wrong.xml" in book and "2026/bank/c-wrong.xml" in book, book
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    assert f"books under {tmp_path / 'Client'}" in text


def test_a_book_on_paper_is_its_path_from_the_folder_the_mandates_lie_under():
    from engine.office.morning import common_root, on_paper
    night = {"mandates": [{"folder": "/office/Client/2026", "items": []},
                          {"folder": "/office/Client/2025", "items": []}]}
    root = common_root(night)
    assert str(root) == "/office/Client"
    assert on_paper("/office/Client/2026/invoicing.xlsx", root) == "2026/invoicing.xlsx"
    assert on_paper("/office/Client/2025/invoicing.xlsx", root) == "2025/invoicing.xlsx"
    assert on_paper("/bank/client/b.xml", root) == "/bank/client/b.xml"  # a bank folder elsewhere: whole
    alone = {"mandates": [{"folder": "/office/alpha", "items": []}]}
    assert on_paper("/office/alpha/drop/b-broken.xml", common_root(alone)) == "alpha/drop/b-broken.xml"
    assert common_root({"mandates": [{"folder": None, "items": []}]}) is None


def test_a_report_into_a_folder_that_does_not_exist_is_refused_and_no_folder_made(tmp_path, capsys):
    """Second audit of issue 20, finding 6: office report --pdf /nonexistent/dir/x.pdf made the folders silently."""
    from tests.office.conftest import office
    from tests.office.test_night import _client
    database = str(tmp_path / "office.sqlite")
    folder = _client(tmp_path)
    office("add", str(folder), "--bank", str(folder / "bank"), database=database)
    office("run", "--night", "n1", database=database)
    capsys.readouterr()
    assert office("report", "--night", "n1", "--pdf", str(tmp_path / "nowhere" / "x.pdf"), database=database) != 0
    assert "does not exist" in capsys.readouterr().err
    assert not (tmp_path / "nowhere").exists()


def test_the_todo_sheet_groups_a_mandates_movements_to_sort_in_one_row():
    """Second audit of issue 20, finding 6: the ToDo sheet listed 280 movements to sort on 280 rows while the text
    and the PDF group them per mandate. alpha: a refused file and 3 movements to sort → 2 rows, the movements' row
    saying 3 and linking to the first (Movements!S7)."""
    from engine.office import morning

    def sort(row, n):
        return {"kind": "to sort", "book": "/c/alpha/invoicing.xlsx", "cell": f"Movements!S{row}",
                "message": f"movement {n} of 2026-12-30 (credit 300.00): not recognised", "hint": "choose"}
    night = {"mandates": [{"name": "alpha", "items": [
        {"kind": "refused file", "book": "/c/alpha/drop/x.xml", "cell": "", "message": "held back", "hint": ""},
        sort(7, 5), sort(8, 6), sort(9, 7), {"kind": "warning", "book": "", "cell": "", "message": "w"}]}]}
    rows = morning.needs_a_person(night)
    assert [r["kind"] for r in rows] == ["refused file", "to sort"]
    assert rows[1]["cell"] == "Movements!S7" and rows[1]["message"].startswith("3 movement(s) to sort, the first here")
