"""What the bookkeeper decides on one pending movement by hand (banking manual §6.2.1 "Editer un mouvement", §6.6.1).

- its action: post (Comptabiliser), skip (Ne pas comptabiliser: processed without an entry), pending (Garder en
  attente: stays pending when the others are posted), force (Forcer la comptabilisation: posted although excluded by
  its type or booked before the go-live date);
- delete it (Supprimer: it leaves the queue; ``bank pending`` brings it back);
- make it a multiple entry (Transformer en écriture multiple) or a normal one again;
- where its label comes from: the payer's communication, the bank's text, or the predefined one of its type or
  rule (the LabelFrom column says which; recognition keeps the choice);
- its période d'imputation (Period: 2026-03, 2026-Q1, 2026-01..2026-12), which its entry carries into the ledger.

Every change marks the movement modified (M): recognition leaves it as the user made it. Only pending movements
change; a processed one must go back to pending first, so no posted batch silently disagrees with its movements.
Functions change the book; the caller saves.
"""
from __future__ import annotations

from dataclasses import replace

from engine.domain import imputation
from engine.domain.reconcile import edits
from engine.domain.reconcile import lines as multi
from engine.domain.reconcile.movements import LABEL_SOURCES, label_of
from engine.errors import BusinessRuleError
from engine.i18n import tr
from engine.schema import terms
from engine.services import bank_chart
from engine.services.bank_post import ACTIONS, _read, refuse_unknown
from engine.services.bank_rules import personal_patterns

_HAND_ACTIONS = ("post", "skip", "pending", "force")  # "excluded" is what a type or the go-live date decides


def _pending(book, movements, ids) -> set[int]:
    """The ids asked for, each one a pending movement: an unknown or processed one is refused, naming it."""
    wanted = set(ids)
    if not wanted:
        raise BusinessRuleError(tr("no movement given", book.language),
                                tr("give movement numbers ({column}), e.g. --ids 3 4 7", book.language,
                                   column=terms.header("MovementId", book.language)))
    refuse_unknown(book, movements, wanted)
    found = {m.movement_id: m for m in movements if m.movement_id in wanted}
    if done := sorted((m for m in found.values() if m.state != "pending"), key=lambda m: m.movement_id):
        m = done[0]
        state = terms.value(m.state, book.language)
        raise BusinessRuleError(tr("movement {id} is {state} (batch {batch})", book.language, id=m.movement_id,
                                   state=state, batch=m.batch) if m.batch else
                                tr("movement {id} is {state}", book.language, id=m.movement_id, state=state),
                                tr("put it back to pending first: comptoir bank pending BOOK --ids {id}",
                                   book.language, id=m.movement_id))
    return wanted


def set_action(book, ids, action: str) -> int:
    """Choose what posting does with pending movements (Comptabiliser / Ne pas comptabiliser / Garder en attente /
    Forcer la comptabilisation)."""
    if action not in _HAND_ACTIONS:
        known = ", ".join(_HAND_ACTIONS)
        hint = tr("excluded is set by the movement's type or the go-live date", book.language) \
            if action in ACTIONS else tr("use one of {kinds}", book.language, kinds=known)
        raise BusinessRuleError(tr('action "{action}" cannot be chosen by hand', book.language, action=action), hint)
    movements = list(book.records("Movements"))
    wanted = _pending(book, movements, ids)
    book.put("Movements", [replace(m, action=action, modified=True) if m.movement_id in wanted else m
                           for m in movements])
    return len(wanted)


def missing_column(book, sheet: str, column: str) -> BusinessRuleError:
    """The refusal of a book made before ``column`` was added to ``sheet``, naming both as the book does (the
    Bankbewegungen sheet has no Periode column)."""
    sheet_title, header = book.title(sheet), terms.header(column, book.language, sheet)
    return BusinessRuleError(tr("{book}: the {sheet} sheet has no {column} column (a book made before it)",
                                book.language, book=book.name, sheet=sheet_title, column=header),
                             tr("add a column headed {column} at the end of the {sheet} sheet", book.language,
                                column=header, sheet=sheet_title))


def set_period(book, ids, period: str) -> str:
    """Give pending movements a période d'imputation (engine.domain.imputation), or none with ``period`` empty;
    returns it in its short form. Recognition never writes the column, so the choice stays."""
    text = str(imputation.parse(period)) if str(period or "").strip() else ""
    if "period" not in book.table("Movements").positions:
        raise missing_column(book, "Movements", "Period")
    movements = list(book.records("Movements"))
    wanted = _pending(book, movements, ids)
    book.put("Movements", [replace(m, period=text or None) if m.movement_id in wanted else m for m in movements])
    return text


def delete(book, ids) -> int:
    """Pending movements that must not be processed at all go to deleted (Supprimer)."""
    movements = list(book.records("Movements"))
    wanted = _pending(book, movements, ids)
    book.put("Movements", [replace(m, state="deleted") if m.movement_id in wanted else m for m in movements])
    return len(wanted)


def _one(book, movements, movement_id: int) -> int:
    _pending(book, movements, [movement_id])
    return next(i for i, m in enumerate(movements) if m.movement_id == movement_id)


def split(book, movement_id: int, spec: str):
    """Make a movement a multiple entry (``ACCOUNT|AMOUNT|LABEL[|D/C]; …``); returns the rest still to book
    (0.00: balanced). An unbalanced entry is kept, so the user can complete it, but posting refuses it; a line on
    an account or analytic code the chart does not have is refused here (the pull would refuse the whole batch)."""
    movements = list(book.records("Movements"))
    index = _one(book, movements, movement_id)
    m = movements[index]
    custom = personal_patterns(book)
    parsed = multi.parse(spec)
    if not parsed:
        raise BusinessRuleError(tr("a multiple entry needs at least one line", book.language),
                                tr("e.g. 6210|90.50|Essence; 6500|27.00|Alimentation", book.language))
    bank_chart.refuse_lines(book, m, spec)
    lines = multi.resolve(parsed, m.amount, _read(m, custom))
    movements[index] = replace(m, lines=multi.render(parsed), modified=True)
    book.put("Movements", movements)
    return multi.rest(lines, m.amount, m.direction)


def unsplit(book, movement_id: int) -> None:
    """Transformer en écriture normale: the movement books its amount on its own debit and credit accounts again."""
    movements = list(book.records("Movements"))
    index = _one(book, movements, movement_id)
    movements[index] = replace(movements[index], lines=None, modified=True)
    book.put("Movements", movements)


def label_choices(m) -> list[tuple[str, str]]:
    """The labels a movement offers (manual §6.2.1 "Libellé"), with their source; the predefined one is the label
    recognition made when the movement is not modified (its type's or rule's)."""
    out = [("communication", m.remittance or ""), ("bank", m.bank_text or "")]
    if not m.modified and (getattr(m, "label_from", None) or "predefined") == "predefined":
        out.insert(0, ("predefined", m.label or ""))
    return [(source, text) for source, text in out if text]


def choose_label(book, ids, source: str) -> int:
    """Take the label from ``source`` (LABEL_SOURCES) and keep the choice in LabelFrom: recognition writes the label
    from it next time too. Back to ``predefined``, recognition makes the label again; a movement it no longer
    recognises (edited by hand, or its payment already recorded) keeps its label, and the user types it instead."""
    if source not in LABEL_SOURCES:
        raise BusinessRuleError(tr('"{source}" is not a label source', book.language, source=source),
                                tr("use one of {kinds}", book.language, kinds=", ".join(LABEL_SOURCES)))
    if "label_from" not in book.table("Movements").positions:
        raise missing_column(book, "Movements", "LabelFrom")
    movements = list(book.records("Movements"))
    wanted = _pending(book, movements, ids)
    settled = {p.movement_id for p in book.records("Payments") if p.movement_id is not None}
    again, out = [], []
    for m in movements:
        if m.movement_id in wanted:
            if source == "predefined":
                if m.modified or m.movement_id in settled:
                    raise BusinessRuleError(
                        f"movement {m.movement_id} is {'edited by hand (M)' if m.modified else 'already settled'}: "
                        "recognition does not make its label again", "type the label in its Label cell")
                again.append(m.movement_id)
                m = replace(m, label_from=None)
            else:
                m = replace(m, label_from=source, label=label_of(m, source, m.label))
                if not m.modified and m.proposed:  # recognition's own choice now: not an edit by hand
                    m = replace(m, proposed=edits.fingerprint(edits.booking(m)))
        out.append(m)
    book.put("Movements", out)
    if again:
        from engine.services import bank
        bank.reconcile(book, ids=again)
    return len(wanted)

