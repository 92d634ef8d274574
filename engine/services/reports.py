"""Reports and the dashboard as use cases: compute a report from a book, write it as a sheet, TSV or PDF, and
refresh the Dashboard sheet. Every function takes ``(book, **options)`` so a ribbon button is a one-liner.

Report names (the suite's statistics): debtors, debtors-summary, creditors, sales-article, sales-client,
sales-month, purchases-creditor, purchases-account, liquidity, vat (from the ledger book), stock, stock-low
(quantities on hand, articles under their minimum).
Labels come in the book's language (Settings Language, else its sheet names', else DefaultLanguage) unless a
``language`` is given; the sheets written are named in the book's language (engine/data/terms.tsv, ``report:``).
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from engine.domain.reports import creditors, dashboard as dash, debtors, liquidity, purchases, sales, stock, \
    vat_statement
from engine.domain.reports.model import Report
from engine.domain.vat import VatRates
from engine.errors import ComptoirError
from engine.formats import dashboard_xlsx, report_xlsx
from engine.formats.labels import LANGUAGES
from engine.i18n import tr
from engine.services.posting_exchange import charges_in_chf
from engine.schema import terms
from engine.services.rates import valued_records
from engine.store.xlsx_add_sheet import put_sheet_in_book

NAMES = ("debtors", "debtors-summary", "creditors", "sales-article", "sales-client", "sales-month",
         "purchases-creditor", "purchases-account", "liquidity", "vat", "stock", "stock-low")


def _period(until: dt.date | None, start: dt.date | None) -> tuple[dt.date, dt.date]:
    until = until or dt.date.today()
    return start or until.replace(month=1, day=1), until


def _options(columns, group_by) -> dict:
    options = {"select": list(columns) if columns else None}
    if group_by is not None:
        options["group_by"] = group_by
    return options


def language_of(book, language: str | None = None) -> str:
    """``language`` when given, else the book's own (:attr:`Book.text_language`: Settings Language, else its sheet
    names', else DefaultLanguage — an English book keeps the company's documents' language; a ledger, which has no
    Settings, its sheet names'), fr/de/it/en. DefaultLanguage alone is the clients' documents' language, not the
    bookkeeper's: a German book of a company invoicing in French reads its reports in German (issue 18)."""
    chosen = language
    if not chosen:
        try:
            chosen = book.text_language
        except (KeyError, ComptoirError):
            chosen = book.language
    chosen = str(chosen or "en").lower()[:2]
    if chosen not in LANGUAGES:
        raise ComptoirError(tr('language "{language}" is not one of FR, DE, IT, EN', language=language or chosen),
                            tr("choose FR, DE, IT or EN ({sheet} {key} or {default_key}, or --language)",
                               sheet=book.title("Settings"), key=terms.shown_setting("Language", book.language),
                               default_key=terms.shown_setting("DefaultLanguage", book.language)))
    return chosen


def cash_of(book, until: dt.date) -> dict:
    return liquidity.cash_balance(book.records("BankAccounts"), book.records("Movements"), until)


def classes_of(ledger) -> dict:
    """Account → its class (revenue, expense …) from the ledger's chart, as ``ledger vat`` reads it."""
    return {a.number: a.account_class for a in ledger.records("Accounts")}


def charges_waiting(book, until: dt.date) -> dict | None:
    """Fees and interest booked when paid (ReminderFeePosting payment, agreed basis; else None): each foreign
    document's rate on ``until`` (the Rates sheet's latest on or before it, else none: its own rate), at which the
    debtors report values the charges not booked yet — never a rate from after the report's day."""
    settings = book.settings
    if settings.get("ReminderFeePosting") != "payment" or settings.get("VatBasis") == "received":
        return None
    from engine.money import currency_of as currency
    from engine.services.rates import book_rates
    table = book_rates(book)
    out = {}
    for d in book.records("Documents"):
        if currency(d) != "CHF" and (rate := table.on(currency(d), until)) is not None:
            out[d.number] = rate
    return out


def tdfn_rate_of(book):
    """The net tax rate of an invoicing book under the TDFN method (None: the effective method, or no such book)."""
    if book is None or book.kind != "invoicing" or book.settings.get("VatMethod") not in ("tdfn", "flat"):
        return None
    return book.settings.get("TdfnRate")


def activities_of(book) -> dict | None:
    """Other activities' net tax rates by revenue account (Settings TdfnRates), under the TDFN method only."""
    if tdfn_rate_of(book) is None:
        return None
    from engine.domain.vat_close import activity_rates
    return activity_rates(book.settings["TdfnRates"])


def report(book, name: str, *, until: dt.date | None = None, start: dt.date | None = None, columns=None,
           group_by: str | None = None, ledger=None, periods: int = 12, language: str | None = None,
           tdfn_rate=None) -> Report:
    """Report ``name`` computed from ``book`` (the ledger book for ``vat``, or pass it as ``ledger``), labelled in
    ``language`` (default: :func:`language_of` the book)."""
    start, until = _period(until, start)
    o = _options(columns, group_by)
    o["language"] = language_of(book, language)
    if name == "vat":
        source = ledger or book
        if source.kind != "ledger":
            from engine.i18n import tr  # in the invoicing book's language, which the command opened
            raise ComptoirError(tr("the VAT statement is read from the ledger book"),
                                tr("run it on the ledger book (comptoir report vat LEDGER.xlsx)"))
        rates = VatRates.from_records(source.records("VatCodes"))
        from engine.services.vat_return import known_codes
        known_codes(source, source.records("Journal"), rates, start, until)  # a code left out would be a guess
        activities = None
        if tdfn_rate is None and ledger is not None:  # an invoicing book given with its ledger: its VAT method
            tdfn_rate, activities = tdfn_rate_of(book), activities_of(book)
        return vat_statement.statement(source.records("Journal"), rates, start, until, classes=classes_of(source),
                                       tdfn_rate=tdfn_rate, activities=activities, **o)
    if book.kind != "invoicing":
        from engine.i18n import tr
        raise ComptoirError(tr('the report "{name}" is read from the invoicing book', name=name),
                            tr("give it the invoicing book"))
    r = valued_records(book)  # a foreign document without ExchangeRate: the Rates sheet's of its date
    if name in ("debtors", "debtors-summary"):
        fn = debtors.detail if name == "debtors" else debtors.summary
        return fn(r("Documents"), r("Payments"), debtors.client_names(r("Clients")), until,
                  charge_chf=charges_in_chf(book), waiting=charges_waiting(book, until), **o)
    if name == "creditors":
        return creditors.detail(r("ReceivedInvoices"), r("Payments"), r("PaymentOrders"),
                                creditors.creditor_names(r("Creditors")), until, **o)
    if name == "sales-month":
        return sales.by_month(r("Documents"), start, until, **o)
    if name == "sales-client":
        return sales.by_client(r("Documents"), debtors.client_names(r("Clients")), start, until, **o)
    if name == "sales-article":
        designations = {a.article_id: a.designation for a in r("Articles")}
        return sales.by_article(r("Documents"), r("DocumentLines"), designations, start, until, **o)
    if name == "purchases-creditor":
        return purchases.by_creditor(r("ReceivedInvoices"), creditors.creditor_names(r("Creditors")), start, until,
                                     **o)
    if name == "purchases-account":
        names = {a.number: a.name for a in r("Accounts")}
        return purchases.by_account(r("ReceivedInvoices"), r("ReceivedLines"), names, start, until, **o)
    if name == "liquidity":
        return liquidity.forecast(r("Documents"), r("Payments"), r("ReceivedInvoices"), r("PaymentOrders"),
                                  cash_of(book, until), until, periods=periods, **o)
    if name in ("stock", "stock-low"):
        return stock.levels(r("Articles"), r("StockMoves"), until, low_only=name == "stock-low", **o)
    raise ComptoirError(f'there is no report "{name}"', "choose one of: " + ", ".join(NAMES))


def write_report_sheet(book, name: str, **options) -> str:
    """Compute report ``name`` and write it as a formatted sheet (an Excel table) into ``book``; its sheet name."""
    result = report(book, name, **options)
    sheet = terms.report_sheet("R_" + report_xlsx.sheet_name(result), book.language)  # in the book's words
    put_sheet_in_book(book, sheet, report_xlsx.build(result, sheet, company_of(book)))
    return sheet


def company_of(book) -> str:
    try:
        return str(book.settings["CompanyName"] or "")
    except (KeyError, ComptoirError):
        return ""


def dashboard(book, *, until: dt.date | None = None, ledger=None, periods: int = 8,
              language: str | None = None) -> dash.Dashboard:
    """The dashboard's figures; VAT due from the ledger's Journal when ``ledger`` is given, else estimated from the
    invoices and received invoices of the quarter."""
    until = until or dt.date.today()
    start, end = dash.quarter_of(until)
    r = valued_records(book)  # a foreign document without ExchangeRate: the Rates sheet's of its date
    if ledger is not None:
        vat_due: Decimal = vat_statement.payable(ledger.records("Journal"),
                                                 VatRates.from_records(ledger.records("VatCodes")), start, until,
                                                 classes_of(ledger), tdfn_rate_of(book), activities_of(book))
    else:
        vat_due = dash.vat_from_invoices(r("Documents"), r("ReceivedInvoices"), r("ReceivedLines"), start, until)
    return dash.build(company=company_of(book) or "Comptoir", until=until, documents=r("Documents"),
                      payments=r("Payments"), received=r("ReceivedInvoices"), orders=r("PaymentOrders"),
                      clients=r("Clients"), cash=cash_of(book, until), vat_due=vat_due, periods=periods,
                      language=language_of(book, language), charge_chf=charges_in_chf(book),
                      waiting=charges_waiting(book, until))


def refresh_dashboard(book, **options) -> dash.Dashboard:
    """Write (or refresh) the Dashboard sheet with its native charts; other sheets stay byte for byte."""
    figures = dashboard(book, **options)
    name = terms.report_sheet(dashboard_xlsx.SHEET, book.language)
    put_sheet_in_book(book, name, dashboard_xlsx.build(figures, name))
    return figures
