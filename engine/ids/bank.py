"""Swiss and Liechtenstein banks by institution id (IID): BIC and name from the SIX bank master.

The data is the copy of the SIX "Bank Master" (bankmaster JSON API, open data) that schwifty bundles in
``bank_registry/generated_ch.v2.json`` and ``generated_li.json``; it ages with the installed schwifty version.
That copy keeps the bank's name and BIC but not its town (the SIX file's ``town`` is dropped by schwifty's
generator), so :class:`Bank` has no place; many names carry it ("Raiffeisenbank Aarau-Lenzburg").
QR-IIDs (30000–31999) are listed there too, under the bank that owns them.

>>> bank = bank_for_iban("CH09 0900 0000 1000 8060 7")
>>> bank.bic, bank.name
('POFICHBEXXX', 'PostFinance AG')
>>> bank_for_iid("30000").name
'PostFinance AG'
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

from engine.ids import iban
from engine.ids.iban_registry import _schwifty_dir


@dataclass(frozen=True, slots=True, kw_only=True)
class Bank:
    country: str
    iid: str
    bic: str
    name: str
    short_name: str
    qr_iid: bool


@cache
def _banks() -> dict[tuple[str, str], Bank]:
    folder = _schwifty_dir() / "bank_registry"
    ch = json.loads((folder / "generated_ch.v2.json").read_text("utf-8"))
    rows = [{**entry, "bank_code": code} for entry in ch["entries"] for code in entry[ch["expand_from"]]]
    rows += json.loads((folder / "generated_li.json").read_text("utf-8"))
    banks: dict[tuple[str, str], Bank] = {}
    for row in rows:
        key = (row["country_code"], row["bank_code"])
        # One IID may be listed twice (a bank and its branch BIC): keep the primary entry.
        if key in banks and not row.get("primary"):
            continue
        banks[key] = Bank(country=row["country_code"], iid=row["bank_code"], bic=row.get("bic") or "",
                          name=row["name"], short_name=row.get("short_name") or row["name"],
                          qr_iid=iban.QR_IID_MIN <= int(row["bank_code"]) <= iban.QR_IID_MAX)
    return banks


def bank_for_iid(iid: str | int, country: str = "CH") -> Bank | None:
    """The bank of a 5-digit IID (leading zeros optional), or None when the bank master does not list it."""
    text = str(iid).strip().zfill(5)
    return _banks().get((country.upper(), text))


def bank_for_iban(value: object) -> Bank | None:
    """The bank of a valid CH/LI IBAN, or None (not CH/LI, or an IID the bank master does not list)."""
    if not iban.is_valid(value):
        return None
    number = iban.compact(value)
    if number[:2] not in ("CH", "LI"):
        return None
    return bank_for_iid(number[4:9], number[:2])
