"""Each bank account's own accounts ("Comptes à imputer", banking manual §2.2): with several banks, the bookkeeper
opens 9907.01 / 9907.02, 2003.01 / 2003.02 … so each bank's unsorted money and pending orders stay apart and each
can be brought to zero on its own. An account left empty keeps what the movement type (or Settings) says.

The accounts are replaced by number: everything recognition would book on the type's 9908 for this bank (payments
to sort, outgoing batches, card payments the type sends there) goes to this bank's PaymentsToSort instead.

>>> from engine.domain.reconcile.types import MovementTypes, MovementType
>>> types = MovementTypes([MovementType(name="Nicht identifizierter Zahlungseingang", direction="credit", codes=(),
...                                       counter_account="9907")])
>>> class Bank: receipts_to_sort = "9907.02"; payments_to_sort = None
>>> own_accounts(Bank, types)
{'9907': '9907.02'}
"""
from __future__ import annotations

# BankAccounts field → the movement types (their codes, engine/data/movement_types.tsv: a book's type is found by
# its name in any language) whose counter account it replaces, and the account when no type names one
ROLES = {
    "cash_account": (("cash_withdrawal", "cash_deposit"), "1000"),
    "receipts_to_sort": (("receipt_unidentified",), "9907"),
    "payments_to_sort": (("payment_unidentified", "payments_grouped"), "9908"),
    "payments_pending": (("payment_identified",), "2003"),
    "salaries_to_pay": (("salaries",), "2002"),
    "charges_account": (("bank_charges",), "6940"),
    "interest_income": (("interest_income",), "6950"),
    "interest_expense": (("interest_expense",), "6900"),
    "qr_transit": (("receipt_qr_grouped",), "9909"),
}


def own_accounts(bank, types, *, payments_pending: str = "2003") -> dict[str, str]:
    """The general account → this bank's own, for the accounts the bank account names (empty dict: none)."""
    out: dict[str, str] = {}
    for field, (codes, fallback) in ROLES.items():
        own = getattr(bank, field, None)
        if not own:
            continue
        fallback = payments_pending if field == "payments_pending" else fallback
        for general in {_counter_account(types, code, fallback) for code in codes}:
            out.setdefault(general, own)
    return out


def transit_accounts(banks, types, payments_pending: str = "2003") -> frozenset[str]:
    """Where batch totals wait for their details: 9909 / 9908 and each bank's own (QRTransit 9909.02 …)."""
    from engine.domain.reconcile.proposals import TRANSIT
    swaps = [own_accounts(b, types, payments_pending=payments_pending) for b in banks]
    return frozenset({*TRANSIT.values(), *(swap[t] for swap in swaps for t in TRANSIT.values() if t in swap)})


def general_account(types, field: str) -> str:
    """The account a role books on for every bank: its first movement type's counter account, else the chart's
    (``general_account(types, "charges_account")`` is where deducted charges go, 6940 by default)."""
    codes, fallback = ROLES[field]
    return _counter_account(types, codes[0], fallback)


def _counter_account(types, code: str, fallback: str) -> str:
    return (kind.counter_account if (kind := types.get(code)) else None) or fallback


def pending_account(bank, default: str) -> str:
    """Where payment orders sent from ``bank`` wait until the bank executes them."""
    return (getattr(bank, "payments_pending", None) if bank is not None else None) or default
