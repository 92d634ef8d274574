"""The ribbon's "VAT return file" button (issue 19): on the ledger book, the eMWST file of a period asked for
(the last quarter by default), as `comptoir ledger vat-return LEDGER --period P`; the invoicing book whose Settings
name the company is the mandate's."""
from __future__ import annotations

import datetime as dt

from engine.errors import ComptoirError
from engine.formats.ech0217 import ActivityCodeMissing
from engine.store.book import Book


def vat_return_file(book: Book, ui, xl_book) -> str:
    from engine.services import vat_return
    if book.path is None:
        raise ComptoirError("this ledger has never been saved", "save it beside its mandate, then click again")
    if book.schema.kind != "ledger":
        raise ComptoirError("the VAT return is made from the ledger book", "open the ledger and click again")
    default = vat_return.last_quarter(dt.date.today())
    cli = f"comptoir ledger vat-return LEDGER --period {default}"
    ask = getattr(getattr(getattr(xl_book, "app", None), "api", None), "InputBox", None)
    if ask is None:
        raise ComptoirError("this Excel offers Python no input box", f"use `{cli}`")
    answer = ask("VAT period: 2026-Q1 … Q4, 2026-S1 / S2 (net tax rate), 2026 (year)", "Comptoir", default, Type=2)
    if answer is False or answer in (None, ""):
        raise ComptoirError("cancelled", "nothing was written")
    try:
        path, vat = vat_return.write_return(book.path, str(answer).strip(), ledger=book)
    except ActivityCodeMissing as missing:  # a net tax / flat rate from 2025: the ESTV's code, asked once
        codes = ask(f"{missing.message}. Activity code of each rate (rate=code; …), from the ESTV's decision",
                    "Comptoir", "", Type=2)
        if codes is False or codes in (None, ""):
            raise ComptoirError("cancelled", "nothing was written") from None
        path, vat = vat_return.write_return(book.path, str(answer).strip(), ledger=book,
                                            activities=vat_return.activity_codes(str(codes)))
    due = f"to pay {vat.payable:.2f}" if vat.payable >= 0 else f"credit {-vat.payable:.2f}"
    said = "".join(f" Warning: {w}." for w in vat_return.warnings(book.path, str(answer).strip(), ledger=book))
    return (f"VAT return {vat.start:%d.%m.%Y}–{vat.end:%d.%m.%Y} written: {path} (box 200 {vat.total:.2f}, "
            f"{due}). Upload it in the ESTV portal (SuisseTax, «Import»).{said}")
