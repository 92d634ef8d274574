"""Invariants over random invoices, credit notes, payments and discounts (hypothesis)."""
from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal as D

from hypothesis import HealthCheck, given, settings, strategies as st

from engine.domain.vat import vat_of_net
from engine.services.posting import post, unpost
from tests.posting.books import books, invoice, pay, received

START = date(2026, 1, 1)
CODES = {"TVA": D("8.1"), "TVARED": D("2.6"), "EXPORT": D("0")}
line = st.tuples(st.sampled_from(["3000", "3200", "3400"]), st.sampled_from(sorted(CODES)),
                 st.integers(1, 500_000).map(lambda c: D(c) / 100))
doc = st.tuples(st.lists(line, min_size=1, max_size=3), st.integers(1, 2), st.integers(0, 80),
                st.booleans(),  # credit note
                st.lists(st.tuples(st.integers(1, 100), st.integers(0, 60)), max_size=3),  # % of total, day
                st.booleans())  # discount for the rest
docs = st.lists(doc, min_size=1, max_size=5)
SET = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def fill(book, specs, everything_paid=False):
    for n, (lines, client, day, note, pays, discount) in enumerate(specs):
        number = f"{'N' if note else 'F'}-{n}"
        rows = [(a, c, str(net), str(vat_of_net(net, CODES[c]))) for a, c, net in lines]
        invoice(book, number, rows, client=client, on=START + timedelta(days=day), stage="N" if note else "F")
        total = sum(D(r[2]) + D(r[3]) for r in rows)
        paid = D("0.00")
        for share, later in pays:
            amount = min((total * share / 100).quantize(D("0.01")), total - paid)
            if amount > 0:
                pay(book, number, amount, START + timedelta(days=day + later))
                paid += amount
        if everything_paid and paid < total:
            kind = "discount" if discount and not note else "payment"
            pay(book, number, total - paid, START + timedelta(days=day + 70), kind=kind,
                account=None if kind == "discount" else "1020")


def balances(ledger):
    out = defaultdict(lambda: D("0.00"))
    for e in ledger.records("Journal"):
        out[e.debit] += e.amount
        out[e.credit] -= e.amount
    return out


@SET
@given(docs, st.sampled_from(["agreed", "received"]), st.sampled_from(["effective", "tdfn"]), st.integers(0, 150))
def test_every_session_balances_and_posting_twice_posts_nothing(specs, basis, method, cut):
    book, ledger = books(VatBasis=basis, VatMethod=method)
    fill(book, specs)
    first = post(book, ledger, START + timedelta(days=cut), save=False)
    second = post(book, ledger, date(2026, 12, 31), save=False)
    assert post(book, ledger, date(2026, 12, 31), save=False).session is None
    for result in (first, second):
        if result.session is not None:
            rows = [e for e in ledger.records("Journal") if e.session == str(result.session)]
            assert len(rows) == result.entries and all(e.amount > 0 and e.debit != e.credit for e in rows)
    assert sum(balances(ledger).values()) == 0


@SET
@given(docs)
def test_receivables_per_partner_equal_open_balances(specs):
    book, ledger = books()
    fill(book, specs)
    post(book, ledger, date(2026, 12, 31), save=False)
    ledger_open = defaultdict(lambda: D("0.00"))
    for e in ledger.records("Journal"):
        if e.debit == "1100":
            ledger_open[e.reference] += e.amount
        if e.credit == "1100":
            ledger_open[e.reference] -= e.amount
    names = {1: "C Muster AG", 2: "C Anne Dubois"}
    expected = defaultdict(lambda: D("0.00"))  # from the invoicing records alone
    paid = defaultdict(lambda: D("0.00"))
    for p in book.records("Payments"):
        paid[p.document_number] += p.amount
    for d in book.records("Documents"):
        sign = -1 if d.stage == "N" else 1
        expected[names[d.client_id]] += sign * (d.total_payable - paid[d.number])
    assert {k: v for k, v in ledger_open.items() if v} == {k: v for k, v in expected.items() if v}


@SET
@given(docs, st.sampled_from(["agreed", "received"]), st.integers(0, 150))
def test_post_then_unpost_leaves_both_books_identical(specs, basis, cut):
    book, ledger = books(VatBasis=basis)
    fill(book, specs)
    book.save()
    before = (dict((k, [list(r) for r in v]) for k, v in book.source.sheets.items()),
              dict((k, [list(r) for r in v]) for k, v in ledger.source.sheets.items()))
    first = post(book, ledger, START + timedelta(days=cut))
    post(book, ledger, date(2026, 12, 31))
    if first.session is not None:
        unpost(book, ledger, first.session)
    elif book.records("PostingSessions"):
        unpost(book, ledger, 1)
    after = (book.source.sheets, ledger.source.sheets)
    strip = lambda sheets: {k: [[c for c in r if c not in (None, "")] for r in v if any(c not in (None, "") for c in r)]
                            for k, v in sheets.items()}
    assert strip(after[0]) == strip(before[0]) and strip(after[1]) == strip(before[1])


@SET
@given(docs, st.sampled_from(["effective", "tdfn"]))
def test_agreed_and_received_reach_the_same_totals_once_paid(specs, method):
    results = []
    for basis in ("agreed", "received"):
        book, ledger = books(VatBasis=basis, VatMethod=method)
        fill(book, specs, everything_paid=True)
        post(book, ledger, date(2026, 12, 31), save=False)
        b = balances(ledger)
        revenue = sum((v for a, v in b.items() if a[0] == "3"), D("0.00"))
        results.append((revenue, b["2200"], b["1020"], b["1100"]))
    assert results[0] == results[1]
    assert results[0][3] == 0


@SET
@given(st.lists(st.integers(1, 300_000).map(lambda c: D(c) / 100), min_size=1, max_size=3),
       st.lists(st.integers(1, 100), min_size=1, max_size=4))
def test_purchases_received_spread_reaches_the_invoice_once_paid(amounts, shares):
    book, ledger = books(VatBasis="received")
    received(book, "R-1", str(sum(amounts)), lines=[("4200", "IPM", str(a), "gross", None) for a in amounts])
    total, paid = sum(amounts), D("0.00")
    for s in shares:
        amount = min((total * s / 100).quantize(D("0.01")), total - paid)
        if amount > 0:
            pay(book, "R-1", amount, date(2026, 4, 1), side="purchases")
            paid += amount
    if paid < total:
        pay(book, "R-1", total - paid, date(2026, 4, 2), side="purchases")
    post(book, ledger, date(2026, 12, 31), save=False)
    b = balances(ledger)
    expected_vat = sum((a * D("8.1") / D("108.1")).quantize(D("0.01"), ROUND_HALF_UP) for a in amounts)
    assert (b["4200"], b["1170"], b["1020"]) == (total - expected_vat, expected_vat, -total)
