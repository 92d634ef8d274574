"""Nothing posts into a closed period, on either road (issue 14, item 4; manual §3.9: "une période bouclée ne peut
plus recevoir d'écritures"). The ledger's Periods: 2025 (closed) and 2026 (open).

By hand: an invoice of 15.12.2025 falls in 2025, closed: refused, naming the period, the ledger's Journal empty and
the invoice not marked posted; one of 31.12.2024 precedes the first period: refused too; one of 02.03.2026 posts.
"""
from __future__ import annotations

import shutil
from datetime import date

import openpyxl
import pytest

from engine.cli import main
from engine.errors import BusinessRuleError
from engine.services import posting, vat_close
from engine.store.book import Book
from tests.posting.books import books, books_on_disk, invoice, pay

LINES = [("3400", "TVA", "1000.00", "81.00")]


def _periods(ledger, closed_2025=True):
    ledger.put("Periods", [ledger.new("Periods", period="2025", start=date(2025, 1, 1), end=date(2025, 12, 31),
                                      closed=closed_2025),
                           ledger.new("Periods", period="2026", start=date(2026, 1, 1), end=date(2026, 12, 31))])


@pytest.mark.parametrize("day, why", [(date(2025, 12, 15), "period 2025 (01.01.2025 – 31.12.2025) is closed"),
                                      (date(2024, 12, 31), "before the first period of the ledger (2025")])
def test_a_document_dated_in_a_closed_period_is_refused(day, why):
    book, ledger = books()
    _periods(ledger)
    invoice(book, "F-1", LINES, on=day)
    with pytest.raises(BusinessRuleError, match="falls in a closed period") as refused:
        posting.post(book, ledger, date(2026, 12, 31), save=False)
    assert why in refused.value.message and "F-1" in refused.value.message
    assert ledger.records("Journal") == ()
    assert [d.posted_session for d in book.records("Documents")] == [None]


def test_posted_entries_of_a_period_closed_since_are_not_taken_back():
    """F-1 of 15.12.2025 posted while 2025 was open; 2025 is closed; its payment of 10.01.2026 posts (2026 is open),
    but undoing the session of 2025 would remove entries from the closed year: refused."""
    book, ledger = books()
    _periods(ledger, closed_2025=False)
    invoice(book, "F-1", LINES, on=date(2025, 12, 15))
    first = posting.post(book, ledger, date(2025, 12, 31), save=False).session
    _periods(ledger, closed_2025=True)
    pay(book, "F-1", "1081.00", date(2026, 1, 10))
    assert posting.post(book, ledger, date(2026, 12, 31), save=False).session == first + 1
    with pytest.raises(BusinessRuleError, match="period 2025 .* is closed"):
        posting.unpost(book, ledger, first, save=False)
    assert len(ledger.records("Journal")) == 3  # 1100/3400, 1100/2200, 1020/1100


def test_a_vat_closing_at_the_end_of_a_closed_period_is_refused():
    book, ledger = books(VatMethod="tdfn", TdfnRate="6.2")
    _periods(ledger, closed_2025=False)
    invoice(book, "F-1", LINES, on=date(2025, 11, 3))
    posting.post(book, ledger, date(2025, 12, 31), save=False)
    _periods(ledger, closed_2025=True)
    with pytest.raises(BusinessRuleError, match="closed period"):
        vat_close.close_period(book, ledger, date(2025, 7, 1), date(2025, 12, 31), save=False)


def _write_periods(path, closed_2025=True):
    ledger = Book.open(path, kind="ledger")
    _periods(ledger, closed_2025)
    ledger.save()


def _books_with_an_invoice_of_2025(folder, closed_2025: bool):
    """ventes.xlsx with F-1 of 15.12.2025 (1,000.00 + 8.1 %), and compta.xlsx with the years 2025 and 2026."""
    _, ledger = books_on_disk(folder, LINES, date(2025, 12, 15))
    _write_periods(ledger, closed_2025=closed_2025)
    return folder


def _journal(path):
    rows = list(openpyxl.load_workbook(path, read_only=True)["Journal"].iter_rows(values_only=True))
    return [r for r in rows[1:] if any(r)]


def test_through_the_mandate_the_pull_refuses_and_loses_nothing(tmp_path, capsys):
    """The invoicing side cannot reach the ledger's workbook (moved away while posting) and has no periods published:
    the session is published, the pull refuses it (exit 2, naming the period), leaves it waiting and `check` names it
    on both books; once 2025 is reopened the same pull brings it. With the ledger beside it, or the chart published,
    `post` itself refuses. With --ledger, `post` refuses at once."""
    seed = _books_with_an_invoice_of_2025(tmp_path / "seed", closed_2025=True)
    m, d, c = (tmp_path / name for name in ("mandate", "direct", "chart"))
    for folder in (m, d, c):
        shutil.copytree(seed, folder)
    capsys.readouterr()

    assert main(["post", str(d / "ventes.xlsx"), "--until", "31.12.2026", "--ledger", str(d / "compta.xlsx")]) == 2
    assert "period 2025" in capsys.readouterr().err and _journal(d / "compta.xlsx") == []

    assert main(["mandate", "create", "--invoicing", str(m / "ventes.xlsx"), "--ledger", str(m / "compta.xlsx")]) == 0
    assert main(["post", str(m / "ventes.xlsx"), "--until", "31.12.2026"]) == 2  # the ledger is beside it
    (m / "compta.xlsx").rename(m / "away.xlsx")
    assert main(["post", str(m / "ventes.xlsx"), "--until", "31.12.2026"]) == 0
    (m / "away.xlsx").rename(m / "compta.xlsx")
    capsys.readouterr()
    assert main(["mandate", "pull", str(m / "compta.xlsx")]) == 2
    assert "not pulled" in capsys.readouterr().err and _journal(m / "compta.xlsx") == []
    for book in ("compta.xlsx", "ventes.xlsx"):
        assert main(["check", str(m / book)]) == 1
        assert "refused by `mandate pull`" in capsys.readouterr().out
    _write_periods(m / "compta.xlsx", closed_2025=False)
    assert main(["mandate", "pull", str(m / "compta.xlsx")]) == 0
    assert len(_journal(m / "compta.xlsx")) == 2  # 1100/3400 1000.00, 1100/2200 81.00

    assert main(["mandate", "create", "--invoicing", str(c / "ventes.xlsx"), "--ledger", str(c / "compta.xlsx")]) == 0
    assert main(["mandate", "chart", str(c / "compta.xlsx")]) == 0
    capsys.readouterr()
    assert main(["post", str(c / "ventes.xlsx"), "--until", "31.12.2026"]) == 2
    assert "period 2025" in capsys.readouterr().err
    assert [r.posted_session for r in Book.open(c / "ventes.xlsx").records("Documents")] == [None]


def test_through_the_mandate_a_session_of_a_period_closed_since_is_not_unposted(tmp_path, capsys):
    """Audit of issue 14, finding 8: through the mandate, `unpost` of a session whose entries lie in a period the
    ledger closed since succeeded in the invoicing book (everything unposted there) while the ledger kept its
    entries and refused the pull; audit 14e, m1: still so unless the user remembered `mandate chart`. The invoicing
    side reads the periods from the ledger's workbook beside it: `unpost` refuses, as it does with --ledger, and the
    invoicing book is left as it was."""
    folder = _books_with_an_invoice_of_2025(tmp_path / "m", closed_2025=False)
    assert main(["mandate", "create", "--invoicing", str(folder / "ventes.xlsx"), "--ledger",
                 str(folder / "compta.xlsx")]) == 0
    assert main(["post", str(folder / "ventes.xlsx"), "--until", "31.12.2025"]) == 0
    assert main(["mandate", "pull", str(folder / "compta.xlsx")]) == 0
    _write_periods(folder / "compta.xlsx", closed_2025=True)  # the year is closed, no `mandate chart`
    before = (folder / "ventes.xlsx").read_bytes()
    capsys.readouterr()
    assert main(["unpost", str(folder / "ventes.xlsx"), "--session", "1"]) == 2
    assert "period 2025" in capsys.readouterr().err and (folder / "ventes.xlsx").read_bytes() == before
    assert len(_journal(folder / "compta.xlsx")) == 2


def test_a_remote_invoicing_side_learns_the_periods_at_the_next_pull(tmp_path, capsys):
    """Audit 14e, m1, with the ledger out of reach of the invoicing side (another office): every `mandate pull`
    publishes the ledger's periods, so after the ledger closes 2025 and pulls once, `unpost` of the 2025 session
    refuses without `mandate chart`."""
    folder = _books_with_an_invoice_of_2025(tmp_path / "m", closed_2025=False)
    assert main(["mandate", "create", "--invoicing", str(folder / "ventes.xlsx"), "--ledger",
                 str(folder / "compta.xlsx")]) == 0
    assert main(["post", str(folder / "ventes.xlsx"), "--until", "31.12.2025"]) == 0
    assert main(["mandate", "pull", str(folder / "compta.xlsx")]) == 0
    _write_periods(folder / "compta.xlsx", closed_2025=True)
    assert main(["mandate", "pull", str(folder / "compta.xlsx")]) == 0  # nothing waiting; the periods travel
    (folder / "compta.xlsx").rename(folder / "elsewhere.xlsx")
    before = (folder / "ventes.xlsx").read_bytes()
    capsys.readouterr()
    assert main(["unpost", str(folder / "ventes.xlsx"), "--session", "1"]) == 2
    err = capsys.readouterr().err
    assert "period 2025" in err and "the mandate's ledger" in err and (folder / "ventes.xlsx").read_bytes() == before


def test_a_remote_invoicing_side_checks_its_waiting_batches_on_the_published_periods(tmp_path, capsys):
    """The ledger elsewhere: F-1 of 15.12.2025 posted before the invoicing side knew that 2025 was closed; the pull
    refuses it and publishes the periods; `check` on the invoicing book, still out of reach of the ledger, names
    the batch left waiting and the closed period (it said 0 errors before)."""
    folder = _books_with_an_invoice_of_2025(tmp_path / "m", closed_2025=True)
    assert main(["mandate", "create", "--invoicing", str(folder / "ventes.xlsx"), "--ledger",
                 str(folder / "compta.xlsx")]) == 0
    (folder / "compta.xlsx").rename(folder / "elsewhere.xlsx")
    assert main(["post", str(folder / "ventes.xlsx"), "--until", "31.12.2025"]) == 0
    (folder / "elsewhere.xlsx").rename(folder / "compta.xlsx")
    assert main(["mandate", "pull", str(folder / "compta.xlsx")]) == 2
    (folder / "compta.xlsx").rename(folder / "elsewhere.xlsx")
    capsys.readouterr()
    assert main(["check", str(folder / "ventes.xlsx")]) == 1
    out = capsys.readouterr().out
    assert "refused by `mandate pull`" in out and "period 2025" in out and "the mandate's ledger" in out


def test_a_document_dated_after_the_ledgers_last_period_is_refused_on_the_direct_road():
    """The ledger's Periods end on 31.12.2026 (2027 is opened in a ledger of its own): an invoice of 05.01.2027 is
    refused by `post --ledger` as the mandate's pull refuses it (audit of issue 20: 2027 entries went into the 2026
    ledger), naming the date, the ledger's Journal empty and the invoice not marked posted."""
    book, ledger = books()
    _periods(ledger, closed_2025=False)
    invoice(book, "F-1", LINES, on=date(2027, 1, 5))
    with pytest.raises(BusinessRuleError, match="05.01.2027") as refused:
        posting.post(book, ledger, date(2027, 12, 31), save=False)
    assert "no period" in refused.value.message
    assert ledger.records("Journal") == ()
    assert [d.posted_session for d in book.records("Documents")] == [None]
