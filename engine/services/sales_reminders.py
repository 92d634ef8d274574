"""The reminder run (rappels, DOMAIN.md §8): list overdue invoices, issue the level that is due, record its fee and
the default interest to date in Payments, and print the reminder with a QR-bill for the open balance.

Fees and interest are recorded as Payments rows (Kind ``fee`` / ``interest``) dated on the reminder, whatever the
setting ReminderFeePosting says: the posting engine posts them at issue or only once the invoice is paid. Interest
is recorded as what accrued since the last run (the run computes the total to date on the unpaid principal and
records the difference), so repeated runs never count a day twice.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from engine.domain import reminders as rd
from engine.formats import document_pdf, qr_payload
from engine.formats.document_view import DocumentLine, DocumentView, TotalLine
from engine.formats.labels import label
from engine.errors import BusinessRuleError
from engine.i18n import tr, written
from engine.money import ZERO, quantize, round_chf
from engine.services import contacts
from engine.services import documents_book as db
from engine.services import documents_print as dp
from engine.services import sales_payments as sp
from engine.services.rates import book_rates
from engine.store.book import Book

PAY_WITHIN_DAYS = 10
INTRODUCTION = {
    1: {"FR": "Sauf erreur de notre part, la facture ci-dessous n'a pas encore été réglée. Nous vous prions de "
              "bien vouloir en verser le montant dans les 10 jours.",
        "DE": "Unseres Wissens ist die folgende Rechnung noch offen. Bitte überweisen Sie den Betrag innert 10 Tagen.",
        "IT": "Salvo errore, la fattura seguente non è ancora stata saldata. Vi preghiamo di versarne l'importo "
              "entro 10 giorni.",
        "EN": "According to our records the invoice below is still unpaid. Please pay the amount within 10 days."},
    2: {"FR": "Malgré notre premier rappel, la facture ci-dessous reste impayée. Merci de la régler sans délai.",
        "DE": "Trotz unserer ersten Mahnung ist die folgende Rechnung noch offen. Bitte begleichen Sie sie umgehend.",
        "IT": "Nonostante il nostro primo richiamo, la fattura seguente resta insoluta. Vi preghiamo di saldarla "
              "senza indugio.",
        "EN": "Despite our first reminder the invoice below is still unpaid. Please settle it without delay."},
    3: {"FR": "Dernier rappel : sans paiement dans les 10 jours, nous introduirons une réquisition de poursuite.",
        "DE": "Letzte Mahnung: Ohne Zahlung innert 10 Tagen leiten wir die Betreibung ein.",
        "IT": "Ultimo richiamo: senza pagamento entro 10 giorni avvieremo la procedura esecutiva.",
        "EN": "Final reminder: without payment within 10 days we will start debt collection proceedings."},
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Reminder:
    number: str          # the invoice
    level: int
    fee: Decimal
    interest: Decimal    # recorded by this run
    balance: Decimal     # open after the run (fees and interest included)
    path: Path | None = None
    payload: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ReminderRun:
    issued: tuple[Reminder, ...]
    collection: tuple[str, ...]  # invoices past the last level: for debt collection (poursuite)


def policy(settings) -> rd.ReminderPolicy:
    return rd.ReminderPolicy(
        days=tuple(settings[f"Reminder{n}Days"] or 0 for n in (1, 2, 3)),
        fees=tuple(settings[f"Reminder{n}Fee"] or ZERO for n in (1, 2, 3)),
        interest=bool(settings["DefaultInterest"]), rate=settings["DefaultInterestRate"] or Decimal(5),
        day_count=settings["InterestDayCount"] or "actual/365")


def overdue(book: Book, today: date) -> list:
    """Open invoices past their due date, oldest first."""
    return sorted((d for d in book.records("Documents")
                   if db.is_open(d) and d.due_date is not None and d.due_date < today),
                  key=lambda d: (d.due_date, d.number))


def reminder_run(book: Book, *, today: date | None = None, out_dir: Path | None = None) -> ReminderRun:
    """Issue every reminder due on ``today``; write their PDFs to ``out_dir`` when given. The caller saves."""
    today = today or date.today()
    rules = policy(book.settings)
    issued, collection = [], []
    for document in overdue(book, today):
        level = rd.due_level(due_date=document.due_date, level=document.reminder_level or 0,
                             last_reminder=document.last_reminder, today=today, policy=rules)
        if not level:
            if (document.reminder_level or 0) >= rd.MAX_LEVEL:
                collection.append(document.number)
            continue
        # on what was unpaid each day: what a payment paid of the capital stops the interest on it from its date on;
        # it paid the interest and fees due first (CO 85 al. 1), those of earlier reminders, not this one's
        settled = _capital_paid(db.payment_rows(book, document.number))
        # the fee's comment is the bookkeeper's, in the book's language (not the client's, nor the system's)
        fee = _fee_in_currency(book, document, rd.fee(level, rules), today)
        comment = written("reminder {level}", book.text_language, level=level)
        if fee and (document.currency or "CHF") != "CHF":
            comment += written(" (CHF {fee} at {rate})", book.text_language, fee=rd.fee(level, rules),
                               rate=_day_rate(book, document, today))
        if fee:
            sp.record_payment(book, document.number, fee, on=today, kind="fee", comment=comment)
        accrued = ZERO
        if rules.interest:
            # each reminder charges the interest of its own period, from where the last one stopped (or the due
            # date) to today, on what is unpaid now: the period printed is the one whose interest is printed
            start = max((p.date for p in db.payment_rows(book, document.number) if p.kind == "interest" and p.date),
                        default=document.due_date)
            accrued = rd.interest_on(document.total_payable or ZERO, settled, start, today, rules.rate,
                                     day_count=rules.day_count)
            if (document.currency or "CHF") == "CHF":
                # the total to pay is a multiple of the smallest coin (DOMAIN §1: CHF totals to 0.05), also after a
                # partial payment left odd cents: the interest takes the rounding (at most 0.02 off the exact one)
                owed = sp.refresh(book, document.number).balance or ZERO  # with the fee just recorded
                accrued = max(round_chf(owed + accrued) - owed, ZERO)
            if accrued > 0:
                period = f"{start:%d.%m.%Y}–{today:%d.%m.%Y}"
                sp.record_payment(book, document.number, accrued, on=today, kind="interest",
                                  comment=f"{rules.rate.normalize():f} % p.a. {period}")
        current = replace(db.find_document(book, document.number), reminder_level=level, last_reminder=today)
        db.put_document(book, current)
        current = sp.refresh(book, current.number)
        path, payload = None, ""
        if out_dir is not None:
            view = reminder_view(book, current.number, level, today)
            payload = qr_payload.build(view.qr_bill) if view.qr_bill else ""
            path = Path(out_dir) / f"{view.number}.pdf"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(document_pdf.render(view))
        issued.append(Reminder(number=current.number, level=level, fee=fee, interest=max(accrued, ZERO),
                               balance=current.balance, path=path, payload=payload))
    return ReminderRun(issued=tuple(issued), collection=tuple(collection))


def _capital_paid(rows) -> list[tuple]:
    """(date, amount) of each settlement, a payment's amount less what it paid of the interest and fees due
    (CO 85 al. 1: they are paid first), for :func:`engine.domain.reminders.interest_on`."""
    rows = sorted(rows, key=lambda p: (p.date, p.payment_id))
    ahead = rd.charges_first([(p, None) for p in rows if p.kind in sp.SETTLING],
                             [(p, None) for p in rows if p.kind in ("fee", "interest")])
    return [(p.date, p.amount - ahead.get(p.payment_id, ZERO)) for p in rows if p.kind in sp.SETTLING]


def _day_rate(book: Book, document, today: date) -> Decimal:
    """CHF per unit of a foreign document's currency on the reminder's day (the Rates sheet; Settings EURRate in a
    book without one); refused, naming the document, when there is none."""
    currency = document.currency or "CHF"
    rate = book_rates(book).on(currency, today)
    if rate is None or rate <= 0:
        raise BusinessRuleError(tr("{number} is in {currency}: its reminder fee (set in CHF in {sheet}) cannot be "
                                   "converted, there is no {currency} rate on or before {date}",
                                   number=document.number, currency=currency, sheet=book.title("Settings"),
                                   date=f"{today:%d.%m.%Y}"),
                                tr("add the day's {currency} rate to the {sheet} sheet (comptoir rates import), then "
                                   "run the reminders again", currency=currency, sheet=book.title("Rates")),
                                db.where(book, "Documents", document, "currency"))
    return rate


def _fee_in_currency(book: Book, document, fee: Decimal, today: date) -> Decimal:
    """The reminder fee in the invoice's currency: Settings Reminder…Fee are CHF, what the client owes is in the
    invoice's currency, so a EUR invoice's fee is the CHF fee at the reminder day's rate (CHF 20.00 at 0.94 is EUR
    21.28), posted back in CHF at that day's rate (domain.posting.currency: the fee's own rate)."""
    if not fee or (document.currency or "CHF") == "CHF":
        return fee
    return quantize(fee / _day_rate(book, document, today))


def reminder_view(book: Book, number: str, level: int, today: date) -> DocumentView:
    """The reminder letter of an invoice: the invoice, what was paid, fees and interest, the balance to pay."""
    settings = book.settings
    document = db.find_document(book, number)
    client = db.find_client(book, document.client_id)
    lang = (document.language or "FR").upper()
    lines = [DocumentLine(description=f"{label('invoice', lang)} {number} — {label('date', lang)} "
                                      f"{document.date:%d.%m.%Y}, {label('due_date', lang)} "
                                      f"{document.due_date:%d.%m.%Y}", amount=document.total_payable)]
    rows = db.payment_rows(book, number)
    settled = sum((p.amount for p in rows if p.kind in ("payment", "discount", "loss", "credit_note")), ZERO)
    if settled:
        lines.append(DocumentLine(description=label("already_paid", lang), amount=-settled))
    for row in rows:
        if row.kind == "fee":
            lines.append(DocumentLine(description=f"{label('reminder_fee', lang)} ({row.date:%d.%m.%Y})",
                                      amount=row.amount))
        elif row.kind == "interest":
            lines.append(DocumentLine(description=f"{label('interest', lang)} {row.comment or ''}".strip(),
                                      amount=row.amount))
    due = today + timedelta(days=PAY_WITHIN_DAYS)
    bill = dp.qr_bill(settings, document, client, document.balance,
                      f"{label('reminder', lang)} {level} {label('invoice', lang)} {number}")
    return DocumentView(
        kind="reminder", language=lang.lower(), number=f"{number}-R{level}", date=today,
        company=dp.letterhead(settings, lang),
        client=dp.client_address(client, contacts.attention_line(document.contact, lang)),  # the invoice's contact
        window=settings["AddressWindow"] or "right", currency=document.currency or "CHF", due_date=due,
        client_number=str(client.client_id), refers_to=number, introduction=INTRODUCTION[level][lang],
        lines=tuple(lines), totals=(TotalLine(key="balance_due", amount=document.balance, strong=True),),
        payment_terms=f"{due:%d.%m.%Y}", qr_bill=bill)
