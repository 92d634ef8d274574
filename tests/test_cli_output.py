"""What the command prints is for people (issue 21, item 10): no Python objects, column headers, one clear message
per fault, and a damaged book told apart from a file that is no workbook, with where to find the last good copy."""
from __future__ import annotations

import shutil

from engine.cli import main
from engine.store.book import Book
from tests.conftest import TEST_DATA


def test_qrbill_parse_prints_addresses_as_on_the_slip_and_no_python_objects(capsys):
    assert main(["qrbill", "parse", str(TEST_DATA / "qrbill" / "swissqrbill-java_sample1_lf.txt")]) == 0
    out = capsys.readouterr().out
    assert "creditor: Robert Schneider AG, Rue du Lac 1268, CH-2501 Biel" in out
    assert "{" not in out and "()" not in out and "[]" not in out and "None" not in out


def test_camt_parse_of_a_missing_file_names_it_once(tmp_path, capsys):
    missing = tmp_path / "missing.xml"
    assert main(["camt", "parse", str(missing)]) != 0
    err = capsys.readouterr().err
    assert err.count("missing.xml") == 1 and "does not exist" in err


def test_a_damaged_book_is_told_apart_and_its_last_good_version_named(tmp_path, capsys):
    book = tmp_path / "ventes.xlsx"
    assert main(["new", "invoicing", str(book)]) == 0
    b = Book.open(book)
    b.set_settings(CompanyName="Atelier Dupont")
    b.save()  # the replaced version is kept in .comptoir/backups
    data = book.read_bytes()
    book.write_bytes(data[: len(data) // 2])  # cut short, as by a full disk or a failed copy
    capsys.readouterr()
    assert main(["check", str(book)]) == 2
    err = capsys.readouterr().err
    assert "is damaged" in err and ".comptoir" in err and "ventes." in err
    other = tmp_path / "notes.xlsx"
    other.write_text("Date;Montant\n")
    assert main(["check", str(other)]) == 2
    assert "is not an Excel workbook" in capsys.readouterr().err
    shutil.rmtree(tmp_path / ".comptoir")
