"""A small ledger for the year end, every entry chosen so the balances can be added up by hand.

2026 (Journal entries, debit / credit amount):
  01.01 OUV   1020 / 9100 10'000.00   bank carried in         01.01 OUV   9100 / 2800 10'000.00   capital
  15.02 F-1   1100 / 3400  1'000.00   invoice                 15.02 F-1   1100 / 2200     81.00   its VAT 8.1 %
  10.03 F-1   1020 / 1100  1'081.00   paid                    20.03 L-3   6000 / 1020    500.00   rent
  31.05 B-5   1020 / 9907    200.00   unidentified receipt    01.06 F-2   1100 / 3400    200.00   invoice
  30.06 R-7   4200 / 2000    300.00   supplier invoice        05.07 N-7   2000 / 2009     50.00   its credit note
and, to clear what is left in 9907 and 2009 (:func:`clear`):
  10.09 F-2   9907 / 1100    200.00   the receipt was F-2     12.09 N-7   2009 / 4200     50.00   credit note used

Balances at 31.12.2026 after clearing (debit +):
  1020  10'000 + 1'081 − 500 + 200           = 10'781.00     1100  1'000 + 81 − 1'081 + 200 − 200 = 0
  2000  −300 + 50                            =   −250.00     2200  −81.00         2800  −10'000.00
  3400  −1'000 − 200                         = −1'200.00     4200  300 − 50 = 250.00    6000  500.00
  2009, 9100, 9907: 0.                                        sum = 0 (10'781 − 250 − 81 − 10'000 − 1'200 + 250 + 500)
  profit 2026 = 1'200 − 250 − 500 = 450.00
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from engine.cli import main
from engine.store.book import Book

ENTRIES = [
    (date(2026, 1, 1), "OUV", "1020", "9100", "10000.00", None),
    (date(2026, 1, 1), "OUV", "9100", "2800", "10000.00", None),
    (date(2026, 2, 15), "F-1", "1100", "3400", "1000.00", "F-1"),
    (date(2026, 2, 15), "F-1", "1100", "2200", "81.00", "F-1"),
    (date(2026, 3, 10), "F-1", "1020", "1100", "1081.00", "F-1"),
    (date(2026, 3, 20), "L-3", "6000", "1020", "500.00", None),
    (date(2026, 5, 31), "B-5", "1020", "9907", "200.00", None),
    (date(2026, 6, 1), "F-2", "1100", "3400", "200.00", "F-2"),
    (date(2026, 6, 30), "R-7", "4200", "2000", "300.00", "R-7"),
    (date(2026, 7, 5), "N-7", "2000", "2009", "50.00", "N-7"),
]
CLEARING = [
    (date(2026, 9, 10), "F-2", "9907", "1100", "200.00", "F-2"),
    (date(2026, 9, 12), "N-7", "2009", "4200", "50.00", "N-7"),
]


def add(ledger: Book, entries) -> None:
    journal = ledger.records("Journal")
    first = max((e.entry_id for e in journal), default=0) + 1
    ledger.put("Journal", [*journal, *(
        ledger.new("Journal", entry_id=first + i, date=day, voucher=voucher, debit=debit, credit=credit,
                   amount=Decimal(amount), currency="CHF", group=group, label=f"{voucher} {debit}/{credit}")
        for i, (day, voucher, debit, credit, amount, group) in enumerate(entries))])


def ledger_2026(tmp_path, cleared: bool = True):
    path = tmp_path / "ledger.xlsx"
    assert main(["new", "ledger", str(path)]) == 0
    ledger = Book.open(path)
    ledger.put("Periods", [ledger.new("Periods", period="2026", start=date(2026, 1, 1), end=date(2026, 12, 31))])
    add(ledger, ENTRIES + (CLEARING if cleared else []))
    ledger.save()
    return path


def clear(path) -> None:
    ledger = Book.open(path)
    add(ledger, CLEARING)
    ledger.save()


def book_closing_entries(path) -> None:
    """The SME chart's closing entries at 31.12.2026: 3400 1'200 credit, 4200 250 and 6000 500 debit emptied into
    9200 (added to the chart), and its 450.00 to 2979."""
    ledger = Book.open(path)
    ledger.put("Accounts", [*ledger.records("Accounts"), ledger.new(
        "Accounts", number="9200", name="Bénéfice de l'exercice", account_class="clearing")])
    add(ledger, [(date(2026, 12, 31), "CL", "3400", "9200", "1200.00", None),
                 (date(2026, 12, 31), "CL", "9200", "4200", "250.00", None),
                 (date(2026, 12, 31), "CL", "9200", "6000", "500.00", None),
                 (date(2026, 12, 31), "CL", "9200", "2979", "450.00", None)])
    ledger.save()
