"""Year-end revaluation (issue 19 item 3): the EUR bank account and the open EUR items valued at the closing rate of
the Rates sheet on 31.12, the differences to 6949 / 6999, reversed on 1.1 of the next year. The expected entries
are worked out by hand below."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from engine.cli import main
from engine.errors import BusinessRuleError
from engine.services import bank_post, purchases, revaluation
from engine.services.posting import post
from engine.store.book import Book
from tests.posting.books import books, invoice
from tests.posting.test_properties import balances

IBAN = "CH5604835012345678009"
END, NEXT = date(2026, 12, 31), date(2027, 1, 1)


def _movement(book, movement_id, day, direction, amount, debit, credit):
    book.put("Movements", [*book.records("Movements"), book.new(
        "Movements", movement_id=movement_id, bank_iban=IBAN, booking_date=day, direction=direction,
        amount=D(amount), currency="EUR", debit_account=debit, credit_account=credit, type="Divers", label="x",
        action="post", state="pending")])


def _year(book, ledger):
    """The year 2026 of a company with a EUR account (1021) and EUR clients and suppliers."""
    book.put("Rates", [book.new("Rates", date=date(2026, 3, 2), currency="EUR", rate=D("0.9400")),
                       book.new("Rates", date=END, currency="EUR", rate=D("0.9300"))])
    book.put("BankAccounts", [book.new("BankAccounts", iban=IBAN, name="Banque EUR", currency="EUR",
                                       ledger_account="1021", opening_balance=D("0.00"),
                                       opening_date=date(2026, 1, 1))])
    # EUR 5,000.00 capital paid in on 2.3 (× 0.94 = 4,700.00), a fee of EUR 12.35 on 1.6 (× 0.94 = 11.609 → 11.61)
    _movement(book, 1, date(2026, 3, 2), "credit", "5000.00", "1021", "2800")
    _movement(book, 2, date(2026, 6, 1), "debit", "12.35", "6940", "1021")
    assert bank_post.post(book, ledger=ledger).problems == ()
    # F-1: EUR 1,000.00 at 0.94 = 940.00; EUR 400.00 paid on 1.6 at 0.94 = 376.00 (no difference); EUR 600.00 open
    invoice(book, "F-1", [("3400", "", "1000.00", "0.00")], currency="EUR", exchange_rate=D("0.9400"))
    rows = [book.new("Payments", payment_id=1, side="sales", document_number="F-1", date=date(2026, 6, 1),
                     kind="payment", amount=D("400.00"), account="1020")]
    book.put("Payments", rows)
    # EUR 540.50 incl. 8.1 % at 0.94 = 508.07 on 2000, unpaid
    purchases.new_received_invoice(book, creditor_id=1, date=date(2026, 3, 5), amount="540.50", currency="EUR",
                                   vat_code="IPM", expense_account="4200")
    post(book, ledger, END, save=False)
    # paid after the closing day: not part of what is open on 31.12
    book.put("Payments", [*book.records("Payments"), book.new(
        "Payments", payment_id=2, side="sales", document_number="F-1", date=date(2027, 1, 10), kind="payment",
        amount=D("600.00"), account="1020")])


def test_revaluation_by_hand():
    book, ledger = books()
    _year(book, ledger)
    before = balances(ledger)
    assert (before["1021"], before["1100"], before["2000"]) == (D("4688.39"), D("564.00"), D("-508.07"))
    result = revaluation.revalue(ledger, book, END)
    new = [e for e in ledger.records("Journal") if e.batch == result.batch]
    # 1021: EUR 5,000.00 − 12.35 = 4,987.65 × 0.93 = 4,638.5145 → 4,638.51; booked 4,700.00 − 11.61 = 4,688.39:
    #       49.88 less → loss 6949 / 1021
    # F-1:  EUR 600.00 × 0.93 = 558.00; booked 940.00 − 376.00 = 564.00: 6.00 less → loss 6949 / 1100
    # EUR 540.50 × 0.93 = 502.665 → 502.67; booked 508.07: the debt is 5.40 smaller → gain 2000 / 6999
    assert [(e.date, e.debit, e.credit, e.amount) for e in new] == [
        (END, "6949", "1021", D("49.88")), (END, "6949", "1100", D("6.00")), (END, "2000", "6999", D("5.40")),
        (NEXT, "1021", "6949", D("49.88")), (NEXT, "1100", "6949", D("6.00")), (NEXT, "6999", "2000", D("5.40"))]
    assert [e.group for e in new[:3]] == [None, "F-1", book.records("ReceivedInvoices")[0].number]
    assert new[0].label.startswith("Réévaluation Banque EUR 4'987.65 × 0.9300 = 4'638.51")
    assert all(e.label.startswith("Extourne Réévaluation") for e in new[3:])
    at_close = _balances_until(ledger, END)
    assert (at_close["1021"], at_close["1100"], at_close["2000"]) == (D("4638.51"), D("558.00"), D("-502.67"))
    assert at_close["6949"] == D("55.88")  # 49.88 + 6.00 (the fee is on 6940)
    after = balances(ledger)  # the reversal on 1.1 brings every account back to its historical CHF
    assert all(after[a] == before[a] for a in ("1021", "1100", "2000")) and after["6949"] == 0


def _balances_until(ledger, day):
    out = {}
    for e in ledger.records("Journal"):
        if e.date <= day:
            out[e.debit] = out.get(e.debit, D(0)) + e.amount
            out[e.credit] = out.get(e.credit, D(0)) - e.amount
    return out


def test_run_again_replaces_its_batch():
    book, ledger = books()
    _year(book, ledger)
    revaluation.revalue(ledger, book, END)
    count = len(ledger.records("Journal"))
    book.put("Rates", [*book.records("Rates")[:1], book.new("Rates", date=END, currency="EUR", rate=D("0.9400"))])
    result = revaluation.revalue(ledger, book, END)  # at the historical rate nothing is left to revalue
    assert result.entries == 0 and len(ledger.records("Journal")) == count - 6


def test_no_closing_rate_is_refused_and_nothing_written():
    book, ledger = books()
    book.put("Documents", [])
    invoice(book, "F-1", [("3400", "", "1000.00", "0.00")], currency="USD", exchange_rate=D("0.8800"))
    post(book, ledger, END, save=False)
    count = len(ledger.records("Journal"))
    with pytest.raises(BusinessRuleError) as raised:
        revaluation.revalue(ledger, book, END)
    assert "no USD rate on or before 31.12.2026" in str(raised.value) and "Rates" in str(raised.value)
    assert len(ledger.records("Journal")) == count


def year_on_disk(tmp_path) -> None:
    """ventes.xlsx and compta.xlsx in ``tmp_path``, with the year of :func:`_year` posted."""
    assert main(["new", "invoicing", str(tmp_path / "ventes.xlsx")]) == 0
    assert main(["new", "ledger", str(tmp_path / "compta.xlsx")]) == 0
    book, ledger = Book.open(tmp_path / "ventes.xlsx"), Book.open(tmp_path / "compta.xlsx")
    book.put("Clients", [book.new("Clients", client_id=1, company="Berlin GmbH", currency="EUR")])
    book.put("Creditors", [book.new("Creditors", creditor_id=1, name="Papeterie SA", expense_account="4200",
                                    vat_code="IPM")])
    _year(book, ledger)
    book.save()
    ledger.save()


def test_the_command_line(tmp_path, capsys):
    year_on_disk(tmp_path)
    capsys.readouterr()
    assert main(["ledger", "revalue", str(tmp_path / "compta.xlsx"), "--date", "31.12.2026", "--book",
                 str(tmp_path / "ventes.xlsx")]) == 0
    out = capsys.readouterr().out
    assert "6 entries in batch revaluation-2026-12-31-ventes" in out and "-49.88" in out
    journal = Book.open(tmp_path / "compta.xlsx").records("Journal")
    assert sum(e.batch == "revaluation-2026-12-31-ventes" for e in journal) == 6
    assert main(["ledger", "revalue", str(tmp_path / "compta.xlsx"), "--date", "2026-12-31"]) == 2
    assert "--book" in capsys.readouterr().err


def test_a_closed_year_is_refused_and_nothing_written():
    book, ledger = books()
    _year(book, ledger)
    ledger.put("Periods", [ledger.new("Periods", period="2026", start=date(2026, 1, 1), end=END, closed=True),
                           ledger.new("Periods", period="2027", start=NEXT, end=date(2027, 12, 31))])
    count = len(ledger.records("Journal"))
    with pytest.raises(BusinessRuleError) as raised:
        revaluation.revalue(ledger, book, END)
    assert "period 2026 (01.01.2026 – 31.12.2026) is closed" in str(raised.value)
    assert len(ledger.records("Journal")) == count


def test_received_basis_revalues_the_bank_only():
    book, ledger = books(VatBasis="received")
    _year(book, ledger)
    result = revaluation.revalue(ledger, book, END)
    # the invoices are not in 1100 / 2000 on the received basis: only 1021, 49.88 as above
    assert [(r.position.account, r.difference) for r in result.rows] == [("1021", D("-49.88"))]


def test_a_pending_movement_or_an_unposted_payment_on_the_account_is_refused():
    book, ledger = books()
    _year(book, ledger)
    _movement(book, 3, date(2026, 12, 30), "credit", "100.00", "1021", "9907")  # imported, not posted
    with pytest.raises(BusinessRuleError) as raised:
        revaluation.revalue(ledger, book, END)
    assert "movement 3 of Banque EUR (EUR 100.00 on 30.12.2026) is still pending" in str(raised.value)
    book.put("Movements", [m for m in book.records("Movements") if m.movement_id != 3])
    book.put("Payments", [*book.records("Payments"), book.new(
        "Payments", payment_id=3, side="sales", document_number="F-1", date=date(2026, 12, 20), kind="payment",
        amount=D("100.00"), account="1021")])
    with pytest.raises(BusinessRuleError) as raised:
        revaluation.revalue(ledger, book, END)
    assert "payment 3 (F-1, 20.12.2026) on 1021 is not posted" in str(raised.value)


def test_two_invoicing_books_into_one_ledger_keep_a_batch_each():
    book, ledger = books()
    _year(book, ledger)
    other, _ = books()
    other.name = "atelier.xlsx"
    invoice(other, "F-9", [("3400", "", "100.00", "0.00")], currency="EUR", exchange_rate=D("0.9400"))
    other.put("Rates", [other.new("Rates", date=END, currency="EUR", rate=D("0.9300"))])
    post(other, ledger, END, save=False)
    first = revaluation.revalue(ledger, book, END)
    second = revaluation.revalue(ledger, other, END)  # 100 × 0.93 = 93.00 for 94.00 booked: 1.00 loss
    assert first.batch != second.batch
    batches = [e.batch for e in ledger.records("Journal")]
    assert batches.count(first.batch) == 6 and batches.count(second.batch) == 2


def test_books_given_the_wrong_way_round_are_named(tmp_path, capsys):
    assert main(["new", "invoicing", str(tmp_path / "ventes.xlsx")]) == 0
    assert main(["new", "ledger", str(tmp_path / "compta.xlsx")]) == 0
    capsys.readouterr()
    assert main(["ledger", "revalue", str(tmp_path / "ventes.xlsx"), "--date", "31.12.2026", "--book",
                 str(tmp_path / "compta.xlsx")]) == 2
    assert "ventes.xlsx is the invoicing book and compta.xlsx the ledger book" in capsys.readouterr().err


def test_an_invoice_paid_with_its_reminder_fee_is_not_revalued():
    """Review of this session's change: the revaluation summed settlements itself and left fees out. F-2: EUR 1,000.00
    at 0.94 + a reminder fee of EUR 20.00, paid EUR 1,020.00 on 1.6 (all posted): 1100 holds nothing for F-2, so no
    position — it was valued at −20 EUR and an exchange result posted on a settled invoice."""
    book, ledger = books()
    book.put("Rates", [book.new("Rates", date=date(2026, 3, 2), currency="EUR", rate=D("0.9400")),
                       book.new("Rates", date=END, currency="EUR", rate=D("0.9300"))])
    invoice(book, "F-2", [("3400", "", "1000.00", "0.00")], currency="EUR", exchange_rate=D("0.9400"))
    book.put("Payments", [
        book.new("Payments", payment_id=1, side="sales", document_number="F-2", date=date(2026, 5, 1), kind="fee",
                 amount=D("20.00"), comment="reminder 1"),
        book.new("Payments", payment_id=2, side="sales", document_number="F-2", date=date(2026, 6, 1),
                 kind="payment", amount=D("1020.00"), account="1020")])
    post(book, ledger, END, save=False)
    assert all(p.posted_session for p in book.records("Payments"))
    assert [p for p in revaluation.open_items(book, END) if p.group == "F-2"] == []


def test_the_invoicing_book_given_as_ledger_without_book_is_named_not_a_crash(tmp_path, capsys):
    """Without --book the invoicing book comes from the mandate: naming the wrong order must not read the --book
    that was not given (it raised AttributeError on None)."""
    assert main(["new", "invoicing", str(tmp_path / "ventes.xlsx")]) == 0
    assert main(["new", "ledger", str(tmp_path / "compta.xlsx")]) == 0
    assert main(["mandate", "create", "--invoicing", str(tmp_path / "ventes.xlsx"), "--ledger",
                 str(tmp_path / "compta.xlsx")]) == 0
    capsys.readouterr()
    assert main(["ledger", "revalue", str(tmp_path / "ventes.xlsx"), "--date", "31.12.2026"]) == 2
    assert "ventes.xlsx is the invoicing book and ventes.xlsx the invoicing book" in capsys.readouterr().err


def test_the_ledgers_language_speaks_though_the_invoicing_book_is_opened_after_it(tmp_path, capsys, monkeypatch):
    from engine.store.translate import translate
    monkeypatch.setenv("COMPTOIR_LANGUAGE", "en")
    year_on_disk(tmp_path)
    translate(tmp_path / "compta.xlsx", "de")
    translate(tmp_path / "ventes.xlsx", "fr")
    capsys.readouterr()
    assert main(["ledger", "revalue", str(tmp_path / "compta.xlsx"), "--date", "31.12.2026", "--book",
                 str(tmp_path / "ventes.xlsx")]) == 0
    out = capsys.readouterr().out
    assert out.split()[:2] == ["Konto", "Posten"]
    assert "6 Buchungen im Stapel revaluation-2026-12-31-ventes: am 31.12.2026 und am Tag danach storniert" in out
