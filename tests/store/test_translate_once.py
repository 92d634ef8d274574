"""`comptoir book translate` opens the book once, reads each sheet once and puts the whole new version — sheets,
headers, drop-down values and Settings Language — in place in one step (issue 18, audit: the Language was written
by a second save, so a failure between the two left a translated book saying its old language)."""
from __future__ import annotations

import shutil
from collections import Counter

import pytest

from engine import templates
from engine.errors import BookError
from engine.i18n import catalogue
from engine.schema.terms import english_setting
from engine.store import atomic
from engine.store.book import Book
from engine.store.sources import XlsxSource
from engine.store.translate import translate


def _french_book(tmp_path, name="b.xlsx"):
    path = templates.write("invoicing", tmp_path / name, "fr")
    book = Book.open(path)
    book.set_settings(Language="FR", CompanyName="Menuiserie Favre SA")
    book.save()
    return path


def _replacements(monkeypatch, fail_at: int | None = None) -> list:
    """Every atomic replacement of a book (os.replace in engine.store.atomic), the ``fail_at``-th one failing as a
    full disk would."""
    done = []
    real = atomic.os.replace

    def replace(source, target):
        done.append(target)
        if len(done) == fail_at:
            raise OSError(28, "No space left on device")
        return real(source, target)
    monkeypatch.setattr(atomic.os, "replace", replace)
    return done


def test_translate_replaces_the_book_once_with_its_language_in_the_same_version(tmp_path, monkeypatch):
    path = _french_book(tmp_path)
    done = _replacements(monkeypatch)
    translate(path, "de")
    assert len(done) == 1
    book = Book.open(path)
    assert book.language == "de" and book.settings["Language"] == "DE"
    assert book.settings["CompanyName"] == "Menuiserie Favre SA"


def test_a_failure_at_the_last_write_leaves_the_book_byte_identical(tmp_path, monkeypatch):
    # How many replacements a translation makes, on a copy; then the same translation with the last one failing.
    path = _french_book(tmp_path)
    rehearsal = tmp_path / "copy" / "b.xlsx"
    rehearsal.parent.mkdir()
    shutil.copy2(path, rehearsal)
    with monkeypatch.context() as patched:
        replacements = _replacements(patched)
        translate(rehearsal, "de")
    last = len(replacements)
    before = path.read_bytes()
    with monkeypatch.context() as patched:
        _replacements(patched, fail_at=last)
        with pytest.raises(BookError, match="could not be written"):
            translate(path, "de")
    assert path.read_bytes() == before
    assert not list(tmp_path.glob(".b.xlsx.*.tmp"))  # no temporary file left beside it
    book = Book.open(path)
    assert book.language == "fr" and book.settings["Language"] == "FR"


def test_each_sheet_is_read_once_from_one_opening(tmp_path, monkeypatch):
    path = _french_book(tmp_path)
    reads, opened = Counter(), []
    real_read, real_init = XlsxSource.read, XlsxSource.__init__

    def read(self, sheet):
        reads[sheet] += 1
        return real_read(self, sheet)

    def init(self, *args):
        opened.append(args)
        real_init(self, *args)
    monkeypatch.setattr(XlsxSource, "read", read)
    monkeypatch.setattr(XlsxSource, "__init__", init)
    translate(path, "de")
    assert len(opened) == 1
    assert reads and max(reads.values()) == 1, reads


def test_a_book_without_the_language_key_gets_it_in_the_same_save(tmp_path):
    path = templates.write("invoicing", tmp_path / "b.xlsx", "fr")
    book = Book.open(path)
    book.put("Settings", [r for r in book.records("Settings") if english_setting(r.key) != "Language"])
    book.save()
    assert "Langue du classeur" not in {r.key for r in Book.open(path).records("Settings")}
    translate(path, "de")
    book = Book.open(path)
    assert book.settings["Language"] == "DE"
    row = next(r for r in book.records("Settings") if r.key == "Sprache der Mappe")  # the key in German too
    declared = next(key for key in book.schema.settings if key.key == "Language")
    german = catalogue("de").pgettext("setting-note", declared.note)
    assert row.note == german != declared.note  # the note in the new language, as a new book writes it
