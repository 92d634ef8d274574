"""The ribbon's période d'imputation buttons (issue 17, banking manual §6.2.1): the months the selected movements'
entries belong to (Movement menu), and the ledger's balance by imputation (Accounting group) — the same services as
`comptoir bank period` and `comptoir ledger balance --imputation`."""
from __future__ import annotations

from engine.domain import imputation, ledger_reports
from engine.errors import ComptoirError
from engine.money import format_amount
from engine.services import bank_movements
from engine.store.book import Book
from addin.ribbon_actions import selected
from addin.ribbon_stock import _ask

PROMPT = "a month 2026-03, a quarter 2026-Q1, a year 2026 or a range 2026-01..2026-12"


def imputation_period(book: Book, ui, xl_book) -> str:
    """The période d'imputation of the selected pending movements ("none" clears it)."""
    ids = [m.movement_id for m in selected(book, xl_book, "Movements")]
    answer = str(_ask(xl_book, f"Imputation period of {len(ids)} movement(s): {PROMPT} (none: the month of their "
                               "date)", 2, "comptoir bank period BOOK PERIOD --ids ...")).strip()
    text = bank_movements.set_period(book, ids, "" if answer.lower() in ("none", "-") else answer)
    book.save()
    return f"{len(ids)} movement(s) " + (f"imputed to {text}." if text else "without imputation period.")


def imputed_balance(book: Book, ui, xl_book) -> str:
    """The ledger's balance for the months asked, each entry counted in the months it is imputed to."""
    if book.kind != "ledger":
        raise ComptoirError("Balance by imputation works in the ledger book", "open the ledger book and click again")
    wanted = imputation.parse(_ask(xl_book, f"Balance of which months? {PROMPT}", 2,
                                   "comptoir ledger balance LEDGER --imputation PERIOD"))
    cell = book.table("Journal").source
    rows = ledger_reports.imputed_balance(book.records("Journal"), {a.number: a.name for a in book.records("Accounts")},
                                          wanted, lambda e: cell(e, "period"))
    if not rows:
        return f"Imputed to {wanted}: no entry."
    return f"Imputed to {wanted}: " + "; ".join(f"{r.account} {r.name} {format_amount(r.balance, chr(39))}".replace(
        "  ", " ") for r in rows) + "."
