"""The manual's §6.4 / §6.5.2 example as a book: card purchases at a florist among other online purchases.

Movements (all on the company's bank account, debits are payments):
  1 processed  debit  45.00  "ACHAT SHOPPING EN LIGNE PAIEMENT 6766385264 NUMERO DE COMMANDE 6766385264 Achat fleurs"
  2 pending    debit  80.00  "ACHAT SHOPPING EN LIGNE PAIEMENT 5511 NUMERO DE COMMANDE 5511 Achat fleurs"
  3 pending    debit  30.00  "ACHAT SHOPPING EN LIGNE PAIEMENT 777 NUMERO DE COMMANDE 777 Librairie"
  4 pending    credit 20.00  "Achat fleurs remboursement"   (a receipt: debit-only rules never see it)
  5 deleted    debit  45.00  "... Achat fleurs"                (deleted: no rule is tried on it)
Rules: 1 «Shopping» contains "achat shopping en ligne", debit, 6000, Order 1;
       2 «Achat fleurs» contains "achat fleurs", debit, 6500, Order 2;
       3 «Loyer» contains "régie du lac", debit, 6000, Order 3 (no movement says it).
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal

TEXT = "ACHAT SHOPPING EN LIGNE PAIEMENT {n} NUMERO DE COMMANDE {n} {what}"


def fill(book) -> str:
    iban = book.records("BankAccounts")[0].iban.replace(" ", "")
    rows = [(1, "processed", "debit", "45.00", TEXT.format(n=6766385264, what="Achat fleurs")),
            (2, "pending", "debit", "80.00", TEXT.format(n=5511, what="Achat fleurs")),
            (3, "pending", "debit", "30.00", TEXT.format(n=777, what="Librairie")),
            (4, "pending", "credit", "20.00", "Achat fleurs remboursement"),
            (5, "deleted", "debit", "45.00", TEXT.format(n=99, what="Achat fleurs"))]
    book.put("Movements", [book.new("Movements", movement_id=n, bank_iban=iban, booking_date=date(2026, 3, n),
                                    direction=side, amount=Decimal(amount), currency="CHF", bank_text=text,
                                    state=state, action="post" if state == "pending" else None,
                                    batch="B-1" if state == "processed" else None)
                           for n, state, side, amount, text in rows])
    book.put("Rules", [book.new("Rules", rule_id=1, order=1, title="Shopping", contains="achat shopping en ligne",
                                direction="debit", debit_account="6000", active=True),
                       book.new("Rules", rule_id=2, order=2, title="Achat fleurs", contains="achat fleurs",
                                direction="debit", debit_account="6500", active=True),
                       book.new("Rules", rule_id=3, order=3, title="Loyer", contains="régie du lac",
                                direction="debit", debit_account="6000", active=True)])
    book.put("Substitutions", [])
    return iban
