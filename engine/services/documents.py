"""Sales documents use cases: create a document, complete and compute it, move it to the next stage, fix its total,
and the delete/archive rules of clients and articles (manual §3.5.2, §3.7).

``recompute`` is the heart: article lines are completed from Articles, fee lines (shipping/packing) and down-payment
deductions are regenerated, every line gets NetAmount/VatAmount (engine.domain.totals), the document its totals,
payable, QR/creditor reference, balance and status. Posting rules it sets up (for the posting engine):
- a down-payment invoice (DownPayment TRUE, number + ``a``) books its article lines on DownPaymentAccount (2030),
  so it posts 1100 / 2030 + 2200;
- the final invoice lists the down payments in RefersTo and gets one deduction line per VAT code and down payment
  (Kind ``down_payment``, negative net and VAT, Account 2030): it posts 2030 + 2200 / 1100, clearing 2030.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

from engine.domain import documents as dd
from engine.domain import line_checks
from engine.domain.totals import LineInput, compute
from engine.errors import BusinessRuleError, ComptoirError, Problem, ProblemsFound
from engine.i18n import tr
from engine.ids import qrr, scor
from engine.money import ZERO, to_decimal
from engine.services import contacts
from engine.services import documents_book as db
from engine.services.documents_delete import delete_article, delete_client  # noqa: F401 (the service's names)
from engine.services.rates import book_rates
from engine.services import stock
from engine.store.book import Book

DOWN_PAYMENT_LABEL = {"FR": "Acompte", "DE": "Anzahlung", "IT": "Acconto", "EN": "Down payment"}
FEE_LABEL = {"shipping": {"FR": "Frais de port", "DE": "Versandkosten", "IT": "Spese di spedizione", "EN": "Shipping"},
             "packing": {"FR": "Emballage", "DE": "Verpackung", "IT": "Imballaggio", "EN": "Packing"}}


@dataclass(frozen=True, slots=True, kw_only=True)
class LineSpec:
    """A line to put on a new document: an article (fields filled in from Articles) or a free line."""

    article_id: str | None = None
    designation: str | None = None
    quantity: Decimal | None = None
    unit: str | None = None
    unit_price: Decimal | None = None
    discount: Decimal | None = None
    vat_code: str | None = None
    account: str | None = None
    kind: str = ""


def new_document(book: Book, *, client_id: int, stage: str = "F", lines=(), on: date | None = None,
                 performance_date: date | None = None, title: str = "", currency: str | None = None,
                 language: str | None = None, global_discount=None, shipping_fee: str = "", packing_fee: str = "",
                 down_payment: bool = False, refers_to: str = "", fixed_total=None, comment: str = "",
                 contact: str | None = None) -> str:
    """Create a document for a client (its discount, term, language, currency and default contact by default);
    returns its number. ``contact`` names one of the client's contact persons (Contacts)."""
    stage = dd.stage_of(stage)
    client = db.find_client(book, client_id)
    if client.archived:
        raise BusinessRuleError(tr("client {client} ({name}) is archived", book.language, client=client_id,
                                   name=db.client_name(client)),
                                tr("un-archive the client in {sheet} to issue documents again", book.language,
                                   sheet=book.title("Clients")))
    if down_payment and stage != "F":
        raise BusinessRuleError(tr("only an invoice can be a down-payment invoice", book.language),
                                tr("create it at stage F", book.language))
    contact = contacts.contact_for(book, client_id, contact)
    specs = [line if isinstance(line, LineSpec) else LineSpec(**line) for line in lines]
    line_checks.refuse_negative_quantities(specs, stage)
    on = on or date.today()
    settings = book.settings
    number = _new_number(book, stage, on.year) + (dd.DOWN_PAYMENT_MARK if down_payment else "")
    currency = currency or client.currency or settings["DefaultCurrency"] or "CHF"
    rate = None  # a EUR document keeps its day's rate so the reports and the posting value it in CHF (issue 4)
    if currency == "EUR":
        rate = book_rates(book).on(currency, on)
        if rate is None:
            raise BusinessRuleError(tr("no EUR rate on or before {date}: a EUR document needs the rate of its date "
                                       "to value it in CHF", book.language, date=f"{on:%d.%m.%Y}"),
                                    tr("add the day's rate to the {rates} sheet (comptoir rates import), or write the "
                                       "CHF value of 1 EUR in {settings} {key}", book.language,
                                       rates=book.title("Rates"), settings=book.title("Settings"),
                                       key=book.settings.shown_key("EURRate")))
    document = book.new(
        "Documents", number=number, stage=stage, status=stage, client_id=client_id, date=on,
        performance_date=performance_date, currency=currency, exchange_rate=rate,
        language=language or client.language or settings["DefaultLanguage"], title=title or None,
        global_discount=to_decimal(global_discount) if global_discount is not None else client.discount,
        shipping_fee=shipping_fee or None, packing_fee=packing_fee or None,
        fixed_total=None if fixed_total is None else to_decimal(fixed_total), down_payment=down_payment,
        refers_to=refers_to or None, comment=comment or None, reminder_level=0, contact=contact)
    db.put_document(book, document)
    db.replace_lines(book, number, [book.new("DocumentLines", article_id=s.article_id, designation=s.designation,
                                             quantity=None if s.quantity is None else to_decimal(s.quantity),
                                             unit=s.unit, unit_price=None if s.unit_price is None
                                             else to_decimal(s.unit_price), discount=line_checks.discount(s.discount),
                                             vat_code=s.vat_code, account=s.account, kind=s.kind or None)
                                    for s in specs])
    recompute(book, number)
    return number


def recompute(book: Book, number: str):
    """Complete the lines of a document and compute every amount; returns the updated document record."""
    document = db.find_document(book, number)
    if document.posted_session:
        raise BusinessRuleError(tr("document {number} is posted (session {session})", book.language, number=number,
                                   session=document.posted_session),
                                tr("undo the posting session to edit it, or issue a credit note", book.language))
    settings = book.settings
    client = db.find_client(book, document.client_id)
    on = document.performance_date or document.date
    rates = db.vat_rates(book)
    lines, problems = _complete_lines(book, document, settings)
    lines += _fee_lines(book, document, settings)
    if document.stage == "F" and not document.down_payment:
        lines += _down_payment_lines(book, document, settings)
    inputs = []
    for line in lines:
        rate = ZERO
        if line.kind != "text" and line.vat_code:
            try:
                rate = rates.rate(line.vat_code, line_date(book, line, on)).rate
            except ComptoirError as error:
                problems.append(Problem(db.where(book, "DocumentLines", line, "vat_code"), error.message, error.hint))
        inputs.append(LineInput(quantity=line.quantity if line.quantity is not None else Decimal(1),
                                unit_price=line.unit_price or ZERO, discount=line.discount or ZERO,
                                vat_code=line.vat_code or "", vat_rate=rate, kind=line.kind or ""))
    if problems:
        raise ProblemsFound(problems)
    totals = compute(inputs, global_discount=document.global_discount or ZERO, currency=document.currency or "CHF",
                     fixed_total=document.fixed_total, vat_rounding=settings["VatRounding"] or "line")
    lines = [replace(line, net_amount=t.net if t else None, vat_amount=t.vat if t else None)
             for line, t in zip(lines, totals.lines)]
    db.replace_lines(book, number, lines)
    term = client.payment_term_days if client.payment_term_days is not None else settings["PaymentTermDays"]
    document = replace(
        document, total_net=totals.net, total_vat=totals.vat, total_gross=totals.gross, rounding=totals.rounding,
        total_payable=totals.payable,
        due_date=document.due_date or (document.date + timedelta(days=term or 0) if document.stage == "F" else None),
        qr_reference=document.qr_reference or _reference(document, settings))
    document = db.settle(book, document)
    db.put_document(book, document)
    stock.sync_document(book, document)  # a delivery note (or invoice without one) out, a credit note in
    return document


def line_date(book: Book, line, on: date) -> date:
    """The date whose VAT rate a line takes: a down-payment deduction keeps the rate of its down payment."""
    if line.kind == "down_payment" and line.designation:
        number = line.designation.rsplit(" ", 1)[-1]
        try:
            dp = db.find_document(book, number)
            return dp.performance_date or dp.date
        except BusinessRuleError:
            pass
    return on


def advance(book: Book, number: str, stage: str | None = None, on: date | None = None) -> str:
    """Move a document to the next stage (or to ``stage``); it takes a number of that stage's series."""
    document = db.find_document(book, number)
    target = dd.next_stage(document.stage, stage)
    on = on or date.today()
    new_number = _new_number(book, target, on.year)
    origin = " ".join(x for x in (document.origin, document.number) if x)
    moved = replace(document, number=new_number, stage=target, status=target, date=on, origin=origin,
                    due_date=None, qr_reference=None)
    db.put_document(book, moved, old_number=number)
    records = [replace(r, document_number=new_number) if r.document_number == number else r
               for r in book.records("DocumentLines")]
    book.put("DocumentLines", records)
    recompute(book, new_number)
    return new_number


def fix_total(book: Book, number: str, amount=None):
    """Set the total payable by hand ("total arrêté"), or return to the computed total with ``amount=None``."""
    document = db.find_document(book, number)
    value = None if amount is None or amount == "" else to_decimal(amount)
    if value is not None and value <= 0:
        raise BusinessRuleError(tr("a fixed total must be positive, not {amount}", book.language, amount=value),
                                tr("type the amount the client pays", book.language))
    db.put_document(book, replace(document, fixed_total=value))
    return recompute(book, number)


def archive_client(book: Book, client_id: int, archived: bool = True) -> None:
    client = db.find_client(book, client_id)
    book.put("Clients", [replace(c, archived=archived) if c is client else c for c in book.records("Clients")])


def _new_number(book: Book, stage: str, year: int) -> str:
    pattern = book.settings[dd.SERIES[stage]] or f"{stage}-{{year}}-{{seq:04d}}"
    # Numbers a document had at earlier stages stay used: a quote number is never given twice.
    used = [n for d in book.records("Documents") for n in (d.number, *(d.origin or "").split())]
    return dd.next_number(pattern, year, used)


def _complete_lines(book: Book, document, settings) -> tuple[list, list]:
    """The document's own lines (fees and deductions dropped: they are regenerated), completed from Articles."""
    catalogue = db.articles(book)
    problems, out = [], []
    for line in db.lines_of(book, document.number):
        if line.kind in ("fee", "down_payment"):
            continue
        if line.article_id:
            article = catalogue.get(str(line.article_id).strip().upper())
            if article is None:
                problems.append(Problem(db.where(book, "DocumentLines", line, "article_id"),
                                        tr('article "{article}" is not in {sheet}', book.language,
                                           article=line.article_id, sheet=book.title("Articles")),
                                        tr("pick an article number from {sheet}, or clear it for a free line",
                                           book.language, sheet=book.title("Articles"))))
                continue
            line = replace(line, designation=line.designation or article.designation, unit=line.unit or article.unit,
                           unit_price=line.unit_price if line.unit_price is not None else article.unit_price,
                           vat_code=line.vat_code or article.vat_code,
                           account=line.account or article.revenue_account)
        if line.kind != "text":
            if line.quantity is None and line.unit_price is None:
                line = replace(line, kind="text")
            else:
                if not line.vat_code:
                    problems.append(Problem(db.where(book, "DocumentLines", line, "vat_code"),
                                            tr('line {position} "{designation}" has no VAT code', book.language,
                                               position=line.position, designation=line.designation or ""),
                                            tr("choose a code of {sheet} (e.g. TVA, or EXCLU outside VAT)",
                                               book.language, sheet=book.title("VatCodes"))))
                line = replace(line, quantity=line.quantity if line.quantity is not None else Decimal(1),
                               account=line.account or settings["DefaultRevenueAccount"])
            if document.down_payment:
                line = replace(line, account=settings["DownPaymentAccount"])
        out.append(line)
    return out, problems


def _fee_lines(book: Book, document, settings) -> list:
    lang = (document.language or "FR").upper()
    out = []
    for kind, choice in (("shipping", document.shipping_fee), ("packing", document.packing_fee)):
        if not choice:
            continue
        amount = settings[f"{kind.capitalize()}Fee{choice.capitalize()}"] or ZERO
        if amount:
            out.append(book.new("DocumentLines", designation=FEE_LABEL[kind][lang], quantity=Decimal(1),
                                unit_price=amount, vat_code=settings["FeesVatCode"], account=settings["FeesAccount"],
                                kind="fee"))
    return out


def _down_payment_lines(book: Book, document, settings) -> list:
    out = []
    label = DOWN_PAYMENT_LABEL[(document.language or "FR").upper()]
    for number in db.refers_to(document):
        dp = db.find_document(book, number)
        if not dp.down_payment or dp.client_id != document.client_id:
            raise BusinessRuleError(f"{document.number} refers to {number}, which is not a down-payment invoice "
                                    f"of client {document.client_id}", "list only that client's down payments")
        by_code: dict[str, Decimal] = {}
        for line in db.lines_of(book, number):
            if line.net_amount and line.kind != "text":
                by_code[line.vat_code] = by_code.get(line.vat_code, ZERO) + line.net_amount
        for code, net in by_code.items():
            out.append(book.new("DocumentLines", designation=f"{label} {number}", quantity=Decimal(1),
                                unit_price=-net, vat_code=code, account=settings["DownPaymentAccount"],
                                kind="down_payment"))
    return out


def _reference(document, settings) -> str | None:
    """QRR (customer + document number) with a QR-IBAN, else a creditor reference with the IBAN; invoices only."""
    if document.stage != "F":
        return None
    digits = dd.digits_of(document.number)
    if settings["InvoiceQRIBAN"]:
        return qrr.create_for(customer=document.client_id, document=digits or "0",
                              prefix=settings["QRReferencePrefix"] or "")
    if settings["InvoiceIBAN"]:
        return scor.create("".join(c for c in document.number.upper() if c.isalnum())[:21])
    return None
