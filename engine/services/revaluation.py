"""``ledger revalue``: the year-end revaluation written into the ledger's Journal as one batch (the closing entry on
the day and its reversal the next day), from what the invoicing book knows in foreign currency: the EUR bank
accounts' balances (opening balance + the statement's movements) and the open EUR invoices and received invoices.

Run again for the same day it replaces its batch (never twice). The ledger's own balance of each account is what is
revalued against, so a hand entry on the bank account counts; the batch's own entries are left out of it.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from engine.domain import revaluation
from engine.domain.reports import open_items as items
from engine.domain.posting.entry import PostingRules
from engine.domain.posting.sources import partner_name, pointage_reference
from engine.errors import BusinessRuleError, ProblemsFound, Source
from engine.i18n import tr
from engine.money import currency_of, exchange_rate, quantize
from engine.services.posting_exchange import charges_in_chf, refuse_missing_exchange_accounts
from engine.services.posting_sink import LedgerJournal, PostingBatch, batch_stem
from engine.services.rates import book_rates
from engine.services.year_end_opening import unreadable_journal

ZERO = Decimal("0.00")


@dataclass(frozen=True, slots=True)
class Result:
    rows: tuple  # revaluation.Revalued, one per position (differences of 0.00 included)
    entries: int
    batch: str


def batch_id(on: date, book) -> str:
    """One batch per closing day and invoicing book (several books may post into one ledger)."""
    stem = batch_stem(book)
    return f"revaluation-{on.isoformat()}-{stem[:30] or 'book'}"


def revalue(ledger, book, on: date) -> Result:
    """Write the revaluation at ``on`` (and its reversal on the next day) into ``ledger``; the caller saves it."""
    unreadable = unreadable_journal(ledger)  # what the ledger holds could not be added up
    if unreadable:
        raise ProblemsFound(unreadable)
    rules = PostingRules.from_settings(book.settings)
    table = book_rates(book)
    batch = batch_id(on, book)

    def rate_of(currency: str) -> Decimal:
        rate, day = table.on(currency, on), table.dated(currency, on)
        rates_sheet, when = book.title("Rates"), f"{on:%d.%m.%Y}"
        add = tr("add the {currency} rate of {date} to the {sheet} sheet (a row {iso},{currency},RATE, or comptoir "
                 "rates import BOOK FILE), then revalue", currency=currency, date=when, sheet=rates_sheet,
                 iso=f"{on:%Y-%m-%d}")
        if rate is None:
            raise BusinessRuleError(tr("no {currency} rate on or before {date} to revalue at", currency=currency,
                                       date=when), add, Source(book.name, "Rates"))
        earliest = revaluation.earliest_closing_rate_day(on)
        if day is None or day < earliest:
            found = (tr("the latest is of {date}", date=f"{day:%d.%m.%Y}") if day else
                     tr("only {sheet} {key}, one rate for every day", sheet=book.title("Settings"),
                        key=book.settings.shown_key("EURRate")))
            raise BusinessRuleError(
                tr("no {currency} closing rate for {date}: {found}; the closing rate is the day's or of the {days} "
                   "business days before it (from {earliest})", currency=currency, date=when, found=found,
                   days=revaluation.CLOSING_BUSINESS_DAYS, earliest=f"{earliest:%d.%m.%Y}"), add,
                Source(book.name, "Rates"))
        return rate
    positions = bank_positions(ledger, book, on, batch)
    if rules.vat_basis == "agreed":  # received basis: invoices are not in the partner accounts, nothing to revalue
        positions += open_items(book, on)
    rows = revaluation.revalued(positions, rate_of)
    close, back = revaluation.entries(rows, on, gain=rules.exchange_gain, loss=rules.exchange_loss,
                                      language=rules.language)
    refuse_missing_exchange_accounts(close, rules, ledger)
    sink = LedgerJournal(ledger)
    if close:
        sink.publish(PostingBatch(batch_id=batch, source=book.name, session=f"R{on:%Y}", kind="revaluation",
                                  entries=tuple(close + back)))
    else:
        sink.withdraw(batch)  # a run after the differences were booked by hand: the older batch goes
    return Result(tuple(rows), len(close) + len(back), batch)


def bank_positions(ledger, book, on: date, batch: str) -> list:
    """Each foreign-currency bank account: its balance in the currency at ``on`` (OpeningBalance at OpeningDate
    and the statement's movements since, details of a grouped entry and deleted rows left out)."""
    out = []
    movements = book.records("Movements")
    held = revaluation.held(ledger.records("Journal"), on, batch)  # one pass, not one per account
    for account in book.records("BankAccounts"):
        currency = (account.currency or "CHF").upper()
        if currency == "CHF" or not account.ledger_account:
            continue
        start = account.opening_date
        balance = account.opening_balance or ZERO
        for m in movements:
            day = m.booking_date
            if (m.bank_iban != account.iban or m.parent is not None or m.state == "deleted" or day is None
                    or day > on or (start is not None and day < start) or m.amount is None):
                continue
            if m.state == "pending":  # its EUR are in the balance, its CHF not yet in the ledger: all would be
                # revalued as an exchange result
                raise BusinessRuleError(f"movement {m.movement_id} of {account.name or account.iban} ({m.currency} "
                                        f"{m.amount} on {day:%d.%m.%Y}) is still pending: the ledger does not hold "
                                        "it yet", "post it or mark it (bank action), then revalue",
                                        book.table("Movements").source(m, "state"))
            balance += m.amount if m.direction == "credit" else -m.amount
        waiting = next((p for p in book.records("Payments") if p.account == account.ledger_account
                        and p.posted_session is None and p.date is not None and p.date <= on), None)
        if waiting is not None:
            raise BusinessRuleError(f"payment {waiting.payment_id} ({waiting.document_number}, "
                                    f"{waiting.date:%d.%m.%Y}) on {account.ledger_account} is not posted: the ledger "
                                    "does not hold it yet",
                                    f"post up to {on:%d.%m.%Y} first (comptoir post), then revalue",
                                    book.table("Payments").source(waiting, "posted_session"))
        out.append(revaluation.Position(account=account.ledger_account, currency=currency, foreign=quantize(balance),
                                        carried=held.get((account.ledger_account, ""), ZERO),
                                        side="asset", label=account.name or account.ledger_account))
    return out


def open_items(book, on: date) -> list:
    """Each posted foreign-currency invoice, credit note or received invoice still open at ``on``: what is owed in
    its currency (its total and posted fees and interest, less its posted settlements) and the CHF its partner
    account holds for it, as the debtors and creditors reports value it (engine.domain.reports.open_items)."""
    settings = book.settings
    posted = [p for p in book.records("Payments") if p.posted_session is not None]  # what the ledger holds
    charge_chf = charges_in_chf(book)
    out = []
    specs = (("sales", "Documents", "Clients", "client_id", "asset", settings["ReceivablesAccount"]),
             ("purchases", "ReceivedInvoices", "Creditors", "creditor_id", "liability", settings["PayablesAccount"]))
    for side, sheet, partners_sheet, key, kind, default in specs:
        partners = {getattr(p, key): p for p in book.records(partners_sheet)}
        documents = [d for d in book.records(sheet)
                     if currency_of(d) != "CHF" and d.stage in ("F", "N") and d.posted_session is not None
                     and not d.do_not_post and d.date is not None and d.date <= on and exchange_rate(d) is not None]
        rates = {d.number: exchange_rate(d) for d in documents}
        settled, _ = items.settled_by_document(posted, side, on)
        charged = items.charged_by_document(posted, side, on)
        charged_chf = items.charged_chf_by_document(posted, side, on, rates, charge_chf)
        first = items.paid_first_by_document(posted, side, on, rates, charge_chf)  # CO 85: charges paid first
        for d in documents:
            total = (d.total_payable if side == "sales" else d.amount) or ZERO
            paid, fees = settled.get(d.number, ZERO), charged.get(d.number, ZERO)
            if total + fees == paid:
                continue
            sign = items.open_sign(d)
            partner = partners.get(getattr(d, key))
            field = "receivables_account" if side == "sales" else "payables_account"
            account = getattr(partner, field, None) or default
            paid_first, paid_first_chf = first.get(d.number, (ZERO, ZERO))
            carried = items.open_chf(total, charged_chf.get(d.number, ZERO) - paid_first_chf, paid - paid_first,
                                     rates[d.number])
            out.append(revaluation.Position(
                account=account, currency=currency_of(d), foreign=sign * (total + fees - paid), carried=sign * carried,
                side=kind, label=f"{d.number} {partner_name(partner)}", group=d.number,
                reference=pointage_reference(partner, side, settings)))
    return out
