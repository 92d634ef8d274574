"""Substitution strings: ``{name}`` fields in labels and multi-line amounts, predefined or defined by example.

Manual §6.5. Predefined: the payer's message, the bank's text, current / previous / next month (with a format),
the payer's or beneficiary's name, address and IBAN, the own IBAN, the QR-IBAN participant, the reference, dates.
User-defined (§6.5.2): the user marks the wanted text in one movement and the text before / after it; digits in
that context are taken as variable; the pattern is then tested on every movement of the account. The details are
searched field by field (one a line), so the text after is not needed when the value ends its field.

>>> text = "ACHAT SHOPPING EN LIGNE PAIEMENT 6766385264 NUMERO DE COMMANDE 6766385264 FLEURS"
>>> pattern = pattern_from_example(text, "6766385264", before="PAIEMENT", after="NUMERO DE COMMANDE")
>>> extract(pattern, "PAIEMENT 1234 NUMERO DE COMMANDE")
'1234'
>>> label("Salaires {month:%B %Y}", {"booking_date": __import__("datetime").date(2026, 3, 25)})
'Salaires mars 2026'
"""
from __future__ import annotations

import re
from datetime import date, timedelta

from engine.errors import BusinessRuleError
from engine.i18n import tr

MONTHS_FR = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
             "novembre", "décembre")
# a label's month name (%B) in the book's language, whatever the machine's locale (audit of issue 18)
MONTHS = {"fr": MONTHS_FR,
          "de": ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
                 "November", "Dezember"),
          "it": ("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre",
                 "ottobre", "novembre", "dicembre"),
          "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                 "November", "December")}
PREDEFINED = {
    "remittance": "the payer's message", "bank_text": "the bank's text", "partner": "payer / beneficiary name",
    "address": "payer / beneficiary address", "partner_iban": "payer / beneficiary IBAN", "own_iban": "own IBAN",
    "qr_iban": "QR-IBAN participant", "reference": "reference number", "booking_date": "booking date",
    "value_date": "value date", "month": "current month", "previous_month": "previous month",
    "next_month": "next month", "amount": "amount", "end_to_end_id": "end-to-end id", "document": "invoice number",
}
_FIELD = re.compile(r"\{(\w+)(?::([^{}]*))?\}")
_AMOUNT = r"[-+]?\d[\d' ]*(?:[.,]\d+)?"


def _month(day: date, shift: int) -> date:
    first = day.replace(day=1)
    return (first - timedelta(days=1)).replace(day=1) if shift < 0 else (
        (first + timedelta(days=32)).replace(day=1) if shift > 0 else first)


def _format_date(day: date, spec: str, language: str = "fr") -> str:
    if "%B" in spec:  # the book's month names, whatever the machine's locale
        spec = spec.replace("%B", MONTHS.get(language, MONTHS_FR)[day.month - 1])
    return day.strftime(spec)


_MONTH_SHIFT = {"month": 0, "previous_month": -1, "next_month": 1}
_MONTH_TEXT: dict[tuple, str] = {}  # (shift, format, day) → text: a year has 366 days, a file 100,000 lines


def value(name: str, spec: str, facts: dict, custom: dict, language: str = "fr") -> str:
    """One substitution's text for a movement (``facts``: predefined values; ``custom``: name → pattern), a month
    named in ``language``."""
    shift = _MONTH_SHIFT.get(name)
    if shift is not None:
        day = facts.get("booking_date")
        if not day:
            return ""
        key = (shift, spec, day, language)
        found = _MONTH_TEXT.get(key)
        if found is None:
            found = _format_date(_month(day, shift), spec or "%m.%Y", language)
            if len(_MONTH_TEXT) < 10_000:
                _MONTH_TEXT[key] = found
        return found
    if name in custom:
        return extract(custom[name], facts.get("raw", "")) or ""
    found = facts.get(name)
    if isinstance(found, date):
        return _format_date(found, spec or "%d.%m.%Y", language)
    return "" if found is None else str(found)


_TEMPLATES: dict[tuple, tuple] = {}  # (template, custom names) → compiled (a rule set has a few templates)
MONTH, CUSTOM, FACT = 0, 1, 2  # what a compiled field reads


def compile_label(template: str, custom: dict | None = None) -> tuple[tuple, frozenset]:
    """A template as parts (literal text, or ``(kind, name, spec)`` for a field it fills) and the fact names they
    read; a field that is neither predefined nor in ``custom`` stays as written, a literal."""
    custom = custom or {}
    key = (template, tuple(custom))
    found = _TEMPLATES.get(key)
    if found is not None:
        return found
    parts, needs, literal, position = [], set(), "", 0
    for match in _FIELD.finditer(template):
        name, spec = match.group(1), match.group(2) or ""
        literal += template[position:match.start()]
        position = match.end()
        if name in _MONTH_SHIFT:
            kind, need = MONTH, "booking_date"
        elif name in custom:
            kind, need = CUSTOM, "raw"
        elif name in PREDEFINED:
            kind, need = FACT, name
        else:
            literal += match.group(0)
            continue
        parts.extend((literal, (kind, name, spec)) if literal else ((kind, name, spec),))
        needs.add(need)
        literal = ""
    literal += template[position:]
    if literal:
        parts.append(literal)
    found = (tuple(parts), frozenset(needs))
    if len(_TEMPLATES) < 10_000:
        _TEMPLATES[key] = found
    return found


def render(parts: tuple, facts: dict, custom: dict | None = None, language: str = "fr") -> str:
    """A compiled template (:func:`compile_label`) filled from ``facts``, spaces normalised, months (%B) named in
    ``language``."""
    custom = custom or {}
    out = []
    for part in parts:
        if part.__class__ is str:
            out.append(part)
        elif part[0] == FACT:  # value() inlined for the common field
            found = facts.get(part[1])
            out.append("" if found is None else _format_date(found, part[2] or "%d.%m.%Y", language)
                       if isinstance(found, date) else str(found))
        else:
            out.append(value(part[1], part[2], facts, custom, language))
    return _once(" ".join("".join(out).split()))


def _once(text: str) -> str:
    """A word the template says and the bank's text repeats is said once: "Intérêts {bank_text}" with "Intérêts
    créanciers 2026" reads "Intérêts créanciers 2026", not "Intérêts Intérêts créanciers 2026".

    >>> _once("Intérêts intérêts créanciers 2026"), _once("Frais 10 10 CHF")
    ('Intérêts créanciers 2026', 'Frais 10 10 CHF')
    """
    words = text.split(" ")
    kept = [w for i, w in enumerate(words) if not (i and w.isalpha() and w.casefold() == words[i - 1].casefold())]
    return " ".join(kept)


def label(template: str, facts: dict, custom: dict | None = None, language: str = "fr") -> str:
    """The template with every ``{name}`` / ``{name:format}`` replaced; unknown names stay visible.

    >>> label("Löhne {month:%B %Y}", {"booking_date": date(2026, 3, 25)}, language="de")
    'Löhne März 2026'
    """
    return render(compile_label(template or "", custom)[0], facts, custom, language)


def _context(text: str) -> str:
    """Escaped context where digit runs are variable (manual: numbers change from one movement to the next), and a
    space any run of spaces (the details join their fields with a line break)."""
    return r"\s+".join(r"\d+".join(re.escape(part) for part in re.split(r"\d+", word)) for word in text.split())


def _core(marked: str, closed: bool) -> str:
    """What the value may look like: an amount (with its decimals) is read as one, a single word (an order number,
    a reference: 445566 today, 44A566 tomorrow) as any run of non-spaces, several words as any text of the field.
    ``closed``: a text after it ends the value, so the shortest run that reaches it."""
    if re.fullmatch(r"[-+]?\d[\d' ]*[.,]\d+", marked):
        return rf"({_AMOUNT})"
    if not re.search(r"\s", marked):
        return r"(\S+?)" if closed else r"(\S+)"
    return r"(.+?)"


def pattern_from_example(text: str, marked: str, *, before: str = "", after: str = "") -> str:
    """A regular expression that extracts ``marked`` from ``text`` between ``before`` and ``after``. ``text`` is a
    movement's details, a field a line (:func:`engine.domain.reconcile.movements.raw_text`): the text before is
    optional when the marked text starts its field, the text after when it ends its field (manual §6.5.2)."""
    marked = marked.strip()
    shown = " | ".join(line for line in (text or "").splitlines() if line)
    if not marked or marked not in text:
        raise BusinessRuleError(tr('the marked text "{marked}" is not in the movement (its details: «{shown}»)',
                                   marked=marked, shown=shown),
                                tr("select the text to extract inside the movement's details"))
    fields = [line.strip() for line in text.splitlines()]
    starts = any(f.startswith(marked) for f in fields)
    ends = any(f.endswith(marked) for f in fields)
    if not before and not after and not (starts or ends):
        raise BusinessRuleError(tr("give the text before or after the marked text (the details: «{shown}»)",
                                   shown=shown),
                                tr("it is only optional when the marked text starts or ends a field of the details"))
    if not before and not starts and not after and ends:
        raise BusinessRuleError(tr("give the text before the marked text (the details: «{shown}»)", shown=shown),
                                tr("the text after is optional when the marked text ends its field"))
    head = _context(before) + r"[ \t]*" if before else "^"
    core = _core(marked, bool(after))
    # with no text after, a word or an amount ends at the first space; words run to the end of their field
    tail = r"\s*" + _context(after) if after else ("$" if core == "(.+?)" else "")
    pattern = "(?m)" + head + core + tail
    if extract(pattern, text) != marked:
        raise BusinessRuleError(tr('the pattern does not give back "{marked}" from this movement (its details: '
                                   '«{shown}»)', marked=marked, shown=shown),
                                tr("choose a longer text before or after, that does not change between movements"))
    return pattern


def extract(pattern: str, text: str) -> str | None:
    found = re.search(pattern, text or "", re.DOTALL)
    return found.group(1).strip() if found else None


def test_pattern(pattern: str, texts) -> list[tuple[int, str | None]]:
    """Where the pattern matches on each text (the manual's "Tester" on all movements of the account)."""
    compiled = re.compile(pattern, re.DOTALL)  # a value of a pattern made before the details had lines may span two
    out = []
    for index, text in enumerate(texts):
        found = compiled.search(text or "")
        out.append((index, found.group(1).strip() if found else None))
    return out
