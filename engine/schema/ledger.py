"""The ledger book: chart of accounts, VAT codes with dated rates, analytic codes, periods and the journal."""
from __future__ import annotations

from engine.schema.columns import BookSchema, Column as C, SheetSchema

ACCOUNTS = SheetSchema("Accounts", (
    C("Number", required=True, width=10, note="e.g. 1020 or 2003.01 for a second bank"),
    C("Name", required=True, width=44),
    C("Class", "code", codes=("asset", "liability", "expense", "revenue", "clearing"), field="account_class"),
    C("VatCode", width=8), C("Archived", "bool"),
), key=("number",), seed="accounts.tsv", note="Swiss SME chart (Käfer)")

VAT_CODES = SheetSchema("VatCodes", (
    C("Code", required=True, width=9), C("Label", width=36), C("Rate", "rate", required=True),
    C("ValidFrom", "date", required=True), C("ValidTo", "date"), C("Account", width=8),
    C("Kind", "code", codes=("output", "input_materials", "input_investments", "exempt", "excluded")),
    C("ReturnBox", width=8),
), key=("code", "valid_from"), seed="vat_codes.tsv", note="One row per rate and validity period")

ANALYTIC_CODES = SheetSchema("AnalyticCodes", (C("Code", required=True), C("Name", width=30)), key=("code",))

PERIODS = SheetSchema("Periods", (
    C("Period", required=True), C("Start", "date", required=True), C("End", "date", required=True),
    C("Closed", "bool"),
), key=("period",))

JOURNAL = SheetSchema("Journal", (
    C("EntryId", "int", required=True), C("Date", "date", required=True), C("Voucher", width=12),
    C("Debit", required=True, ref="Accounts"), C("Credit", required=True, ref="Accounts"),
    C("Amount", "money", required=True), C("Currency", "code", codes=("CHF", "EUR", "USD", "GBP")),
    C("VatCode", ref="VatCodes"), C("VatAmount", "money"), C("AnalyticCode"),
    C("Label", width=40), C("Group", width=14), C("Reference", width=24),
    C("Session", width=10), C("Batch", width=24), C("Source", width=18),
    C("Posted", width=14, note="What the posting wrote (a fingerprint): a posted entry changed by hand is named by "
      "check; correct the document in invoicing and repost instead", added=True),
    C("Period", width=16, note="Période d'imputation: the months the entry belongs to (2026-03, 2026-Q1, 2026, "
      "2026-01..2026-12); ledger balance --imputation counts it there, a share per month; empty: its date's month",
      added=True),
), key=("entry_id",))

BATCHES = SheetSchema("Batches", (
    C("Batch", required=True, width=24), C("Session", width=10), C("Source", width=18),
    C("Entries", "int", required=True), C("Total", "money", required=True),
), key=("batch",), optional=True,
    note="Control totals of each posted batch (written by the posting and the pull): check compares the Journal with "
         "them, so a posted row deleted or added by hand is named")

CLOSINGS = SheetSchema("Closings", (
    C("Period", required=True), C("Entries", "int", required=True), C("Total", "money", required=True),
    C("LastEntry", "int", note="the highest EntryId of the period at its close: a row typed in later comes after it"),
    C("Fingerprint", width=16, note="of the period's entries (date, accounts, amount) at its close"),
), key=("period",), optional=True,
    note="What each period held when `ledger close` closed it: check names a Journal row typed into a closed period "
         "since, or the period whose entries changed")

LEDGER = BookSchema("ledger", (ACCOUNTS, VAT_CODES, ANALYTIC_CODES, PERIODS, JOURNAL, BATCHES, CLOSINGS))
