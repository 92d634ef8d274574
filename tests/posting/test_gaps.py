"""Issue 6 gaps, with the expected entries typed by hand: down-payment invoices and their deduction on the final
invoice, reminder fees carrying the supply's VAT (default interest without), and locks naming the changed cell."""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal as D

from engine.services.posting import check_locks, post
from tests.posting.books import books, invoice, journal, pay

MARCH, APRIL = date(2026, 3, 2), date(2026, 4, 1)


def test_down_payment_then_final_invoice_clears_2030():
    book, ledger = books()
    # The down payment (DownPayment TRUE, number + "a"): its line is on DownPaymentAccount 2030.
    invoice(book, "F-1a", [("2030", "TVA", "1000.00", "81.00")], down_payment=True)
    # The final invoice refers to it and deducts it per VAT code on 2030 (DocumentLines.Kind = down_payment).
    invoice(book, "F-2", [("3200", "TVA", "3000.00", "243.00"), ("2030", "TVA", "-1000.00", "-81.00")],
            on=date(2026, 3, 20), refers_to="F-1a")
    book.put("DocumentLines", [replace(l, kind="down_payment") if (l.document_number, l.position) == ("F-2", 2)
                               else l for l in book.records("DocumentLines")])
    pay(book, "F-1a", "1081.00", date(2026, 3, 10))
    pay(book, "F-2", "2162.00", APRIL)
    post(book, ledger, date(2026, 4, 30), save=False)
    assert journal(ledger) == [
        ("1100", "2030", "1000.00", "TVA", "81.00"), ("1100", "2200", "81.00", "TVA", "0.00"),  # 1100 / 2030 + 2200
        ("1020", "1100", "1081.00", "", "0.00"),
        ("1100", "3200", "3000.00", "TVA", "243.00"), ("2030", "1100", "1000.00", "TVA", "81.00"),
        ("1100", "2200", "243.00", "TVA", "0.00"), ("2200", "1100", "81.00", "TVA", "0.00"),  # 2030 + 2200 / 1100
        ("1020", "1100", "2162.00", "", "0.00")]
    balance = {}
    for e in ledger.records("Journal"):
        balance[e.debit] = balance.get(e.debit, D(0)) + e.amount
        balance[e.credit] = balance.get(e.credit, D(0)) - e.amount
    assert balance["2030"] == 0 and balance["1100"] == 0 and balance["2200"] == D("-243.00")


def test_reminder_fee_at_issue_follows_the_vat_of_the_invoice_lines():
    book, ledger = books(ReminderFeePosting="issue")
    # The fee follows each rate's share of the supply (posting.documents._charge_legs): gross 1081.00 at TVA and
    # 102.60 at TVARED of 1183.60; 20 × 1081 / 1183.6 = 18.2663, 20 × 102.6 / 1183.6 = 1.7337 → 1826 + 173 cents,
    # the cent left to the larger remainder (.63): 18.27 and 1.73. 18.27 × 8.1 / 108.1 = 1.3690 → 1.37 VAT, 16.90
    # net; 1.73 × 2.6 / 102.6 = 0.0438 → 0.04 VAT, 1.69 net.
    invoice(book, "F-1", [("3200", "TVA", "1000.00", "81.00"), ("3400", "TVARED", "100.00", "2.60")])
    pay(book, "F-1", "20.00", APRIL, kind="fee", account=None)
    pay(book, "F-1", "12.00", APRIL, kind="interest", account=None)
    post(book, ledger, date(2026, 4, 30), save=False)
    assert journal(ledger)[4:] == [("1100", "3600", "16.90", "TVA", "1.37"), ("1100", "2200", "1.37", "TVA", "0.00"),
                                   ("1100", "3600", "1.69", "TVARED", "0.04"),
                                   ("1100", "2200", "0.04", "TVARED", "0.00"),
                                   ("1100", "6950", "12.00", "", "0.00")]  # interest: damages, no VAT


def test_reminder_fee_under_tdfn_stays_gross():
    book, ledger = books(VatMethod="tdfn", ReminderFeePosting="issue")
    invoice(book, "F-1", [("3200", "TVA", "1000.00", "81.00")])
    pay(book, "F-1", "20.00", APRIL, kind="fee", account=None)
    post(book, ledger, date(2026, 4, 30), save=False)
    assert journal(ledger)[1:] == [("1100", "3600", "20.00", "TVA", "1.50")]


def test_check_locks_names_the_changed_cell():
    book, ledger = books()
    invoice(book, "F-1", [("3200", "TVA", "1000.00", "81.00")])
    pid = pay(book, "F-1", "1081.00", APRIL)
    post(book, ledger, date(2026, 4, 30), save=False)
    assert check_locks(book) == []
    table = book.table("Payments")
    book.put("Payments", [replace(p, amount=D("1080.00")) if p.payment_id == pid else p for p in table.records])
    book.put("DocumentLines", [replace(l, net_amount=D("999.00")) for l in book.records("DocumentLines")])
    problems = check_locks(book)
    cells = {(p.source.sheet, p.source.column) for p in problems}
    amount_column = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[[c.field for c in table.schema.columns].index("amount")]
    assert ("Payments", amount_column) in cells
    assert any(p.source.sheet == "DocumentLines" for p in problems)
    assert any("Amount changed after it was posted in session 1" in p.message for p in problems)


def test_status_shows_c_while_partly_posted_and_C_when_everything_is():
    """The suite's status letters (DOMAIN.md §0): c partly posted, C fully posted; unposting clears them."""
    from engine.services import posting as service

    book, ledger = books()
    invoice(book, "F-1", [("3400", "TVA", "100.00", "8.10")], status="F_")
    pay(book, "F-1", "50.00", date(2026, 5, 1))
    pay(book, "F-1", "58.10", date(2026, 7, 1))
    service.post(book, ledger, date(2026, 5, 31), save=False)
    assert next(d for d in book.records("Documents") if d.number == "F-1").status == "F_c"
    service.post(book, ledger, date(2026, 12, 31), save=False)
    assert next(d for d in book.records("Documents") if d.number == "F-1").status == "F_C"
    service.unpost(book, ledger, 1, save=False)
    assert next(d for d in book.records("Documents") if d.number == "F-1").status == "F_"
