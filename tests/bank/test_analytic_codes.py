"""Cost centres on bank entries (issue 17, "ventiler la même écriture sur différents codes analytiques"; manual
§6.2.1 "Code analytique"). A movement's AnalyticCode reaches its Journal entry, and a multiple entry spreads one
movement over several codes, a code per line (``account|amount|label|side|analytic``). Both roads give the same
Journal. By hand: the card payment 117.50 = 90.50 on 6210 for the van (VEH) + 27.00 on 6500 for the workshop
(ATELIER); the charges 12.50 on 6940 for ADMIN."""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from engine.cli import main
from engine.store.book import Book
from tests.bank.test_movement_actions import _movements, books  # noqa: F401 (fixture)


def _code_charges(book) -> None:
    b = Book.open(book)
    b.put("Movements", [m.__class__(**{**{f: getattr(m, f) for f in m.__dataclass_fields__}, "analytic_code": "ADMIN",
                                       "modified": True}) if m.amount == D("12.50") else m
                        for m in b.records("Movements")])
    b.save()


@pytest.mark.parametrize("road", ["ledger", "mandate"])
def test_analytic_codes_reach_the_journal_a_code_per_line(books, road, tmp_path):
    book, ledger = books
    m = _movements(book)
    assert main(["bank", "split", str(book), str(m[D("117.50")].movement_id), "--lines",
                 "6210|90.50|Essence||VEH; 6500|27.00|Alimentation||ATELIER"]) == 0
    _code_charges(book)
    assert main(["bank", "action", str(book), "force", "--ids", str(m[D("12.50")].movement_id)]) == 0
    ids = [str(m[D(x)].movement_id) for x in ("117.50", "12.50")]
    if road == "ledger":
        assert main(["bank", "post", str(book), "--ledger", str(ledger), "--ids", *ids]) == 0
    else:
        assert main(["mandate", "create", "--invoicing", str(book), "--ledger", str(ledger)]) == 0
        assert main(["bank", "post", str(book), "--ids", *ids]) == 0
        assert main(["mandate", "pull", str(ledger)]) == 0
    got = sorted((e.debit, e.credit, e.amount, e.analytic_code) for e in Book.open(ledger).records("Journal"))
    assert got == [("6210", "1020", D("90.50"), "VEH"), ("6500", "1020", D("27.00"), "ATELIER"),
                   ("6940", "1020", D("12.50"), "ADMIN")]
