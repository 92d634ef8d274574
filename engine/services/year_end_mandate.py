"""The year end of a ledger that a mandate feeds (invoicing posts through it): closing a year with batches of that
year still waiting in the mandate would strand them (a pull refuses a closed period), so the close refuses and says
to pull first; once closed, the ledger's periods are published to the mandate, since the posting on the invoicing
side checks the periods as last published (engine.services.posting_sink).
"""
from __future__ import annotations

from contextlib import contextmanager
from datetime import date
from pathlib import Path

from engine.errors import BusinessRuleError


@contextmanager
def mandate_of(ledger_path: Path | None):
    """The mandate whose ledger is this book, open; None when the book has no mandate or another ledger."""
    from engine import mandate as mandates
    if ledger_path is None:
        yield None
        return
    try:
        found = mandates.open_book(ledger_path)
    except mandates.MandateError:
        yield None
        return
    with found as m:
        linked = m.ledger_path
        yield m if linked is not None and linked.resolve() == Path(ledger_path).resolve() else None


def refuse_waiting(m, start: date, end: date, ledger_name: str) -> None:
    """Refuse while batches with entries from ``start`` to ``end`` wait in the mandate, naming them."""
    from engine import mandate as mandates
    if m is None:
        return
    waiting = [b for b in mandates.waiting_batches(m) if any(start <= e.date <= end for e in b.entries)]
    if waiting:
        raise BusinessRuleError(
            f"{len(waiting)} posting batch(es) of {start.year} wait in the mandate: "
            + ", ".join(f"{b.batch_id} (session {b.session}, {len(b.entries)} entries)" for b in waiting),
            f"pull them into the ledger first (comptoir mandate pull {ledger_name}), then close")


def publish_periods(m, ledger) -> None:
    if m is not None:
        from engine.services.ledger_sync import publish_chart
        publish_chart(ledger, m)
