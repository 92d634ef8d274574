"""Payment orders the bank booked or sent back, as recognition found them (banking manual §6: an executed order is
marked ``>BE``; a returned one opens its received invoice again)."""
from __future__ import annotations

from dataclasses import replace

from engine.errors import Problem, Source


def execute(book, executed: dict) -> None:
    """Orders the bank booked are executed (``>BE``); the invoices' states follow (purchases refresh)."""
    from engine.services.purchases import refresh
    orders = [replace(o, status=">BE") if o.order_id in executed and o.status != ">BE" else o
              for o in book.records("PaymentOrders")]
    book.put("PaymentOrders", orders)
    refresh(book, {o.invoice_number for o in orders if o.order_id in executed})


def returned(book, returned: dict) -> list[Problem]:
    """Orders the bank sent back (RRTN, reversal): the order and its unposted payment go, the invoice is open
    again, and the user is told (a posted payment stays: it must be unposted first)."""
    from engine.services.purchases import refresh
    orders = book.records("PaymentOrders")
    gone = {o.order_id: o for o in orders if o.order_id in returned}
    payments = book.records("Payments")
    posted = {p.order_id for p in payments if p.side == "purchases" and p.order_id in gone and p.posted_session}
    problems = []
    for order_id, order in gone.items():
        m = returned[order_id]
        if order_id in posted:
            problems.append(Problem(Source(book.name, "PaymentOrders", order.row), f"payment order {order_id} "
                                    f"({order.invoice_number}, {order.amount}) was returned by the bank (movement "
                                    f"{m.movement_id}) but its payment is posted", "unpost that purchases session, "
                                    "then recognise again to open the invoice", "warning"))
            continue
        problems.append(Problem(Source(book.name, "PaymentOrders", order.row), f"payment order {order_id} was "
                                f"returned by the bank (movement {m.movement_id}, {m.remittance or m.bank_text or ''}"
                                f"): invoice {order.invoice_number} is open again ({order.amount})",
                                "check the creditor's account details, then propose the payment again", "warning"))
    done = set(gone) - posted
    if done:
        book.put("PaymentOrders", [o for o in orders if o.order_id not in done])
        book.put("Payments", [p for p in payments if not (p.side == "purchases" and p.order_id in done)])
        refresh(book, {gone[i].invoice_number for i in done})
    return problems
