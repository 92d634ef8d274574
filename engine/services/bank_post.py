"""Work queues of bank movements and their posting in batches B-1, B-2, … (manual §6.2.1–6.2.5).

Movements are pending, processed or deleted; each has an action: post, skip (do not post), pending (keep),
excluded (by type, or booked before Settings GoLiveDate) or force. Posting moves the selected pending movements to
processed and publishes the entries of post/force ones as one batch. A batch's entries are always recomputed from
the movements that carry its number, so putting one movement back to pending republishes its batch without it (the
ledger replaces a batch it receives again), and "repost all" republishes every batch. Functions change the book;
the caller saves (the ledger too, when a ledger book is the sink).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from engine.domain.posting.entry import Entry
from engine.domain.reconcile import lines as multi
from engine.domain.reconcile import posting
from engine.domain.reconcile import substitutions as subst
from engine.domain.reconcile import movements as mv
from engine.domain import imputation, vat_close
from engine.domain.vat import VatRates, vat_of_gross
from engine.errors import BusinessRuleError, ComptoirError, Problem, ProblemsFound, Source
from engine.i18n import tr
from engine.money import quantize
from engine.schema import terms
from engine.services import bank_chart, bank_counted_once as counted_once, sales_payments
from engine.services.bank_rules import personal_patterns
from engine.services.rates import book_rates
from engine.services.posting_sink import LedgerJournal, MandateSink, PostingBatch

ACTIONS = ("post", "skip", "pending", "excluded", "force")
BOOKED = ("post", "force")


@dataclass(frozen=True, slots=True, kw_only=True)
class BankPostResult:
    batch: str | None
    posted: int
    not_posted: int
    entries: int
    problems: tuple[Problem, ...] = ()


class BankMandateSink(MandateSink):
    """Publishes bank batches into the book's mandate (kind ``bank``)."""

    def kind(self, batch: PostingBatch) -> str:
        return "bank"


def default_sink(book, ledger=None):
    """The ledger book given, else the book's mandate; neither: a clear error."""
    if ledger is not None:
        return LedgerJournal(ledger)
    from engine import mandate as mandates
    try:
        return BankMandateSink(mandates.open_book(book.path))
    except (ComptoirError, TypeError, OSError) as error:
        raise BusinessRuleError(tr("{book}: no mandate and no ledger to post to ({error})", book.language,
                                   book=book.name, error=error),
                                tr("give the ledger book (--ledger LEDGER) or link the books in a mandate",
                                   book.language)) from None


def _batch_id(book, batch: str) -> str:
    stem = (book.path.stem if book.path else book.name) or "book"
    return f"{stem}-{batch}"[-64:]


def _vat(book):
    rates = VatRates.from_records(book.records("VatCodes"))

    def vat(code, day, gross):
        if code not in rates:
            raise BusinessRuleError(tr("VAT code {code} is unknown", book.language, code=code),
                                    tr("choose a code of the {sheet} sheet", book.language,
                                       sheet=book.title("VatCodes")))
        return vat_of_gross(gross, rates.rate(code, day).rate)
    return vat


def _read(m, custom):
    facts = {"raw": mv.raw_text(m)}
    return lambda name: subst.value(name, "", facts, custom) if name in custom else None


def _in_chf(book, m, made: list[Entry], table=None) -> list[Entry]:
    """A movement of a foreign-currency account in CHF at the rate of its booking date (the Rates sheet; Settings
    EURRate in a book without one); the ledger keeps CHF, the label the amount the bank booked. No rate for the
    day: refused, naming the movement."""
    currency = (m.currency or "CHF").upper()
    if currency == "CHF":
        return made
    table = table if table is not None else book_rates(book)
    day = m.booking_date or m.value_date
    rate = table.on(currency, day)
    if rate is None:
        raise BusinessRuleError(tr("movement {id} is in {currency}: the ledger is in CHF and there is no {currency} "
                                   "rate on or before {date}", book.language, id=m.movement_id, currency=currency,
                                   date=f"{day:%d.%m.%Y}") if day else
                                tr("movement {id} is in {currency} and has no booking date", book.language,
                                   id=m.movement_id, currency=currency),
                                tr("add the day's {currency} rate to the {sheet} sheet (comptoir rates import), or "
                                   "post it by hand in CHF and mark it 'skip'", book.language, currency=currency,
                                   sheet=book.title("Rates")))
    note = f" ({currency} {m.amount} × {rate})"
    return [replace(e, amount=quantize(e.amount * rate), vat_amount=quantize(e.vat_amount * rate),
                    label=(e.label + note)[:250]) for e in made]


def _entries(book, movements, batch: str, custom, vat, bad: set | None = None) -> tuple[list[Entry], list[Problem]]:
    entries, problems = [], []
    table = book_rates(book)
    for m in movements:
        if m.action not in BOOKED:
            continue
        try:
            imputation.optional(getattr(m, "period", None))
        except ComptoirError as error:  # named at its cell: the Period column of its row
            problems.append(Problem(book.table("Movements").source(m, "period"),
                                    tr("movement {id}: the {column} {problem}", book.language, id=m.movement_id,
                                       column=terms.header("Period", book.language), problem=error.message),
                                    error.hint))
            if bad is not None:
                bad.add(m.movement_id)
            continue
        try:
            lines = multi.resolve(multi.parse(m.lines), m.amount, _read(m, custom)) if m.lines else ()
            entries.extend(_in_chf(book, m, posting.entries_of(m, voucher=batch, source="movement", lines=lines,
                                                               vat=vat), table))
        except ComptoirError as error:
            problems.append(Problem(Source(book.name, book.title("Movements"), m.row), error.message, error.hint))
            if bad is not None:
                bad.add(m.movement_id)
    return entries, problems


def _publish(book, sink, batch: str, movements, custom, vat) -> tuple[int, list[Problem]]:
    entries, problems = _entries(book, movements, batch, custom, vat)
    if problems:
        return 0, problems
    sessions = list(book.records("PostingSessions"))
    batch_id = _batch_id(book, batch)
    old = next((s for s in sessions if s.what == "bank" and s.batch == batch_id), None)
    number = old.session if old else max((s.session or 0 for s in sessions), default=0) + 1
    if old is None:  # a new batch (a republished one was counted by any closing that came after it)
        vat_close.refuse_closed_vat(sessions, entries, f"bank batch {batch}", Source(book.name, "Movements"))
    if entries:
        sink.publish(PostingBatch(batch_id=batch_id, source=book.name, session=number, kind="bank",
                                  entries=tuple(entries)))
    elif old is None:
        return 0, []  # nothing was published under this batch and nothing is: no session to record
    elif old.status == "posted":  # a batch never published (or withdrawn already) has nothing to take back
        sink.withdraw(batch_id)
    row = dict(session=number, date=date.today(), what="bank", entries=len(entries),
               total=sum((e.amount for e in entries), 0), status="posted" if entries else "withdrawn",
               batch=batch_id, payments=len(movements))
    sessions = [replace(s, **row) if s is old else s for s in sessions] if old else [
        *sessions, book.new("PostingSessions", **row)]
    book.put("PostingSessions", sessions)
    return len(entries), []


def post(book, *, ledger=None, sink=None, account: str | None = None, ids=None) -> BankPostResult:
    """Post the pending movements (of ``account``, or ``ids``) whose action is not "pending" as the next batch."""
    sink = sink or default_sink(book, ledger)
    movements = list(book.records("Movements"))
    wanted = None if ids is None else set(ids)
    iban = (account or "").replace(" ", "").upper()
    chosen = [i for i, m in enumerate(movements) if m.state == "pending" and (m.action or "post") != "pending"
              and (wanted is None or m.movement_id in wanted) and (not iban or m.bank_iban == iban)]
    if not chosen:
        return BankPostResult(batch=None, posted=0, not_posted=0, entries=0)
    batch = posting.next_batch(m.batch for m in movements)
    custom = personal_patterns(book)
    vat = _vat(book)
    picked = [replace(movements[i], action=movements[i].action or "post") for i in chosen]
    refused: set = set()
    problems = []
    for m, problem in counted_once.typed_over(book, picked):  # 1020 would no longer be the statement's
        refused.add(m.movement_id)
        problems.append(problem)
    # a Lines or AnalyticCode cell typed by hand naming what the ledger does not have: the pull would refuse the batch
    for movement_id, problem in bank_chart.by_movement(book, [m for m in picked if m.movement_id not in refused],
                                                       bank_chart.Chart(book, getattr(sink, "ledger", None) or ledger)):
        refused.add(movement_id)
        problems.append(problem)
    # a movement that posts itself while invoicing posts the payment it recorded would count the money twice
    said, blocked = counted_once.release_before_post(book, [m for m in picked if m.movement_id not in refused],
                                                     movements)
    problems += said
    refused |= blocked
    _, more = _entries(book, [m for m in picked if m.movement_id not in refused], batch, custom, vat, refused)
    problems += more
    picked = [m for m in picked if m.movement_id not in refused]  # refused ones stay pending, with the reason
    count, more = _publish(book, sink, batch, picked, custom, vat)
    done = {m.movement_id for m in picked}
    book.put("Movements", [replace(m, state="processed", batch=batch) if m.movement_id in done else m
                           for m in movements])
    booked = sum(m.action in BOOKED for m in picked)
    return BankPostResult(batch=batch, posted=booked, not_posted=len(picked) - booked, entries=count,
                          problems=tuple(problems + more))


def _republish(book, sink, batches, movements) -> None:
    custom = personal_patterns(book)
    vat = _vat(book)
    by_batch = {batch: [m for m in movements if m.batch == batch and m.state == "processed"]
                for batch in batches if batch}
    if problems := counted_once.republish_problems(book, [m for ms in by_batch.values() for m in ms], movements):
        raise ProblemsFound(problems)  # all or nothing: no batch is taken back or replaced
    for batch in sorted(by_batch):
        count, problems = _publish(book, sink, batch, by_batch[batch], custom, vat)
        if problems:
            raise ComptoirError(problems[0].message, problems[0].hint, problems[0].source)


def refuse_unknown(book, movements, wanted: set) -> None:
    """Refuse, naming the first, movement ids ``wanted`` that ``movements`` do not hold."""
    if unknown := sorted(wanted - {m.movement_id for m in movements}):
        raise BusinessRuleError(tr("there is no movement {id}", book.language, id=unknown[0]),
                                tr("check the {column} column of {sheet}", book.language,
                                   column=terms.header("MovementId", book.language), sheet=book.title("Movements")))


def back_to_pending(book, ids, *, ledger=None, sink=None) -> tuple[int, list[Problem]]:
    """Processed or deleted movements go back to pending; their batches are republished without them. Returns how
    many, and a warning for each invoice a movement had paid (open again until the movement is recognised again)."""
    wanted = set(ids)
    refuse_unknown(book, book.records("Movements"), wanted)  # said done for one not there (audit of issue 18)
    _, said, blocked = sales_payments.release_movement_payments(  # to be recognised again
        book, wanted, because="is put back to pending")
    if blocked:  # its payment is posted by invoicing: pending would say the money is not booked while it is
        raise ProblemsFound([p for p in said if p.severity == "error"])
    movements = list(book.records("Movements"))
    batches = {m.batch for m in movements if m.movement_id in wanted and m.state == "processed"}
    if batches:  # a deleted movement was never posted: bringing it back needs no ledger
        sink = sink or default_sink(book, ledger)
    movements = [replace(m, state="pending", batch=None) if m.movement_id in wanted else m for m in movements]
    book.put("Movements", movements)
    _republish(book, sink, batches, movements)
    return len(wanted), said


def unpost_all(book, *, ledger=None, sink=None) -> int:
    """Withdraw every bank batch from the ledger (movements stay processed; repost_all brings them back)."""
    sink = sink or default_sink(book, ledger)
    sessions = list(book.records("PostingSessions"))
    sink.check_withdraw([s.batch for s in sessions if s.what == "bank" and s.status == "posted"])  # all or nothing
    out, count = [], 0
    for s in sessions:
        if s.what == "bank" and s.status == "posted":
            sink.withdraw(s.batch)
            s, count = replace(s, status="withdrawn"), count + 1
        out.append(s)
    book.put("PostingSessions", out)
    return count


def repost_all(book, *, ledger=None, sink=None) -> int:
    """Regenerate the entries of every processed movement, batch by batch (manual "Tout recomptabiliser")."""
    sink = sink or default_sink(book, ledger)
    movements = book.records("Movements")
    batches = {m.batch for m in movements if m.state == "processed" and m.batch}
    _republish(book, sink, batches, movements)
    return len(batches)
