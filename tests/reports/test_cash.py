"""Cash in bank = the opening balance + the movements since, counting a grouped QR total once (not its details)."""
from datetime import date
from decimal import Decimal as D

from engine.domain.reports.liquidity import cash_balance
from engine.store.book import Book

IBAN = "CH9300762011623852957"


def test_cash_starts_from_the_opening_balance_and_counts_a_grouped_total_once():
    book = Book.from_rows({"BankAccounts": [["IBAN"]], "Movements": [["MovementId"]]}, kind="invoicing")
    accounts = [book.new("BankAccounts", iban=IBAN, ledger_account="1020", opening_balance=D("1000.00"),
                         opening_date=date(2026, 1, 1))]
    moves = [
        book.new("Movements", movement_id=1, bank_iban=IBAN, booking_date=date(2025, 12, 31), direction="credit",
                 amount=D("999.00")),  # before the opening date: already in the opening balance
        book.new("Movements", movement_id=2, bank_iban=IBAN, booking_date=date(2026, 2, 1), direction="credit",
                 amount=D("300.00")),  # a grouped QR total ...
        book.new("Movements", movement_id=3, bank_iban=IBAN, booking_date=date(2026, 2, 1), direction="credit",
                 amount=D("100.00"), parent=2),  # ... and its details
        book.new("Movements", movement_id=4, bank_iban=IBAN, booking_date=date(2026, 2, 1), direction="credit",
                 amount=D("200.00"), parent=2),
        book.new("Movements", movement_id=5, bank_iban=IBAN, booking_date=date(2026, 3, 1), direction="debit",
                 amount=D("50.00")),
        book.new("Movements", movement_id=6, bank_iban=IBAN, booking_date=date(2026, 3, 2), direction="debit",
                 amount=D("70.00"), state="deleted"),
        book.new("Movements", movement_id=7, bank_iban=IBAN, booking_date=date(2026, 5, 1), direction="debit",
                 amount=D("20.00")),  # after the report date
    ]
    assert cash_balance(accounts, moves, date(2026, 4, 30)) == {IBAN: D("1250.00")}  # 1000 + 300 − 50
