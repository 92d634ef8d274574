"""Sessions: locks caught on load from a real workbook, single-session undo when safe, repost, DoNotPost,
and the ledger reports checked against an independent pandas computation."""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal as D

import pandas as pd
import pytest

from engine import templates
from engine.domain import ledger_reports as reports
from engine.domain.vat import VatRates
from engine.errors import BusinessRuleError
from engine.services.posting import check_locks, not_posted, post, repost, unpost
from engine.store.book import Book
from tests.posting.books import books, invoice, pay, received

SALE = [("3200", "TVA", "1000.00", "81.00")]


def test_edit_of_a_posted_amount_in_the_file_is_caught_on_load(tmp_path):
    path, lpath = tmp_path / "ventes.xlsx", tmp_path / "compta.xlsx"
    templates.write("invoicing", path)
    templates.write("ledger", lpath)
    book = Book.open(path)
    book.put("Clients", [book.new("Clients", client_id=1, company="Muster AG")])
    invoice(book, "F-1", SALE)
    pay(book, "F-1", "1081.00", date(2026, 4, 1))
    book.save()
    assert post(book, Book.open(lpath), date(2026, 4, 30)).entries == 3
    assert check_locks(Book.open(path)) == []
    assert len(Book.open(lpath).records("Journal")) == 3
    edited = Book.open(path)  # someone edits the posted payment in Excel
    edited.put("Payments", [replace(p, amount=D("1080.00")) for p in edited.records("Payments")])
    edited.save()
    problems = check_locks(Book.open(path))
    assert len(problems) == 1 and "Payments 1: Amount changed after it was posted in session 1" in problems[0].message
    assert (problems[0].source.sheet, problems[0].source.row) == ("Payments", 2)  # the edited cell's row
    assert problems[0].source.sheet == "Payments" and problems[0].source.row == 2


def test_single_undo_when_independent_refused_with_reason_when_not():
    book, ledger = books()
    invoice(book, "F-1", SALE)
    post(book, ledger, date(2026, 3, 31), save=False)  # 1: F-1
    invoice(book, "F-2", SALE, on=date(2026, 4, 2))
    post(book, ledger, date(2026, 4, 30), save=False)  # 2: F-2
    pay(book, "F-1", "1081.00", date(2026, 5, 2))
    post(book, ledger, date(2026, 5, 31), save=False)  # 3: payment of F-1
    with pytest.raises(BusinessRuleError, match="session\\(s\\) 3 posted payments"):
        unpost(book, ledger, 1, single=True, save=False)
    assert unpost(book, ledger, 2, single=True, save=False) == [2]
    assert {e.group for e in ledger.records("Journal")} == {"F-1"}
    assert [d.posted_session for d in book.records("Documents")] == [1, None]
    assert unpost(book, ledger, 1, save=False) == [1, 3]
    assert ledger.records("Journal") == () and book.records("PostingSessions") == ()


def test_repost_regenerates_a_period_after_a_chart_change():
    book, ledger = books()
    invoice(book, "F-1", SALE)
    post(book, ledger, date(2026, 3, 31), save=False)
    book.put("DocumentLines", [replace(l, account="3400") for l in book.records("DocumentLines")])
    assert len(check_locks(book)) == 1
    undone, result = repost(book, ledger, date(2026, 3, 1), date(2026, 3, 31), save=False)
    assert undone == [1] and result.session == 1
    assert [e.credit for e in ledger.records("Journal")] == ["3400", "2200"] and check_locks(book) == []


def test_repost_without_an_end_date_redoes_every_later_session():
    """Manual §3.9.3: "Si vous ne spécifiez pas de date de fin, Crésus traite toutes les factures". March and May
    posted in two sessions, the chart changed (3200 → 3400) for both: repost from 1 March with no end undoes both
    and posts both invoices again, each on 3400: net 1000.00 + 500.00 = 1500.00 on 3400, nothing left on 3200."""
    book, ledger = books()
    invoice(book, "F-1", SALE)
    post(book, ledger, date(2026, 3, 31), save=False)
    invoice(book, "F-2", [("3200", "TVA", "500.00", "40.50")], on=date(2026, 5, 4))
    post(book, ledger, date(2026, 5, 31), save=False)
    book.put("DocumentLines", [replace(l, account="3400") for l in book.records("DocumentLines")])
    undone, result = repost(book, ledger, date(2026, 3, 1), None, save=False)
    assert undone == [1, 2] and result.session == 1
    on = {a: sum((e.amount for e in ledger.records("Journal") if e.credit == a), D(0)) for a in ("3200", "3400")}
    assert on == {"3200": D(0), "3400": D("1500.00")} and check_locks(book) == []


def test_do_not_post_is_skipped_and_listed():
    book, ledger = books()
    invoice(book, "F-1", SALE, do_not_post=True)
    received(book, "R-1", "50.00")
    post(book, ledger, date(2026, 12, 31), save=False)
    assert {e.group for e in ledger.records("Journal")} == {"R-1"}
    assert [r.number for r in not_posted(book)] == ["F-1"]


def test_method_is_locked_after_the_first_session():
    book, ledger = books()
    invoice(book, "F-1", SALE)
    post(book, ledger, date(2026, 3, 31), save=False)
    book.set_settings(VatBasis="received")
    with pytest.raises(BusinessRuleError, match="locked once posted"):
        post(book, ledger, date(2026, 4, 30), save=False)


def test_inconsistent_totals_are_reported_with_the_row():
    book, ledger = books()
    invoice(book, "F-1", SALE)
    book.save()
    book.put("Documents", [replace(d, total_payable=D("1085.00")) for d in book.records("Documents")])
    with pytest.raises(Exception, match="Documents row 2.*TotalPayable 1085.00"):
        post(book, ledger, date(2026, 3, 31), save=False)


def _scenario():
    book, ledger = books()
    invoice(book, "F-1", SALE)
    invoice(book, "F-2", [("3400", "TVARED", "500.00", "13.00"), ("3000", "TVA", "200.00", "16.20")], client=2)
    invoice(book, "N-1", [("3200", "TVA", "100.00", "8.10")], stage="N")
    pay(book, "F-1", "1059.38", date(2026, 4, 1))
    pay(book, "F-1", "21.62", date(2026, 4, 1), kind="discount", account=None)
    pay(book, "F-2", "300.00", date(2026, 4, 3))
    received(book, "R-1", "1081.00")
    received(book, "R-2", "2162.00", creditor=2, on=date(2023, 12, 20))  # 7.7 % then
    pay(book, "R-1", "1081.00", date(2026, 4, 5), side="purchases")
    post(book, ledger, date(2026, 12, 31), save=False)
    return ledger


def test_reports_agree_with_pandas():
    ledger = _scenario()
    journal = ledger.records("Journal")
    df = pd.DataFrame([{"debit": e.debit, "credit": e.credit, "amount": float(e.amount), "group": e.group,
                        "vat_code": e.vat_code or "", "vat_amount": float(e.vat_amount or 0), "date": e.date}
                       for e in journal])
    debit = df.groupby("debit")["amount"].sum()
    credit = df.groupby("credit")["amount"].sum()
    for row in reports.trial_balance(journal):
        assert float(row.debit) == pytest.approx(debit.get(row.account, 0.0))
        assert float(row.credit) == pytest.approx(credit.get(row.account, 0.0))
    on_1100 = df[(df.debit == "1100") | (df.credit == "1100")]
    signed = on_1100.amount.where(on_1100.debit == "1100", -on_1100.amount)
    by_group = signed.groupby(on_1100["group"]).sum()
    extract = {g.key: float(g.balance) for g in reports.account_extract(journal, "1100")}
    assert extract == pytest.approx(by_group.to_dict())
    assert extract["F-1"] == 0  # paid with discount: settled
    rates = VatRates.from_records(ledger.records("VatCodes"))
    statement = {(r.code, str(r.rate.normalize())): r for r in reports.vat_statement(journal, rates)}
    base_rows = df[df.vat_code.ne("") & ~df.debit.isin(["2200", "1170", "1171"]) & ~df.credit.isin(
        ["2200", "1170", "1171"])]
    # output: credited revenue adds, debited revenue (credit note, discount) subtracts
    out = base_rows[base_rows.vat_code == "TVA"]
    expected = out.amount.where(out.credit.str.startswith("3"), -out.amount).sum()
    assert float(statement[("TVA", "8.1")].base) == pytest.approx(expected)  # 1000 + 200 − 100 − 20
    assert statement[("TVA", "8.1")].base == D("1080.00") and statement[("TVA", "8.1")].box == "303"
    assert statement[("TVA", "8.1")].tax == statement[("TVA", "8.1")].booked == D("87.48")
    assert statement[("IPI", "7.7")].base == D("2007.43") and statement[("IPI", "7.7")].box == "405"


def test_check_names_a_vat_basis_changed_after_posting(tmp_path):
    """Audit of issue 14: VatBasis changed from agreed to received on a posted book: `check` said 0 errors while
    `post` refused. Now `check` says it, naming Settings."""
    from engine.services import book_check
    book, ledger = books()
    invoice(book, "F-1", SALE)
    post(book, ledger, date(2026, 3, 31), save=False)
    book.set_settings(VatBasis="received")
    found = [p for p in book_check.problems(book) if "locked once posted" in p.hint]
    assert len(found) == 1 and found[0].source.sheet == "Settings"
