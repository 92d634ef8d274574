"""A document's stages, for issued and received documents alike: the flow it moves forward through (offer or order
→ delivery or receipt → invoice), the words people type for each stage, and the refusals when it would go back.

>>> flow = StageFlow("a received document", ("C", "L", "F"), {"c": "C", "order": "C", "l": "L", "f": "F", "n": "N"},
...                  "use C, L, F or N", "C → L → F")
>>> flow.stage_of("Order"), flow.next_stage("C"), flow.next_stage("C", "f")
('C', 'L', 'F')
"""
from __future__ import annotations

from dataclasses import dataclass

from engine.errors import BusinessRuleError


@dataclass(frozen=True)
class StageFlow:
    what: str  # how a message names the document: "a document", "a received document"
    flow: tuple[str, ...]  # forward order; a stage outside it (the credit note N) stands alone
    names: dict[str, str]  # lower-case word people type → stage code
    choices: str  # the hint when a word is no stage
    order: str  # the flow as a person reads it, e.g. "O → Cc → L → F"

    def stage_of(self, text) -> str:
        """A stage code from what people type (``F``, ``invoice``, ``réception``)."""
        code = self.names.get(str(text or "").strip().lower())
        if code is None:
            raise BusinessRuleError(f'"{text}" is not a stage of {self.what}', self.choices)
        return code

    def next_stage(self, current: str, target: str | None = None) -> str:
        """The stage a document moves to: the next one of the flow, or ``target`` when it lies ahead."""
        if current not in self.flow[:-1]:
            said = {"F": "an invoice", "N": "a credit note"}.get(current, f'a document at stage "{current}"')
            raise BusinessRuleError(f"{said} has no next stage",
                                    "an invoice is corrected by a credit note (stage N)" if current == "F" else
                                    f"only {', '.join(self.flow[:-1])} move on")
        ahead = self.flow[self.flow.index(current) + 1:]
        code = ahead[0] if target is None else self.stage_of(target)
        if code not in ahead:
            raise BusinessRuleError(f"{self.what} cannot go from {current} to {code}",
                                    f"documents move forward: {self.order}")
        return code
