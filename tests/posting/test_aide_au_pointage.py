"""The aide au pointage on the demo year (manual §3.10): grouping the partner account's extract by Groupe gives each
document's open balance. Per invoice or credit note whose entries and payments are all posted, 1100 (sales, debit −
credit) or 2000 (purchases, credit − debit) sums over its group to its Balance in CHF, with the sign of a credit
note reversed (a note's balance is what goes back to the partner)."""
from __future__ import annotations

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

import pytest

from engine.cli import main
from engine.store.book import Book

CENT = Decimal("0.01")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo") / "books"
    assert main(["demo", str(folder)]) == 0
    return Book.open(folder / "invoicing.xlsx"), Book.open(folder / "ledger.xlsx")


def _groups(ledger, account: str, owed_side: str) -> dict:
    out = defaultdict(lambda: Decimal("0.00"))
    for e in ledger.records("Journal"):
        if account in (e.debit, e.credit):
            out[e.group] += e.amount if (e.debit == account) == (owed_side == "debit") else -e.amount
    return out


@pytest.mark.parametrize("sheet, side, account, owed_side", [("Documents", "sales", "1100", "debit"),
                                                              ("ReceivedInvoices", "purchases", "2000", "credit")])
def test_each_posted_document_shows_its_open_balance(demo, sheet, side, account, owed_side):
    book, ledger = demo
    groups = _groups(ledger, account, owed_side)
    payments = defaultdict(list)
    for p in book.records("Payments"):
        payments[(p.side, p.document_number)].append(p)
    checked = []
    for d in book.records(sheet):
        rows = payments[(side, d.number)]
        if d.stage not in ("F", "N") or d.do_not_post or d.posted_session is None \
                or any(p.posted_session is None or p.kind in ("fee", "interest") for p in rows):
            continue
        rate = d.exchange_rate if d.currency not in (None, "CHF") else Decimal(1)
        total = d.total_payable if side == "sales" else d.amount
        paid = sum((p.amount for p in rows), Decimal("0.00"))
        open_chf = ((total - paid) * rate).quantize(CENT, rounding=ROUND_HALF_UP)  # Balance, recomputed here
        expected = -open_chf if d.stage == "N" else open_chf
        checked.append(d.number)
        assert groups[d.number] == expected, d.number
    assert checked
