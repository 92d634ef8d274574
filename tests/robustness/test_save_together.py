"""Two books saved as one change (engine.store.book.save_together): a posting writes the ledger's entries and the
invoicing book's "posted" marks; if either cannot be saved, neither is — so a retry never posts twice."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from engine.errors import BookError
from engine.store import atomic
from engine.store.book import Book, save_together
from tests.company import blank, book  # noqa: F401  (fixtures)
from tests.conftest import ROOT
from tests.posting.books import invoice


def _ledger(tmp_path: Path) -> Path:
    path = tmp_path / "ledger.xlsx"
    shutil.copy(ROOT / "workbook_templates" / "ledger.xlsx", path)
    return path


def _changed_pair(book, tmp_path) -> tuple[Book, Book]:
    """The invoicing book with an issued invoice and a ledger with an account added, both unsaved."""
    ledger = Book.open(_ledger(tmp_path))
    invoice(book, "F-90", [("3400", "TVA", "100.00", "8.10")], client=book.records("Clients")[0].client_id)
    ledger.put("Accounts", [*ledger.records("Accounts"), ledger.new("Accounts", number="1099", name="Test")])
    return book, ledger


def _bytes(*books: Book) -> list[bytes]:
    return [b.path.read_bytes() for b in books]


def _temporaries(folder: Path) -> list[Path]:
    return list(folder.glob(".*.tmp"))


def test_both_saved(book, tmp_path):
    book, ledger = _changed_pair(book, tmp_path)
    save_together(ledger, book)
    assert Book.open(book.path).records("Documents")[-1].number == "F-90"
    assert Book.open(ledger.path).records("Accounts")[-1].number == "1099"


def test_when_the_second_replacement_fails_the_first_is_put_back(book, tmp_path, monkeypatch):
    book, ledger = _changed_pair(book, tmp_path)
    before = _bytes(book, ledger)
    real, calls = os.replace, []

    def failing_second(source, target):
        calls.append(target)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real(source, target)
    monkeypatch.setattr(atomic.os, "replace", failing_second)
    with pytest.raises(BookError, match="No space left on device.*nothing was changed"):
        save_together(ledger, book)
    monkeypatch.setattr(atomic.os, "replace", real)
    assert _bytes(book, ledger) == before  # the first one replaced was put back, byte for byte
    assert not _temporaries(tmp_path) and not _temporaries(book.path.parent)
    save_together(ledger, book)  # nothing is stuck: the same change saves once the disk has room
    assert Book.open(book.path).records("Documents")[-1].number == "F-90"


def test_when_one_cannot_be_written_the_other_is_not_replaced(book, tmp_path):
    book, ledger = _changed_pair(book, tmp_path)
    before = _bytes(book, ledger)
    ledger.path.chmod(0o444)
    try:
        with pytest.raises(BookError, match="read-only"):
            save_together(book, ledger)
    finally:
        ledger.path.chmod(0o644)
    assert _bytes(book, ledger) == before and not _temporaries(tmp_path)
    save_together(book, ledger)  # the locks were let go
    assert Book.open(ledger.path).records("Accounts")[-1].number == "1099"


def test_when_putting_back_fails_too_the_message_says_where_the_backup_is(book, tmp_path, monkeypatch):
    book, ledger = _changed_pair(book, tmp_path)
    real, calls = os.replace, []

    def failing(source, target):
        calls.append(target)
        if len(calls) >= 2:
            raise OSError(5, "Input/output error")
        return real(source, target)
    monkeypatch.setattr(atomic.os, "replace", failing)
    with pytest.raises(BookError, match=r"putting .* back failed too.*\.comptoir/backups"):
        save_together(ledger, book)


def test_a_failed_posting_posts_nothing_and_the_retry_posts_once(book, tmp_path):
    """End to end through `comptoir post --ledger`: the invoicing book cannot be saved (read-only), so the
    ledger keeps no entry either; once it can, the same posting happens exactly once."""
    invoice(book, "F-91", [("3400", "TVA", "200.00", "16.20")], client=book.records("Clients")[0].client_id,
            on=date(2026, 3, 2))
    book.save()
    ledger = _ledger(tmp_path)
    command = [sys.executable, "-m", "engine.cli", "post", str(book.path), "--ledger", str(ledger),
               "--until", "2026-12-31"]
    before = ledger.read_bytes()
    book.path.chmod(0o444)
    try:
        failed = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    finally:
        book.path.chmod(0o644)
    assert failed.returncode != 0 and "read-only" in failed.stderr + failed.stdout
    assert ledger.read_bytes() == before
    posted = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    assert posted.returncode == 0, posted.stderr
    journal = Book.open(ledger).records("Journal")
    assert "F-91" in {e.group for e in journal}
    again = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    assert again.returncode == 0 and len(Book.open(ledger).records("Journal")) == len(journal)
