"""Received basis (MWSTG art. 39): a credit note used on an invoice — only what really comes in is taxed, per rate
as the credit note's own lines say (issue 14, item 2). Effective method; hand-computed.

Sales. F-1: 3400 1000.00 + 81.00 (TVA 8.1 %), 3410 500.00 + 13.00 (TVARED 2.6 %) = 1594.00. N-1 on the 2.6 %
line only: 100.00 + 2.60 = 102.60, used on F-1. The client pays the rest, 1491.40:
    1020 / 3400 1000.00 (TVA 81.00), 1020 / 2200 81.00, 1020 / 3410 400.00 (TVARED 10.40), 1020 / 2200 10.40
    box 303: 1000.00, tax 81.00; box 313: 400.00, tax 10.40  (1081.00 + 410.40 = 1491.40)
Spread over F-1's own lines (the former way), 1491.40 gave 8.1 %: 1011.41 → 935.62 + 75.79… and 2.6 %: 479.99 →
467.82 + 12.17 — the 2.6 % turnover taxed on 467.82 although 400.00 came in.

Purchases. R-1: 4200 1000.00 + 81.00 (IPM). R-N1, a supplier credit note on 6570 100.00 + 8.10 (IPI), used on R-1.
We pay 972.90:
    4200 / 1020 1000.00 (IPM 81.00), 1170 / 1020 81.00, 1020 / 6570 100.00 (IPI −8.10), 1020 / 1171 8.10
    box 400: 81.00; box 405: −8.10 (the credit note reduces 6570 and the IPI box, not 4200 / IPM)
"""
from datetime import date
from decimal import Decimal as D

from engine.domain import ledger_reports
from engine.domain.vat import VatRates
from engine.services import posting
from tests.posting.books import books, invoice, journal, received


def _use(book, side, invoice_number, note, amount, on=date(2026, 4, 2)):
    rows = list(book.records("Payments"))
    pid = max((p.payment_id for p in rows), default=0) + 1
    for n, (number, other) in enumerate(((invoice_number, note), (note, invoice_number))):
        rows.append(book.new("Payments", payment_id=pid + n, side=side, document_number=number, date=on,
                             kind="credit_note", amount=D(amount), linked_document=other,
                             comment=other if side == "sales" else None))
    book.put("Payments", rows)


def _pay(book, side, number, amount, on=date(2026, 4, 20)):
    rows = list(book.records("Payments"))
    pid = max((p.payment_id for p in rows), default=0) + 1
    book.put("Payments", [*rows, book.new("Payments", payment_id=pid, side=side, document_number=number, date=on,
                                          kind="payment", amount=D(amount), account="1020")])


def _boxes(ledger):
    rows = ledger_reports.vat_statement(ledger.records("Journal"), VatRates.from_records(ledger.records("VatCodes")),
                                        {a.number: a.account_class for a in ledger.records("Accounts")})
    return {(r.box, r.code): (r.base, r.tax) for r in rows}


def test_a_sales_credit_note_on_one_rate_reduces_that_rate_only():
    book, ledger = books(VatBasis="received")
    invoice(book, "F-1", [("3400", "TVA", "1000.00", "81.00"), ("3410", "TVARED", "500.00", "13.00")])
    invoice(book, "N-1", [("3410", "TVARED", "100.00", "2.60")], stage="N", refers_to="F-1", on=date(2026, 3, 9))
    _use(book, "sales", "F-1", "N-1", "102.60")
    _pay(book, "sales", "F-1", "1491.40")
    posting.post(book, ledger, date(2026, 4, 30), save=False)
    assert sorted(journal(ledger)) == sorted([
        ("1020", "3400", "1000.00", "TVA", "81.00"), ("1020", "2200", "81.00", "TVA", "0.00"),
        ("1020", "3410", "400.00", "TVARED", "10.40"), ("1020", "2200", "10.40", "TVARED", "0.00")])
    boxes = _boxes(ledger)
    assert boxes[("303", "TVA")] == (D("1000.00"), D("81.00"))
    assert boxes[("313", "TVARED")] == (D("400.00"), D("10.40"))


def test_a_supplier_credit_note_reduces_its_own_account_and_box():
    book, ledger = books(VatBasis="received")
    received(book, "R-1", "1081.00", lines=[("4200", "IPM", "1081.00", "gross", None)])
    received(book, "R-N1", "108.10", stage="N", lines=[("6570", "IPI", "108.10", "gross", None)])
    _use(book, "purchases", "R-1", "R-N1", "108.10")
    _pay(book, "purchases", "R-1", "972.90")
    posting.post(book, ledger, date(2026, 4, 30), save=False)
    assert sorted(journal(ledger)) == sorted([
        ("4200", "1020", "1000.00", "IPM", "81.00"), ("1170", "1020", "81.00", "IPM", "0.00"),
        ("1020", "6570", "100.00", "IPI", "8.10"), ("1020", "1171", "8.10", "IPI", "0.00")])
    boxes = _boxes(ledger)
    assert boxes[("400", "IPM")][1] == D("81.00") and boxes[("405", "IPI")][1] == D("-8.10")


def test_a_partial_payment_after_a_credit_note_is_spread_over_what_is_left():
    """F-1 as above less N-1: 1081.00 at 8.1 % and 410.40 at 2.6 % are left (1491.40). Half, 745.70, comes in:
    8.1 %: 745.70 × 1081.00 / 1491.40 = 540.50 → tax 540.50 × 8.1/108.1 = 40.50; 2.6 %: 205.20 → tax 5.20."""
    book, ledger = books(VatBasis="received")
    invoice(book, "F-1", [("3400", "TVA", "1000.00", "81.00"), ("3410", "TVARED", "500.00", "13.00")])
    invoice(book, "N-1", [("3410", "TVARED", "100.00", "2.60")], stage="N", refers_to="F-1", on=date(2026, 3, 9))
    _use(book, "sales", "F-1", "N-1", "102.60")
    _pay(book, "sales", "F-1", "745.70")
    posting.post(book, ledger, date(2026, 4, 30), save=False)
    boxes = _boxes(ledger)
    assert boxes[("303", "TVA")] == (D("500.00"), D("40.50"))
    assert boxes[("313", "TVARED")] == (D("200.00"), D("5.20"))


def _balances(ledger) -> dict:
    out: dict = {}
    for e in ledger.records("Journal"):
        out[e.debit] = out.get(e.debit, D("0.00")) + e.amount
        out[e.credit] = out.get(e.credit, D("0.00")) - e.amount
    return {a: v for a, v in out.items() if v}


def test_a_credit_note_used_after_a_part_was_paid_moves_what_came_in_to_the_lines_left():
    """Audit of issue 14, finding 2. F-1: 3200 200.00 + 16.20 (TVA) and 3400 100.00 + 2.60 (TVARED) = 318.80. 200.00
    paid on 1 February and posted; then N-1 on the 2.6 % line (102.60) is used; the client pays the last 16.20.
    What the client paid, 216.20, was for the 8.1 % work only: 3200 200.00 and its tax 16.20; 3400 and the 2.6 %
    box nothing. (It was 3200 140.46 with 11.37 and 3400 62.74 with 1.63: the first 200.00 stayed spread over both.)
    At the use, the 200.00 received moves from (135.63 on the 8.1 % line + 64.37 on the 2.6 % one) to the 8.1 % line."""
    for side, sales in (("sales", True), ("purchases", False)):
        book, ledger = books(VatBasis="received")
        if sales:
            invoice(book, "F-1", [("3200", "TVA", "200.00", "16.20"), ("3400", "TVARED", "100.00", "2.60")])
            invoice(book, "N-1", [("3400", "TVARED", "100.00", "2.60")], stage="N", refers_to="F-1")
        else:
            received(book, "F-1", "318.80", lines=[("4200", "IPM", "216.20", "gross", None),
                                                   ("4400", "IPMRED", "102.60", "gross", None)])
            received(book, "N-1", "102.60", stage="N", lines=[("4400", "IPMRED", "102.60", "gross", None)])
        _pay(book, side, "F-1", "200.00", on=date(2026, 2, 1))
        posting.post(book, ledger, date(2026, 2, 28), save=False)
        _use(book, side, "F-1", "N-1", "102.60", on=date(2026, 3, 1))
        _pay(book, side, "F-1", "16.20", on=date(2026, 3, 10))
        posting.post(book, ledger, date(2026, 3, 31), save=False)
        got = _balances(ledger)
        if sales:
            assert got == {"1020": D("216.20"), "3200": D("-200.00"), "2200": D("-16.20")}
            assert {key: tax for key, (_, tax) in _boxes(ledger).items() if tax} == {("303", "TVA"): D("16.20")}
        else:
            assert got == {"1020": D("-216.20"), "4200": D("200.00"), "1170": D("16.20")}
