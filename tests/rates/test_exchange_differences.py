"""Realised exchange differences: a EUR invoice posted at its rate r1 and paid at the rate r2 of the day the money
came (the Rates sheet, or the CHF the bank booked typed in Payments AmountCHF) leaves a difference, posted with the
payment to 6949 (loss) or 6999 (gain): the partner account ends at exactly 0.00 CHF and the bank account holds the
bank's CHF. Every expected entry below is worked out by hand from the amounts and rates."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP
from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.cli import main
from engine.errors import BusinessRuleError
from engine.services import purchases
from engine.services.posting import post
from engine.store.book import Book
from tests.posting.books import books, invoice, journal, received
from tests.posting.test_properties import balances

ISSUED, PAID, LATER = date(2026, 3, 2), date(2026, 4, 1), date(2026, 5, 4)


def _rates(book):
    # 0.9400 from 2 March (the invoice), 0.9300 from 1 April, 0.9500 from 4 May
    book.put("Rates", [book.new("Rates", date=d, currency="EUR", rate=D(r))
                       for d, r in ((ISSUED, "0.9400"), (PAID, "0.9300"), (LATER, "0.9500"))])


def _pay(book, number, amount, on, kind="payment", side="sales", account="1020", amount_chf=None):
    rows = list(book.records("Payments"))
    rows.append(book.new("Payments", payment_id=len(rows) + 1, side=side, document_number=number, date=on, kind=kind,
                         amount=D(amount), account=account, amount_chf=None if amount_chf is None else D(amount_chf)))
    book.put("Payments", rows)


def _eur_invoice(book, basis_rate="0.9400"):
    # EUR 1,000.00 of work without VAT (export) at 0.9400 = CHF 940.00 on 1100
    invoice(book, "F-1", [("3400", "", "1000.00", "0.00")], on=ISSUED, currency="EUR", exchange_rate=D(basis_rate))


def test_paid_at_a_lower_rate_the_loss_is_posted_and_1100_ends_at_zero():
    book, ledger = books()
    _rates(book)
    _eur_invoice(book)
    _pay(book, "F-1", "1000.00", PAID)  # EUR 1,000.00 at 0.9300 = CHF 930.00 came in
    post(book, ledger, date(2026, 12, 31), save=False)
    # 940.00 invoiced − 930.00 received = 10.00 loss: 6949 / 1100
    assert journal(ledger) == [("1100", "3400", "940.00", "", "0.00"), ("1020", "1100", "930.00", "", "0.00"),
                               ("6949", "1100", "10.00", "", "0.00")]
    totals = balances(ledger)
    assert (totals["1100"], totals["1020"], totals["6949"]) == (0, D("930.00"), D("10.00"))
    fx = ledger.records("Journal")[-1]
    assert fx.group == "F-1" and fx.date == PAID and "différence de change" in fx.label


def test_two_instalments_a_loss_then_a_gain():
    book, ledger = books()
    _rates(book)
    _eur_invoice(book)
    _pay(book, "F-1", "500.00", PAID)   # 500 × 0.93 = 465.00 for 500 × 0.94 = 470.00 cleared: loss 5.00
    _pay(book, "F-1", "500.00", LATER)  # 500 × 0.95 = 475.00 for 470.00 cleared: gain 5.00
    post(book, ledger, date(2026, 12, 31), save=False)
    assert journal(ledger)[1:] == [("1020", "1100", "465.00", "", "0.00"), ("6949", "1100", "5.00", "", "0.00"),
                                   ("1020", "1100", "475.00", "", "0.00"), ("1100", "6999", "5.00", "", "0.00")]
    totals = balances(ledger)
    # 1100: 940 − 465 − 5 − 475 + 5 = 0; the bank got 465 + 475 = 940; loss and gain 5.00 each
    assert (totals["1100"], totals["1020"], totals["6949"], totals["6999"]) == (0, D("940.00"), D("5.00"), D("-5.00"))


def test_a_payment_with_discount_only_the_money_has_a_difference():
    book, ledger = books()
    _rates(book)
    _eur_invoice(book)
    _pay(book, "F-1", "980.00", PAID)
    _pay(book, "F-1", "20.00", PAID, kind="discount")
    post(book, ledger, date(2026, 12, 31), save=False)
    # money: 980 × 0.93 = 911.40 received for 980 × 0.94 = 921.20 cleared → loss 9.80
    # discount (no money, the invoice's rate): 940.00 − 921.20 = 18.80 on 3800
    assert journal(ledger)[1:] == [("1020", "1100", "911.40", "", "0.00"), ("6949", "1100", "9.80", "", "0.00"),
                                   ("3800", "1100", "18.80", "", "0.00")]
    assert balances(ledger)["1100"] == 0


def test_the_chf_the_bank_booked_wins_over_the_rates_sheet():
    book, ledger = books()
    _rates(book)
    _eur_invoice(book)
    _pay(book, "F-1", "1000.00", PAID, amount_chf="925.15")  # the bank's own conversion
    post(book, ledger, date(2026, 12, 31), save=False)
    # 940.00 − 925.15 = 14.85 loss
    assert journal(ledger)[1:] == [("1020", "1100", "925.15", "", "0.00"), ("6949", "1100", "14.85", "", "0.00")]


def test_a_received_invoice_paid_at_a_higher_rate_costs_more():
    book, ledger = books()
    _rates(book)
    purchases.new_received_invoice(book, creditor_id=1, date=ISSUED, amount="540.50", currency="EUR",
                                   vat_code="IPM", expense_account="4200")
    number = book.records("ReceivedInvoices")[-1].number
    _pay(book, number, "540.50", LATER, side="purchases")
    post(book, ledger, date(2026, 12, 31), save=False)
    # invoice at 0.94: net 500.00 × 0.94 = 470.00, tax 40.50 × 0.94 = 38.07, 2000 credited 508.07 (= 540.50 × 0.94)
    # paid at 0.95: 540.50 × 0.95 = 513.475 → 513.48 left the bank; 513.48 − 508.07 = 5.41 more: a loss
    assert sorted(journal(ledger)) == sorted([("4200", "2000", "470.00", "IPM", "38.07"),
                                              ("1170", "2000", "38.07", "IPM", "0.00"),
                                              ("2000", "1020", "513.48", "", "0.00"),
                                              ("6949", "2000", "5.41", "", "0.00")])
    totals = balances(ledger)
    assert (totals["2000"], totals["1020"]) == (0, D("-513.48"))


def test_received_basis_turnover_and_tax_at_the_rate_of_the_payment():
    """Received basis: the tax claim arises at payment (MWSTG art. 40), converted then (MWSTV art. 45 al. 1): no
    exchange difference, the turnover and the tax at the payment's day rate."""
    book, ledger = books(VatBasis="received")
    _rates(book)
    invoice(book, "F-1", [("3400", "TVA", "1000.00", "81.00")], on=ISSUED, currency="EUR", exchange_rate=D("0.9400"))
    _pay(book, "F-1", "600.00", PAID)   # at 0.93: 600 × 0.93 = 558.00
    _pay(book, "F-1", "481.00", LATER)  # at 0.95: 481 × 0.95 = 456.95
    post(book, ledger, date(2026, 12, 31), save=False)
    # 600 of 1,081 EUR: net 1000 × 600/1081 = 555.0416 → 555.04 EUR, tax 44.96 EUR; × 0.93 = 516.19 + 41.81 = 558.00
    # the rest: net 444.96, tax 36.04 EUR; × 0.95 = 422.71 + 34.24 = 456.95 (422.712 → 422.71, 34.238 → 34.24)
    assert journal(ledger) == [("1020", "3400", "516.19", "TVA", "41.81"), ("1020", "2200", "41.81", "TVA", "0.00"),
                               ("1020", "3400", "422.71", "TVA", "34.24"), ("1020", "2200", "34.24", "TVA", "0.00")]
    totals = balances(ledger)
    assert totals["1020"] == D("1014.95") and totals["6949"] == totals["6999"] == 0


def test_gain_and_loss_accounts_come_from_settings():
    book, ledger = books(ExchangeLossAccount="6900", ExchangeGainAccount="6950")
    _rates(book)
    _eur_invoice(book)
    _pay(book, "F-1", "500.00", PAID)
    _pay(book, "F-1", "500.00", LATER)
    post(book, ledger, date(2026, 12, 31), save=False)
    assert [(e.debit, e.credit) for e in ledger.records("Journal")][2::2] == [("6900", "1100"), ("1100", "6950")]


def test_a_book_without_rates_posts_as_before():
    book, ledger = books(EURRate=D("0.9000"))  # EURRate is the invoice's fallback, never a payment's day rate
    _eur_invoice(book)
    _pay(book, "F-1", "1000.00", PAID)
    post(book, ledger, date(2026, 12, 31), save=False)
    assert journal(ledger) == [("1100", "3400", "940.00", "", "0.00"), ("1020", "1100", "940.00", "", "0.00")]


def _saved_books(folder):
    folder.mkdir()
    assert main(["new", "invoicing", str(folder / "ventes.xlsx")]) == 0
    assert main(["new", "ledger", str(folder / "compta.xlsx")]) == 0
    book = Book.open(folder / "ventes.xlsx")
    book.put("Clients", [book.new("Clients", client_id=1, company="Berlin GmbH", currency="EUR")])
    _rates(book)
    invoice(book, "F-1", [("3400", "", "1000.00", "0.00")], on=ISSUED, currency="EUR", exchange_rate=D("0.9400"))
    _pay(book, "F-1", "500.00", PAID)
    _pay(book, "F-1", "480.00", LATER)
    _pay(book, "F-1", "20.00", LATER, kind="discount")
    book.save()
    return folder / "ventes.xlsx", folder / "compta.xlsx"


def _rows(path):
    return [(e.date, e.debit, e.credit, e.amount, e.group, e.label) for e in Book.open(path).records("Journal")]


def test_both_roads_post_the_same_journal(tmp_path, capsys):
    direct_book, direct_ledger = _saved_books(tmp_path / "direct")
    assert main(["post", str(direct_book), "--until", "2026-12-31", "--ledger", str(direct_ledger)]) == 0
    shared_book, shared_ledger = _saved_books(tmp_path / "shared")
    assert main(["mandate", "create", "--invoicing", str(shared_book), "--ledger", str(shared_ledger)]) == 0
    assert main(["post", str(shared_book), "--until", "2026-12-31"]) == 0
    assert main(["mandate", "pull", str(shared_ledger)]) == 0
    direct, shared = _rows(direct_ledger), _rows(shared_ledger)
    assert direct == shared
    # 500 × (0.93 − 0.94) = −5.00; 480 × (0.95 − 0.94) = +4.80; the discount 20 × 0.94 = 18.80
    fx = [(d, c, a) for _, d, c, a, _, label in direct if "change" in label]
    assert fx == [("6949", "1100", D("5.00")), ("1100", "6999", D("4.80"))]
    totals = {}
    for _, d, c, a, _, _ in direct:
        totals[d] = totals.get(d, 0) + a
        totals[c] = totals.get(c, 0) - a
    # 1020: 465.00 + 480 × 0.95 = 456.00 → 921.00; 1100: 940 − 465 − 5 − 456 + 4.80 − 18.80 = 0
    assert (totals["1100"], totals["1020"]) == (0, D("921.00"))


def test_a_eur_receipt_on_the_eur_account_recognised_then_posted():
    """The camt road: EUR 1,000.00 credited on the EUR account (ledger 1021) on 1.4 with the invoice's QR reference
    is recognised as its payment; the invoicing posts it (the movement itself is skipped, no money twice) at the
    rate of the booking date: 1021 gets 1,000.00 × 0.93 = 930.00, what the bank's CHF is, and 6949 the 10.00."""
    from engine.services import bank, bank_post
    iban, reference = "CH5604835012345678009", "210000000003139471430009017"
    book, ledger = books()
    _rates(book)
    book.put("BankAccounts", [book.new("BankAccounts", iban=iban, name="Banque EUR", currency="EUR",
                                       ledger_account="1021")])
    invoice(book, "F-1", [("3400", "", "1000.00", "0.00")], on=ISSUED, currency="EUR", exchange_rate=D("0.9400"),
            qr_reference=reference, status="F")
    book.put("Movements", [book.new("Movements", movement_id=1, bank_iban=iban, booking_date=PAID, value_date=PAID,
                                    direction="credit", amount=D("1000.00"), currency="EUR", reference_type="QRR",
                                    reference=reference, state="pending", bank_code="PMNT/RCDT/VCOM")])
    assert bank.reconcile(book).payments == 1
    post(book, ledger, date(2026, 12, 31), save=False)
    assert bank_post.post(book, ledger=ledger).entries == 0
    assert journal(ledger) == [("1100", "3400", "940.00", "", "0.00"), ("1021", "1100", "930.00", "", "0.00"),
                               ("6949", "1100", "10.00", "", "0.00")]


def test_a_eur_credit_note_refunded_at_a_higher_rate_is_a_loss():
    book, ledger = books()
    _rates(book)
    # credit note EUR 200.00 at 0.94 = 188.00 owed to the client (1100 credited); refunded on 4.5 at 0.95:
    # 200 × 0.95 = 190.00 left the bank, 2.00 more than the credit note's CHF: a loss
    invoice(book, "N-1", [("3400", "", "200.00", "0.00")], stage="N", on=ISSUED, currency="EUR",
            exchange_rate=D("0.9400"))
    _pay(book, "N-1", "200.00", LATER)
    post(book, ledger, date(2026, 12, 31), save=False)
    assert journal(ledger) == [("3400", "1100", "188.00", "", "0.00"), ("1100", "1020", "190.00", "", "0.00"),
                               ("6949", "1100", "2.00", "", "0.00")]
    assert balances(ledger)["1100"] == 0


CENTS = st.integers(1, 500_000).map(lambda c: D(c) / 100)
RATE = st.integers(8_000, 11_000).map(lambda r: D(r) / 10_000)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(CENTS, RATE, st.lists(st.tuples(st.integers(1, 99), RATE), max_size=3), RATE,
       st.sampled_from(["sales", "purchases"]), st.sampled_from(["agreed", "received"]))
def test_whatever_the_rates_the_partner_ends_at_zero_and_the_bank_at_its_chf(total, rate, cuts, last, side, basis):
    """An invoice of ``total`` at ``rate`` paid in instalments, each on its own day at its own rate: once it is
    settled the partner account is 0.00, the bank moved exactly Σ quantize(instalment × its rate), every entry
    balances, and the exchange result is what the bank moved minus the invoice's CHF (agreed basis); on the received
    basis there is none: the lines got what the bank moved."""
    book, ledger = books(VatBasis=basis)
    day, paid, rows, moved = ISSUED, D("0.00"), [(ISSUED, rate)], D("0.00")
    if side == "sales":
        invoice(book, "F-1", [("3400", "", str(total), "0.00")], on=ISSUED, currency="EUR", exchange_rate=rate)
    else:
        received(book, "R-1", str(total), on=ISSUED, currency="EUR", exchange_rate=rate, expense_account="4200",
                 vat_code="IPM")
    number = "F-1" if side == "sales" else "R-1"
    for n, (cut, day_rate) in enumerate(sorted(cuts) + [(100, last)]):
        amount = (total * cut / 100).quantize(D("0.01")) - paid
        if amount <= 0:
            continue
        day = ISSUED + timedelta(days=n + 1)
        rows.append((day, day_rate))
        _pay(book, number, amount, day, side=side)
        paid += amount
        moved += (amount * day_rate).quantize(D("0.01"), rounding=ROUND_HALF_UP)
    book.put("Rates", [book.new("Rates", date=d, currency="EUR", rate=r) for d, r in dict(rows).items()])
    post(book, ledger, date(2026, 12, 31), save=False)
    totals = balances(ledger)
    invoiced = (total * rate).quantize(D("0.01"), rounding=ROUND_HALF_UP)
    partner, sign = ("1100", 1) if side == "sales" else ("2000", -1)
    assert totals[partner] == 0 and sum(totals.values()) == 0
    assert totals["1020"] == sign * moved
    lines = totals["3400"] if side == "sales" else totals["4200"] + totals["1170"]
    if basis == "agreed":  # sales: a gain when more came in; purchases: a loss when more went out
        assert -(totals["6949"] + totals["6999"]) == sign * (moved - invoiced) and lines == -sign * invoiced
    else:
        assert totals["6949"] == totals["6999"] == 0 and lines == -sign * moved


def test_a_ledger_without_the_exchange_accounts_is_told_before_anything_is_written(tmp_path):
    book_path, ledger_path = _saved_books(tmp_path / "old")
    ledger = Book.open(ledger_path)  # a chart made before 6949 / 6999 were in it
    ledger.put("Accounts", [a for a in ledger.records("Accounts") if a.number not in ("6949", "6999")])
    ledger.save()
    before = (book_path.read_bytes(), ledger_path.read_bytes())
    assert main(["post", str(book_path), "--until", "2026-12-31", "--ledger", str(ledger_path)]) == 2
    assert (book_path.read_bytes(), ledger_path.read_bytes()) == before
    ledger = Book.open(ledger_path)
    ledger.put("Accounts", [*ledger.records("Accounts"), ledger.new("Accounts", number="6949", name="Pertes de change",
                                                                   account_class="expense")])
    ledger.save()
    with pytest.raises(BusinessRuleError) as raised:  # the gain of 4.80 still has no account
        post(Book.open(book_path), ledger, date(2026, 12, 31), save=False)
    assert "goes to 6999, which the chart of compta.xlsx does not have" in str(raised.value)
    # said in the system's English (no command runs), the account named as the SME chart names it in English
    assert "add 6999 Exchange gains to the ledger's Accounts" in str(raised.value)


def _note_on_invoice(book):
    """F-1 EUR 1,000.00 at 0.94 = 940.00; N-1 EUR 100.00 at 0.93 = 93.00 (issued on 1.4), used on F-1."""
    invoice(book, "F-1", [("3400", "", "1000.00", "0.00")], on=ISSUED, currency="EUR", exchange_rate=D("0.9400"),
            balance=D("1000.00"))
    invoice(book, "N-1", [("3400", "", "100.00", "0.00")], stage="N", on=PAID, currency="EUR",
            exchange_rate=D("0.9300"), refers_to="F-1", balance=D("100.00"))


def test_a_eur_credit_note_used_on_an_invoice_of_another_rate_leaves_1091_at_zero():
    from engine.services import sales_payments
    book, ledger = books()
    _rates(book)
    _note_on_invoice(book)
    sales_payments.apply_credit_note(book, "N-1", "F-1", on=PAID)  # two rows: one on F-1, one on N-1
    post(book, ledger, date(2026, 12, 31), save=False)
    # F-1's row: 100 EUR of F-1 at 0.94 = 94.00 off 1100 (to 1091); N-1's row: 100 EUR at 0.93 = 93.00 back on
    # 1100 (from 1091): 1091 keeps 1.00, the exchange loss of using a note worth 93.00 on 94.00 owed
    assert [row for row in journal(ledger) if "1091" in row[:2] or "6949" in row[:2]] == [
        ("1091", "1100", "94.00", "", "0.00"), ("6949", "1091", "1.00", "", "0.00"),
        ("1100", "1091", "93.00", "", "0.00")]
    totals = balances(ledger)
    # 1100: 940.00 − 93.00 (the note) − 94.00 + 93.00 = 846.00 = EUR 900.00 open × 0.94
    assert (totals["1091"], totals["1100"], totals["6949"]) == (0, D("846.00"), D("1.00"))


def test_a_lone_credit_note_row_posts_both_halves_each_at_its_rate():
    book, ledger = books()
    _rates(book)
    _note_on_invoice(book)
    rows = list(book.records("Payments"))  # typed by hand on the note only, naming the invoice
    rows.append(book.new("Payments", payment_id=1, side="sales", document_number="N-1", date=PAID,
                         kind="credit_note", amount=D("100.00"), linked_document="F-1"))
    book.put("Payments", rows)
    post(book, ledger, date(2026, 12, 31), save=False)
    totals = balances(ledger)
    assert (totals["1091"], totals["1100"], totals["6949"]) == (0, D("846.00"), D("1.00"))
    groups = {}
    for e in ledger.records("Journal"):
        for account, sign in ((e.debit, 1), (e.credit, -1)):
            if account == "1100":
                groups[e.group] = groups.get(e.group, 0) + sign * e.amount
    assert groups == {"F-1": D("846.00"), "N-1": 0}  # each document's pointage at its own CHF


def test_a_supplier_credit_note_of_another_rate_used_on_an_invoice():
    from engine.services import purchases_settle
    book, ledger = books()
    _rates(book)
    number = purchases.new_received_invoice(book, creditor_id=1, date=ISSUED, amount="540.50", currency="EUR",
                                            vat_code="IPM", expense_account="4200").ids[0]
    note = purchases.new_received_invoice(book, creditor_id=1, date=LATER, amount="-100.00", currency="EUR",
                                          vat_code="IPM", expense_account="4200").ids[0]
    purchases_settle.use_credit_note(book, number, note, date=LATER)
    post(book, ledger, date(2026, 12, 31), save=False)
    totals = balances(ledger)
    # the invoice at 0.94, the note at 0.95: 100 EUR of debt worth 94.00 cleared by a note worth 95.00: 1.00 loss;
    # 2000: −540.50 × 0.94 + 100 × 0.95 (the note) + 94.00 − 95.00 = −508.07 + 94.00 = −414.07 = −440.50 × 0.94
    assert (totals["2009"], totals["6949"], totals["2000"]) == (0, D("1.00"), D("-414.07"))


def test_the_labels_speak_the_books_language():
    book, ledger = books(DefaultLanguage="DE")
    _rates(book)
    _eur_invoice(book)
    _pay(book, "F-1", "1000.00", PAID)
    post(book, ledger, date(2026, 12, 31), save=False)
    assert ledger.records("Journal")[-1].label.endswith("– Kursdifferenz")


def test_a_chf_receipt_for_a_eur_invoice_says_how_to_book_it_and_that_way_it_balances():
    from engine.services import bank, bank_post, sales_payments
    iban, reference = "CH9300762011623852957", "210000000003139471430009017"
    book, ledger = books()
    book.put("BankAccounts", [book.new("BankAccounts", iban=iban, name="Banque", currency="CHF",
                                       ledger_account="1020")])
    invoice(book, "F-1", [("3400", "", "1000.00", "0.00")], on=ISSUED, currency="EUR", exchange_rate=D("0.9400"),
            qr_reference=reference, status="F", balance=D("1000.00"))
    book.put("Movements", [book.new("Movements", movement_id=1, bank_iban=iban, booking_date=PAID, direction="credit",
                                    amount=D("930.00"), currency="CHF", reference_type="QRR", reference=reference,
                                    state="pending", bank_code="PMNT/RCDT/VCOM")])
    bank.reconcile(book)
    [movement] = book.records("Movements")
    assert "--number F-1 --amount … --chf 930.00" in movement.why
    sales_payments.record_payment(book, "F-1", "1000.00", on=PAID, amount_chf="930.00")  # as it says
    # the payment takes the movement over (its reference and CHF amount): it posts nothing itself
    assert [(m.action, p.movement_id) for m in book.records("Movements") for p in book.records("Payments")] == [
        ("skip", 1)]
    bank_post.post(book, ledger=ledger)
    post(book, ledger, date(2026, 12, 31), save=False)
    totals = balances(ledger)
    assert (totals["1100"], totals["1020"], totals["9907"], totals["6949"]) == (0, D("930.00"), 0, D("10.00"))


def test_a_credit_note_used_in_parts_leaves_no_cent_on_the_clearing_account():
    from engine.services import sales_payments
    book, ledger = books()
    _rates(book)
    # N-1: EUR 1.00 at 0.93 = 0.93 CHF, used 0.50 on F-1 and 0.50 on F-2 (both at 0.94)
    for number in ("F-1", "F-2"):
        invoice(book, number, [("3400", "", "10.00", "0.00")], on=ISSUED, currency="EUR",
                exchange_rate=D("0.9400"), balance=D("10.00"))
    invoice(book, "N-1", [("3400", "", "1.00", "0.00")], stage="N", on=PAID, currency="EUR",
            exchange_rate=D("0.9300"), refers_to="F-1", balance=D("1.00"))
    sales_payments.apply_credit_note(book, "N-1", "F-1", amount="0.50", on=PAID)
    sales_payments.apply_credit_note(book, "N-1", "F-2", amount="0.50", on=PAID)
    post(book, ledger, date(2026, 12, 31), save=False)
    # the note's halves, cumulatively: 0.50 × 0.93 = 0.465 → 0.47, then 1.00 × 0.93 − 0.47 = 0.46;
    # the invoices' halves 0.47 each: differences 0.00 and 0.01 (a loss), and 1091 nets to 0.00
    totals = balances(ledger)
    assert (totals["1091"], totals["6949"]) == (0, D("0.01"))
