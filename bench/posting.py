"""Posting speed: 100,000 invoices × 3 lines + 50,000 payments → one session written to the ledger's Journal.

Prints entries generated per second (goal ≥ 50,000/s, workbook write excluded) and the Journal write time against
the store's own ``Book.put`` + ``save`` of the same number of plain Journal rows (goal ≤ 1.5×).
Usage: .venv/bin/python bench/posting.py [INVOICES]
"""
from __future__ import annotations

import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal as D
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine import templates  # noqa: E402

from engine.domain.posting.entry import PostingRules
from engine.domain.posting.sessions import plan
from engine.services import posting
from engine.services.posting_sink import LedgerJournal, PostingBatch
from engine.store.book import Book
from tests.posting.books import books


def main(n: int = 100_000) -> None:
    book, _ = books()
    start = date(2026, 1, 1)
    docs, lines, pays = [], [], []
    for i in range(n):
        number, on = f"F-{i:06d}", start + timedelta(days=i % 300)
        docs.append(book.new("Documents", number=number, stage="F", client_id=1 + i % 2, date=on,
                             total_payable=D("1458.98")))
        for pos, (acc, code, net, vat) in enumerate((("3000", "TVA", "1000.00", "81.00"),
                                                     ("3400", "TVA", "250.00", "20.25"),
                                                     ("3200", "TVARED", "105.00", "2.73")), start=1):
            lines.append(book.new("DocumentLines", document_number=number, position=pos, account=acc, vat_code=code,
                                  net_amount=D(net), vat_amount=D(vat)))
        if i % 2 == 0:
            pays.append(book.new("Payments", payment_id=i + 1, side="sales", document_number=number,
                                 date=on + timedelta(days=20), kind="payment", amount=D("1458.98"), account="1020"))
    book.put("Documents", docs)
    book.put("DocumentLines", lines)
    book.put("Payments", pays)
    rules = PostingRules.from_settings(book.settings)

    t = time.perf_counter()
    items = posting.collect(book, rules)
    result = plan(items, rules, date(2026, 12, 31))
    generated = time.perf_counter() - t
    count = len(result.entries)
    print(f"generated {count:,} entries from {n:,} invoices + {len(pays):,} payments in {generated:.2f} s "
          f"= {count / generated:,.0f} entries/s (goal >= 50,000)")

    with tempfile.TemporaryDirectory() as folder:
        a, b = Path(folder) / "a.xlsx", Path(folder) / "b.xlsx"
        templates.write("ledger", a)
        templates.write("ledger", b)
        ledger = Book.open(a)
        t = time.perf_counter()
        LedgerJournal(ledger).publish(PostingBatch(batch_id="bench-S1", source="bench", session=1, kind="all",
                                                   entries=tuple(result.entries)))
        ledger.save()
        ours = time.perf_counter() - t
        plain = Book.open(b)
        rows = [plain.new("Journal", entry_id=k + 1, date=e.date, voucher=e.voucher, debit=e.debit, credit=e.credit,
                          amount=e.amount, currency="CHF", vat_code=e.vat_code or None,
                          vat_amount=e.vat_amount or None, label=e.label, group=e.group, reference=e.reference,
                          session="1", batch="bench-S1", source="bench") for k, e in enumerate(result.entries)]
        t = time.perf_counter()
        plain.put("Journal", rows)
        plain.save()
        store = time.perf_counter() - t
    print(f"Journal write {ours:.2f} s vs store put+save of the same rows {store:.2f} s: ratio {ours / store:.2f} "
          f"(goal <= 1.5)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
