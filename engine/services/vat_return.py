"""``comptoir ledger vat-return``: the period's VAT return from the ledger book, written as the eMWST file.

The figures are the ledger's (its Journal, VatCodes and Accounts, read by :func:`engine.domain.ledger_reports.
vat_statement` like ``comptoir ledger vat``); who files and how are the invoicing book's Settings (CompanyUID,
CompanyName, VatMethod, VatBasis, TdfnRate, TdfnRates), found through the mandate linking the two books or named
with ``--invoicing``. Nothing is written into either book; the file is written beside the ledger (or ``--out``) in
one step, so a failed run leaves no half file.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from importlib import metadata
from pathlib import Path

from engine.domain import ledger_reports
from engine.domain.vat import VatRates
from engine.domain.vat_close import activity_rates
from engine.domain.vat_return import VatReturn, from_statement, period
from engine.errors import ComptoirError
from engine.formats import ech0217
from engine.ids import uid as uids
from engine.ids.reasons import said
from engine.i18n import tr
from engine.ledger_words import say
from engine.schema.terms import sheet_name, shown_setting, shown_sheet
from engine.store.book import Book
from engine.store.whole_file import write_whole


@dataclass(frozen=True, slots=True, kw_only=True)
class Filing:
    """Who files and how: the invoicing book's Settings."""
    uid: str  # CHE + 9 digits
    name: str
    method: str
    basis: str
    net_rate: Decimal | None
    activity_rates: dict


def filing(settings, where: str | None = None) -> Filing:
    """Who files, from the invoicing book's ``settings``; ``where`` names them in a refusal (default: the Settings
    sheet as the book names it), and each key is named as its Settings sheet shows it (Numéro IDE, MWST-Methode)."""
    def key(name: str) -> str:
        return settings.shown_key(name) if hasattr(settings, "shown_key") else shown_setting(name)

    where = where or shown_sheet("Settings")
    raw_uid = settings.get("CompanyUID", "")
    reason = said(uids.explain(raw_uid))
    if reason:
        raise ComptoirError(tr("{where}: {key} {value} {reason}", where=where, key=key("CompanyUID"),
                               value=repr(raw_uid), reason=reason),
                            tr("the VAT return names the company by its UID: type it in {key} (CHE-123.456.789)",
                               key=key("CompanyUID")))
    name = " ".join(str(settings.get("CompanyName", "")).split())
    if not name:
        raise ComptoirError(tr("{where}: {key} is empty", where=where, key=key("CompanyName")),
                            tr("type the company's name as the UID register has it"))
    method = settings.get("VatMethod", "effective")
    rate = settings.get("TdfnRate") if method != "effective" else None
    if method != "effective" and not rate:
        raise ComptoirError(tr("{where}: {key} {method} but {rate_key} is 0", where=where, key=key("VatMethod"),
                               method=method, rate_key=key("TdfnRate")), tr("type the rate the ESTV granted"))
    return Filing(uid=uids.compact(raw_uid)[:12], name=name[:255], method=method,
                  basis=settings.get("VatBasis", "agreed"), net_rate=rate,
                  activity_rates=activity_rates(settings.get("TdfnRates", "")))


def invoicing_book(ledger_path: Path, invoicing: Path | None = None) -> Path:
    """The book whose Settings say who files: ``invoicing``, or the mandate's (first) invoicing book."""
    if invoicing:
        return Path(invoicing)
    from engine.mandate import invoicing_paths
    try:
        books = invoicing_paths(ledger_path)
    except ComptoirError as error:
        raise ComptoirError(tr("{ledger}: which company files this return? {problem}", ledger=ledger_path,
                               problem=error.message),
                            tr("name the invoicing book whose {sheet} hold {key}: --invoicing BOOK",
                               sheet=shown_sheet("Settings"), key=shown_setting("CompanyUID"))) from None
    if not books:
        raise ComptoirError(tr("{ledger}: the mandate links no invoicing book", ledger=ledger_path),
                            tr("name it: --invoicing BOOK"))
    return books[0]


def compute(ledger: Book, who: Filing, start: date, end: date) -> VatReturn:
    journal = ledger.records("Journal")
    rates = VatRates.from_records(ledger.records("VatCodes"))
    classes = {a.number: a.account_class for a in ledger.records("Accounts")}
    known_codes(ledger, journal, rates, start, end)
    rows = ledger_reports.vat_statement(journal, rates, classes, start, end)
    by_account = (ledger_reports.turnover_by_account(journal, rates, classes, start, end)
                  if who.method != "effective" else None)
    reductions = ledger_reports.output_reductions(journal, rates, classes, start, end)
    return from_statement(rows, start, end, who.method, by_account, who.net_rate, who.activity_rates, reductions)


def known_codes(ledger: Book, journal, rates: VatRates, start: date | None, end: date | None) -> None:
    """Every VAT code of the period has its rate in VatCodes, or the entry is named: a return cannot leave a
    turnover out (``report vat`` lists such codes apart; a file for the ESTV cannot)."""
    for e in journal:
        within = e.date is not None and (start is None or start <= e.date) and (end is None or e.date <= end)
        if e.vat_code and within:
            try:
                rates.rate(e.vat_code, e.date)
            except ComptoirError as error:
                raise ComptoirError(f"entry {e.voucher or e.entry_id} ({e.debit} / {e.credit} {e.amount}): "
                                    f"{error.message}", "add the code (its rate, kind and ReturnBox) to VatCodes, "
                                    "or correct the entry's VatCode", ledger.table("Journal").source(e, "vat_code"))


def _submission(correction: bool, reconciliation: bool, start: date, end: date) -> str:
    """Ersteinreichung, Korrekturabrechnung or Jahresabstimmung (eCH-0217 typeOfSubmission 1 / 2 / 3)."""
    if correction and reconciliation:
        raise ComptoirError("a return is a correction or the year's reconciliation, not both",
                            "leave out --correction or --reconciliation")
    if reconciliation and (start.month, start.day, end.month, end.day) != (1, 1, 12, 31):
        raise ComptoirError(f"the reconciliation covers a whole year, not {start:%d.%m.%Y}–{end:%d.%m.%Y}",
                            f"--period {start.year} --reconciliation")
    return "correction" if correction else "annual" if reconciliation else "initial"


def default_out(ledger_path: Path, who: Filing, start: date, end: date, submission: str = "initial") -> Path:
    kind = {"correction": "-correction", "annual": "-reconciliation"}.get(submission, "")
    return Path(ledger_path).with_name(f"eMWST-{who.uid}-{start:%Y%m%d}-{end:%Y%m%d}{kind}.xml")


def write_return(ledger_path, period_text: str, *, invoicing=None, correction: bool = False,
                 reconciliation: bool = False, out=None,
                 activities: dict | None = None, generated: datetime | None = None,
                 ledger: Book | None = None) -> tuple[Path, VatReturn]:
    """Compute the period's return and write its file; (the file, the return). ``ledger``: the book as it is open
    (the ribbon's, over the live workbook), else read from ``ledger_path``."""
    start, end = period(period_text)
    submission = _submission(correction, reconciliation, start, end)
    ledger_path = Path(ledger_path)
    settings_book = invoicing_book(ledger_path, invoicing)
    book = Book.open(settings_book)
    who = filing(book.settings, f"{settings_book} {sheet_name('Settings', book.language)}")
    vat = compute(ledger if ledger is not None else Book.open(ledger_path), who, start, end)
    data = ech0217.build(vat, uid=who.uid, name=who.name, basis=who.basis, submission=submission,
                         activities=activities, generated=generated or datetime.now(UTC), version=_version())
    target = Path(out) if out else default_out(ledger_path, who, start, end, submission)
    write_whole(target, data, "the VAT return file")  # a half-written return never reaches the portal
    return target, vat


def warnings(ledger_path, period_text: str, *, invoicing=None, ledger: Book | None = None) -> list[str]:
    """What the bookkeeper must hear beside the file (audit 19): the invoicing book's documents and payments of the
    period that are not posted yet (the return does not count them), and a period without a single entry (a nil
    return: right only if nothing happened)."""
    start, end = period(period_text)
    ledger = ledger if ledger is not None else Book.open(Path(ledger_path))
    out = []
    book = Book.open(invoicing_book(Path(ledger_path), invoicing))
    if waiting := unposted(book, start, end):
        shown = ", ".join(waiting[:20]) + (say(" and {count} more", count=len(waiting) - 20)
                                           if len(waiting) > 20 else "")
        out.append(say("{count} document(s) or payment(s) of {book} dated in the period are not posted, so this "
                       "return leaves them out: {shown}; post them (comptoir post {book} --until {end}) and write the "
                       "return again", count=len(waiting), book=book.name, shown=shown, end=f"{end:%d.%m.%Y}"))
    if not any(e.date is not None and start <= e.date <= end for e in ledger.records("Journal")):
        out.append(say("no entries in this period ({start}–{end}) in {ledger}: a nil return",
                       start=f"{start:%d.%m.%Y}", end=f"{end:%d.%m.%Y}", ledger=ledger.name))
    return out


def unposted(book: Book, start: date, end: date) -> list[str]:
    """The numbers of the documents (and payments, "payment N of F-…") dated in [start, end] that posting would
    still post, as ``comptoir post`` would see them."""
    from engine.domain.posting.entry import PostingRules
    from engine.domain.posting.sessions import plan
    from engine.services.posting_items import collect
    try:
        rules = PostingRules.from_settings(book.settings)
        items = collect(book, rules)
    except ComptoirError as error:
        return [f"(none could be read: {error}; run comptoir check)"]
    waiting = plan(items, rules, end)
    dated = {(i.doc.side, i.doc.number): i.doc.date for i in items}
    out = [number for side, number in waiting.documents if start <= dated[(side, number)] <= end]
    paid = {p.payment_id: p for p in book.records("Payments")}
    return out + [f"payment {p.payment_id} of {p.document_number}" for p in (paid.get(i) for i in waiting.payments)
                  if p is not None and p.date is not None and start <= p.date <= end]


def last_quarter(today: date) -> str:
    """The quarter before ``today``'s: what is filed in the two months after it (``2026-Q1`` on 10 May 2026).

    >>> last_quarter(date(2026, 5, 10)), last_quarter(date(2026, 2, 1))
    ('2026-Q1', '2025-Q4')
    """
    quarter = (today.month - 1) // 3
    return f"{today.year}-Q{quarter}" if quarter else f"{today.year - 1}-Q4"


def _version() -> str:
    try:
        return metadata.version("comptoir")
    except metadata.PackageNotFoundError:
        return "0"


def activity_codes(text: str | None) -> dict[Decimal, str]:
    """``--activities "6.2=12345; 2.1=67890"``: the ESTV activity code (or, before 2025 under the flat-rate
    method, the activity's name) of each rate.

    >>> activity_codes("6.2=12345; 2.1 = 67890")
    {Decimal('6.2'): '12345', Decimal('2.1'): '67890'}
    """
    out: dict[Decimal, str] = {}
    for part in filter(None, (p.strip() for p in str(text or "").split(";"))):
        rate, _, code = (x.strip() for x in part.partition("="))
        try:
            out[Decimal(rate)] = code
        except ArithmeticError:
            raise ComptoirError(f'--activities: "{part}" is not RATE=CODE', 'e.g. --activities "6.2=12345"') from None
        if not code:
            raise ComptoirError(f'--activities: "{part}" has no code', 'e.g. --activities "6.2=12345"')
    return out
