"""The error tree and the problem value (STYLE.md §5: raise at the leaf, collect at the table, present at the edge).

A :class:`Problem` names where (file, sheet, cell), what is wrong and how to fix it:

>>> p = Problem(Source("acme.xlsx", "Clients", 12, "F"), 'IBAN "CH93 0076" is too short', "copy it from the slip")
>>> str(p)
'acme.xlsx: Clients!F12: IBAN "CH93 0076" is too short — copy it from the slip'
"""
from __future__ import annotations

from dataclasses import dataclass


class ComptoirError(ValueError):
    """Every error Comptoir raises on purpose; anything else escaping is a bug."""

    def __init__(self, message: str, hint: str = "", source: "Source | None" = None):
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.source = source

    def __str__(self) -> str:
        where = f"{self.source}: " if self.source else ""
        hint = f" — {self.hint}" if self.hint else ""
        return f"{where}{self.message}{hint}"


class InvalidFormat(ComptoirError):
    """An identifier, payload or file does not follow its format."""


class BookError(ComptoirError):
    """A workbook cannot be read, written or trusted."""


class BookLocked(BookError):
    """Someone (Excel, or another Comptoir run) has the workbook open."""


class BusinessRuleError(ComptoirError):
    """An action the books do not allow (posted fields, a used client, a QR-IBAN without QR reference)."""


@dataclass(frozen=True, slots=True)
class Source:
    """Where a value came from: a workbook cell, or a line in a file."""

    file: str = ""
    sheet: str = ""
    row: int | None = None
    column: str = ""

    def __str__(self) -> str:
        from engine.i18n import tr
        from engine.schema.terms import shown_sheet

        parts = [self.file] if self.file else []
        if self.sheet:
            sheet = shown_sheet(self.sheet)
            if self.column:
                parts.append(f"{sheet}!{self.column}{self.row if self.row is not None else ''}")
            elif self.row is not None:
                parts.append(tr("{sheet} row {row}", sheet=sheet, row=self.row))
            else:
                parts.append(sheet)
        elif self.row is not None:
            parts.append(tr("line {line}", line=self.row))
        return ": ".join(parts)


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong, with where, what and how to fix it."""

    source: Source
    message: str
    hint: str = ""
    severity: str = "error"  # "error" stops a write; "warning" is shown and kept

    def __str__(self) -> str:
        where = f"{self.source}: " if str(self.source) else ""
        hint = f" — {self.hint}" if self.hint else ""
        return f"{where}{self.message}{hint}"

    def as_dict(self) -> dict:
        from engine.schema.terms import shown_sheet

        return {  # the sheet as the book names it, so that a tool reading the JSON finds it in the book
            "file": self.source.file, "sheet": shown_sheet(self.source.sheet), "row": self.source.row,
            "column": self.source.column, "message": self.message, "hint": self.hint,
            "severity": self.severity,
        }


class ProblemsFound(ComptoirError):
    """Raised at the edge when a run cannot go on; carries every problem found in one pass."""

    def __init__(self, problems: "list[Problem] | tuple[Problem, ...]"):
        self.problems = tuple(problems)
        from engine.i18n import tr

        first = f": {self.problems[0]}" if self.problems else ""
        super().__init__(tr("{count} problem(s) found", count=len(self.problems)) + first)
