"""The TDFN closing taxes what the ledger's VAT statement shows for the period, and each period once (issue 14,
item 1). Hand-computed from DOMAIN.md §4 (net tax rate, MWSTG art. 37): the taxable turnover is gross; discounts
granted, losses and credit notes reduce it; a reminder fee follows the supply it is charged on (each rate's share
of the invoice's gross: on F-1 20 × 1081/1361 = 15.8854 → 15.89 taxable, 4.11 excluded); default interest is damages (not taxable); excluded supplies (EXCLU) are not taxed.

Agreed basis, first half 2026, TdfnRate 6.2 %:
    F-1  2 Mar  1000.00 + 81.00 TVA, 280.00 EXCLU      taxable +1081.00
    N-1  1 Apr  credit note on F-1, 100.00 + 8.10      taxable  −108.10
    F-2 10 Apr  500.00 + 40.50 TVA                     taxable  +540.50
         5 May  paid 530.00, discount 10.50            taxable   −10.50
    F-3 20 Apr  200.00 + 16.20 TVA                     taxable  +216.20
        10 Jun  loss 216.20                            taxable  −216.20
    F-1  1 May  reminder fee 20.00                     taxable   +15.89 (4.11 excluded, as the EXCLU line)
         1 May  default interest 5.00                  not taxable
    turnover 1081.00 − 108.10 + 540.50 − 10.50 + 216.20 − 216.20 + 15.89 = 1518.79
    tax 1518.79 × 6.2 % = 94.16498 → 94.16 (3809 / 2200)
The former closing taxed 1081.00 − 108.10 + 540.50 + 216.20 = 1729.60 (107.24): discounts and losses ignored.
"""
from dataclasses import replace
from datetime import date
from decimal import Decimal as D

import pytest

from engine.domain import ledger_reports
from engine.domain.vat import VatRates
from engine.errors import BusinessRuleError
from engine.services import posting, vat_close
from tests.posting.books import books, invoice, pay, two_roads

H1 = (date(2026, 1, 1), date(2026, 6, 30))


def _half_year(book):
    invoice(book, "F-1", [("3400", "TVA", "1000.00", "81.00"), ("3600", "EXCLU", "280.00", "0.00")],
            on=date(2026, 3, 2))
    invoice(book, "N-1", [("3400", "TVA", "100.00", "8.10")], stage="N", refers_to="F-1", on=date(2026, 4, 1))
    invoice(book, "F-2", [("3400", "TVA", "500.00", "40.50")], on=date(2026, 4, 10))
    invoice(book, "F-3", [("3400", "TVA", "200.00", "16.20")], on=date(2026, 4, 20))
    pay(book, "F-2", "530.00", date(2026, 5, 5))
    pay(book, "F-2", "10.50", date(2026, 5, 5), kind="discount")
    pay(book, "F-3", "216.20", date(2026, 6, 10), kind="loss")
    pay(book, "F-1", "20.00", date(2026, 5, 1), kind="fee")
    pay(book, "F-1", "5.00", date(2026, 5, 1), kind="interest")


def _ledger_tdfn_tax(ledger, rate: str, start=None, end=None):
    """What `comptoir ledger vat --tdfn-rate` reports, from the ledger's own Journal."""
    rows = ledger_reports.vat_statement(ledger.records("Journal"), VatRates.from_records(ledger.records("VatCodes")),
                                        {a.number: a.account_class for a in ledger.records("Accounts")}, start, end)
    return ledger_reports.taxable_turnover(rows), ledger_reports.tdfn_tax(rows, D(rate))


def test_the_closing_taxes_discounts_losses_credit_notes_and_fees_as_the_ledger_does():
    book, ledger = books(VatMethod="tdfn", TdfnRate="6.2")
    _half_year(book)
    posting.post(book, ledger, H1[1], save=False)
    session, turnover, entry = vat_close.close_period(book, ledger, *H1, save=False)
    assert turnover == D("1518.79")
    assert (entry.debit, entry.credit, entry.amount) == ("3809", "2200", D("94.16"))
    assert _ledger_tdfn_tax(ledger, "6.2", *H1) == (D("1518.79"), D("94.16"))


def test_received_basis_taxes_what_came_in_fees_yes_interest_no():
    """Received basis: F-1 (1361.00, of which 1081.00 taxable) is paid 680.50 on 10 May and its reminder fee 20.00
    and interest 5.00 (both of 1 April) come in first (CO 85) with the payment of 10 May, the capital with the rest:
    (655.50 + 705.50) × 1081/1361 = 1081.00 + the fee's taxable share 20 × 1081/1361 = 15.89 = 1096.89;
    tax 6.2 % = 68.00718 → 68.01."""
    book, ledger = books(VatMethod="tdfn", VatBasis="received", TdfnRate="6.2")
    invoice(book, "F-1", [("3400", "TVA", "1000.00", "81.00"), ("3600", "EXCLU", "280.00", "0.00")],
            on=date(2026, 3, 2))
    pay(book, "F-1", "20.00", date(2026, 4, 1), kind="fee")
    pay(book, "F-1", "5.00", date(2026, 4, 1), kind="interest")
    pay(book, "F-1", "680.50", date(2026, 5, 10))
    pay(book, "F-1", "705.50", date(2026, 6, 20))
    posting.post(book, ledger, H1[1], save=False)
    _, turnover, entry = vat_close.close_period(book, ledger, *H1, save=False)
    assert (turnover, entry.amount) == (D("1096.89"), D("68.01"))
    assert _ledger_tdfn_tax(ledger, "6.2", *H1) == (D("1096.89"), D("68.01"))


def test_a_period_is_closed_once_and_periods_in_order():
    book, ledger = books(VatMethod="tdfn", TdfnRate="6.2")
    _half_year(book)
    posting.post(book, ledger, H1[1], save=False)
    session, _, _ = vat_close.close_period(book, ledger, *H1, save=False)
    for start, end in (H1, (date(2026, 4, 1), date(2026, 9, 30)), (date(2026, 6, 30), date(2026, 12, 31))):
        with pytest.raises(BusinessRuleError, match=f"already closed .*session {session}") as refused:
            vat_close.close_period(book, ledger, start, end, save=False)
        assert "30.06.2026" in refused.value.message
    tdfn = [e for e in ledger.records("Journal") if (e.voucher or "").startswith("TDFN")]
    assert [e.amount for e in tdfn] == [D("94.16")]  # posted once
    invoice(book, "F-4", [("3400", "TVA", "100.00", "8.10")], on=date(2026, 8, 1))
    posting.post(book, ledger, date(2026, 12, 31), save=False)
    _, turnover, entry = vat_close.close_period(book, ledger, date(2026, 7, 1), date(2026, 12, 31), save=False)
    assert (turnover, entry.amount) == (D("108.10"), D("6.70"))  # 108.10 × 6.2 % = 6.7022
    posting.unpost(book, ledger, session + 2, save=False)  # undo the second closing: that period may close again
    assert vat_close.close_period(book, ledger, date(2026, 7, 1), date(2026, 12, 31), save=False)[2].amount \
        == D("6.70")


def test_a_closing_waits_for_the_period_to_be_posted():
    book, ledger = books(VatMethod="tdfn", TdfnRate="6.2")
    _half_year(book)
    with pytest.raises(BusinessRuleError, match="not posted yet") as refused:
        vat_close.close_period(book, ledger, *H1, save=False)
    assert "comptoir post" in refused.value.hint
    assert not [e for e in ledger.records("Journal") if (e.voucher or "").startswith("TDFN")]


def test_reposting_over_a_closing_is_refused_rather_than_dropping_it():
    book, ledger = books(VatMethod="tdfn", TdfnRate="6.2")
    _half_year(book)
    posting.post(book, ledger, H1[1], save=False)
    session, _, _ = vat_close.close_period(book, ledger, *H1, save=False)
    with pytest.raises(BusinessRuleError, match=f"session {session} closes the VAT period"):
        posting.repost(book, ledger, *H1, save=False)
    assert [e.amount for e in ledger.records("Journal") if (e.voucher or "").startswith("TDFN")] == [D("94.16")]


@pytest.mark.parametrize("basis", ["agreed", "received"])
def test_nothing_taxable_posts_into_a_closed_vat_period_afterwards(basis):
    """Audit of issue 14: an invoice of 15 June (agreed) or a payment of 15 June (received) posted after H1 was
    closed was accepted and never taxed (73.72 due, 67.02 booked). Refused now, naming the closing; the same item
    dated 1 July posts, and the next closing taxes it: 108.10 × 6.2 % = 6.70."""
    book, ledger = books(VatMethod="tdfn", TdfnRate="6.2", VatBasis=basis)
    _half_year(book)
    posting.post(book, ledger, H1[1], save=False)
    session, _, _ = vat_close.close_period(book, ledger, *H1, save=False)
    before = list(ledger.records("Journal"))
    late = date(2026, 6, 15)
    invoice(book, "F-9", [("3400", "TVA", "100.00", "8.10")], on=late if basis == "agreed" else date(2026, 6, 1))
    if basis == "received":
        pay(book, "F-9", "108.10", late)
    with pytest.raises(BusinessRuleError, match=f"closed up to 30.06.2026 \\(posting session {session}") as refused:
        posting.post(book, ledger, date(2026, 6, 30), save=False)
    assert f"unpost BOOK --session {session}" in refused.value.hint and list(ledger.records("Journal")) == before
    book.put("Documents", [replace(d, date=date(2026, 7, 1)) if d.number == "F-9" else d
                           for d in book.records("Documents")])
    book.put("Payments", [replace(p, date=date(2026, 7, 1)) if p.document_number == "F-9" else p
                          for p in book.records("Payments")])
    posting.post(book, ledger, date(2026, 7, 31), save=False)
    _, turnover, entry = vat_close.close_period(book, ledger, date(2026, 7, 1), date(2026, 12, 31), save=False)
    assert (turnover, entry.amount) == (D("108.10"), D("6.70"))


def _journal_rows(path):
    """The ledger's Journal as read by openpyxl: (date, debit, credit, amount, vat code) per row, sorted."""
    import openpyxl
    rows = list(openpyxl.load_workbook(path, read_only=True)["Journal"].iter_rows(values_only=True))
    head = [str(h).lower() for h in rows[0]]
    keep = [head.index(n) for n in ("date", "debit", "credit", "amount", "vatcode")]
    return sorted(tuple(str(r[i]) for i in keep) for r in rows[1:] if any(r))


def test_both_roads_close_once_and_give_the_same_journal(tmp_path, capsys):
    """`post` then `vat-close` through the local mandate (then `mandate pull`) and with --ledger: the same entries,
    the tax 94.16 once; a second `vat-close` of the period is refused on both roads, exit 2, naming the session."""
    from engine.cli import main
    (m, _), (d, _) = roads = two_roads(tmp_path, _half_year, VatMethod="tdfn", TdfnRate="6.2")
    for road, extra in roads:
        assert main(["post", str(road / "ventes.xlsx"), "--until", "30.06.2026", *extra]) == 0
        assert main(["vat-close", str(road / "ventes.xlsx"), "--from", "01.01.2026", "--to", "30.06.2026",
                     *extra]) == 0
        assert "94.16" in capsys.readouterr().out
        assert main(["vat-close", str(road / "ventes.xlsx"), "--from", "01.04.2026", "--to", "30.06.2026",
                     *extra]) == 2
        assert "already closed" in capsys.readouterr().err
    assert main(["mandate", "pull", str(m / "compta.xlsx")]) == 0
    journal = _journal_rows(m / "compta.xlsx")
    assert journal == _journal_rows(d / "compta.xlsx")
    assert [r for r in journal if r[1:3] == ("3809", "2200")] == [("2026-06-30 00:00:00", "3809", "2200", "94.16",
                                                                   "None")]


def test_ledger_vat_under_tdfn_shows_the_gross_turnover_and_its_tax_not_box_303(tmp_path, capsys):
    """Audit finding: under TDFN `ledger vat --tdfn-rate 6.2` also printed box 303 with a tax of 8.1 % that a net tax
    rate return does not have. One invoice of 1000.00 + 81.00: turnover 1081.00 gross, 1081.00 x 6.2 % = 67.02."""
    from engine.cli import main
    from engine.store.book import Book
    assert main(["new", "invoicing", str(tmp_path / "v.xlsx")]) == 0
    assert main(["new", "ledger", str(tmp_path / "l.xlsx")]) == 0
    book = Book.open(tmp_path / "v.xlsx")
    book.set_settings(VatMethod="tdfn", TdfnRate="6.2")
    book.put("Clients", [book.new("Clients", client_id=1, company="Muster AG")])
    invoice(book, "F-1", [("3200", "TVA", "1000.00", "81.00")], on=date(2026, 3, 2))
    book.save()
    assert main(["post", str(tmp_path / "v.xlsx"), "--until", "31.03.2026", "--ledger", str(tmp_path / "l.xlsx")]) == 0
    capsys.readouterr()
    assert main(["ledger", "vat", str(tmp_path / "l.xlsx"), "--tdfn-rate", "6.2"]) == 0
    out = capsys.readouterr().out
    assert "1'081.00" in out and "TDFN tax at 6.2%: 67.02" in out
    assert "303" not in out and "81.00 " not in out.replace("1'081.00", "")
