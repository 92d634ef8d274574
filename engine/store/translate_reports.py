"""The words of the sheets Comptoir wrote — the reports (R_Débiteurs…), the statements (Bilan…) and the dashboard
with its charts — put into ``book translate``'s new language (audit 18b: R_Debitoren Altersstruktur kept its title
"Débiteurs — échéancier par client" and its headers N°, Facture).

Chosen over writing them again: a report is written for a day and with the columns asked (``--until``,
``--columns``), which the sheet does not keep, so translating its words keeps its figures exactly as they were. A
text is translated when it is one of the table of labels (engine.formats.labels) or a statement heading in any of
the four languages — whole, with its placeholders (``au 19.12.2026`` → ``per 19.12.2026``), or as the label before
a " — " and the company's name; indented headings keep their indent. Anything else (a client's name, a figure)
stays, and so does every cell of a sheet of the bookkeeper's own.
"""
from __future__ import annotations

import html
import re
from functools import cache
from xml.sax.saxutils import escape

_PLACEHOLDER = re.compile(r"\{(\w+)[^{}]*\}")
_INLINE = re.compile(r'(<(?:\w+:)?c\b[^>]*?\bt="inlineStr"[^>]*>\s*<(?:\w+:)?is>\s*<(?:\w+:)?t\b[^>]*>)([^<]*)(</)')
_SHARED = re.compile(r'<((?:\w+:)?)c\b([^>]*?)\bt="s"([^>]*)>\s*<(?:\w+:)?v>(\d+)</(?:\w+:)?v>\s*</(?:\w+:)?c>')
_CHART_TEXT = re.compile(r"(<(?:a:t|c:v)>)([^<]*)(</)")
_TABLE_COLUMN = re.compile(r'(<(?:\w+:)?tableColumn\b[^>]*?\bname=")([^"]*)(")')


def _entries(prefer: str):
    """Every label as its four words, (fr, de, it, en) — the labels' table and the statement headings —, those
    whose key starts with ``prefer`` first: a word two labels share in one language (German Liquiditätsplanung pro
    Halbmonat, the liquidity report's and the dashboard's chart's) is the sheet's own kind's."""
    from engine.domain import statements
    from engine.formats import labels
    table = labels._TABLE.items()
    yield from (words for key, words in table if key.startswith(prefer))
    if prefer == "stmt_":
        for heading in statements.headings():
            yield tuple(heading.label(language) for language in labels.LANGUAGES)
    yield from (words for key, words in table if not key.startswith(prefer))
    if prefer != "stmt_":
        for heading in statements.headings():
            yield tuple(heading.label(language) for language in labels.LANGUAGES)


def kind(english: str) -> str:
    """The labels' prefix of the sheet Comptoir wrote as ``english``."""
    return "dash_" if english == "Dashboard" else "stmt_" if english in ("BalanceSheet", "IncomeStatement") else "rpt_"


def _pattern(word: str):
    parts, seen, last = [], set(), 0
    for match in _PLACEHOLDER.finditer(word):
        parts.append(re.escape(word[last:match.start()]))
        name = match[1]
        parts.append(f"(?P={name})" if name in seen else f"(?P<{name}>.+?)")
        seen.add(name)
        last = match.end()
    parts.append(re.escape(word[last:]))
    return re.compile("".join(parts))


@cache
def _words(to: str, prefer: str = "rpt_") -> tuple[dict[str, str], list]:
    from engine.formats import labels
    column = labels.LANGUAGES.index(to)
    exact: dict[str, str] = {}
    patterns = []
    for words in _entries(prefer):
        target = words[column]
        for word in words:
            if not word:
                continue
            if _PLACEHOLDER.search(word):
                patterns.append((_pattern(word), target))
            else:
                exact.setdefault(word, target)  # a word two labels share: the first's
    return exact, patterns


def _whole(text: str, to: str, prefer: str) -> str | None:
    exact, patterns = _words(to, prefer)
    if text in exact:
        return exact[text]
    for pattern, target in patterns:
        found = pattern.fullmatch(text)
        if found:
            try:
                return target.format(**found.groupdict())
            except (KeyError, IndexError, ValueError):
                return None
    return None


def translated(text: str, to: str, prefer: str = "rpt_") -> str | None:
    """``text`` in ``to``'s words, or None when it is no label's (``prefer``: the sheet's :func:`kind`)."""
    body = text.lstrip(" ")
    indent = text[:len(text) - len(body)]
    found = _whole(body, to, prefer)
    if found is None and " — " in body:  # "Débiteurs — échéancier par client — Menuiserie Favre SA"
        parts = body.split(" — ")
        for count in range(len(parts) - 1, 0, -1):
            head = _whole(" — ".join(parts[:count]), to, prefer)
            if head is not None:
                found = " — ".join([head, *parts[count:]])
                break
    return None if found is None or found == body else indent + found


def _fix(match, to: str, prefer: str) -> str:
    text = html.unescape(match[2])
    new = translated(text, to, prefer)
    return match[0] if new is None else match[1] + escape(new, {'"': "&quot;"}) + match[3]


def sheet_xml(xml: str, shared: list[str], to: str, prefer: str) -> str:
    """A report sheet's text cells in ``to``'s words: inline strings in place; a shared string (the book saved by
    Excel) becomes an inline string of its own, so the same text elsewhere in the book stays."""
    xml = _INLINE.sub(lambda m: _fix(m, to, prefer), xml)

    def shared_cell(match):
        index = int(match[4])
        new = translated(shared[index], to, prefer) if index < len(shared) else None
        if new is None:
            return match[0]
        p = match[1]
        return (f'<{p}c{match[2]}t="inlineStr"{match[3]}><{p}is><{p}t xml:space="preserve">{escape(new)}</{p}t>'
                f"</{p}is></{p}c>")
    return _SHARED.sub(shared_cell, xml) if shared else xml


def table_xml(xml: str, to: str, prefer: str) -> str:
    """A report table's column names, as its header cells now are (Excel repairs a table whose names differ)."""
    return _TABLE_COLUMN.sub(lambda m: _fix(m, to, prefer), xml)


def chart_xml(xml: str, to: str) -> str:
    """A chart's title and the texts it caches from the sheet (categories, series names) in ``to``'s words."""
    return _CHART_TEXT.sub(lambda m: _fix(m, to, "dash_"), xml)


def shared_strings(data: bytes | None) -> list[str]:
    """The book's shared strings, in order (the rich text's runs joined)."""
    if not data:
        return []
    text = data.decode("utf-8")
    items = re.findall(r"<(?:\w+:)?si>(.*?)</(?:\w+:)?si>", text, re.S)
    return [html.unescape("".join(re.findall(r"<(?:\w+:)?t\b[^>]*>([^<]*)</(?:\w+:)?t>", item))) for item in items]


def written_sheets(package, parts: dict[str, str], records: set[str]) -> tuple[dict[str, str], set[str]]:
    """The titles of the sheets Comptoir wrote (a report's with its tblReport table, the dashboard; never a sheet of
    records nor one of the bookkeeper's own bearing such a name), each with its :func:`kind`, and their charts."""
    from engine.schema import terms
    from engine.store.report_sheets import _wrote_report
    from engine.store.xlsx_add_sheet import _owned_parts
    titles, charts = {}, set()
    for title, part in parts.items():
        english = terms.english_report_sheet(title) if title not in records else None
        if english is None or (english != "Dashboard" and not _wrote_report(package, part)):
            continue
        titles[title] = kind(english)
        charts |= {target for kind, target in _owned_parts(package, part) if target.startswith("xl/charts/")}
    return titles, charts
