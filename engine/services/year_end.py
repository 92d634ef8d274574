"""``ledger close`` and ``ledger open`` on a ledger book: the checks of :mod:`engine.domain.year_end` read from the
book, the Periods marked Closed, the opening entries written (into the same book or a new one made from the
template with this book's chart, VAT codes and analytic codes). Nothing is written when a check refuses.

The bank rules and personal substitution strings live in the invoicing book, by bank account and date; they are
carried into the new year by ``comptoir bank rules copy BOOK --from 2027-01-01 [--to NEXTBOOK]``.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

from engine import templates
from engine.domain import year_end as ye
from engine.domain.periods import closed_for
from engine.errors import BookError, BusinessRuleError, Problem, ProblemsFound, Source
from engine.ledger_words import say
from engine.schema import terms
from engine.services import closing_control, year_end_opening as opening_check
from engine.services.year_end_opening import SOURCE, opens  # how the opening entries are written and recognised
from engine.store.book import Book


@dataclass(frozen=True, slots=True, kw_only=True)
class Closed:
    year: int
    periods: tuple[str, ...]
    entries: int
    recorded: tuple[str, ...] = ()  # periods closed before the Closings sheet, whose control totals a rerun recorded


def _journal_problems(ledger: Book, start: date, end: date) -> list[Problem]:
    """Cells of the Journal that do not read (an entry without amount or side), accounts missing from the chart,
    and entries of the year no period holds: a year with any of these is not known to balance."""
    journal = ledger.records("Journal")
    problems = opening_check.unreadable_journal(ledger)
    chart = {a.number for a in ledger.records("Accounts")}
    periods = [p for p in ledger.records("Periods") if p.start and p.end]
    for e in journal:
        if not start <= e.date <= end:
            continue
        where = Source(ledger.name, "Journal", e.row)
        for side, account in (("Debit", e.debit), ("Credit", e.credit)):
            if account is not None and account not in chart:  # an empty side is the loader's problem already
                problems.append(Problem(where, f"entry {e.voucher or e.entry_id}: the {side} account {account} is "
                                        "not in the chart", "add it to Accounts or correct the entry"))
        if not any(p.start <= e.date <= p.end for p in periods):
            problems.append(Problem(where, f"entry {e.voucher or e.entry_id} of {e.date:%d.%m.%Y} lies in no period",
                                    "add the period to the Periods sheet or correct the date"))
    return problems


def close_year(ledger: Book, year: int, previous_book: Book | None = None) -> Closed:
    """Mark every period of ``year`` Closed, once the year balances, its clearing accounts are at zero, its opening
    is the previous year's closing (in ``previous_book`` when that year is another book) and nothing of it waits in
    the ledger's mandate; the closed periods are then published to that mandate."""
    from engine.services.year_end_mandate import (
        mandate_of,
        publish_periods,
        refuse_waiting,
    )
    start, end, rows = ye.year_span(ledger.records("Periods"), year)
    earlier = sorted(p.period for p in ledger.records("Periods") if p.end and p.end < start and not p.closed)
    if earlier:  # years close in order: an open earlier year could still change this one's opening balances
        raise BusinessRuleError(say("{year} cannot be closed before the earlier period(s) {periods}", year=year,
                                    periods=", ".join(earlier)),
                                say("close them first (comptoir ledger close LEDGER --year {first})",
                                    first=min(earlier)[:4]))
    opening_check.refuse_unopened(ledger, year, f"{year} cannot be closed")
    opening_check.refuse_stale(ledger, year, f"{year} cannot be closed", previous_book)
    # every period balances once every row reads: a Journal row carries one amount on its debit and its credit
    problems = _journal_problems(ledger, start, end)
    if problems:
        raise ProblemsFound(problems)
    left = ye.clearing_left(ledger.records("Journal"), start, end)
    if left:
        raise BusinessRuleError(
            say("{year} cannot be closed: {count} clearing account(s) are not at zero", year=year, count=len(left))
            + "\n" + "\n".join(item.describe() for item in left),
            say("allocate what is left (an entry from the clearing account to the client, supplier or expense it "
                "belongs to; `comptoir ledger extract LEDGER --account {account}` shows it), then close again",
                account=left[0].account))
    with mandate_of(ledger.path) as mandate:
        refuse_waiting(mandate, start, end, ledger.name)
        if all(p.closed for p in rows):
            recorded = closing_control.record_missing(ledger, rows)  # a year closed before the Closings sheet
            if recorded:
                ledger.save()
            publish_periods(mandate, ledger)  # again: a close whose publishing failed is finished by a rerun
            return Closed(year=year, periods=(), entries=0, recorded=recorded)
        names = {p.period for p in rows}
        ledger.put("Periods", [replace(p, closed=True) if p.period in names else p
                               for p in ledger.records("Periods")])
        closing_control.record(ledger, rows)  # what check compares the closed periods with
        ledger.save()
        publish_periods(mandate, ledger)
    count = sum(1 for e in ledger.records("Journal") if start <= e.date <= end)
    return Closed(year=year, periods=tuple(sorted(p.period for p in rows if not p.closed)), entries=count)


def reopen_year(ledger: Book, year: int) -> tuple[tuple[str, ...], str]:
    """Mark the periods of ``year`` open again (a correction of a closed year); refused while a later year is
    closed. Returns the periods reopened and a warning when the next year was opened in this book from the
    balances that may now change."""
    from engine.services.year_end_mandate import mandate_of, publish_periods
    _, end, rows = ye.year_span(ledger.records("Periods"), year)
    later = sorted(p.period for p in ledger.records("Periods") if p.start and p.start > end and p.closed)
    if later:
        raise BusinessRuleError(say("{year} cannot be reopened while the later period(s) {periods} are closed",
                                    year=year, periods=", ".join(later)),
                                say("reopen them first (comptoir ledger reopen LEDGER --year {last})",
                                    last=max(later)[:4]))
    reopened = tuple(sorted(p.period for p in rows if p.closed))
    with mandate_of(ledger.path) as mandate:
        if reopened:
            names = set(reopened)
            ledger.put("Periods", [replace(p, closed=False) if p.period in names else p
                                   for p in ledger.records("Periods")])
            ledger.save()
        publish_periods(mandate, ledger)
    opened = any(opens(e, year + 1) for e in ledger.records("Journal"))
    warning = (f"{year + 1} was opened from {year}'s balances: after the corrections, close {year} again and carry "
               f"them once more (comptoir ledger open LEDGER --year {year + 1} --replace)") if opened else ""
    return reopened, warning


@dataclass(frozen=True, slots=True, kw_only=True)
class Opened:
    year: int
    book: Path
    entries: int
    result: object  # the carried year's profit (negative: a loss)
    retained: str
    not_carried: dict  # clearing accounts not at zero (an opening with --force): left out, so 9100 keeps it


def open_year(ledger: Book, year: int, into: Path | None = None, force: bool = False,
              retained: str = ye.RETAINED_EARNINGS, opening: str = ye.OPENING_ACCOUNT,
              replace_opening: bool = False) -> Opened:
    """The opening entries of ``year`` (dated the day after ``year - 1`` ends: 1 January, or 1 July for a financial
    year from July to June) from the balances of ``year - 1``: into ``ledger``
    itself, or into the book ``into`` (made from the template when it does not exist). ``replace_opening``: the
    year was opened already (provisionally, or before a correction of the year before): its opening entries are
    replaced by the ones of today's balances."""
    previous = year - 1
    if not ye.is_equity(retained):  # 1020 or 6000 would hide the result in cash or next year's expenses
        raise BusinessRuleError(f"--retained {retained} is not an equity account: the result of {previous} can only "
                                "be carried to capital and reserves (groups 28 and 29)",
                                f"name an equity account, e.g. --retained {ye.RETAINED_EARNINGS} (Bénéfice / perte "
                                "reporté) or 2960 (réserves libres), or leave --retained out")
    start, end, rows = ye.year_span(ledger.records("Periods"), previous)
    opening_check.refuse_unopened(ledger, previous, f"{year} cannot be opened")  # its carried balances would be wrong too
    opening_check.refuse_stale(ledger, previous, f"{year} cannot be opened")
    if not all(p.closed for p in rows) and not force:
        raise BusinessRuleError(
            say("{previous} is not closed: its opening balance could still change", previous=previous),
            say("close it first (comptoir ledger close LEDGER --year {previous}), or add --force to open {year} "
                "provisionally", previous=previous, year=year))
    problems = _journal_problems(ledger, start, end) + closing_control.problems(ledger, {p.period for p in rows})
    if problems:  # a row typed into the closed year since its close would be carried unseen
        raise ProblemsFound(problems)
    balance = ye.balances(ledger.records("Journal"), start, end)
    created = into is not None and not into.exists()
    try:
        target = ledger if into is None else _target_book(ledger, into)
        return _write_opening(target, year, end + timedelta(days=1), balance, retained, opening, replace_opening)
    except BaseException:
        if created and into.exists():  # a failed run leaves no half-made book behind
            into.unlink()
        raise


def _write_opening(target: Book, year: int, day: date, balance: dict, retained: str, opening: str,
                   replace_opening: bool) -> Opened:
    previous = year - 1
    tag = SOURCE.format(year=year)
    why = closed_for(target.records("Periods"), day)
    if why and target.records("Periods") and any(p.start and p.start.year == year for p in target.records("Periods")):
        raise BusinessRuleError(say("the opening of {year} would fall in a closed period: {why}", year=year, why=why),
                                say("reopen the period in the {sheet} sheet ({closed} empty) to open the year again",
                                    sheet=target.title("Periods"),
                                    closed=terms.header("Closed", target.language, "Periods")))
    if replace_opening:
        target.put("Journal", [e for e in target.records("Journal") if not opens(e, year)])
    else:
        _refuse_second_opening(target, year)
    chart = {a.number for a in target.records("Accounts")}
    for account in (retained, opening):
        if account not in chart:
            raise BusinessRuleError(f"the account {account} is not in the chart of {target.name}",
                                    f"add it to Accounts (SME chart: {ye.RETAINED_EARNINGS} Bénéfice / perte reporté, "
                                    f"{ye.OPENING_ACCOUNT} Bilan d'ouverture) or name another with --retained")
    carried = ye.opening_entries(balance, opening, retained)
    journal = target.records("Journal")
    next_id = max((e.entry_id or 0 for e in journal), default=0) + 1
    language = opening_check.entry_language(target)
    new = [target.new("Journal", entry_id=next_id + i, date=day, voucher=opening_check.written(
                          opening_check.VOUCHER, language, year=year), debit=o.debit,
                      credit=o.credit, amount=o.amount, currency="CHF",
                      label=opening_check.written(opening_check.RESULT if o.result else opening_check.CARRIED,
                                                  language, year=previous),
                      source=tag)
           for i, o in enumerate(carried)]
    target.put("Journal", [*journal, *new])
    if not any(p.start and p.start.year == year for p in target.records("Periods")):
        target.put("Periods", [*target.records("Periods"), target.new(
            "Periods", period=str(year), start=day, end=day.replace(year=day.year + 1) - timedelta(days=1),
            closed=False)])
    target.save()
    left = {account: amount for account, amount in sorted(balance.items()) if ye.is_clearing(account) and amount
            and not ye.is_balance_sheet(account)}
    return Opened(year=year, book=Path(target.path or ""), entries=len(new), result=ye.carried_result(balance),
                  retained=retained, not_carried=left)


def _refuse_second_opening(book: Book, year: int) -> None:
    tag = SOURCE.format(year=year)
    done = [e for e in book.records("Journal") if opens(e, year)]
    if done:
        raise BusinessRuleError(
            say("{year} is already opened in {book}: {count} opening entries (voucher {voucher}, Source \"{tag}\") "
                "from Journal row {row}", year=year, book=book.name, count=len(done), voucher=done[0].voucher,
                tag=tag, row=done[0].row),
            say("to carry the previous year's balances again (after a correction), add --replace: those entries are "
                "replaced"))


def _target_book(ledger: Book, into: Path) -> Book:
    """The new year's book: an existing ledger book, or one made from the template with this book's chart, VAT
    codes and analytic codes."""
    if into.exists():
        book = Book.open(into)
        if book.kind != "ledger":
            raise BookError(f"{into} is not a ledger book", "name a new file or a ledger book with --into")
        return book
    if into.suffix.lower() not in (".xlsx", ".xlsm"):
        raise BookError(f"{into.name} must end in .xlsx", "Excel only opens workbooks by their extension")
    into.parent.mkdir(parents=True, exist_ok=True)
    templates.write("ledger", into, ledger.language)  # the new year's book speaks the ledger's language
    book = Book.open(into)
    for sheet in ("Accounts", "VatCodes", "AnalyticCodes"):
        book.put(sheet, [replace(r, row=None) for r in ledger.records(sheet)])
    return book
