"""Keys of the Settings sheet (Key | Value | Note): typed, with defaults a Swiss SME can start from.

The Settings sheet is a key/value list rather than a table row so a person can read and edit it like a form.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SettingKey:
    key: str
    kind: str  # a Column kind
    default: object = ""
    note: str = ""
    codes: tuple[str, ...] = ()


def _s(key, kind="text", default="", note="", codes=()):
    return SettingKey(key, kind, default, note, tuple(codes))


INVOICING_SETTINGS = (
    _s("CompanyName", note="Letterhead and QR-bill creditor (must match the account holder)"),
    _s("CompanyStreet"), _s("CompanyBuildingNumber"), _s("CompanyPostCode"), _s("CompanyTown"),
    _s("CompanyCountry", default="CH", note="ISO 3166 alpha-2"),
    _s("CompanyUID", note="CHE-123.456.789 (shown with MWST/TVA/IVA on documents)"),
    _s("CompanyEmail"), _s("CompanyPhone"), _s("CompanyWebsite"),
    _s("InvoiceIBAN", note="IBAN or QR-IBAN printed on QR-bills"),
    _s("InvoiceQRIBAN", note="QR-IBAN: when set, invoices carry a QR reference"),
    _s("QRReferencePrefix", default="", note="Digits your bank asks for at the start of QR references"),
    _s("DefaultLanguage", "code", "FR", codes=("FR", "DE", "IT", "EN")),
    _s("Language", "code", "", "The book's own language (sheet names, headers, drop-down values, messages): "
       "comptoir book translate changes it; empty: the sheet names' language", codes=("FR", "DE", "IT", "EN")),
    _s("DefaultCurrency", "code", "CHF", codes=("CHF", "EUR")),
    _s("AddressWindow", "code", "right", "Envelope window: C5/C4 left or right", codes=("left", "right")),
    _s("PaymentTermDays", "int", 30),
    _s("VatMethod", "code", "effective", "effective, tdfn (taux de la dette fiscale nette) or flat (taux "
       "forfaitaires, public bodies and associations); locked after the first posting session",
       codes=("effective", "tdfn", "flat")),
    _s("VatBasis", "code", "agreed", "Contre-prestations convenues (agreed) or reçues (received)",
       codes=("agreed", "received")),
    _s("TdfnRate", "rate", "0", "Net tax rate (TDFN) or flat rate in %, when VatMethod is tdfn or flat"),
    _s("TdfnRates", "text", "", "Other activities' rates by revenue account, e.g. 3400=2.1; 3600=0.6 (the accounts "
       "not named take TdfnRate)"),
    _s("VatRounding", "code", "total", "Round VAT per line or on the document total", codes=("line", "total")),
    _s("ShippingFeeNormal", "money", "0"), _s("ShippingFeeSpecial", "money", "0"),
    _s("PackingFeeNormal", "money", "0"), _s("PackingFeeSpecial", "money", "0"),
    _s("FeesVatCode", "code", "TVA", "VAT code of shipping and packing fees"),
    _s("FeesAccount", "text", "3600"),
    _s("NumberQuote", "text", "O-{year}-{seq:04d}", "Numbering per stage: {year} and {seq}"),
    _s("NumberOrder", "text", "C-{year}-{seq:04d}"),
    _s("NumberDelivery", "text", "L-{year}-{seq:04d}"),
    _s("NumberInvoice", "text", "F-{year}-{seq:04d}"),
    _s("NumberCreditNote", "text", "N-{year}-{seq:04d}"),
    _s("NumberReceived", "text", "R-{year}-{seq:04d}"),
    _s("ReceivablesAccount", default="1100"), _s("PayablesAccount", default="2000"),
    _s("DefaultRevenueAccount", default="3200"), _s("DefaultExpenseAccount", default="4200"),
    _s("SalesDiscountAccount", default="3800"), _s("LossAccount", default="3805"),
    _s("PurchaseDiscountAccount", default="4900"),
    _s("PurchaseDiscountSpread", "bool", False, "Spread discounts obtained over the expense accounts"),
    _s("SupplierCreditClearingAccount", default="2009", note="Clearing account for supplier credit notes used"),
    _s("ClientCreditClearingAccount", default="1091", note="Clearing account for client credit notes used"),
    _s("RoundingAccount", default="6943"), _s("PaymentsPendingAccount", default="2003"),
    _s("DownPaymentAccount", default="2030"),
    _s("Reminder1Days", "int", 10), _s("Reminder1Fee", "money", "0"),
    _s("Reminder2Days", "int", 20), _s("Reminder2Fee", "money", "20"),
    _s("Reminder3Days", "int", 30), _s("Reminder3Fee", "money", "30"),
    _s("ReminderFeeAccount", default="3600"),
    _s("ReminderFeePosting", "code", "issue", "Post reminder fees at issue or at payment",
       codes=("issue", "payment")),
    _s("DefaultInterest", "bool", False, "Charge 5 % p.a. default interest on reminders (CO 104)"),
    _s("DefaultInterestRate", "rate", "5"),
    _s("InterestAccount", default="6950"),
    _s("GoLiveDate", "date", "", "Bank movements before this date are excluded"),
    _s("PostingLabel", "text", "{number} {partner}", "Entry label: {number} {partner} {comment}"),
    _s("PointageReference", "code", "name", "Entries' Reference for the aide au pointage: the partner's prefix and "
       "name, or number, or none (the Group is the document number)", codes=("name", "number", "none")),
    _s("PointageClientPrefix", default="C", note="Prefix of clients in the Reference (keep C for the bank side)"),
    _s("PointageCreditorPrefix", default="D", note="Prefix of creditors in the Reference"),
    _s("InterestDayCount", "code", "actual/365", "Day count of default interest (CO 104; a convention)",
       codes=("actual/365", "30/360")),
    _s("QuoteValidityDays", "int", 30, "Quotes are valid this many days"),
    _s("EURRate", "decimal", "", "CHF per 1 EUR for any day the Rates sheet has no rate on or before (books "
       "made before it): copied to a new EUR document's ExchangeRate; EUR bank movements are posted in CHF at it"),
    _s("ExchangeGainAccount", default="6999", note="Realised and unrealised exchange gains (financial income)"),
    _s("ExchangeLossAccount", default="6949", note="Realised and unrealised exchange losses (financial expense)"),
)
