"""What the ledger would refuse, seen from either book of a mandate, without the user remembering `mandate chart`.

Audit 14e: a session in a period the ledger had closed since (or one holding an entry typed over in the Journal)
was unposted on the invoicing side (rc 0, the invoice editable again) while every later pull refused it, and `check`
said 0 errors on both books; the invoicing side knew the ledger's periods only from the last `mandate chart`. Now
the invoicing side reads the ledger's own workbook when the mandate's link reaches it (a local mandate: both books
in its folder), and falls back to what the ledger last published (every `mandate pull` publishes its chart, periods
included, and the batches holding an entry typed over in its Journal, so a remote invoicing side is at most one pull
behind). `check` on either book names every batch waiting
in the mandate that the pull refuses, and why.
"""
from __future__ import annotations

from engine.errors import BusinessRuleError, ComptoirError, Problem, Source
from engine.i18n import tr


def mandate_of(book):
    """The book's mandate, open (the caller closes it), or None when the book belongs to none."""
    from engine import mandate as mandates
    if book.path is None:
        return None
    try:
        return mandates.open_book(book.path)
    except ComptoirError:
        return None


def mandate_ledger(mandate):
    """The mandate's ledger book when its workbook is reachable from here, else None."""
    from engine.store.book import Book
    if not mandate.ledger or mandate.folder is None:
        return None
    path = mandate.ledger_path
    if not path.exists():
        return None
    try:
        return Book.open(path, kind="ledger")
    except (OSError, ComptoirError):  # unreadable here (locked, damaged): judge on what it last published
        return None


def refusals(mandate, ledger=None) -> dict:
    """Batch id → why the pull refuses it, for the batches waiting in ``mandate`` (judged on the ledger book when
    reachable, else on the periods it last published)."""
    from engine import mandate as mandates
    from engine.domain.periods import refuse_closed, refuse_outside
    from engine.services.ledger_sync import refused_batches
    waiting = mandates.waiting_batches(mandate)
    if not waiting:
        return {}
    ledger = ledger or mandate_ledger(mandate)
    if ledger is not None:
        return refused_batches(ledger, waiting)
    from engine.services.posting_sink import refuse_held
    published, refused = mandates.reference(mandate), {}
    for batch in waiting:
        try:
            what = tr("batch {batch} of {source}", batch=batch.batch_id,
                      source=batch.source or tr("the invoicing book"))
            where = Source(tr("the mandate's ledger"), "Periods")
            refuse_closed(published.periods, batch.entries, what, where)
            refuse_outside(published.periods, batch.entries, what, where)
            refuse_held(published, batch.batch_id)
        except BusinessRuleError as error:
            refused[batch.batch_id] = str(error)
    return refused


def waiting_refused(book, ledger=None) -> list[Problem]:
    """`check`'s problems: each batch of the book's mandate that the next pull would leave waiting, and why
    (``ledger``: the mandate's ledger book already open, judged instead of reading its workbook again)."""
    from engine import mandate as mandates
    mandate = mandate_of(book)
    if mandate is None:
        return []
    try:
        with mandate:
            # what the invoicing side refuses travels with each check too, not only pulls (not from a check that
            # writes nothing: the office's check-only night)
            if book.kind == "ledger" and not mandates.reading_only():
                from engine.services.ledger_sync import publish_state
                publish_state(book, mandate)
            refused = refusals(mandate, book if book.kind == "ledger" else ledger)
    except ComptoirError as error:  # the mandate or the ledger beside it cannot be read: say so, check the rest
        return [Problem(Source(book.name, ""), f"the batches waiting in the mandate were not judged: {error}",
                        "run `comptoir mandate status` and `comptoir check` on the ledger", "warning")]
    return [Problem(Source(book.name, ""), f"waiting in the mandate, refused by `mandate pull`: {why}",
                    "the invoicing book and the ledger disagree until it is applied: type back what was posted, or "
                    "reopen the period, then pull again (or repost the session in invoicing)")
            for why in refused.values()]
