"""Everything ``comptoir check`` and the ribbon's Check book report on a book: the cells (types, codes, references),
posted records edited since their session, and unposted documents whose amounts are no longer their lines'."""
from __future__ import annotations

from collections import defaultdict

from engine.domain import document_checks
from engine.errors import Problem, ProblemsFound
from engine.i18n import tr
from engine.schema import terms


def problems(book, ledger=None) -> list[Problem]:
    """``ledger``: an invoicing book's ledger already open (the office's night), instead of reading it again."""
    found = book.check()
    readable = not [p for p in found if p.severity == "error"]  # cells of the right types: the rules can read them
    if book.kind == "ledger" and readable:
        from engine.domain import ledger_edits
        from engine.services.posting_sink import edited_entry
        found += [edited_entry(book, e, tr("the invoicing book and this ledger disagree", book.language),
                               tr("type back what was posted and correct the document in invoicing, then repost (or "
                                  "clear its {column} cell to keep it as a hand entry)", book.language,
                                  column=terms.header("Posted", book.language)))
                  for e in book.records("Journal") if ledger_edits.edited(e)]
        from engine.services import ledger_batches
        found += ledger_batches.problems(book)  # posted rows deleted or added by hand
        from engine.services import closing_control
        found += closing_control.problems(book)  # rows typed into a closed period since its close
        found += outside_periods(book)  # rows of a year the ledger has not opened
        from engine.services import revaluation_check
        found += revaluation_check.problems(book)  # a revaluation older than what it revalued
    if readable:
        from engine.services.mandate_check import waiting_refused
        found += waiting_refused(book, ledger)  # batches a pull would leave waiting in the book's mandate
    if book.kind == "invoicing" and readable:
        from engine.services.posting import check_locks, check_method
        found += check_locks(book)  # a posted amount edited by hand in Excel
        found += check_method(book)  # VatMethod / VatBasis changed after posting (post would refuse)
        found += stale_documents(book)
        from engine.services.rates_warnings import sheet_problems
        found += sheet_problems(book)  # a rate far from the previous one: a typo (93.5 for 0.935)
        from engine.services.bank_counted_once import typed_over
        found += [problem for _, problem in typed_over(book, book.records("Movements"))]
        from engine.services import bank_chart
        chart = bank_chart.Chart(book, ledger)  # accounts, analytic codes the ledger lacks, in movements and rules
        found += bank_chart.problems(book, book.records("Movements"), chart) + bank_chart.rule_problems(book, chart)
    if book.kind == "invoicing":  # contacts of unknown clients, stock moves of articles not stocked
        from engine.services import contacts, stock
        found += contacts.check(book) + stock.check(book)
    found += period_problems(book)
    return found


def outside_periods(book) -> list[Problem]:
    """Journal rows dated in no period of the ledger's Periods sheet (audit of issue 20: a night pulled 2027
    entries into the 2026 ledger and check said nothing), each named at its Date cell."""
    from engine.domain.periods import outside, revalues
    periods = book.records("Periods")
    table = book.table("Journal")
    out = []
    for entry in book.records("Journal"):
        why = outside(periods, entry.date, book.language, book.title("Periods")) \
            if entry.date and not revalues(entry) else None
        if why:
            out.append(Problem(table.source(entry, "date"),
                               tr("entry {entry} (batch {batch}): {why}", book.language, entry=entry.entry_id,
                                  batch=entry.batch or "—", why=why),
                               tr("open the year {year} (comptoir ledger open LEDGER --year {year}, or --into NEW.xlsx "
                                  "and move the entry there), or correct its date", book.language,
                                  year=entry.date.year)))
    return out


def period_problems(book) -> list[Problem]:
    """Imputation periods that cannot be read: a pending movement's (posting would keep it waiting) and a Journal
    entry's (the balance by imputation would refuse), each named at its Period cell."""
    from engine.domain import imputation
    from engine.errors import ComptoirError
    sheet = {"invoicing": "Movements", "ledger": "Journal"}.get(book.kind)
    if sheet is None or "period" not in book.table(sheet).positions:
        return []
    out = []
    for record in book.records(sheet):
        if not record.period or (sheet == "Movements" and record.state != "pending"):
            continue
        try:
            imputation.parse(record.period)
        except ComptoirError as error:
            said = (tr("movement {id}: the {column} {problem}", book.language, id=record.movement_id,
                       column=terms.header("Period", book.language), problem=error.message) if sheet == "Movements"
                    else tr("entry {id}: the {column} {problem}", book.language, id=record.entry_id,
                            column=terms.header("Period", book.language), problem=error.message))
            out.append(Problem(book.table(sheet).source(record, "period"), said, error.hint))
    return out


def stale_documents(book, numbers=None) -> list[Problem]:
    """Unposted documents (all, or ``numbers``) whose amounts no longer follow from their lines, each named by
    the cell to fix."""
    lines = defaultdict(list)
    for line in book.records("DocumentLines"):
        lines[line.document_number].append(line)
    out = []
    for document in book.records("Documents"):
        if document.posted_session or (numbers is not None and document.number not in numbers):
            continue
        for record, field, message in document_checks.stale(document, lines.get(document.number, ()), book.language):
            sheet = "Documents" if record is document else "DocumentLines"
            out.append(Problem(book.table(sheet).source(record, field), message,
                               tr("recompute it (comptoir documents recompute BOOK --number {number}) or type the "
                                  "amounts back; a negative quantity becomes a credit note (stage N)", book.language,
                                  number=document.number)))
    return out


def refuse_stale(book, numbers) -> None:
    """Raise when one of ``numbers`` does not add up: no PDF, QR-bill or entry is made from wrong amounts."""
    found = stale_documents(book, set(numbers))
    if found:
        raise ProblemsFound(found)
