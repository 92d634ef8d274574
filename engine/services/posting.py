"""Use cases of posting: post a session, undo sessions, repost a period, list what is not posted.

``post`` turns everything not yet posted up to a date into one numbered session, hands its entries to a sink (the
ledger's Journal by default) and locks the posted records (PostedSession + PostedHash). The ledger book is saved
before the invoicing book: if the second save fails, the next post takes the same session number and batch id, and
the sink replaces the batch instead of importing it twice.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import date

from engine.domain import vat_close
from engine.domain.posting import locks
from engine.domain.posting.entry import PostingRules
from engine.domain.posting.sessions import dependents, plan
from engine.errors import BusinessRuleError, Problem, ProblemsFound, Source
from engine.i18n import tr
from engine.services import book_check
from engine.services.posting_exchange import refuse_missing_exchange_accounts
from engine.services.posting_items import collect, rates_of as _rates  # noqa: F401 (vat_close and bench use them)
from engine.services.posting_marks import lock as _lock, posted_letters as _posted_letters, touched
from engine.services.posting_sink import LedgerJournal, PostingBatch, batch_stem
from engine.services.posting_vat_codes import refuse_unknown_line_accounts, refuse_unknown_vat_codes
from engine.services.rates import payments_released
from engine.store.book import save_together

SIDES = {"sales": ("sales",), "purchases": ("purchases",), "all": ("sales", "purchases")}


@dataclass(frozen=True, slots=True)
class PostResult:
    session: int | None
    entries: int
    documents: int
    payments: int
    total: object


def _check_method(book, rules: PostingRules) -> None:
    for s in book.records("PostingSessions"):
        if s.status != "withdrawn" and s.method and s.method != rules.method:
            raise BusinessRuleError(
                tr("{sheet} say {method} but session {session} was posted as {posted}", sheet=book.title("Settings"),
                   method=rules.method, session=s.session, posted=s.method),
                tr("{method_key} and {basis_key} are locked once posted: restore them, or undo every session first",
                   method_key=book.settings.shown_key("VatMethod"), basis_key=book.settings.shown_key("VatBasis")),
                Source(book.name, "Settings"))


def post(book, ledger, until: date, what: str = "all", today: date | None = None, sink=None,
         save: bool = True) -> PostResult:
    """Post everything not yet posted up to ``until`` as one session (nothing to post: session None)."""
    rules = PostingRules.from_settings(book.settings)
    _check_method(book, rules)
    locks.migrate(book)  # fingerprints of the previous version: rewritten, not reported as edits
    items = collect(book, rules, SIDES[what], _rates(book, ledger))
    _refuse_edited(book, items, until)
    if what in ("all", "sales"):  # an unposted document whose amounts are not its lines' is not posted (nor printed)
        book_check.refuse_stale(book, {d.number for d in book.records("Documents") if not d.posted_session
                                       and d.stage in ("F", "N") and d.date and d.date <= until})
    result = plan(items, rules, until)
    refuse_missing_exchange_accounts(result.entries, rules, ledger if ledger is not None else book)
    if not result.entries and not result.documents and not result.payments:
        return PostResult(None, 0, 0, 0, 0)
    sessions = book.records("PostingSessions")
    number = max((s.session or 0 for s in sessions), default=0) + 1
    session_named = tr("posting session {session}", session=number)
    vat_close.refuse_closed_vat(sessions, result.entries, session_named, Source(book.name, "PostingSessions"))
    # a session may only lock what posts nothing (a credit note used on the received basis): no batch travels then
    batch_id = new_batch_id(book, number, result.entries) if result.entries else None
    sink = sink or LedgerJournal(ledger)
    if batch_id and isinstance(sink, LedgerJournal):  # the document's line named (a pull names the entry)
        refuse_unknown_line_accounts(sink.ledger, result.entries, session_named, book)
        refuse_unknown_vat_codes(sink.ledger, result.entries, session_named, book)
    if batch_id:
        sink.publish(PostingBatch(batch_id=batch_id, source=book.name, session=number, kind=what,
                                  entries=tuple(result.entries)))
    _lock(book, number, set(result.documents), set(result.payments))
    _posted_letters(book)
    total = sum((e.amount for e in result.entries), 0)
    book.put("PostingSessions", [*sessions, book.new(
        "PostingSessions", session=number, date=today or date.today(), until=until, what=what,
        entries=len(result.entries), total=total, status="posted", batch=batch_id,
        documents=len(result.documents), payments=len(result.payments), method=rules.method)])
    if save:
        _save(ledger, book)
    return PostResult(number, len(result.entries), len(result.documents), len(result.payments), total)


def _refuse_edited(book, items, until: date) -> None:
    """A payment of a posted document whose locked fields (lines, rate…) were edited since would post at the
    edited values and leave a residue on the partner account: refused, naming each edited cell."""
    edited = locks.edited(book)
    problems = []
    for item in items:
        waiting = [p.payment_id for p, session in item.payments if session is None and p.date <= until]
        sheet = "Documents" if item.doc.side == "sales" else "ReceivedInvoices"
        if item.posted is not None and waiting and (sheet, item.doc.number) in edited:
            problems += [replace(problem, message=tr("payment {payments} of {number} not posted: {problem}",
                                                     book.language, payments=", ".join(map(str, waiting)),
                                                     number=item.doc.number, problem=problem.message))
                         for problem in edited[(sheet, item.doc.number)]]
    if problems:
        raise ProblemsFound(problems)


def new_batch_id(book, session: int, entries=()) -> str:
    """The batch id of session ``session`` posting ``entries``: the same for the same entries, so a run killed after
    the batch went out and before the book was saved publishes it again under its id when run again, and the mandate
    or the ledger replaces it — it was a timestamp, and the rerun added the session a second time (issue 20's crash
    windows). A re-posted session whose entries differ gets another id."""
    stem = batch_stem(book)
    digest = hashlib.sha256(repr(tuple(entries)).encode()).hexdigest()[:20]
    return f"{stem[:40] or 'book'}-S{session}-{digest}"


def _save(ledger, book) -> None:
    save_together(ledger, book)  # the entries and the marks of what they post: both saved, or neither


def unpost(book, ledger, session: int, single: bool = False, sink=None, save: bool = True) -> list[int]:
    """Undo ``session`` and every later one (the suite's rule); with ``single``, only the sessions that depend on
    it (shared documents) go with it — refused with the reason when ``single`` would leave dependents behind."""
    every = {s.session: s for s in book.records("PostingSessions")}
    if session in every and every[session].what == "bank":
        raise BusinessRuleError(tr("posting session {session} is bank batch {batch}: bank batches are undone by the "
                                   "bank's commands", book.language, session=session, batch=every[session].batch),
                                tr("comptoir bank pending BOOK --ids … (those movements), or comptoir bank unpost-all "
                                   "BOOK", book.language), Source(book.name, book.title("PostingSessions")))
    sessions = _invoicing(every)
    if session not in sessions:
        raise BusinessRuleError(tr("there is no posting session {session}", book.language, session=session),
                                tr("sessions: {sessions}", book.language,
                                   sessions=", ".join(map(str, sorted(sessions))) or tr("none", book.language)),
                                Source(book.name, book.title("PostingSessions")))
    if single:
        later = dependents(touched(book), session)
        if later:
            raise BusinessRuleError(
                f"session {session} cannot be undone alone: session(s) {', '.join(map(str, later))} posted "
                f"payments or credit notes of the same documents",
                f"undo {', '.join(map(str, [session, *later]))} together (without --single)")
        undo = {session}
    else:
        undo = {n for n in sessions if n >= session}
    _refuse_reopening(book, ledger, sessions, undo)
    sink = sink or LedgerJournal(ledger)
    sink.check_withdraw([sessions[n].batch for n in undo if sessions[n].batch])  # all or nothing
    for n in sorted(undo, reverse=True):
        if sessions[n].batch:
            sink.withdraw(sessions[n].batch)
    released = payments_released(book)
    for sheet in ("Documents", "ReceivedInvoices", "Payments"):
        records = book.records(sheet)
        if any(r.posted_session in undo for r in records):
            book.put(sheet, [replace(released(r) if sheet == "Payments" else r, posted_session=None, posted_hash=None)
                             if r.posted_session in undo else r for r in records])
    book.put("PostingSessions", [s for n, s in every.items() if n not in undo])
    _posted_letters(book)
    if save:
        _save(ledger, book)
    return sorted(undo)


def _invoicing(sessions: dict) -> dict:
    """The sessions invoicing posted: the bank's batches, numbered among them, are the bank commands' (audit of
    issue 17: a repost withdrew bank batch B-1's 51 entries while its movements still read processed)."""
    return {n: s for n, s in sessions.items() if s.what != "bank"}


def _refuse_reopening(book, ledger, sessions: dict, undo: set) -> None:
    """A TDFN closing that stands (not undone with them) keeps the turnover of the sessions undone: refused when one
    of their VAT-coded entries is dated in its period, as posting it there again would be (the entries are
    planned again from the records those sessions posted, so both roads, ledger and mandate, read the same)."""
    standing = [s for n, s in sessions.items() if n not in undo and s.status == "posted" and vat_close.is_closing(s)]
    if not standing:
        return
    for n in sorted(undo):  # periods are closed in order: an earlier one is not reopened under a later closing
        later = [s for s in standing if vat_close.is_closing(sessions[n]) and s.until and sessions[n].until
                 and s.until > sessions[n].until]
        if later:
            raise BusinessRuleError(
                f"posting session {n} closes the VAT period up to {sessions[n].until:%d.%m.%Y}, and session "
                f"{later[0].session} a later one (up to {later[0].until:%d.%m.%Y}): undone alone, its period could "
                f"not be closed again", f"undo both: comptoir unpost BOOK --session {n} (without --single)",
                Source(book.name, "PostingSessions"))
    rules = PostingRules.from_settings(book.settings)

    def kept(session):  # the undone sessions' records post again; all others count as posted (0: not yet)
        return None if session in undo else (0 if session is None else session)

    again = [replace(i, posted=kept(i.posted), payments=tuple((p, kept(s)) for p, s in i.payments))
             for i in collect(book, rules, SIDES["all"], _rates(book, ledger))]
    vat_close.refuse_closed_vat(standing, plan(again, rules, date.max).entries,
                                f"undoing posting session(s) {', '.join(map(str, sorted(undo)))}",
                                Source(book.name, "PostingSessions"), undoing=min(undo))


def repost(book, ledger, start: date, end: date | None, today: date | None = None, sink=None,
           save: bool = True) -> tuple[list[int], PostResult]:
    """Regenerate the entries of a period: undo the sessions with entries dated in [start, end] (and their
    dependents), then post again up to the latest of their 'until' dates. No ``end`` (manual §3.9.3: "Si vous ne
    spécifiez pas de date de fin, Crésus traite toutes les factures"): every session from ``start`` on, posted
    again up to the book's last document or payment date."""
    if end is None:
        end = max([start, *_dates(book)])
    sessions = _invoicing({s.session: s for s in book.records("PostingSessions")})
    if ledger is not None:
        batches = {s.batch: n for n, s in sessions.items()}
        hit = {batches[e.batch] for e in ledger.records("Journal") if e.batch in batches and start <= e.date <= end}
    else:  # entries travel through a mandate: a session covers the dates up to its 'until'
        hit = {n for n, s in sessions.items() if s.until is None or s.until >= start}
    if not hit:
        return [], PostResult(None, 0, 0, 0, 0)
    first = min(hit)
    closings = [n for n in sorted(sessions) if n >= first and vat_close.is_closing(sessions[n])]
    if closings:  # reposting would drop the closing, and its tax would change with what is reposted
        raise BusinessRuleError(
            f"posting session {closings[0]} closes the VAT period up to {sessions[closings[0]].until:%d.%m.%Y}: "
            f"reposting {start:%d.%m.%Y} – {end:%d.%m.%Y} would undo it", f"undo the closing first (comptoir unpost "
            f"BOOK --session {closings[0]}), repost, then close the period again", Source(book.name, "PostingSessions"))
    until = max(sessions[n].until or end for n in sessions if n >= first)
    what = {sessions[n].what for n in sessions if n >= first}
    undone = unpost(book, ledger, first, sink=sink, save=False)
    result = post(book, ledger, until, what.pop() if len(what) == 1 else "all", today, sink, save=False)
    if save:
        _save(ledger, book)
    return undone, result


def _dates(book):
    """Every date a document, a received invoice or a payment carries."""
    for sheet in ("Documents", "ReceivedInvoices", "Payments"):
        yield from (r.date for r in book.records(sheet) if r.date is not None)


def not_posted(book) -> list:
    """The "_Problème de compta" view: issued and received invoices marked DoNotPost."""
    return [r for sheet in ("Documents", "ReceivedInvoices") for r in book.records(sheet) if r.do_not_post]


def check_method(book) -> list:
    """For ``comptoir check``: Settings' VAT method or basis changed since a session was posted with another."""
    try:
        _check_method(book, PostingRules.from_settings(book.settings))
    except BusinessRuleError as error:
        return [Problem(error.source, error.message, error.hint)]
    return []


def check_locks(book) -> list:
    """For ``comptoir check``: posted records edited since their session."""
    return locks.check(book)
