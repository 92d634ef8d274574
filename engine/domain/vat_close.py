"""The net tax rate method's period-end entry (TDFN / SSS, MWSTG art. 37; DOMAIN.md §4).

Under TDFN, revenue is booked gross (no VAT split); once per period the tax due is the gross taxable turnover ×
the ESTV branch rate, booked 3809 "TVA – TDFN" / 2200 "TVA due". Taxable turnover = lines whose VAT code is an
output code with a rate > 0 (exports and excluded supplies are not taxed), gross; credit notes reduce it.
Agreed basis: the invoices (and credit notes) dated in the period; received basis: the payments received in the
period, each counted for its invoice's taxable share.

>>> from datetime import date
>>> taxable_share(Decimal("1081.00"), Decimal("540.50"))
Decimal('0.5')
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from engine.domain.posting.entry import Entry
from engine.money import ZERO, quantize

TDFN_ACCOUNT = "3809"
VAT_DUE_ACCOUNT = "2200"


def taxable_share(gross: Decimal, taxable: Decimal) -> Decimal:
    """The part of a document's gross total that is taxable turnover."""
    return taxable / gross if gross else Decimal(0)


def taxable_gross(lines, output_codes: set[str]) -> Decimal:
    """Gross amount of the lines taxed at an output rate."""
    return sum(((l.net_amount or ZERO) + (l.vat_amount or ZERO) for l in lines
                if (l.vat_code or "").upper() in output_codes), ZERO)


def turnover(documents, lines, payments, basis: str, start: date, end: date, output_codes: set[str]) -> Decimal:
    """Gross taxable turnover of [start, end]."""
    by_document = defaultdict(list)
    for line in lines:
        by_document[line.document_number].append(line)
    total = ZERO
    if basis == "agreed":
        for d in documents:
            if d.stage in ("F", "N") and not d.do_not_post and d.date and start <= d.date <= end:
                amount = taxable_gross(by_document[d.number], output_codes)
                total += -amount if d.stage == "N" else amount
        return quantize(total)
    gross = {d.number: (d.total_gross or ZERO, taxable_gross(by_document[d.number], output_codes))
             for d in documents if d.stage == "F" and not d.do_not_post}
    for p in payments:
        if p.side == "sales" and p.kind == "payment" and p.document_number in gross and start <= p.date <= end:
            total += p.amount * taxable_share(*gross[p.document_number])
    return quantize(total)


def tdfn_entry(amount_turnover: Decimal, rate: Decimal, end: date, label: str) -> Entry | None:
    """The period-end entry, or None when there is no tax."""
    tax = quantize(amount_turnover * rate / Decimal(100))
    if tax == ZERO:
        return None
    debit, credit = (TDFN_ACCOUNT, VAT_DUE_ACCOUNT) if tax > 0 else (VAT_DUE_ACCOUNT, TDFN_ACCOUNT)
    return Entry(date=end, voucher=f"TDFN-{end:%Y%m%d}", debit=debit, credit=credit, amount=abs(tax),
                 label=label, group=f"TDFN-{end:%Y%m%d}", source=f"tdfn:{end:%Y-%m-%d}")
