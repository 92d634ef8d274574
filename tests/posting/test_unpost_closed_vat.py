"""Undoing a session alone does not take turnover out of a TDFN period a closing still taxes (audit of issue 14e,
finding 2). Book t1 by hand, TdfnRate 6.2 %, agreed basis:
    session 1  F-1 of 15 May 2026, 3200 1000.00 + 81.00 = 1081.00 gross
    session 2  closing of Q2 (1 Apr – 30 Jun): 1081.00 × 6.2 % = 67.022 → 3809 / 2200 67.02
`unpost --session 1 --single` was accepted: the ledger then showed a Q2 turnover of 0.00 while 3809 / 2200 still
carried 67.02. Refused now on both roads (exit 2, naming closing session 2 and how to undo it with it), every
workbook left as it was; `unpost --session 1` (session 1 and every later one, the closing included) is accepted and
leaves 3200 and 3809 empty. A session posting nothing in the closed period (F-2 of 10 Jul, session 3) still undoes
alone."""
from __future__ import annotations

import hashlib
from datetime import date

from engine.cli import main
from engine.store.book import Book
from tests.posting.books import invoice, two_roads


def _digest(*paths):
    return [hashlib.sha256(p.read_bytes()).hexdigest() for p in paths]


def test_a_closed_periods_turnover_is_not_undone_alone(tmp_path, capsys):
    def fill(book):
        invoice(book, "F-1", [("3200", "TVA", "1000.00", "81.00")], on=date(2026, 5, 15))
        invoice(book, "F-2", [("3200", "TVA", "100.00", "8.10")], on=date(2026, 7, 10))
    roads = two_roads(tmp_path, fill, VatMethod="tdfn", TdfnRate="6.2")
    for road, extra in roads:
        sales = str(road / "ventes.xlsx")
        assert main(["post", sales, "--until", "30.06.2026", *extra]) == 0
        assert main(["vat-close", sales, "--from", "01.04.2026", "--to", "30.06.2026", *extra]) == 0
        assert main(["post", sales, "--until", "31.07.2026", *extra]) == 0  # session 3: F-2, after the closing
        capsys.readouterr()
        before = _digest(road / "ventes.xlsx", road / "compta.xlsx")
        assert main(["unpost", sales, "--session", "1", "--single", *extra]) == 2
        err = capsys.readouterr().err
        assert "closed up to 30.06.2026 (posting session 2" in err and "unpost BOOK --session 1" in err, err
        assert _digest(road / "ventes.xlsx", road / "compta.xlsx") == before
        assert main(["unpost", sales, "--session", "3", "--single", *extra]) == 0
        assert main(["unpost", sales, "--session", "1", *extra]) == 0
        if not extra:
            assert main(["mandate", "pull", str(road / "compta.xlsx")]) == 0
        journal = Book.open(road / "compta.xlsx").records("Journal")
        assert not [e for e in journal if "3200" in (e.debit, e.credit) or "3809" in (e.debit, e.credit)]
        assert not Book.open(road / "ventes.xlsx").records("PostingSessions")


def test_an_earlier_closing_is_not_undone_under_a_later_one():
    """Q1 closed (session 2), Q2 closed (session 4): undoing the Q1 closing alone would leave Q1's 1081.00 untaxed for
    good (Q1 can no longer be closed once Q2 is). Refused, naming both; undone with what follows, accepted."""
    import pytest

    from engine.errors import BusinessRuleError
    from engine.services import posting, vat_close
    from tests.posting.books import books
    book, ledger = books(VatMethod="tdfn", TdfnRate="6.2")
    invoice(book, "F-1", [("3200", "TVA", "1000.00", "81.00")], on=date(2026, 2, 15))
    invoice(book, "F-2", [("3200", "TVA", "100.00", "8.10")], on=date(2026, 5, 15))
    for start, end in ((date(2026, 1, 1), date(2026, 3, 31)), (date(2026, 4, 1), date(2026, 6, 30))):
        posting.post(book, ledger, end, save=False)
        vat_close.close_period(book, ledger, start, end, save=False)
    with pytest.raises(BusinessRuleError, match="session 2 closes the VAT period up to 31.03.2026, and session 4"):
        posting.unpost(book, ledger, 2, single=True, save=False)
    assert [s.session for s in book.records("PostingSessions")] == [1, 2, 3, 4]
    assert posting.unpost(book, ledger, 2, save=False) == [2, 3, 4]
