"""Close a VAT period under the net tax rate (or flat-rate) method: an entry 3809 / 2200 per activity rate (Settings
TdfnRate, and TdfnRates for other activities' revenue accounts), posted as its own session so it can be
undone like any other (``comptoir unpost``). The turnover is taxed from the entries the book's sales post in the
period — posted first, so the closing and ``comptoir ledger vat --tdfn-rate`` tell the same figure, on both roads."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from engine.domain import ledger_reports, vat_close
from engine.domain.posting.entry import PostingRules
from engine.domain.posting.sessions import plan
from engine.errors import BusinessRuleError, Source
from engine.i18n import tr, written
from engine.money import format_amount, quantize
from engine.schema.terms import shown_setting, shown_sheet
from engine.services import posting
from engine.services.posting_sink import LedgerJournal, PostingBatch
from engine.store.book import save_together


def close_period(book, ledger, start: date, end: date, sink=None, today: date | None = None, save: bool = True):
    """Post the TDFN tax of [start, end]; returns (session, turnover, entry) — session None when no tax; with
    several activity rates, ``entry`` is the first of their entries (:func:`close_period_entries` gives them all)."""
    session, turnover, entries = close_period_entries(book, ledger, start, end, sink, today, save)
    return session, turnover, entries[0] if entries else None


def close_period_entries(book, ledger, start: date, end: date, sink=None, today: date | None = None,
                         save: bool = True):
    """Post the net tax rate (or flat-rate) tax of [start, end], an entry per activity rate; returns (session,
    taxable turnover, entries) — session None and no entry when there is no tax."""
    settings = book.settings
    rules = PostingRules.from_settings(settings)
    if not rules.gross:
        raise BusinessRuleError(tr("{key} is not tdfn or flat: under the effective method VAT is booked per line",
                                   key=shown_setting("VatMethod")),
                                tr("set {key} to tdfn (or flat) in {sheet} (it is locked once posted)",
                                   key=shown_setting("VatMethod"), sheet=shown_sheet("Settings")),
                                Source(book.name, "Settings"))
    rate = settings["TdfnRate"]
    if not rate:
        raise BusinessRuleError(tr("{key} is empty", key=shown_setting("TdfnRate")),
                                tr("enter the ESTV net tax rate of the branch in {sheet} {key}, e.g. 6.2",
                                   key=shown_setting("TdfnRate"), sheet=shown_sheet("Settings")),
                                Source(book.name, "Settings"))
    if start > end:
        raise BusinessRuleError(f"the period {start} – {end} ends before it starts", "swap --from and --to")
    sessions = book.records("PostingSessions")
    earlier = vat_close.overlapping(sessions, start)
    if earlier is not None:
        raise BusinessRuleError(
            f"the VAT period up to {earlier.until:%d.%m.%Y} is already closed (posting session {earlier.session}, "
            f"TDFN tax {format_amount(earlier.total)}): {start:%d.%m.%Y} – {end:%d.%m.%Y} would tax it twice",
            f"close a period starting after {earlier.until:%d.%m.%Y}, or undo the closing first "
            f"(comptoir unpost BOOK --session {earlier.session})", Source(book.name, "PostingSessions"))
    sales = _sales(book, ledger, rules, end)  # planned once: the order check and the period read the same entries
    refuse_out_of_order(book, sessions, start, end, lambda since, until: _by_account(sales, since, until))
    activities = vat_close.activity_rates(settings["TdfnRates"])
    by_account = _by_account(sales, start, end)
    turnover = quantize(sum(by_account.values(), Decimal(0)))
    # the entry's label in the book's own language (MWST Saldosteuersatz 6.2 % auf 1 000.00 in a German book)
    label = "VAT net tax rate {rate} % on {amount}" if rules.vat_method == "tdfn" else "VAT flat rate {rate} % on {amount}"
    entries = tuple(e for rate_of, amount in vat_close.taxed_by_rate(by_account, rate, activities)
                    if (e := vat_close.tdfn_entry(quantize(amount), rate_of, end, written(
                        label, book.text_language, rate=f"{Decimal(rate_of).normalize():f}",
                        amount=format_amount(quantize(amount))))))
    if not entries:
        return None, turnover, ()
    number = max((s.session or 0 for s in sessions), default=0) + 1
    batch_id = posting.new_batch_id(book, number, entries)
    (sink or LedgerJournal(ledger)).publish(PostingBatch(batch_id=batch_id, source=book.name, session=number,
                                                         kind="sales", entries=entries))
    tax = sum((e.amount if e.debit == vat_close.TDFN_ACCOUNT else -e.amount for e in entries), Decimal(0))
    book.put("PostingSessions", [*sessions, book.new(
        "PostingSessions", session=number, date=today or date.today(), until=end, what=vat_close.CLOSING,
        entries=len(entries), total=tax, status="posted", batch=batch_id, documents=0, payments=0,
        method=rules.method)])
    if save:
        save_together(ledger, book)  # the closing entries and their session: all saved, or none
    return number, turnover, entries


def refuse_out_of_order(book, sessions, start: date, end: date, by_account) -> None:
    """Periods close in their order (audit 17: the second half-year closed before the first answered 0.00, and the
    first could then never be closed, its turnover untaxed): taxable turnover before ``start`` that no closing
    counted yet (in the year of ``start``) is refused, naming the period to close first. A business that starts
    mid-year has none."""
    done = [s.until for s in sessions if s.status == "posted" and vat_close.is_closing(s) and s.until]
    # within the year only: a year before the first closing made here may have been closed by hand (taken over
    # from another program), which no session records
    since = max([d + timedelta(days=1) for d in done] + [date(start.year, 1, 1)])
    if since >= start:
        return
    before = quantize(sum(by_account(since, start - timedelta(days=1)).values(), Decimal(0)))
    if before:
        raise BusinessRuleError(
            f"the VAT period before {start:%d.%m.%Y} is not closed: {format_amount(before)} of taxable turnover from "
            f"{since:%d.%m.%Y} to {start - timedelta(days=1):%d.%m.%Y} is untaxed; periods close in their order, so "
            f"{start:%d.%m.%Y} – {end:%d.%m.%Y} cannot be closed yet",
            "close the earlier period first (comptoir vat-close BOOK --from … --to "
            f"{start - timedelta(days=1):%d.%m.%Y}), then this one", Source(book.name, "PostingSessions"))


def _sales(book, ledger, rules: PostingRules, end: date) -> tuple:
    """(every entry the book's sales post up to ``end``, the rates, the account classes), read as the ledger's VAT
    statement reads its journal; refused while something up to ``end`` is not posted: the closing would tax what the
    ledger does not show yet."""
    rates = posting._rates(book, ledger)
    items = posting.collect(book, rules, ("sales",), rates)
    waiting = plan(items, rules, end)
    if waiting.documents or waiting.payments:
        count = len(waiting.documents) + len(waiting.payments)
        raise BusinessRuleError(
            f"{count} sales document(s) or payment(s) dated up to {end:%d.%m.%Y} are not posted yet",
            f"post them first (comptoir post BOOK --until {end:%d.%m.%Y}), then close the period",
            Source(book.name, "Documents"))
    everything = plan([replace(i, posted=None, payments=tuple((p, None) for p, _ in i.payments)) for i in items],
                      rules, end)
    accounts = book.records("Accounts") or (ledger.records("Accounts") if ledger is not None else ())
    return everything.entries, rates, {a.number: a.account_class for a in accounts}


def _by_account(sales: tuple, start: date, end: date) -> dict:
    # all the entries up to the end: a reduction of the period goes to the activity of its (maybe earlier) invoice
    entries, rates, classes = sales
    return ledger_reports.turnover_by_account(entries, rates, classes, start, end)
