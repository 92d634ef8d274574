"""Benchmark (issue 4, speed): render 1,000 one-page invoices with a QR-bill to PDF in one process, and compare in
the same run with the qrbill package's own route (its full-page SVG converted to PDF by cairosvg).

Goal: ≥ 5× the qrbill route's pages/s and ≥ 50 invoices/s absolute.   Run: .venv/bin/python bench/documents.py [N]
Each side is timed 3 times and the best run counts (the machine is shared).
"""
from __future__ import annotations

import io
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine.formats import document_pdf  # noqa: E402
from engine.formats.document_view import DocumentLine, DocumentView, Letterhead, TotalLine, VatLine  # noqa: E402
from engine.formats.qr_payload import Address, QRBill  # noqa: E402

CREDITOR = Address(name="Atelier Dupont Sàrl", street="Rue du Lac", building="12", postcode="1800", town="Vevey")


def invoice(i: int) -> DocumentView:
    lines = tuple(DocumentLine(item=f"A-{k:03}", description=f"Prestation {k} pour la commande {i}",
                               quantity=Decimal(k), unit="h", unit_price=Decimal("95.00"), vat_code="TVA",
                               amount=Decimal("95.00") * k) for k in range(1, 6))
    net = sum(line.amount for line in lines)
    vat = (net * Decimal("0.081")).quantize(Decimal("0.01"))
    reference = f"{i:026d}"
    from stdnum.ch import esr
    bill = QRBill(account="CH4431999123000889012", creditor=CREDITOR, amount=net + vat,
                  debtor=Address(name=f"Client {i} SA", street="Quai Perdonnet", building="3", postcode="1800",
                                 town="Vevey"),
                  reference=reference + esr.calc_check_digit(reference), message=f"Facture F-{i:05}")
    return DocumentView(kind="invoice", language="fr", number=f"F-{i:05}", date=date(2025, 3, 1),
                        due_date=date(2025, 3, 31), company=Letterhead(name=CREDITOR.name,
                                                                       address=("Rue du Lac 12", "1800 Vevey")),
                        client=(f"Client {i} SA", "Quai Perdonnet 3", "1800 Vevey"), lines=lines,
                        totals=(TotalLine(key="total_net", amount=net), TotalLine(key="total_vat", amount=vat),
                                TotalLine(key="total", amount=net + vat, strong=True)),
                        vat_summary=(VatLine(code="TVA", rate=Decimal("8.1"), base=net, vat=vat),),
                        payment_terms="30 jours net", qr_bill=bill)


def ours(n: int) -> tuple[float, int]:
    views = [invoice(i) for i in range(1, n + 1)]
    start = time.perf_counter()
    size = sum(len(document_pdf.render(view)) for view in views)
    return time.perf_counter() - start, size // n


def theirs(n: int) -> float:
    import cairosvg
    import qrbill
    bills = [invoice(i).qr_bill for i in range(1, n + 1)]
    start = time.perf_counter()
    for bill in bills:
        address = lambda a: {"name": a.name, "street": a.street, "house_num": a.building,  # noqa: E731
                             "pcode": a.postcode, "city": a.town, "country": a.country}
        their = qrbill.QRBill(account=bill.account, creditor=address(bill.creditor), debtor=address(bill.debtor),
                              amount=str(bill.amount), reference_number=bill.reference,
                              additional_information=bill.message, language="fr")
        svg = io.StringIO()
        their.as_svg(svg, full_page=True)
        cairosvg.svg2pdf(bytestring=svg.getvalue().encode())
    return time.perf_counter() - start


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    n_theirs = max(20, n // 10)  # their route is slow; its rate is measured on fewer pages
    ours(5)  # warm-up (imports, font metrics)
    runs = [ours(n) for _ in range(3)]  # best of 3: the machine is shared
    seconds, size = min(runs)
    rate = n / seconds
    their_seconds = min(theirs(n_theirs) for _ in range(3))
    their_rate = n_theirs / their_seconds
    print(f"comptoir document_pdf : {n} invoices (1 page + QR-bill) in {seconds:.2f} s = {rate:.1f} pages/s, "
          f"{size / 1024:.1f} KiB/PDF")
    print(f"qrbill SVG + cairosvg : {n_theirs} QR-bill pages in {their_seconds:.2f} s = {their_rate:.1f} pages/s")
    print(f"ratio                 : {rate / their_rate:.1f}x  (goal >= 5x, and >= 50 invoices/s: "
          f"{'met' if rate / their_rate >= 5 and rate >= 50 else 'NOT met'})")


if __name__ == "__main__":
    main()
