"""The invoicing book: partners, documents, payments, bank movements and their rules (DESIGN.md).

Accounts and VatCodes are hidden reference copies of the ledger's, published back through the mandate, so the
drop-downs and the loader check accounts and codes without the ledger at hand.
"""
from __future__ import annotations

from dataclasses import replace

from engine.schema.columns import BookSchema, Column as C, SheetSchema
from engine.schema.ledger import ACCOUNTS, VAT_CODES
from engine.schema.settings import INVOICING_SETTINGS

LANGS = ("FR", "DE", "IT", "EN")
CURRENCIES = ("CHF", "EUR")
ACCT = dict(kind="text", ref="Accounts")
VAT = dict(kind="text", ref="VatCodes")

SETTINGS = SheetSchema("Settings", (C("Key", required=True, width=28), C("Value", width=40), C("Note", width=60)),
                       key=("key",), note="Company, numbering, accounts and options")

CLIENTS = SheetSchema("Clients", (
    C("ClientId", "int", required=True), C("Company", max_len=70, width=28), C("Title", width=8),
    C("FirstName", width=14), C("LastName", width=16),
    C("Street", max_len=70, width=24), C("BuildingNumber", max_len=16, width=8), C("PostCode", max_len=16, width=9),
    C("Town", max_len=35, width=18), C("Country", "code", codes=(), max_len=2, width=8),
    C("Language", "code", codes=LANGS), C("Email", width=24), C("Phone", width=15), C("UID", width=18),
    C("Discount", "rate", note="Personal discount in % applied by default"), C("PaymentTermDays", "int"),
    C("ReceivablesAccount", **ACCT), C("Currency", "code", codes=CURRENCIES),
    C("Archived", "bool"), C("Notes", width=30),
), key=("client_id",))

CONTACTS = SheetSchema("Contacts", (
    C("ClientId", "int", required=True, ref="Clients"), C("Name", required=True, max_len=60, width=24),
    C("Function", width=20), C("Email", width=26), C("Phone", width=15), C("Language", "code", codes=LANGS),
    C("Default", "bool", note="The contact a new document of this client is addressed to"),
), key=("client_id", "name"), note="Contact persons of a client (several per client)", optional=True)

ARTICLES = SheetSchema("Articles", (
    C("ArticleId", required=True, width=12), C("Designation", required=True, width=36), C("Unit", width=8),
    C("UnitPrice", "money"), C("VatCode", **VAT), C("RevenueAccount", **ACCT),
    C("ExpenseAccount", note="Account a received line of this article is charged to (default: the creditor's)", **ACCT),
    C("PurchasePrice", "money", note="Price paid per unit, without VAT, in CHF: a received line's ARTICLE:QTY; the "
      "input tax is that of VatCode's rate (TVA → IPM, TVARED → IPMRED)"), C("Archived", "bool"),
    C("Stocked", "bool", note="TRUE: deliveries, invoices and received goods move its quantity on hand", added=True),
    C("MinimumStock", "decimal", note="Below this quantity on hand the article is on the low-stock list", added=True),
), key=("article_id",))

STOCK_MOVES = SheetSchema("StockMoves", (
    C("MoveId", "int", required=True), C("Date", "date", required=True),
    C("ArticleId", required=True, ref="Articles", width=12),
    C("Quantity", "decimal", required=True, note="Positive: goods in; negative: goods out"),
    C("Reason", "code", required=True, codes=("delivery", "invoice", "return", "received", "sent_back", "correction")),
    C("Document", width=14, note="The delivery note, invoice, credit note or received document (or supplier credit "
      "note) that moved it"),
    C("Comment", width=30),
), key=("move_id",), note="Every movement of a stocked article; the quantity on hand is their sum", optional=True)

CREDITORS = SheetSchema("Creditors", (
    C("CreditorId", "int", required=True), C("Name", required=True, max_len=70, width=28),
    C("Street", max_len=70, width=24), C("BuildingNumber", max_len=16, width=8), C("PostCode", max_len=16, width=9),
    C("Town", max_len=35, width=18), C("Country", "code", max_len=2, width=8),
    C("PaymentMethod", "code", codes=("IBAN", "QRIBAN", "FOREIGN", "POSTAL")),
    C("IBAN", width=28), C("BIC", width=12), C("BankName", width=24), C("Currency", "code", codes=CURRENCIES + ("USD", "GBP")),
    C("ExpenseAccount", **ACCT), C("VatCode", **VAT), C("PaymentTermDays", "int"),
    C("DiscountRate", "rate"), C("DiscountDays", "int"), C("PayablesAccount", **ACCT), C("Archived", "bool"),
), key=("creditor_id",))

DOCUMENTS = SheetSchema("Documents", (
    C("Number", required=True, width=14), C("Stage", "code", required=True, codes=("O", "Cc", "L", "F", "N")),
    C("Status", width=8, note="Stage + _ printed, c/C posted, X paid"), C("ClientId", "int", required=True, ref="Clients"),
    C("Date", "date", required=True), C("PerformanceDate", "date"), C("DueDate", "date"),
    C("Currency", "code", codes=CURRENCIES), C("Language", "code", codes=LANGS), C("Title", width=24),
    C("GlobalDiscount", "rate"), C("ShippingFee", "code", codes=("", "normal", "special")),
    C("PackingFee", "code", codes=("", "normal", "special")),
    C("TotalNet", "money"), C("TotalVat", "money"), C("TotalGross", "money"), C("FixedTotal", "money"),
    C("Rounding", "money"), C("TotalPayable", "money"), C("Paid", "money"), C("Balance", "money"),
    C("QRReference", width=32), C("DownPayment", "bool"), C("RefersTo", width=14),
    C("DoNotPost", "bool"), C("PostedSession", "int"), C("ReminderLevel", "int"), C("LastReminder", "date"),
    C("Comment", width=30),
    C("PostedHash", width=18, note="Fingerprint of the posted fields (posting locks); do not edit"),
    C("Origin", width=28, note="Numbers the document had at earlier stages (quote, order, delivery)"),
    C("ExchangeRate", "decimal", note="CHF per 1 unit of Currency (EUR documents: the Rates sheet's rate of "
      "Date, else Settings EURRate); the posting and the reports value the document in CHF at this rate"),
    C("Contact", width=20, note="Name of the client's contact person the document is addressed to (Contacts)"),
), key=("number",))

DOCUMENT_LINES = SheetSchema("DocumentLines", (
    C("DocumentNumber", required=True, ref="Documents", width=14), C("Position", "int", required=True),
    C("ArticleId", ref="Articles"), C("Designation", width=36), C("Quantity", "decimal"), C("Unit", width=8),
    C("UnitPrice", "money"), C("Discount", "rate"), C("VatCode", **VAT), C("Account", **ACCT),
    C("NetAmount", "money"), C("VatAmount", "money"),
    C("Kind", "code", codes=("", "text", "fee", "down_payment"),
      note="Empty: article or free line; text: title only; fee: shipping/packing; down_payment: deduction"),
), key=("document_number", "position"))

RECEIVED_INVOICES = SheetSchema("ReceivedInvoices", (
    C("Number", required=True, width=14), C("Stage", "code", required=True, codes=("C", "L", "F", "N"),
                                              note="C order, L receipt, F invoice (payable, posted), N credit note"),
    C("Status", width=8, note="Stage, >B/>BA/>BE order with the bank or X paid; then c/C posted in part/in full"),
    C("CreditorId", "int", required=True, ref="Creditors"), C("SupplierNumber", width=16),
    C("Date", "date", required=True), C("DueDate", "date"), C("Currency", "code", codes=CURRENCIES + ("USD", "GBP")),
    C("Amount", "money", note="Total incl. VAT (simple form)"), C("ExpenseAccount", **ACCT), C("VatCode", **VAT),
    C("IBAN", width=28), C("ReferenceType", "code", codes=("", "QRR", "SCOR", "NON")), C("Reference", width=32),
    C("Message", width=30), C("DiscountRate", "rate"), C("DiscountDays", "int"),
    C("Paid", "money"), C("Balance", "money"), C("DoNotPost", "bool"), C("PostedSession", "int"),
    C("Comment", width=30),
    C("PostedHash", width=18, note="Fingerprint of the posted fields (posting locks); do not edit"),
    C("ExchangeRate", "decimal", note="CHF per 1 unit of Currency (foreign-currency invoices: the Rates sheet's "
      "rate of Date, else Settings EURRate for EUR); the posting values the invoice in CHF at this rate"),
), key=("number",))

RECEIVED_LINES = SheetSchema("ReceivedLines", (
    C("InvoiceNumber", required=True, ref="ReceivedInvoices", width=14), C("Position", "int", required=True),
    C("ArticleId", ref="Articles"), C("Designation", width=30), C("Quantity", "decimal"), C("UnitPrice", "money"),
    C("Account", **ACCT), C("VatCode", **VAT), C("Amount", "money"),
    C("AmountType", "code", codes=("gross", "net")), C("VatAmount", "money"),
), key=("invoice_number", "position"))

PAYMENTS = SheetSchema("Payments", (
    C("PaymentId", "int", required=True), C("Side", "code", required=True, codes=("sales", "purchases")),
    C("DocumentNumber", required=True, width=14), C("Date", "date", required=True),
    C("Kind", "code", required=True, codes=("payment", "discount", "loss", "credit_note", "fee", "interest")),
    C("Amount", "money", required=True), C("Currency", "code", codes=CURRENCIES + ("USD", "GBP")),
    C("Account", **ACCT), C("MovementId", "int"), C("PostedSession", "int"), C("Comment", width=30),
    C("PostedHash", width=18, note="Fingerprint of the posted fields (posting locks); do not edit"),
    C("OrderId", "int", note="The PaymentOrders row this payment went through"),
    C("LinkedDocument", width=14, note="credit_note: the note used (on the invoice row) or the invoice (on the note's)"),
    C("AmountCHF", "money", note="A payment of a foreign-currency document: the CHF the bank credited or debited "
      "(empty: Amount at the Rates sheet's rate of Date); the difference from the document's rate is posted as an "
      "exchange gain or loss", added=True),
), key=("payment_id",))

PAYMENT_ORDERS = SheetSchema("PaymentOrders", (
    C("OrderId", "int", required=True), C("InvoiceNumber", required=True, ref="ReceivedInvoices", width=14),
    C("DebitIBAN", width=28), C("ExecutionDate", "date"), C("Amount", "money", required=True),
    C("Currency", "code", codes=CURRENCIES + ("USD", "GBP")), C("CreditorName", width=24), C("CreditorIBAN", width=28),
    C("ReferenceType", "code", codes=("", "QRR", "SCOR", "NON")), C("Reference", width=32), C("Message", width=30),
    C("Status", "code", codes=(">B", ">BA", ">BE", "X")), C("EndToEndId", width=20), C("MessageId", width=20),
    C("File", width=24),
), key=("order_id",))

BANK_ACCOUNTS = SheetSchema("BankAccounts", (
    C("IBAN", required=True, width=28), C("Name", width=20), C("Currency", "code", codes=CURRENCIES),
    C("LedgerAccount", required=True, **ACCT), C("QRIBAN", width=28), C("BIC", width=12), C("WatchFolder", width=30),
    C("OpeningBalance", "money", note="Balance at the start of OpeningDate (set by the first statement imported)"),
    C("OpeningDate", "date"),
    # "Comptes à imputer" of this bank account (banking manual §2.2): empty = the movement type's account. With
    # several banks, 9907.01 / 9907.02 … keep each bank's unsorted money apart.
    C("CashAccount", note="ATM withdrawals and cash deposits (empty: the type's, 1000)", **ACCT, added=True),
    C("ReceiptsToSort", note="Receipts not identified (empty: 9907)", **ACCT, added=True),
    C("PaymentsToSort", note="Payments not identified and outgoing batches (empty: 9908)", **ACCT, added=True),
    C("PaymentsPending", note="Payment orders sent from this account (empty: Settings PaymentsPendingAccount, 2003)",
      **ACCT, added=True),
    C("SalariesToPay", note="Salary batches (empty: 2002)", **ACCT, added=True),
    C("ChargesAccount", note="Bank charges (empty: 6940)", **ACCT, added=True),
    C("InterestIncome", note="Interest received (empty: 6950)", **ACCT, added=True),
    C("InterestExpense", note="Interest paid (empty: 6900)", **ACCT, added=True),
    C("QRTransit", note="Grouped QR receipts waiting for their details (empty: 9909)", **ACCT, added=True),
    C("PortalURL", width=30, note="The e-banking address the ribbon's Bank portal button opens", added=True),
    C("LastClosing", "money", note="The closing balance of the last statement imported (the next must open there)", added=True),
    C("LastClosingDate", "date", added=True),
), key=("iban",))

MOVEMENTS = SheetSchema("Movements", (
    C("MovementId", "int", required=True), C("BankIBAN", width=28), C("BookingDate", "date"), C("ValueDate", "date"),
    C("Direction", "code", codes=("credit", "debit")), C("Amount", "money"), C("Currency", "code", codes=CURRENCIES),
    C("BankReference", width=20), C("BankCode", width=16), C("Counterparty", width=24), C("CounterpartyIBAN", width=28),
    C("ReferenceType", "code", codes=("", "QRR", "SCOR", "ISR")), C("Reference", width=30), C("EndToEndId", width=20),
    C("Remittance", width=30), C("BankText", width=30), C("Type", width=18),
    C("DebitAccount", **ACCT), C("CreditAccount", **ACCT), C("VatCode", **VAT), C("AnalyticCode", width=10),
    C("Label", width=30), C("Action", "code", codes=("post", "skip", "pending", "excluded", "force")),
    C("State", "code", codes=("pending", "processed", "deleted")), C("Modified", "bool"),
    C("Why", width=30), C("Batch", width=8), C("Lines", width=30), C("SourceFile", width=20), C("ImportKey", width=20),
    C("CounterpartyAddress", width=30), C("Group", width=14, note="Invoicing document number: the entry's group"),
    C("Parent", "int", note="MovementId of the grouped entry this detail belongs to (QR credits via 9909)"),
    C("Proposed", width=14, note="What recognition last wrote (a fingerprint): a row edited since is marked M and "
      "left as you made it", added=True),
    C("LabelFrom", "code", codes=("", "predefined", "communication", "bank"),
      note="Where the label comes from: the payer's communication, the bank's text, or (empty) the predefined one", added=True),
    C("BankData", width=30, note="What the bank file said: amount, currency, direction, booking and value dates; a "
      "row whose bank data were typed over is named by check and not posted", added=True),
    C("Charges", "money", note="Bank charges already deducted from the amount (ChrgInclInd): an invoice it pays is "
      "paid the amount plus these, the charges going to the bank's charges account", added=True),
    C("Period", width=16, note="Période d'imputation: the months the entry belongs to, 2026-03, 2026-Q1, 2026 or "
      "2026-01..2026-12 (an annual premium paid in January); empty: the month of its date", added=True),
), key=("movement_id",))

MOVEMENT_TYPES = SheetSchema("MovementTypes", (
    C("Type", required=True, width=22), C("Direction", "code", codes=("credit", "debit", "both")),
    C("BankCodes", width=30), C("CounterAccount", **ACCT), C("VatCode", **VAT), C("AnalyticCode"),
    C("Exclude", "bool"), C("LabelTemplate", width=30),
), key=("type",), seed="movement_types.tsv")

RULES = SheetSchema("Rules", (
    C("RuleId", "int", required=True), C("BankIBAN", width=28), C("Order", "int"), C("Title", width=20),
    C("Contains", width=24), C("Regex", width=24), C("Direction", "code", codes=("", "credit", "debit")),
    C("AmountMin", "money"), C("AmountMax", "money"), C("CounterpartyIBAN", width=28), C("BankCode", width=16),
    C("DebitAccount", **ACCT), C("CreditAccount", **ACCT), C("VatCode", **VAT), C("AnalyticCode"),
    C("Label", width=30), C("Lines", width=30), C("ValidFrom", "date"), C("ValidTo", "date"), C("Active", "bool"),
), key=("rule_id",))

SUBSTITUTIONS = SheetSchema("Substitutions", (
    C("Name", required=True, width=16), C("Kind", "code", codes=("predefined", "example")),
    C("Before", width=20), C("After", width=20), C("Example", width=30), C("Pattern", width=30), C("Note", width=30),
), key=("name",))

RATES = SheetSchema("Rates", (
    C("Date", "date", required=True), C("Currency", "code", required=True, codes=("EUR", "USD", "GBP")),
    C("Rate", "decimal", required=True, note="CHF per 1 unit of Currency on that day (e.g. 0.9312)"),
    C("Source", width=20, note="Where the rate comes from (SNB, ESTV, the bank; the file imported)"),
), key=("date", "currency"), optional=True,
    note="Exchange rates by day: a document, a received invoice, a payment or a bank movement takes the latest rate "
         "on or before its date; the year-end revaluation the rate of the closing day")

POSTING_SESSIONS = SheetSchema("PostingSessions", (
    C("Session", "int", required=True), C("Date", "date"), C("Until", "date"),
    C("What", "code", codes=("sales", "purchases", "all", "bank", "tdfn")), C("Entries", "int"), C("Total", "money"),
    C("Status", "code", codes=("posted", "withdrawn")), C("Batch", width=24),
    C("Documents", "int"), C("Payments", "int"), C("Method", width=18, note="VatMethod/VatBasis used"),
), key=("session",))

PROBLEMS = SheetSchema("Problems", (
    C("When", width=18), C("File", width=18), C("Sheet", width=14), C("Row", "int", field="cell_row"),
    C("Column", width=8, field="cell_column"),
    C("Message", width=60), C("Hint", width=40),
))

INVOICING = BookSchema("invoicing", (
    SETTINGS, CLIENTS, CONTACTS, ARTICLES, STOCK_MOVES, CREDITORS, DOCUMENTS, DOCUMENT_LINES, RECEIVED_INVOICES, RECEIVED_LINES,
    PAYMENTS, PAYMENT_ORDERS, BANK_ACCOUNTS, MOVEMENTS, MOVEMENT_TYPES, RULES, SUBSTITUTIONS, RATES, POSTING_SESSIONS,
    PROBLEMS, replace(ACCOUNTS, hidden=True), replace(VAT_CODES, hidden=True),
), settings=INVOICING_SETTINGS)
