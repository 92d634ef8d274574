"""Received documents' stages and their state column: order C → receipt L → invoice F; a supplier credit note N
stands alone (Crésus Facturation manual §3.8 and §3.8.14).

A received document moves forward only, keeping its number and its lines: the number is ours (one series,
Settings NumberReceived), the supplier's own number goes in SupplierNumber. Only the invoice (and the credit note) is
payable and posted; an order or a receipt is a record of what was asked and what came in.

The state column (§3.8.14) is the stage while something is open (``C``, ``L``, ``F``, ``N``), ``>B``/``>BA``/``>BE``
while a payment order is with the bank side, ``X`` once nothing is left to pay, followed by the posting letter:
``c`` partly posted (the invoice or some of its payments), ``C`` everything that exists posted — the letters the
sales documents use (engine.domain.documents.status).

>>> next_stage("C"), next_stage("C", "invoice"), stage_of("réception")
('L', 'F', 'L')
>>> state("F", "c"), state("X", "C"), state(">BA", "")
('Fc', 'XC', '>BA')
>>> parse_state("XC"), parse_state(">BAc"), parse_state("C"), parse_state("F")
(('X', 'C'), ('>BA', 'c'), ('C', ''), ('F', ''))
>>> posted_letter(True, [True, False]), posted_letter(True, [True]), posted_letter(False, [])
('c', 'C', '')
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from engine.domain.stages import StageFlow

FLOW = ("C", "L", "F")  # commande → réception → facture; N is outside it
PAYABLE = ("F",)  # what a payment, a discount or a payment order may settle
NAMES = {"c": "C", "order": "C", "commande": "C", "l": "L", "receipt": "L", "reception": "L", "réception": "L",
         "delivery": "L", "livraison": "L", "f": "F", "invoice": "F", "facture": "F", "n": "N", "credit": "N",
         "credit_note": "N", "note": "N"}
_STATE = re.compile(r"(>BA|>BE|>B|C|L|F|N|X)([cC]?)")


RECEIVED_FLOW = StageFlow("a received document", FLOW, NAMES,
                          "use C (order), L (receipt), F (invoice) or N (credit note)", "C (order) → L (receipt) → "
                          "F (invoice)")
stage_of = RECEIVED_FLOW.stage_of  # a stage code from what people type: ``C``, ``order``, ``réception``, ``N``
next_stage = RECEIVED_FLOW.next_stage  # the next stage of the flow, or the target when it lies ahead


def posted_letter(document_posted: bool, payments_posted: Iterable[bool]) -> str:
    """``C`` when the document and all its payments are posted, ``c`` when some of them are, else ''."""
    flags = [document_posted, *payments_posted]
    return "C" if all(flags) and document_posted else "c" if any(flags) else ""


def state(base: str, posted: str = "") -> str:
    """The state cell: the state letter(s) then the posting letter."""
    return f"{base}{posted if posted in ('c', 'C') else ''}"


def parse_state(text: str | None) -> tuple[str, str]:
    """(state letters, posting letter) read back from a state cell: ``FC`` → ('F', 'C'), ``C`` → ('C', '')."""
    match = _STATE.fullmatch((text or "").strip())
    return (match[1], match[2]) if match else ((text or "").strip(), "")
