"""Close a VAT period under the net tax rate method: one entry 3809 / 2200, posted as its own session so it can be
undone like any other (``comptoir unpost``)."""
from __future__ import annotations

from datetime import date

from engine.domain import vat_close
from engine.domain.posting.entry import PostingRules
from engine.errors import BusinessRuleError, Source
from engine.money import format_amount
from engine.services.posting_sink import LedgerJournal, PostingBatch
from engine.services.posting import new_batch_id
from engine.store.book import save_together


def close_period(book, ledger, start: date, end: date, sink=None, today: date | None = None, save: bool = True):
    """Post the TDFN tax of [start, end]; returns (session, turnover, entry) — session None when no tax."""
    settings = book.settings
    rules = PostingRules.from_settings(settings)
    if rules.vat_method != "tdfn":
        raise BusinessRuleError("VatMethod is not tdfn: under the effective method VAT is booked per line",
                                "set VatMethod to tdfn in Settings (it is locked once posted)",
                                Source(book.name, "Settings"))
    rate = settings["TdfnRate"]
    if not rate:
        raise BusinessRuleError("TdfnRate is empty", "enter the ESTV net tax rate of the branch, e.g. 6.2",
                                Source(book.name, "Settings"))
    output = {r.code.upper() for r in book.records("VatCodes") if r.kind == "output" and r.rate}
    turnover = vat_close.turnover(book.records("Documents"), book.records("DocumentLines"),
                                  book.records("Payments"), rules.vat_basis, start, end, output)
    entry = vat_close.tdfn_entry(turnover, rate, end, f"TVA TDFN {rate} % sur {format_amount(turnover)}")
    if entry is None:
        return None, turnover, None
    sessions = book.records("PostingSessions")
    number = max((s.session or 0 for s in sessions), default=0) + 1
    batch_id = new_batch_id(book, number)
    (sink or LedgerJournal(ledger)).publish(PostingBatch(batch_id=batch_id, source=book.name, session=number,
                                                         kind="sales", entries=(entry,)))
    book.put("PostingSessions", [*sessions, book.new(
        "PostingSessions", session=number, date=today or date.today(), until=end, what="sales", entries=1,
        total=entry.amount, status="posted", batch=batch_id, documents=0, payments=0, method=rules.method)])
    if save:
        save_together(ledger, book)  # the closing entry and its session: both saved, or neither
    return number, turnover, entry
