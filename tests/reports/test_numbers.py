"""Report numbers against an independent pandas computation on the same records (the oracle is written here,
from the report definitions, not from the code under test)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pandas as pd
import pytest

from engine.domain.reports import creditors, debtors, liquidity, sales
from engine.domain.reports.dashboard import quarter_of
from engine.store.book import Book
from tests.reports.books import UNTIL, fill

SETTLING = ["payment", "discount", "loss", "credit_note"]


@pytest.fixture(scope="module")
def book():
    from engine.demo import company
    rows = {"Clients": [["ClientId", "Company"], *[[1000 + i, c[0] or c[2]] for i, c in enumerate(company.CLIENTS)]],
            "Creditors": [["CreditorId", "Name"], [1, "Bois SA"], [2, "Quincaillerie"]],
            "BankAccounts": [["IBAN", "LedgerAccount"], ["CH9300762011623852957", "1020"]]}
    for sheet in ("Documents", "Payments", "ReceivedInvoices", "PaymentOrders", "Movements"):
        rows[sheet] = [[c.header for c in Book.from_rows({}, "invoicing").schema.sheet(sheet).columns]]
    return fill(Book.from_rows(rows, "invoicing"), invoices=600)


def frame(records) -> pd.DataFrame:
    return pd.DataFrame([{f: getattr(r, f) for f in r.__dataclass_fields__} for r in records])


def open_sales(book, until, stages=("F", "N")) -> pd.DataFrame:
    """Open invoices and, with ``stages`` N, credit notes not used up: the client's credit, a negative open amount as
    1100 carries it (audit 14e)."""
    docs, pays = frame(book.records("Documents")), frame(book.records("Payments"))
    pays = pays[(pays.side == "sales") & (pays.date <= until)]
    paid = pays[pays.kind.isin(SETTLING)].groupby("document_number").amount.apply(lambda s: sum(s, Decimal(0)))
    # reminder fees and default interest are owed on top of the invoice, as 1100 shows them (audit of issue 21)
    charged = pays[pays.kind.isin(["fee", "interest"])].groupby("document_number").amount.apply(
        lambda s: sum(s, Decimal(0)))
    docs = docs[docs.stage.isin(stages) & (docs.date <= until)].copy()
    docs["open"] = [(1 if stage == "F" else -1) * (total + extra - settled) for stage, total, extra, settled in zip(
        docs.stage, docs.total_payable, docs.number.map(charged).fillna(Decimal(0)),
        docs.number.map(paid).fillna(Decimal(0)))]
    docs = docs[docs.open != 0].copy()
    docs["days"] = (pd.Timestamp(until) - pd.to_datetime(docs.due_date)).dt.days
    docs["bucket"] = pd.cut(docs.days, [-10**6, 0, 30, 60, 90, 10**6], labels=["not_due", "d1_30", "d31_60",
                                                                             "d61_90", "d90"])
    return docs


def test_debtors_ageing_per_client_matches_pandas(book):
    docs = open_sales(book, UNTIL)
    # An overpaid invoice (open < 0) is the client's credit, in no ageing bucket (issue 21, item 3).
    owed = docs[docs.open > 0]
    expected = owed.pivot_table(index="client_id", columns="bucket", values="open", observed=False,
                                aggfunc=lambda s: sum(s, Decimal(0)), fill_value=Decimal(0))
    credit = docs[docs.open < 0].groupby("client_id").open.apply(lambda s: sum(s, Decimal(0)))
    report = debtors.summary(book.records("Documents"), book.records("Payments"), {}, UNTIL,
                             select=["client_id", "open", "not_due", "d1_30", "d31_60", "d61_90", "d90", "credit",
                                     "nc"])
    assert len(report.rows) == docs.client_id.nunique() > 5
    for row in report.rows:
        for key in ("not_due", "d1_30", "d31_60", "d61_90", "d90"):
            owed_here = expected.loc[row[0], key] if row[0] in expected.index else Decimal(0)
            assert report.value(row, key) == owed_here.quantize(Decimal("0.01"))
        assert report.value(row, "credit") == Decimal(credit.get(row[0], Decimal(0))).quantize(Decimal("0.01"))
    nc = docs[docs.do_not_post].open.sum()
    assert report.totals[report.column("nc")] == Decimal(nc).quantize(Decimal("0.01")) and nc
    assert report.totals[report.column("open")] == Decimal(docs.open.sum()).quantize(Decimal("0.01"))


def test_debtors_detail_groups_sum_to_the_total(book):
    report = debtors.detail(book.records("Documents"), book.records("Payments"), {}, UNTIL)
    at = report.column("open")
    assert sum(g.subtotal[at] for g in report.groups) == report.totals[at]
    assert [r[0] for r in report.rows] == sorted(r[0] for r in report.rows)


def test_creditors_open_matches_pandas(book):
    inv, pays = frame(book.records("ReceivedInvoices")), frame(book.records("Payments"))
    pays = pays[(pays.side == "purchases") & (pays.date <= UNTIL)]
    paid = pays.groupby("document_number").amount.apply(lambda s: sum(s, Decimal(0)))
    inv = inv[inv.date <= UNTIL].copy()
    inv["open"] = inv.amount - inv.number.map(paid).fillna(Decimal(0))
    per_creditor = inv[inv.open != 0].groupby("creditor_id").open.apply(lambda s: sum(s, Decimal(0)))
    report = creditors.detail(book.records("ReceivedInvoices"), book.records("Payments"),
                              book.records("PaymentOrders"), {}, UNTIL, select=["creditor_id", "open"],
                              group_by="creditor_id")
    assert {g.value: g.subtotal[1] for g in report.groups} == {k: v.quantize(Decimal("0.01"))
                                                              for k, v in per_creditor.items()}


def test_sales_by_month_matches_pandas(book):
    docs = frame(book.records("Documents"))
    docs = docs[(docs.date >= dt.date(2025, 1, 1)) & (docs.date <= dt.date(2025, 12, 31))].copy()
    docs["signed"] = [n if s == "F" else -n for n, s in zip(docs.total_net, docs.stage)]
    expected = docs.groupby(pd.to_datetime(docs.date).dt.strftime("%Y-%m")).signed.apply(lambda s: sum(s, Decimal(0)))
    report = sales.by_month(book.records("Documents"), dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert {r[0]: report.value(r, "net") for r in report.rows} == {k: v.quantize(Decimal("0.01"))
                                                                   for k, v in expected.items()}


def test_liquidity_by_fortnight_matches_pandas(book):
    periods = 10
    report = liquidity.forecast(book.records("Documents"), book.records("Payments"), book.records("ReceivedInvoices"),
                                book.records("PaymentOrders"), {"x": Decimal("1000.00")}, UNTIL, periods=periods,
                                select=["fortnight", "start", "receipts", "payments", "balance"])
    docs = open_sales(book, UNTIL, stages=("F",))  # the forecast counts what clients will pay in
    first_end = dt.date(2026, 5, 31)
    starts = pd.to_datetime(docs.due_date.clip(lower=dt.date(2026, 5, 16)))
    docs["slot"] = starts.dt.year * 24 + (starts.dt.month - 1) * 2 + (starts.dt.day > 15) - (2026 * 24 + 9)
    docs["slot"] = docs.slot.clip(upper=periods)
    receipts = docs.groupby("slot").open.apply(lambda s: sum(s, Decimal(0)))
    rows = report.rows[1:]  # the first row is today's cash
    assert rows[0][1] == dt.date(2026, 5, 16) and report.value(rows[0], "receipts") == receipts.get(0).quantize(
        Decimal("0.01"))
    for index, row in enumerate(rows):
        assert report.value(row, "receipts") == Decimal(receipts.get(index, 0)).quantize(Decimal("0.01"))
    flows = sum(report.value(r, "receipts") + report.value(r, "payments") for r in rows)
    assert report.value(rows[-1], "balance") == Decimal("1000.00") + flows
    assert first_end == rows[0][1].replace(day=31)


def test_cash_balance_skips_deleted_movements(book):
    moves = frame(book.records("Movements"))
    moves = moves[(moves.state != "deleted") & (moves.booking_date <= UNTIL)]
    expected = sum((a if d == "credit" else -a for a, d in zip(moves.amount, moves.direction)), Decimal(0))
    assert sum(liquidity.cash_balance(book.records("BankAccounts"), book.records("Movements"), UNTIL).values()) \
        == expected


def test_quarter_of():
    assert quarter_of(dt.date(2026, 5, 20)) == (dt.date(2026, 4, 1), dt.date(2026, 6, 30))
    assert quarter_of(dt.date(2026, 12, 1)) == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))


def test_an_overpaid_invoice_is_a_client_credit_not_a_late_debt(book):
    report = debtors.detail(book.records("Documents"), book.records("Payments"), {}, UNTIL,
                            select=["number", "days", "open_chf", "not_due", "d1_30", "d31_60", "d61_90", "d90",
                                    "credit"], group_by="")
    overpaid = [r for r in report.rows if report.value(r, "open_chf") < 0]
    owed = [r for r in report.rows if report.value(r, "open_chf") > 0]
    for row in overpaid:
        assert report.value(row, "days") == 0 and report.value(row, "credit") == report.value(row, "open_chf")
        assert all(report.value(row, k) == 0 for k in ("not_due", "d1_30", "d31_60", "d61_90", "d90"))
    for row in owed:
        assert report.value(row, "credit") == 0
    assert owed and overpaid  # the demo company has both
