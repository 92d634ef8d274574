"""Posting locks: once posted, the fields an entry was made of may not change (the suite's manual §3.9: "les
éléments concernés par les écritures générées sont bloqués dans les factures").

A posted record stores a fingerprint of its posted fields (and of its lines) in ``PostedHash``, with a short digest
per field; :func:`check` compares a loaded book against those fingerprints, so an edit made in Excel is caught on
load and the changed cell is named, and
:func:`refuse_edit` tells a service why it may not change a posted record.

>>> from types import SimpleNamespace as R
>>> p = R(payment_id=1, side="sales", document_number="F-1", date=None, kind="payment", amount="10.00", account="1020")
>>> fingerprint("Payments", p) == fingerprint("Payments", R(**{**vars(p), "amount": "10.00"}))
True
>>> locked_fields("Payments")
('side', 'document_number', 'date', 'kind', 'amount', 'account')
>>> fingerprint("Payments", p).startswith(VERSION)
True
"""
from __future__ import annotations

import hashlib
from collections import defaultdict

from engine.errors import BusinessRuleError, Problem, Source
from engine.i18n import tr
from engine.schema import terms

LOCKED = {
    "Documents": ("number", "stage", "client_id", "date", "performance_date", "total_net", "total_vat",
                  "total_gross", "rounding", "total_payable", "refers_to", "do_not_post", "currency", "exchange_rate"),
    "ReceivedInvoices": ("number", "stage", "creditor_id", "date", "amount", "expense_account", "vat_code",
                         "do_not_post", "currency", "exchange_rate"),
    "Payments": ("side", "document_number", "date", "kind", "amount", "account"),
}
LINES = {
    "Documents": ("DocumentLines", "document_number",
                  ("position", "vat_code", "account", "net_amount", "vat_amount", "quantity", "unit_price",
                   "discount")),
    "ReceivedInvoices": ("ReceivedLines", "invoice_number",
                         ("position", "account", "vat_code", "amount", "amount_type", "vat_amount", "quantity",
                          "unit_price")),
}
# locked once filled: a Payments row's AmountCHF (the CHF the bank booked) makes its exchange difference. Its digest
# is added only when the cell holds a value, so the fingerprints of rows posted without it do not change.
WHEN_FILLED = {"Payments": ("amount_chf",)}
VERSION = "2:"  # the fingerprints above; a PostedHash without it was made by the first version (V1 below)
V1_LOCKED = {sheet: tuple(f for f in fields if f not in ("currency", "exchange_rate"))
             for sheet, fields in LOCKED.items()}
V1_LINES = {sheet: tuple(f for f in fields if f not in ("quantity", "unit_price", "discount"))
            for sheet, (_, _, fields) in LINES.items()}


def locked_fields(sheet: str) -> tuple[str, ...]:
    return LOCKED.get(sheet, ())


def _locked(sheet: str, record) -> list[str]:
    """The locked fields of ``record``: the sheet's, then those locked once filled that are."""
    return [*LOCKED[sheet], *(n for n in WHEN_FILLED.get(sheet, ()) if _text(getattr(record, n, None)))]


def _text(value) -> str:
    if value is None or value == "":
        return ""
    if hasattr(value, "normalize") and hasattr(value, "quantize"):  # Decimal: 10 == 10.00
        return format(value.normalize(), "f")
    return str(value)


def _ordered(lines) -> list:
    return sorted(lines, key=lambda l: l.position or 0)


def fingerprint(sheet: str, record, lines=()) -> str:
    """``2:<16 hex of everything>/<2 hex per locked field>[/<2 hex per line field>/<2 hex per line>]``: the whole
    digest decides; the per-field digests let :func:`check` name the cell that changed — for a line, the row of the
    changed line and the column of the changed field (hashes, not the values, so nothing leaks)."""
    parts = [_text(getattr(record, name)) for name in _locked(sheet, record)]
    fields = "".join(_digest(part, 1) for part in parts)
    if sheet not in LINES:
        return f"{VERSION}{_digest(chr(0x1f).join(parts), 8)}/{fields}"
    names = LINES[sheet][2]
    ordered = _ordered(lines)
    rows = ["|".join(_text(getattr(line, name)) for name in names) for line in ordered]
    columns = "".join(_digest("|".join(_text(getattr(line, name)) for line in ordered), 1) for name in names)
    per_line = "".join(_digest(row, 1) for row in rows)
    return f"{VERSION}{_digest(chr(0x1f).join(parts + rows), 8)}/{fields}/{columns}/{per_line}"


def fingerprint_v1(sheet: str, record, lines=()) -> str:
    """The first version's fingerprint (no currency, rate, quantity, unit price or discount): books posted before
    are read with it until :func:`migrate` rewrites their PostedHash."""
    parts = [_text(getattr(record, name)) for name in V1_LOCKED[sheet]]
    fields = "".join(_digest(part, 1) for part in parts)
    if sheet in LINES:
        rows = ["|".join(_text(getattr(line, name)) for name in V1_LINES[sheet]) for line in _ordered(lines)]
        parts += rows
        fields += _digest("\x1e".join(rows), 1)
    return f"{_digest(chr(0x1f).join(parts), 8)}/{fields}"


def _digest(text: str, size: int) -> str:
    return hashlib.blake2b(text.encode(), digest_size=size).hexdigest()


def unchanged(sheet: str, record, lines, stored: str | None) -> bool:
    """Whether the record still has the values its PostedHash was made of (either version)."""
    if not stored:
        return False
    if stored.startswith(VERSION):
        return fingerprint(sheet, record, lines).partition("/")[0] == stored.partition("/")[0]
    return fingerprint_v1(sheet, record, lines).partition("/")[0] == stored.partition("/")[0]


def _pairs(text: str) -> list[str]:
    return [text[i:i + 2] for i in range(0, len(text), 2)]


def changed_cells(sheet: str, stored: str, record, lines) -> list[tuple[str, object]]:
    """``(field, None)`` per changed locked field of the record, ``(field, line)`` per changed cell of a line,
    ``("lines", None)`` when lines were added or removed; empty when ``stored`` has no per-field digests."""
    if not (stored or "").startswith(VERSION):
        old_fields = (stored or "").partition("/")[2]
        new_fields = fingerprint_v1(sheet, record, lines).partition("/")[2]
        if not old_fields or len(old_fields) != len(new_fields):
            return []
        names = [*V1_LOCKED[sheet], *(["lines"] if sheet in LINES else [])]
        return [(n, None) for n, a, b in zip(names, _pairs(old_fields), _pairs(new_fields)) if a != b]
    old = stored[len(VERSION):].split("/")[1:]
    new = fingerprint(sheet, record, lines)[len(VERSION):].split("/")[1:]
    names = [*LOCKED[sheet], *WHEN_FILLED.get(sheet, ())]
    before, after = _pairs(old[0]), _pairs(new[0])
    width = max(len(before), len(after))  # a field locked once filled, filled or emptied since: one side has more
    before, after = before + [""] * (width - len(before)), after + [""] * (width - len(after))
    out = [(n, None) for n, a, b in zip(names, before, after) if a != b]
    if sheet in LINES and len(old) == 3:
        if len(old[2]) != len(new[2]):
            return out + [("lines", None)]
        fields = [n for n, a, b in zip(LINES[sheet][2], _pairs(old[1]), _pairs(new[1])) if a != b]
        for line, a, b in zip(_ordered(lines), _pairs(old[2]), _pairs(new[2])):
            if a != b:
                out += [(name, line) for name in fields] or [("lines", None)]
    return out


def lines_by_document(book) -> dict[str, dict[str, list]]:
    out = {}
    for sheet, (line_sheet, key, _) in LINES.items():
        grouped = defaultdict(list)
        for line in book.records(line_sheet):
            grouped[getattr(line, key)].append(line)
        out[sheet] = grouped
    return out


def edited(book) -> dict[tuple[str, str], list[Problem]]:
    """Per posted record whose posted fields changed since its session, keyed (sheet, number or payment id): the
    problems naming each changed cell (the record's own, or a line's row and column)."""
    out = {}
    lines = lines_by_document(book)
    for sheet in LOCKED:
        table = book.table(sheet)
        for record in table.records:
            if record.posted_session is None:
                continue
            key = record.payment_id if sheet == "Payments" else record.number
            own = lines.get(sheet, {}).get(key, ()) if sheet in LINES else ()
            if unchanged(sheet, record, own, record.posted_hash):
                continue
            # said in the book's language, its sheets and columns named as the book names them (issue 18)
            language, title = book.language, book.title(sheet)
            hint = tr("restore the posted values, or undo the session first: comptoir unpost BOOK --ledger LEDGER "
                      "--session {session}", language, session=record.posted_session)
            problems = []
            for name, line in changed_cells(sheet, record.posted_hash, record, own):
                if line is not None:
                    line_table = book.table(LINES[sheet][0])
                    where, what = line_table.source(line, name), tr(
                        "line {position}'s {column}", language, position=line.position,
                        column=terms.header(line_table.schema.column(name).header, language))
                elif name == "lines":
                    where = Source(table.file, book.title(LINES[sheet][0]))
                    what = tr("its lines ({sheet})", language, sheet=book.title(LINES[sheet][0]))
                else:
                    where, what = table.source(record, name), terms.header(table.schema.column(name).header, language)
                problems.append(Problem(where, tr("{sheet} {key}: {what} changed after it was posted in session "
                                                  "{session}", language, sheet=title, key=key, what=what,
                                                  session=record.posted_session), hint))
            if not problems:
                locked = ", ".join(terms.header(table.schema.column(n).header, language) for n in LOCKED[sheet])
                said = (tr("{sheet} {key} was posted in session {session} and has no fingerprint (locked: {locked})",
                           language, sheet=title, key=key, session=record.posted_session, locked=locked)
                        if not record.posted_hash else
                        tr("{sheet} {key} was posted in session {session} and changed after it was posted (locked: "
                           "{locked})", language, sheet=title, key=key, session=record.posted_session, locked=locked))
                if sheet in LINES:
                    said = said[:-1] + tr(" and its lines", language) + said[-1:]
                problems.append(Problem(table.source(record, "posted_session"), said, hint))
            out[(sheet, key)] = problems
    return out


def check(book) -> list[Problem]:
    """Every posted record whose posted fields changed since its session (call it from ``comptoir check``),
    naming the cell of each changed field when the stored fingerprint has per-field digests."""
    return [problem for problems in edited(book).values() for problem in problems]


def migrate(book) -> int:
    """Rewrite the PostedHash of records posted by the first version, when they still hold the values it locked,
    as this version's fingerprint (which adds currency, rate, quantity, unit price and discount): a book posted
    before is not shown as edited, and from now on those fields are locked too. Returns how many were rewritten."""
    from dataclasses import replace
    lines, count = lines_by_document(book), 0
    for sheet in LOCKED:
        records = book.records(sheet)
        new = []
        for record in records:
            key = record.payment_id if sheet == "Payments" else record.number
            own = lines.get(sheet, {}).get(key, ()) if sheet in LINES else ()
            old = record.posted_hash
            if record.posted_session is not None and old and not old.startswith(VERSION) \
                    and unchanged(sheet, record, own, old):
                record = replace(record, posted_hash=fingerprint(sheet, record, own))
                count += 1
            new.append(record)
        if any(a is not b for a, b in zip(records, new)):
            book.put(sheet, new)
    return count


def refuse_edit(sheet: str, old, new, file: str = "") -> None:
    """Raise when ``new`` changes a locked field of the posted record ``old`` (for services that edit records)."""
    if sheet not in LOCKED or old.posted_session is None:
        return
    changed = [name for name in (*LOCKED[sheet], *WHEN_FILLED.get(sheet, ()))
               if _text(getattr(old, name, None)) != _text(getattr(new, name, None))]
    if changed or new.posted_session != old.posted_session:
        raise BusinessRuleError(
            f"{sheet} row {old.row}: {', '.join(changed) or 'PostedSession'} cannot change: the record was posted in "
            f"session {old.posted_session}", f"undo session {old.posted_session} (comptoir unpost) and post again",
            Source(file, sheet, old.row))
