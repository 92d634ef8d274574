"""Foreign-currency payments as posting reads them: what each payment's money (or a credit note's other half)
was worth in CHF, so the domain posts the realised exchange difference (engine.domain.posting.currency), and the
chart check of the gain and loss accounts before anything is written."""
from __future__ import annotations

from decimal import Decimal

from engine.domain.posting.currency import settlements_in_chf
from engine.domain.posting.documents import SETTLING
from engine.domain.posting.entry import PostingRules
from engine.domain.reminders import charges_first
from engine import i18n
from engine.errors import BusinessRuleError, Source
from engine.i18n import tr
from engine.money import currency_of, exchange_rate, quantize
from engine.schema import seeded, terms
from engine.services.rates import with_rate_used

ZERO = Decimal("0.00")


def refuse_missing_exchange_accounts(entries, rules: PostingRules, chart_book) -> None:
    """An exchange difference on an account the chart does not have (a ledger made before 6949 / 6999 were in the
    SME chart) would post an entry check then names in the ledger: refused before anything is written, saying what
    to add. ``chart_book``: the ledger, else the invoicing book's copy of its chart."""
    chart = {a.number for a in chart_book.records("Accounts")}
    wanted = {(rules.exchange_loss, "ExchangeLossAccount", "6949"), (rules.exchange_gain, "ExchangeGainAccount", "6999")}
    used = {e.debit for e in entries} | {e.credit for e in entries}
    missing = sorted(w for w in wanted if w[0] in used and w[0] not in chart)
    if chart and missing:
        # said in the command's language, the accounts named as the SME chart names them in it (6949 Kursverluste)
        language = i18n.language()
        add = ", ".join(f"{m[0]} {_seeded_name(m[2], language)}" for m in missing)
        keys = " / ".join(terms.shown_setting(m[1]) for m in missing)
        raise BusinessRuleError(tr("the exchange difference goes to {accounts}, which the chart of {book} does not "
                                   "have", accounts=", ".join(m[0] for m in missing), book=chart_book.name),
                                tr("add {accounts} to the ledger's {sheet} (through a mandate: then `comptoir mandate "
                                   "chart LEDGER`), or name an account of the chart in {settings} {keys}", accounts=add,
                                   sheet=terms.shown_sheet("Accounts"), settings=terms.shown_sheet("Settings"),
                                   keys=keys),
                                Source(chart_book.name, "Accounts"))


def _seeded_name(number: str, language: str) -> str:
    """The SME chart's name of ``number`` in ``language`` (6949 Pertes de change, Kursverluste, Exchange losses)."""
    row = next((r for r in seeded.rows("accounts.tsv") if r["Number"] == number), None)
    return seeded.word(row, "Name", language) if row else ""


def foreign_rates(book, table) -> dict:
    """(side, number) → the rate a foreign document is (or will be) posted at."""
    out = {}
    for side, sheet in (("sales", "Documents"), ("purchases", "ReceivedInvoices")):
        for record in book.records(sheet):
            if currency_of(record) != "CHF":
                out[(side, record.number)] = exchange_rate(with_rate_used(record, table))
    return out


def credit_uses_in_chf(rows, links: dict, doc_rates: dict, key: tuple, stage: str, valued: dict) -> dict:
    """A foreign credit note used on an invoice posted at another rate: the use is worth what the other document's
    half moves (payment id → CHF), so the clearing account 1091 / 2009 nets to 0.00 and the difference is an exchange
    result. Valued on the invoice's row (and on a lone row on the note, which posts both halves). ``valued``: the
    other documents' own rows in CHF (:func:`settled_in_chf`), so the two halves agree to the cent."""
    out = {}
    own = doc_rates.get(key)
    taken: set = set()
    for p in sorted(rows, key=lambda r: (r.date, r.payment_id)):
        if p.kind != "credit_note" or p.payment_id not in links:
            continue
        other, paired = links[p.payment_id]
        rate = doc_rates.get((key[0], other)) if other else None
        if own is None or rate is None or rate == own or (stage == "N" and paired):
            continue
        twin = next((pid for pid, (number, linked, day, amount, _) in valued.items() if pid not in taken and
                     number == (key[0], other) and linked == key[1] and day == p.date and amount == p.amount), None)
        if paired and twin is not None:  # the other half's row, as its own document values it
            taken.add(twin)
            out[p.payment_id] = valued[twin][4]
        else:
            out[p.payment_id] = quantize(p.amount * rate)
    return out


def settled_in_chf(book, links: dict, doc_rates: dict) -> dict:
    """Each credit_note row of a foreign document: (payment id → (document, linked number, date, amount, CHF)), the
    CHF as the posting values it, cumulatively over the document's settlements (domain.posting.currency.
    settlements_in_chf)."""
    by_document: dict = {}
    for p in book.records("Payments"):
        if (p.side, p.document_number) in doc_rates:
            by_document.setdefault((p.side, p.document_number), []).append(p)
    out = {}
    for key, rows in by_document.items():
        rows = sorted(rows, key=lambda r: (r.date, r.payment_id))
        ahead = charges_first([(p, None) for p in rows if p.kind in SETTLING],  # paid first: not capital (CO 85)
                              [(p, None) for p in rows if p.kind in ("fee", "interest")])
        chf = settlements_in_chf(rows, doc_rates[key], ahead)
        for p in rows:
            if p.kind == "credit_note" and p.payment_id in links:
                out[p.payment_id] = (key, links[p.payment_id][0], p.date, p.amount, chf[p.payment_id])
    return out


def worth_in_chf(rows, currency: str, days) -> dict:
    """Payment id → the CHF its money was worth on its day: the AmountCHF typed on the row (what the bank
    credited or debited), else its amount at the Rates sheet's rate of its date; none: not in the dict."""
    out = {}
    for p in rows:
        if (p.kind or "payment") != "payment":
            continue
        typed = getattr(p, "amount_chf", None)
        rate = None if typed is not None else days.on(currency, p.date)
        if typed is not None or rate is not None:
            out[p.payment_id] = typed if typed is not None else quantize(p.amount * rate)
    return out


def at_day_rate(rows, currency: str, days) -> dict:
    """Payment id → its amount at the Rates sheet's rate of its day, for the payments whose AmountCHF (what the bank
    booked) is typed: on the received basis their turnover and tax are valued at the day's rate (MWSTV art. 45)."""
    out = {}
    for p in rows:
        rate = days.on(currency, p.date) if getattr(p, "amount_chf", None) is not None else None
        if (p.kind or "payment") == "payment" and rate is not None:
            out[p.payment_id] = quantize(p.amount * rate)
    return out


def charge_rates(rows, currency: str, days, at_payment: bool = False) -> dict:
    """Fee or interest row id → the Rates sheet's rate it is booked at: a reminder's fee and interest at the rate of
    the reminder (the fee is set in CHF and converted at it) — or, ``at_payment`` (fees booked when paid: received
    basis, or ReminderFeePosting payment), at the rate of the day of the payment that pays it (CO 85: the first
    payment after it; MWSTV art. 45: converted when the tax claim arises); none: not in the dict."""
    paid_on = _paid_on(rows) if at_payment else {}
    out = {}
    for p in rows:
        rate = days.on(currency, paid_on.get(p.payment_id, p.date)) if p.kind in ("fee", "interest") else None
        if rate is not None:
            out[p.payment_id] = rate
    return out


def _paid_on(rows) -> dict:
    """Fee or interest row id → the date of the payment that pays its last cent (CO 85, reminders.charges_first)."""
    ordered = sorted(rows, key=lambda p: (p.date, p.payment_id))
    charges = sorted((p for p in ordered if p.kind in ("fee", "interest")),
                     key=lambda c: (c.date, c.kind != "fee", c.payment_id))
    ahead = charges_first([(p, None) for p in ordered if p.kind in SETTLING], [(c, None) for c in charges])
    out, paid, due = {}, ZERO, iter(charges)
    pending, end = next(due, None), ZERO
    if pending is not None:
        end = pending.amount
    for p in ordered:
        paid += ahead.get(p.payment_id, ZERO)
        while pending is not None and paid >= end and p.payment_id in ahead:
            out[pending.payment_id] = p.date
            pending = next(due, None)
            end += pending.amount if pending is not None else ZERO
    return out


def charges_in_chf(book) -> dict:
    """Each fee or interest row of a foreign-currency document → its CHF as the posting books it (at the rate of
    :func:`charge_rates`, else its document's): what the debtors report and the revaluation count of it."""
    from engine.services.rates import book_rates, day_rates
    rules = PostingRules.from_settings(book.settings)
    fees_wait = rules.vat_basis == "received" or rules.reminder_fee_posting == "payment"
    doc_rates, days = foreign_rates(book, book_rates(book)), day_rates(book)
    currencies = {(side, r.number): currency_of(r) for side, sheet in (("sales", "Documents"),
                                                                      ("purchases", "ReceivedInvoices"))
                  for r in book.records(sheet)}
    rows: dict = {}
    for p in book.records("Payments"):
        if doc_rates.get((p.side, p.document_number)) is not None:
            rows.setdefault((p.side, p.document_number), []).append(p)
    out = {}
    for key, found in rows.items():
        rates = charge_rates(found, currencies[key], days, fees_wait)
        for p in found:
            if p.kind in ("fee", "interest") and p.amount is not None:
                out[p.payment_id] = quantize(p.amount * rates.get(p.payment_id, doc_rates[key]))
    return out
