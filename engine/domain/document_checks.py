"""Is an unposted document's arithmetic still its lines'? A person may type over a quantity, a price or a discount
in the DocumentLines sheet; the amounts stay those of the last computation, and the PDF, the QR-bill and the posting
would then disagree (audit of issue 14: quantity 2 → 3 printed "300.00" in a document totalling 216.20, and 200.00
was posted). Checked with plain arithmetic, independent of how the totals were made:

- an article or free line (no global discount on the document): NetAmount = quantity × price × (1 − discount %),
  rounded to the cent;
- a quantity is never negative (money goes back by a credit note);
- the document's TotalNet is the sum of its lines' NetAmount (fees and down-payment deductions included).

>>> from decimal import Decimal as D
>>> from types import SimpleNamespace as L
>>> doc = L(number="F-1", global_discount=None, total_net=D("200.00"))
>>> line = L(position=1, kind="", quantity=D(3), unit_price=D("100.00"), discount=None, net_amount=D("200.00"))
>>> [(field, text) for _, field, text in stale(doc, [line])][0]
('net_amount', 'F-1 line 1: 3 × 100.00 = 300.00 but NetAmount says 200.00')
"""
from __future__ import annotations

from decimal import Decimal

from engine.i18n import tr
from engine.money import ZERO, quantize
from engine.schema import terms

HUNDRED = Decimal(100)


def stale(document, lines, language: str = "en") -> list[tuple[object, str, str]]:
    """(record, field, message) for each place where the document no longer adds up; empty when it does. Said in
    ``language`` (the book's), its columns named as the book names them."""
    out = []
    for line in lines:
        if line.kind or line.unit_price is None:  # fees, texts, down payments: no quantity × price
            continue
        quantity = line.quantity if line.quantity is not None else Decimal(1)
        if quantity < ZERO:
            out.append((line, "quantity", tr("{number} line {position}: the quantity {quantity} is negative",
                                             language, number=document.number, position=line.position,
                                             quantity=quantity.normalize())))
            continue
        if document.global_discount or getattr(document, "fixed_total", None) is not None:
            continue  # a global discount or a total arrêté is shared over the lines: the total below checks them
        discount = line.discount or ZERO
        expected = quantize(quantity * line.unit_price * (1 - discount / HUNDRED))
        if line.net_amount is None or quantize(line.net_amount) != expected:
            shown = f" − {discount.normalize()} %" if discount else ""
            out.append((line, "net_amount", tr(
                "{number} line {position}: {computed} = {expected} but {column} says {typed}", language,
                number=document.number, position=line.position,
                computed=f"{quantity.normalize()} × {line.unit_price}{shown}", expected=expected,
                column=terms.header("NetAmount", language),
                typed=line.net_amount if line.net_amount is not None else tr("nothing", language))))
    if not out and lines and document.total_net is not None:
        total = sum((quantize(l.net_amount) for l in lines if l.net_amount is not None), ZERO)
        if total != quantize(document.total_net):
            out.append((document, "total_net", tr("{number}: its lines add up to {total} net but {column} says {typed}",
                                                  language, number=document.number, total=total,
                                                  column=terms.header("TotalNet", language),
                                                  typed=quantize(document.total_net))))
    return out
