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
"""
from __future__ import annotations

import hashlib
from collections import defaultdict

from engine.errors import BusinessRuleError, Problem, Source

LOCKED = {
    "Documents": ("number", "stage", "client_id", "date", "performance_date", "total_net", "total_vat",
                  "total_gross", "rounding", "total_payable", "refers_to", "do_not_post"),
    "ReceivedInvoices": ("number", "stage", "creditor_id", "date", "amount", "expense_account", "vat_code",
                         "do_not_post"),
    "Payments": ("side", "document_number", "date", "kind", "amount", "account"),
}
LINES = {
    "Documents": ("DocumentLines", "document_number",
                  ("position", "vat_code", "account", "net_amount", "vat_amount")),
    "ReceivedInvoices": ("ReceivedLines", "invoice_number",
                         ("position", "account", "vat_code", "amount", "amount_type", "vat_amount")),
}


def locked_fields(sheet: str) -> tuple[str, ...]:
    return LOCKED.get(sheet, ())


def _text(value) -> str:
    if value is None or value == "":
        return ""
    if hasattr(value, "normalize") and hasattr(value, "quantize"):  # Decimal: 10 == 10.00
        return format(value.normalize(), "f")
    return str(value)


def fingerprint(sheet: str, record, lines=()) -> str:
    """``<16 hex of everything>/<2 hex per locked field>[<2 hex of the lines>]``: the whole digest decides, the
    per-field digests let :func:`check` name the cell that changed (a hash, not the values, so nothing leaks)."""
    parts = [_text(getattr(record, name)) for name in LOCKED[sheet]]
    fields = "".join(_digest(part, 1) for part in parts)
    if sheet in LINES:
        names = LINES[sheet][2]
        rows = ["|".join(_text(getattr(line, name)) for name in names)
                for line in sorted(lines, key=lambda l: l.position or 0)]
        parts += rows
        fields += _digest("\x1e".join(rows), 1)
    return f"{_digest(chr(0x1f).join(parts), 8)}/{fields}"


def _digest(text: str, size: int) -> str:
    return hashlib.blake2b(text.encode(), digest_size=size).hexdigest()


def changed_fields(sheet: str, stored: str, current: str) -> list[str]:
    """The locked fields (and ``"lines"``) whose digests differ; empty when ``stored`` predates per-field digests."""
    old, _, old_fields = (stored or "").partition("/")
    new_fields = current.partition("/")[2]
    if not old_fields or len(old_fields) != len(new_fields):
        return []
    names = [*LOCKED[sheet], *(["lines"] if sheet in LINES else [])]
    return [name for i, name in enumerate(names) if old_fields[2 * i:2 * i + 2] != new_fields[2 * i:2 * i + 2]]


def lines_by_document(book) -> dict[str, dict[str, list]]:
    out = {}
    for sheet, (line_sheet, key, _) in LINES.items():
        grouped = defaultdict(list)
        for line in book.records(line_sheet):
            grouped[getattr(line, key)].append(line)
        out[sheet] = grouped
    return out


def check(book) -> list[Problem]:
    """Every posted record whose posted fields changed since its session (call it from ``comptoir check``),
    naming the cell of each changed field when the stored fingerprint has per-field digests."""
    problems = []
    lines = lines_by_document(book)
    for sheet in LOCKED:
        table = book.table(sheet)
        for record in table.records:
            if record.posted_session is None:
                continue
            key = record.payment_id if sheet == "Payments" else record.number
            own = lines.get(sheet, {}).get(key, ()) if sheet in LINES else ()
            now = fingerprint(sheet, record, own)
            if record.posted_hash and now.partition("/")[0] == record.posted_hash.partition("/")[0]:
                continue
            hint = (f"restore the posted values, or undo the session first: comptoir unpost BOOK --ledger LEDGER "
                    f"--session {record.posted_session}")
            changed = changed_fields(sheet, record.posted_hash, now)
            for name in changed:
                if name == "lines":
                    where, what = Source(table.file, LINES[sheet][0]), f"its lines ({LINES[sheet][0]})"
                else:
                    where, what = table.source(record, name), table.schema.column(name).header
                problems.append(Problem(where, f"{sheet} {key}: {what} changed after it was posted in session "
                                        f"{record.posted_session}", hint))
            if changed:
                continue
            what = "has no fingerprint" if not record.posted_hash else "changed after it was posted"
            problems.append(Problem(
                table.source(record, "posted_session"),
                f"{sheet} {key} was posted in session {record.posted_session} and {what} "
                f"(locked: {', '.join(LOCKED[sheet])}{' and its lines' if sheet in LINES else ''})", hint))
    return problems


def refuse_edit(sheet: str, old, new, file: str = "") -> None:
    """Raise when ``new`` changes a locked field of the posted record ``old`` (for services that edit records)."""
    if sheet not in LOCKED or old.posted_session is None:
        return
    changed = [name for name in LOCKED[sheet] if _text(getattr(old, name)) != _text(getattr(new, name))]
    if changed or new.posted_session != old.posted_session:
        raise BusinessRuleError(
            f"{sheet} row {old.row}: {', '.join(changed) or 'PostedSession'} cannot change: the record was posted in "
            f"session {old.posted_session}", f"undo session {old.posted_session} (comptoir unpost) and post again",
            Source(file, sheet, old.row))
