"""The e-banking portal of a bank account (banking manual §2.2 "Adresse Internet du portail bancaire"): opened from
the ribbon to download the day's camt files. Only an http(s) address is ever opened: the cell is text a person typed
(or a book someone sent), and a ``file:`` or script address must not run anything."""
from __future__ import annotations

from urllib.parse import urlparse

from engine.errors import BusinessRuleError
from engine.i18n import tr
from engine.ids.iban import compact
from engine.schema import terms


def portal_of(book, iban: str | None = None) -> tuple[str, str]:
    """(bank name, portal address) of the account ``iban``, else of the only account that has one."""
    accounts = [b for b in book.records("BankAccounts") if iban is None or compact(b.iban or "") == compact(iban)]
    if iban is not None and not accounts:
        raise BusinessRuleError(tr("{iban} is not one of your bank accounts", book.language, iban=iban),
                                tr("check the {sheet} sheet", book.language, sheet=book.title("BankAccounts")))
    with_url = [b for b in accounts if b.portal_url]
    if not with_url:
        raise BusinessRuleError(tr("no portal address for the account {iban}", book.language, iban=iban) if iban
                                else tr("no portal address for any bank account", book.language),
                                tr("write the e-banking address in the {column} column of {sheet}", book.language,
                                   column=terms.header("PortalURL", book.language),
                                   sheet=book.title("BankAccounts")))
    if len(with_url) > 1:
        raise BusinessRuleError(tr("{count} bank accounts have a portal address", book.language, count=len(with_url)),
                                tr("name the account (--iban), or select one of its movements", book.language))
    b = with_url[0]
    url = b.portal_url.strip()
    parsed = urlparse(url)
    if parsed.scheme not in ("https", "http") or not parsed.netloc:
        raise BusinessRuleError(tr('the portal address "{url}" of {account} is not a web address', book.language,
                                   url=url, account=b.name or b.iban),
                                tr("write it as https://… in the {column} column of {sheet}", book.language,
                                   column=terms.header("PortalURL", book.language),
                                   sheet=book.title("BankAccounts")))
    return b.name or b.iban, url
