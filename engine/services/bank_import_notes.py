"""What a bank import says about entries it left out or cannot post as they are (statement entries not booked
yet, a currency the books do not post, a grouped entry whose details do not add up), in the book's language."""
from __future__ import annotations

from decimal import Decimal

from engine.errors import Problem, Source
from engine.i18n import tr
from engine.schema.invoicing import CURRENCIES as POSTABLE


def left_out(language: str, document, statement, not_booked: dict, foreign: dict) -> list[Problem]:
    """The warnings of one statement: entries not imported (PDNG / INFO) and movements in a currency not posted."""
    where = Source(document.source, sheet=tr("statement {id}", language, id=statement.id) if statement.id else "")
    problems = []
    if not_booked:
        counts = ", ".join(f"{n} {status}" for status, n in sorted(not_booked.items(), key=lambda x: str(x[0])))
        problems.append(Problem(where, tr(
            "{counts} entry not imported: pending (PDNG) or for information (INFO), not booked yet"
            if sum(not_booked.values()) == 1 else
            "{counts} entries not imported: pending (PDNG) or for information (INFO), not booked yet",
            language, counts=counts),
            tr("they come again, booked, in a later statement", language), "warning"))
    if foreign:
        counts = ", ".join(tr("{count} in {currency}", language, count=n, currency=ccy)
                           for ccy, n in sorted(foreign.items()))
        problems.append(Problem(where, tr("movements in a currency the books cannot post ({counts}) are imported to "
                                          "sort by hand", language, counts=counts),
                                tr("the books post {currencies}: book them by hand in the ledger's currency",
                                   language, currencies=", ".join(POSTABLE)), "warning"))
    return problems


def details_differ(language: str, document, entry, detailed: "Decimal | str") -> Problem:
    """A grouped entry whose details add up to another amount (or lack one): recognition leaves it to sort."""
    if isinstance(detailed, Decimal):
        said = tr("grouped entry {reference} of {amount}: its details add up to {detailed} (a difference of "
                  "{difference}); recognition leaves them to sort", language, reference=entry.bank_reference or "",
                  amount=entry.amount, detailed=detailed, difference=entry.amount - detailed)
    else:
        said = tr("grouped entry {reference} of {amount}: its details are incomplete: {detailed}; recognition leaves "
                  "them to sort", language, reference=entry.bank_reference or "", amount=entry.amount,
                  detailed=detailed)
    return Problem(Source(document.source, row=entry.line), said,
                   tr("the 9909 transit account will not balance for it; compare with the bank's advice", language),
                   "warning")
