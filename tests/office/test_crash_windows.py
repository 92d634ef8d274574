"""Issue 20: the night's steps stopped after each of their durable writes in turn — the bank batch published into
the mandate, the invoicing book saved (once: the import, recognition and posting), the ledger saved after the pull,
the batch acknowledged — then run again from the start, as the next worker does once the lease runs
out. Every crash window leaves the books equal to one clean run (random SIGKILLs rarely land in the narrow ones:
test_killed_workers.py; here each is hit on purpose)."""
from __future__ import annotations

import shutil

import pytest

from engine import mandate as mandates
from engine.office import steps
from engine.office.registry import Registered
from engine.services import posting, posting_sink
from engine.store import book as book_module
from tests.office.clients import make_client
from tests.office.test_killed_workers import _books

WRITES = 4  # publish, the invoicing book saved, the ledger saved, acknowledge


class Killed(BaseException):
    """The process died here: nothing after this point happens (not an Exception: no handler catches it)."""


def _registered(folder) -> Registered:
    return Registered(id=1, name="c", folder=str(folder), invoicing="invoicing.xlsx", ledger="ledger.xlsx",
                      bank_folder="bank", shared=None)


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    folder = tmp_path_factory.mktemp("crash") / "made"
    make_client(folder, movements=80, seed=3, name="Crash SA")
    clean = folder.parent / "clean"
    shutil.copytree(folder, clean)
    steps.run(_registered(clean))
    return folder, _books(clean)


@pytest.mark.parametrize("after", range(WRITES - 1))  # after the last one: a finished run (test_night)
def test_a_crash_after_each_durable_write_then_a_rerun_gives_the_clean_books(made, tmp_path, monkeypatch, after):
    folder, expected = made
    assert _crash_then_rerun(folder, tmp_path / "c", monkeypatch, after) == expected


def _crash_then_rerun(folder, here, monkeypatch, after: int, **options) -> dict:
    """The steps on a copy of ``folder`` killed right after durable write number ``after``, then run again from the
    start (as the next worker does); the books as they then are."""
    shutil.copytree(folder, here)
    done = []

    def counted(original):
        def write(*args, **kwargs):
            if len(done) > after:
                raise Killed()
            result = original(*args, **kwargs)
            done.append(original.__name__)
            return result
        return write

    with monkeypatch.context() as patch:
        patch.setattr(book_module, "save_together", counted(book_module.save_together))
        patch.setattr(posting, "save_together", counted(posting.save_together))  # imported by name there
        patch.setattr(posting_sink.MandateSink, "publish", counted(posting_sink.MandateSink.publish))
        patch.setattr(mandates, "acknowledge", counted(mandates.acknowledge))
        with pytest.raises(Killed):
            steps.run(_registered(here), **options)
    assert len(done) == after + 1  # the crash came right after this write
    steps.run(_registered(here), **options)  # the next worker, from the start
    return _books(here)


@pytest.fixture(scope="module")
def made_with_invoice(tmp_path_factory):
    """A mandate with a real invoice (1,000.00 + TVA 8.1 % = 1,081.00) paid by the statement's QR credit, run with
    --post-until: one more durable write (the invoicing session's batch; the book is saved once with the rest)."""
    from dataclasses import replace
    from datetime import date

    from engine.cli import main
    from engine.store.book import Book
    from tests.bank.scenario import qr_reference
    from tests.office.clients import statement
    folder = tmp_path_factory.mktemp("crash_post") / "made"
    make_client(folder, movements=0, invoices=0, name="Crash Post SA")
    assert main(["documents", "new", str(folder / "invoicing.xlsx"), "--client", "1", "--date", "01.03.2024",
                 "--free", "Travaux:1:1000.00:TVA"]) == 0
    book = Book.open(folder / "invoicing.xlsx")
    book.put("Documents", [replace(d, qr_reference=qr_reference(1)) for d in book.records("Documents")])
    book.save()
    statement(folder / "bank" / "s.xml", [(1, "qr", "1081.00", qr_reference(1)), (0, "card", "84.30", None),
                                           (2, "charges", "12.00", None), (3, "credit", "250.00", None)])
    clean = folder.parent / "clean"
    shutil.copytree(folder, clean)
    found = steps.run(_registered(clean), post_until=date(2024, 3, 31))
    assert (found.counts["documents_posted"], found.counts["payments_posted"]) == (1, 1)
    return folder, _books(clean)


@pytest.mark.parametrize("after", range(WRITES + 1 - 1))  # and the invoicing session's batch
def test_with_the_invoicing_session_too(made_with_invoice, tmp_path, monkeypatch, after):
    from datetime import date
    folder, expected = made_with_invoice
    assert _crash_then_rerun(folder, tmp_path / "c", monkeypatch, after, post_until=date(2024, 3, 31)) == expected
