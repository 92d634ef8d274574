"""Bank reconciliation, pure: camt entries → movements, movement types, rules, substitution strings, multi-line
entries, the ordered matchers, and the journal entries of posted batches (DOMAIN.md §5–6, the banking manual §6).

>>> from engine.domain.reconcile import MATCHERS
>>> [m.__name__ for m in MATCHERS]
['by_reversal', 'by_qr_reference', 'by_creditor_reference', 'by_end_to_end_id', 'by_rule', 'by_amount_date_name']
"""
from engine.domain.reconcile.matchers import MATCHERS, Context, Invoice, Order, Proposal, recognise
from engine.domain.reconcile.rules import Rule, RuleSet
from engine.domain.reconcile.types import MovementType, MovementTypes

__all__ = ["MATCHERS", "Context", "Invoice", "MovementType", "MovementTypes", "Order", "Proposal", "Rule", "RuleSet",
           "recognise"]
