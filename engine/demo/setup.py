"""Demo step 1: the two books of the demo company, filled with its partners, articles and settings."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from engine import templates
from engine.i18n import written
from engine.demo import company
from engine.store.book import Book


def create_books(folder: Path, language: str = "en") -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    invoicing, ledger = folder / "invoicing.xlsx", folder / "ledger.xlsx"
    templates.write("invoicing", invoicing, language)
    templates.write("ledger", ledger, language)
    return invoicing, ledger


def fill_invoicing(book: Book) -> dict:
    book.set_settings(**company.COMPANY)
    book.put("Clients", [
        book.new("Clients", client_id=1000 + n, company=c[0] or None, first_name=c[1], last_name=c[2], street=c[3],
                 building_number=c[4], post_code=c[5], town=c[6], country="CH", language=c[7],
                 discount=None if not c[8] else Decimal(c[8]), payment_term_days=c[9],
                 currency="CHF", archived=False)
        for n, c in enumerate(company.CLIENTS, start=1)])
    book.put("Articles", [
        book.new("Articles", article_id=a[0], designation=a[1], unit=a[2], unit_price=a[3], vat_code=a[4],
                 revenue_account=a[5], archived=False)
        for a in company.ARTICLES])
    creditors = []
    for c in company.CREDITORS:
        number, name, street, building, postcode, town, iid, account, expense, vat, term, rate, days = c
        iban = company.iban_for(iid, account)
        method = "QRIBAN" if 30000 <= int(iid) <= 31999 else ("POSTAL" if iid == "09000" else "IBAN")
        creditors.append(book.new(
            "Creditors", creditor_id=number, name=name, street=street, building_number=building, post_code=postcode,
            town=town, country="CH", payment_method=method, iban=iban, currency="CHF", expense_account=expense,
            vat_code=vat, payment_term_days=term, discount_rate=Decimal(rate) if rate else None,
            discount_days=days or None, archived=False))
    book.put("Creditors", creditors)
    # the account's name as the bookkeeper calls it, in the book's language (BCV Kontokorrent in a German book)
    book.put("BankAccounts", [book.new("BankAccounts", **{**account, "name": written(account["name"], book.language)})
                              for account in company.BANK_ACCOUNTS])
    book.save()
    return {"clients": len(company.CLIENTS), "articles": len(company.ARTICLES), "creditors": len(creditors)}


def fill_ledger(book: Book, year: int) -> dict:
    book.put("Periods", [book.new("Periods", period=str(year), start=date(year, 1, 1), end=date(year, 12, 31),
                                  closed=False)])
    book.put("AnalyticCodes", [book.new("AnalyticCodes", code=code, name=name) for code, name in (
        ("ATEL", "Atelier"), ("CHANT", "Chantiers"), ("ADMIN", "Administration"))])
    book.save()
    return {"accounts": len(book.records("Accounts")), "vat_rates": len(book.records("VatCodes"))}
