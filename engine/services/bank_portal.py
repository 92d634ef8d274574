"""The e-banking portal of a bank account (banking manual §2.2 "Adresse Internet du portail bancaire"): opened from
the ribbon to download the day's camt files. Only an http(s) address is ever opened: the cell is text a person typed
(or a book someone sent), and a ``file:`` or script address must not run anything."""
from __future__ import annotations

from urllib.parse import urlparse

from engine.errors import BusinessRuleError
from engine.ids.iban import compact


def portal_of(book, iban: str | None = None) -> tuple[str, str]:
    """(bank name, portal address) of the account ``iban``, else of the only account that has one."""
    accounts = [b for b in book.records("BankAccounts") if iban is None or compact(b.iban or "") == compact(iban)]
    if iban is not None and not accounts:
        raise BusinessRuleError(f"{iban} is not one of your bank accounts", "check the BankAccounts sheet")
    with_url = [b for b in accounts if b.portal_url]
    if not with_url:
        raise BusinessRuleError("no portal address for " + (f"the account {iban}" if iban else "any bank account"),
                                "write the e-banking address in the PortalURL column of BankAccounts")
    if len(with_url) > 1:
        raise BusinessRuleError(f"{len(with_url)} bank accounts have a portal address",
                                "name the account (--iban), or select one of its movements")
    b = with_url[0]
    url = b.portal_url.strip()
    parsed = urlparse(url)
    if parsed.scheme not in ("https", "http") or not parsed.netloc:
        raise BusinessRuleError(f'the portal address "{url}" of {b.name or b.iban} is not a web address',
                                "write it as https://… in the PortalURL column of BankAccounts")
    return b.name or b.iban, url
