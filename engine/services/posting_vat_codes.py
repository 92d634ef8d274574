"""The ledger's VAT codes as posting checks them: an entry whose VAT code the ledger's VatCodes do not have (or not
on its date) is refused before anything is written (audit 14f: a code kept only in the invoicing book was posted,
and the ledger's VAT statement then guessed at it). Both roads: ``post --ledger`` names the document's line, the
mandate's pull leaves the batch waiting, naming the entry.
"""
from __future__ import annotations

from engine.domain.vat import VatRates
from engine.errors import BusinessRuleError, ComptoirError, Source
from engine.i18n import tr
from engine.money import format_amount
from engine.schema import terms

_LINES = {"sales": ("DocumentLines", "document_number"), "purchases": ("ReceivedLines", "invoice_number")}


def refuse_unknown_vat_codes(ledger, entries, what: str, book=None) -> None:
    """Raise on the first entry whose VAT code has no rate in ``ledger``'s VatCodes on its date, naming the line of
    ``book`` (the invoicing book) it comes from when one is found, else the entry."""
    rates = VatRates.from_records(ledger.records("VatCodes"))
    sheet = ledger.title("VatCodes")  # named as the ledger names it: Codes TVA, MWST-Codes (issue 18)
    hint = tr("add the code to the ledger's {sheet} sheet as the invoicing book has it (its rate, account, kind and "
              "{box}; through a mandate then comptoir mandate chart LEDGER), or correct the line's VAT code",
              sheet=sheet, box=terms.header("ReturnBox", ledger.language, "VatCodes"))
    for e in entries:
        if not e.vat_code:
            continue
        try:
            rates.rate(e.vat_code, e.date)
        except ComptoirError:
            found = _line_of(book, e) if book is not None else None
            if found is not None:
                table, line = found
                raise BusinessRuleError(tr(
                    "{what}: {document} line {line} carries the VAT code {code}, which the sheet {sheet} of {ledger} "
                    "does not have on {date}: nothing was posted", sheet=sheet, what=what, document=e.voucher, line=line.position,
                    code=e.vat_code, ledger=ledger.name, date=f"{e.date:%d.%m.%Y}"), hint,
                    book.table(table).source(line, "vat_code")) from None
            raise BusinessRuleError(tr(
                "{what}: entry {document} ({debit} / {credit} {amount}) carries the VAT code {code}, which the sheet "
                "{sheet} of {ledger} does not have on {date}", sheet=sheet, what=what, document=e.voucher or getattr(e, "source", ""),
                debit=e.debit, credit=e.credit, amount=format_amount(e.amount), code=e.vat_code, ledger=ledger.name,
                date=f"{e.date:%d.%m.%Y}"), hint, Source(ledger.name, sheet)) from None


def refuse_unknown_line_accounts(ledger, entries, what: str, book) -> None:
    """Raise on the first entry on an account the ledger's chart does not have that a line of ``book`` names (the
    document's line is named; an account from Settings or a bank is left to
    :func:`engine.services.posting_sink.refuse_unknown_accounts`). A ledger without a chart checks nothing."""
    chart = {a.number for a in ledger.records("Accounts")}
    if not chart:
        return
    for e in entries:
        for account in (e.debit, e.credit):
            if account in chart or (found := _line_of(book, e, "account", account)) is None:
                continue
            table, line = found
            raise BusinessRuleError(tr(
                "{what}: {document} line {line}: account {account} is not in the ledger's chart ({sheet}) of "
                "{ledger}: nothing was posted", what=what, document=e.voucher, line=line.position, account=account,
                sheet=ledger.title("Accounts"), ledger=ledger.name),
                tr("add the account to the ledger's {sheet} sheet (through a mandate then comptoir mandate chart "
                   "LEDGER), or correct the line's account", sheet=ledger.title("Accounts")),
                book.table(table).source(line, "account"))


def _line_of(book, entry, field: str = "vat_code", value: str | None = None):
    """(sheet, the line) of the invoicing book that carries ``value`` (``entry``'s code) in ``field`` on its
    document, or None."""
    wanted = str(entry.vat_code if value is None else value).upper()
    for table, key in _LINES.values():
        for line in book.records(table):
            if getattr(line, key) == entry.voucher and str(getattr(line, field) or "").upper() == wanted:
                return table, line
    return None
