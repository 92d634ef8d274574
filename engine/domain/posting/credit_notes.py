"""Received basis (MWSTG art. 39): a credit note used on an invoice reduces what can still come in on it, line by
line as the credit note says — not pro rata over the invoice. Only what is really received is taxed, per rate. A
payment is spread over what was owed when it came in: the credit notes used before it (by date, then entry order)
are taken off, those used after it are not (:func:`owed_when`). A note used after part of the invoice came in:
what came in was spread over the lines still owed then; from the use on, the lines are fewer, so at the use the
money already received moves to the lines that remain (:func:`reallocated`) — in the end only what was really
received is taxed, per rate (audit of issue 14: 200.00 paid on F = A 216.20 + B 102.60, a note on B, 16.20 paid:
3200 gets 200.00 and its tax 16.20, B nothing).

Invoice F-1: 1000.00 + 81.00 (3400, 8.1 %) and 500.00 + 13.00 (3410, 2.6 %), 1594.00; credit note N-1 on the
2.6 % line only, 100.00 + 2.60 = 102.60, used on F-1. What can still come in: 1081.00 at 8.1 % and 410.40 at 2.6 %
(1491.40); the payment of 1491.40 is taxed 81.00 and 10.40 — spread over F-1's own lines it would have been taxed
75.85 and 12.17.

>>> from datetime import date
>>> from engine.domain.posting.documents import Doc, Pay
>>> from engine.domain.posting.spread import Share
>>> d = Decimal
>>> f1 = Doc(side="sales", number="F-1", sign=1, date=date(2026, 3, 2), partner="C M", comment="", account="1100",
...          shares=(Share("3400", "TVA", d("1000.00"), d("81.00")), Share("3410", "TVR", d("500.00"), d("13.00"))),
...          total=d("1594.00"))
>>> n1 = Doc(side="sales", number="N-1", sign=-1, date=date(2026, 3, 9), partner="C M", comment="", account="1100",
...          shares=(Share("3410", "TVR", d("100.00"), d("2.60")),), total=d("102.60"))
>>> left = net_of_credit_notes(f1, [(n1, d("102.60"))])
>>> [(s.account, str(s.net), str(s.vat)) for s in left.shares], str(left.total)
([('3400', '1000.00', '81.00'), ('3410', '400.00', '10.40')], '1491.40')
"""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from engine.domain.posting.documents import Doc
from engine.domain.posting.spread import Share, spread


def net_of_credit_notes(invoice: Doc, used: list[tuple[Doc, Decimal]]) -> Doc:
    """``invoice`` less the lines of each credit note used on it (the part used of the note, spread over the note's
    own lines): each line is reduced on its account and VAT code; a note's line that the invoice lacks is a negative
    line of its own."""
    shares = list(invoice.shares)
    total = invoice.total
    accounts = dict(invoice.vat_accounts)
    for note, amount in used:
        accounts = {**note.vat_accounts, **accounts}  # a code the invoice lacks keeps the note's tax account
        for part in spread(note.shares, note.total, Decimal(0), amount):
            at = next((i for i, s in enumerate(shares)
                       if (s.account, s.vat_code) == (part.account, part.vat_code)), None)
            if at is None:
                shares.append(Share(part.account, part.vat_code, -part.net, -part.vat))
            else:
                s = shares[at]
                shares[at] = Share(s.account, s.vat_code, s.net - part.net, s.vat - part.vat)
        total -= amount
    return replace(invoice, shares=tuple(shares), total=total, vat_accounts=accounts)


def owed_when(invoice: Doc, pay) -> Doc:
    """``invoice`` as owed when ``pay`` came in: less the credit notes used before it (date, then payment id)."""
    if not invoice.credit_uses:
        return invoice
    used = [(note, amount) for when, note, amount in invoice.credit_uses if when < (pay.date, pay.payment_id)]
    return net_of_credit_notes(invoice, used) if used else invoice


def owed_after(invoice: Doc, use) -> Doc:
    """``invoice`` as owed once the credit-note use ``use`` is made (that use and every earlier one taken off)."""
    used = [(note, amount) for when, note, amount in invoice.credit_uses if when <= (use.date, use.payment_id)]
    return net_of_credit_notes(invoice, used) if used else invoice


def reallocated(invoice: Doc, use, received: Decimal) -> list[Share]:
    """At a credit-note use, the ``received`` money moved from the lines owed before it to those owed after it:
    what it is spread over after the use, less what it was spread over before (per account and VAT code)."""
    if received <= 0:
        return []
    before, after = owed_when(invoice, use), owed_after(invoice, use)
    moved: dict[tuple[str, str], list] = {}
    for sign, doc in ((-1, before), (1, after)):
        for part in spread(doc.shares, doc.total, Decimal(0), min(received, doc.total)):
            slot = moved.setdefault((part.account, part.vat_code), [Decimal(0), Decimal(0)])
            slot[0] += sign * part.net
            slot[1] += sign * part.vat
    return [Share(account, code, net, vat) for (account, code), (net, vat) in moved.items() if net or vat]
