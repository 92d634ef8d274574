"""Payment orders of a foreign currency executed by the bank: the payment is worth what the bank debited.

A EUR order debited from a CHF account: the CHF debited is the payment's AmountCHF. Debited in EUR on a day other
than the order's execution date: the EUR at the Rates sheet's rate of the booking date (the rate the movement posts
at). Either way 2003 (payments pending) is cleared exactly by the movement, and the difference from the invoice's
rate is the exchange result the payment posts (engine.domain.posting.currency). A payment already posted keeps its
value: the user is told by how much 2003 is left, to book by hand.
"""
from __future__ import annotations

from dataclasses import replace

from engine.errors import Problem
from engine.money import quantize
from engine.services.rates import day_rates


def value_executed(book, executed: dict) -> list[Problem]:
    """``executed``: order id → the movement that executed it. Sets AmountCHF of their unposted payments."""
    if not executed or "amount_chf" not in book.table("Payments").positions:
        return []  # a book older than the column keeps the order's own rate
    orders = {o.order_id: o for o in book.records("PaymentOrders")}
    days = day_rates(book)
    rows = list(book.records("Payments"))
    table = book.table("Payments")
    problems, changed = [], False
    for index, p in enumerate(rows):
        m = executed.get(p.order_id) if p.order_id is not None else None
        order = orders.get(p.order_id)
        currency = ((order.currency if order else None) or p.currency or "CHF").upper()
        if m is None or p.side != "purchases" or p.kind != "payment" or currency == "CHF":
            continue
        debited = (m.currency or "CHF").upper()
        if debited == "CHF":
            chf = m.amount if order is not None and p.amount == order.amount else None
        else:
            rate = days.on(debited, m.booking_date) if m.booking_date else None
            chf = quantize(p.amount * rate) if rate is not None and debited == currency else None
            same_day = days.on(currency, p.date) == rate
            if same_day and p.amount_chf is None:
                continue  # the payment's own day is the booking day: its rate is the movement's already
        if chf is None or chf == p.amount_chf:
            continue
        if p.posted_session is not None:
            problems.append(Problem(table.source(p, "amount_chf"), f"payment {p.payment_id} of order {p.order_id} "
                                    f"is posted at {p.amount_chf or 'the rate of its date'}, the bank debited CHF "
                                    f"{chf} (movement {m.movement_id})", "2003 keeps the difference: book it to the "
                                    "exchange result by hand, or unpost the session and recognise again", "warning"))
            continue
        rows[index] = replace(p, amount_chf=chf)
        changed = True
    if changed:
        book.put("Payments", rows)
    return problems
