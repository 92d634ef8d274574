"""Sub-commands of ``comptoir``: one module per area, each with ``register(subparsers)`` (a module without it adds
more sub-commands to an area, e.g. ``bank_movements`` to ``bank``).

:data:`MODULES` says which module holds each command, so a run imports only the module it needs (importing every
area costs ~0.9 s: PDF, database and report libraries); :data:`HELP` is the one-line help of each, so
``comptoir --help`` lists them without importing any (issue 21, item 9). A test checks both maps against what the
modules register.
"""
MODULES = {
    "addin": "addin", "bank": "bank", "new": "books", "check": "books", "book": "books", "camt": "camt", "demo": "demo",
    "documents": "documents", "id": "ids", "mandate": "mandate", "post": "posting", "unpost": "posting",
    "repost": "posting", "vat-close": "posting", "unposted": "posting", "ledger": "ledger",
    "purchases": "purchases", "payments": "purchases", "qrbill": "qrbill", "report": "reports",
    "contacts": "contacts", "stock": "stock", "rates": "rates", "office": "office",
}

HELP = {
    "addin": "the Excel add-in (ribbon and formula functions)",
    "bank": "bank reconciliation: import camt, recognise, post batches; rules (backtest, copy), substitution "
            "strings",
    "new": "create an empty invoicing or ledger book from the template",
    "check": "validate a book and list every problem (exit 1 when there are any)",
    "book": "a book's language: translate its sheet names, headers and drop-down values (fr, de, it, en)",
    "camt": "ISO 20022 bank files (camt.052/053/054)",
    "demo": "build a demo Swiss SME in DIR and run the whole cycle",
    "documents": "sales documents: quotes, invoices, credit notes, reminders",
    "id": "check IBANs, QR-IBANs, postal accounts, QR/creditor references, UIDs",
    "mandate": "link invoicing and ledger books (local or shared)",
    "post": "post everything not yet posted up to a date as one session",
    "unpost": "undo session N and every later one (--single: N alone, when safe)",
    "repost": "regenerate the entries of a period",
    "vat-close": "net tax rate method (TDFN): post the period's tax, 3809 / 2200",
    "unposted": "invoices marked DoNotPost (the suite's _Problème de compta)",
    "ledger": "ledger reports: trial balance, account extract, VAT statement",
    "purchases": "received documents: order, receipt, invoice; pay, discount, credit notes",
    "payments": "supplier payment orders (pain.001)",
    "qrbill": "Swiss QR-bill payloads",
    "report": "reports (debtors, creditors, sales, purchases, liquidity, vat, stock) and the dashboard",
    "contacts": "contact persons of clients (one on each document)",
    "stock": "stock of articles: inventory corrections, goods received",
    "rates": "exchange rates by day (Rates sheet): import a CSV, list",
    "office": "a fiduciary's mandates: registry, nightly run, morning report",
}
