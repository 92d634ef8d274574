"""Messages in the bookkeeper's language (issue 18): one catalogue in gettext's format per language, kept in
``engine/locale/LANG/*.po`` (en, fr, de, it; one file per area of the product, like gettext's domains, so that
translators and engineers working on different areas do not edit the same file), looked up through the standard
library's :mod:`gettext`. A message id may appear in only one file of a language (tests/test_messages.py).

Why .po read at run time: it is the format every translator's tool edits (Poedit, Weblate, Lokalize) and the one
``msgfmt`` compiles, but a compiled .mo beside it would go stale whenever a message changes on one of the
branches merged into main. So the .po is compiled in memory on first use (a few milliseconds; the same bytes
``msgfmt`` would write) and handed to :class:`gettext.GNUTranslations`. The message id is the English text (the
code stays readable); recognition reasons are keyed (``msgctxt "reason"``, ``msgid "paid_full"``), and the
ribbon's words by ``msgctxt "ribbon"``. Placeholders are ``{name}``; codes stay in brackets (``[AC04]``).

The language: a book's own (its sheet names' language, :attr:`engine.store.book.Book.language`) when it is not
English, else the system's (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``: ``fr_CH.UTF-8`` → fr).

>>> tr("{count} problem(s); nothing was written.", "de", count=2)
'2 Problem(e); nichts wurde geschrieben.'
>>> pgettext("reason", "no_match", "fr").format(code="PMNT/RCDT/AUTT")
'aucune référence, règle ni facture ne correspond (PMNT/RCDT/AUTT)'
"""
from __future__ import annotations

import ast
import gettext
import io
import os
import re
import struct
from contextvars import ContextVar
from functools import cache
from importlib import resources

LANGUAGES = ("en", "fr", "de", "it")
# The language a command's messages speak (set while engine.cli runs a command), else None: (language, weight), the
# weight saying who chose it — the first book opened (FIRST), the book the user named on the command line (NAMED),
# the command itself (SAID); a later book only replaces a lighter choice.
FIRST, NAMED, SAID = 1, 2, 3
_book_language: ContextVar[tuple[str, int] | None] = ContextVar("book_language", default=None)
_in_command: ContextVar[bool] = ContextVar("in_command", default=False)
_named_book: ContextVar[str | None] = ContextVar("named_book", default=None)
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm")


def parse_po(text: str) -> dict[tuple[str, str], str]:
    """(msgctxt, msgid) → msgstr of a .po file (comments, flags and the header entry's metadata kept out)."""
    entries: dict[tuple[str, str], str] = {}
    current: dict[str, str] = {}
    field = None

    def flush():
        if "msgid" in current and current["msgid"]:
            entries[(current.get("msgctxt", ""), current["msgid"])] = current.get("msgstr", "")
        current.clear()

    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        if keyword in ("msgctxt", "msgid", "msgstr"):
            if keyword in ("msgctxt", "msgid") and "msgstr" in current:
                flush()
            field = keyword
            current[field] = _unquote(rest, number)
        elif line.startswith('"') and field:
            current[field] += _unquote(line, number)
        else:
            raise ValueError(f"line {number}: {line[:40]!r} is not .po syntax")
    flush()
    return entries


def _unquote(text: str, number: int) -> str:
    text = text.strip()
    if not (len(text) >= 2 and text[0] == text[-1] == '"'):
        raise ValueError(f"line {number}: a quoted string was expected")
    return ast.literal_eval(text)


def compile_mo(entries: dict[tuple[str, str], str]) -> bytes:
    """The GNU .mo bytes of ``entries`` (as msgfmt writes them: sorted ids, context joined by EOT)."""
    header = "Content-Type: text/plain; charset=UTF-8\n"
    pairs = sorted([("", header)] + [((f"{ctx}\x04{msgid}" if ctx else msgid), text)
                                     for (ctx, msgid), text in entries.items() if text])
    ids = [key.encode() for key, _ in pairs]
    strs = [text.encode() for _, text in pairs]
    count = len(pairs)
    start = 7 * 4 + 16 * count
    offsets, data = [], b""
    for blob in ids + strs:
        offsets.append((len(blob), start + len(data)))
        data += blob + b"\0"
    table = b"".join(struct.pack("<2I", *pair) for pair in offsets)
    return struct.pack("<7I", 0x950412DE, 0, count, 28, 28 + 8 * count, 0, 0) + table + data


def po_files(language: str) -> list:
    """The .po files of ``language``, in name order."""
    folder = resources.files("engine").joinpath("locale", language)
    return sorted((entry for entry in folder.iterdir() if entry.name.endswith(".po")), key=lambda entry: entry.name)


_HEADER = re.compile(r'^msgid ""\s*\nmsgstr ""\s*\n(?:[ \t]*".*"[ \t]*\n)*', re.MULTILINE)


def po_text(language: str) -> str:
    """Every .po file of ``language`` one after the other: one catalogue. Each file is a whole .po with its header
    entry (the empty msgid, which :func:`parse_po` leaves out), so a translator's tool opens it alone; the first
    header found stands for all, put first, the others' are left out (``msgfmt`` refuses the empty msgid given twice)."""
    texts = [entry.read_text(encoding="utf-8") for entry in po_files(language)]
    headers = [found.group(0) for found in map(_HEADER.search, texts) if found]
    # the header (its charset above all) must come first, whichever file has it: files sort by name
    return "\n\n".join(headers[:1] + [_HEADER.sub("", text, count=1) for text in texts])


@cache
def catalogue(language: str) -> gettext.NullTranslations:
    if language not in LANGUAGES:
        return gettext.NullTranslations()
    return gettext.GNUTranslations(io.BytesIO(compile_mo(parse_po(po_text(language)))))


def system_language() -> str:
    for name in ("COMPTOIR_LANGUAGE", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            code = value.split(":")[0][:2].lower()
            return code if code in LANGUAGES else "en"
    return "en"


def language(book_language: str | None = None) -> str:
    """The language a message is said in: the book's when it is not English, else the system's."""
    wanted = book_language or _command_language()
    return wanted if wanted in LANGUAGES and wanted != "en" else system_language()


def _command_language() -> str | None:
    chosen = _book_language.get()
    return chosen[0] if chosen else None


def book_language() -> str | None:
    """The language of the book that speaks for the running command (English included), else None: the words a
    message names a sheet, a column or a Settings key with are the book's, whatever language the message is in."""
    return _command_language()


def tr(message: str, language_: str | None = None, /, **values) -> str:
    """``message`` (the English text) in ``language_`` (default :func:`language`), its ``{names}`` filled."""
    text = catalogue(language(language_)).gettext(message)
    return text.format(**values) if values else text


def written(message: str, language_: str, /, **values) -> str:
    """``message`` as Comptoir writes it into a book in ``language_`` (a Journal label, a comment): the book's
    language itself, English included — never the system's, which speaks to the user, not in the book."""
    text = catalogue(language_ if language_ in LANGUAGES else "en").gettext(message)
    return text.format(**values) if values else text


def pgettext(context: str, key: str, language_: str | None = None) -> str:
    return catalogue(language(language_)).pgettext(context, key)


def book_opened(book_language: str, path=None) -> None:
    """A command opened a book in ``book_language``: its later messages speak it (a run outside a command, a test
    or the add-in, keeps the system's). The first book opened decides, or the one the user named on the command
    line when it is opened later (``comptoir unpost BOOK --ledger L`` opens the ledger first; ``ledger revalue``
    opens the invoicing book after the ledger): a command opening two books speaks the one it is about."""
    if not _in_command.get():
        return
    named = _named_book.get()
    weight = NAMED if named and path is not None and _same_file(path, named) else FIRST
    _choose(book_language, weight)


def speak(language_: str) -> None:
    """The command says which language its messages speak (a book's other than the one it opened first)."""
    if _in_command.get():
        _choose(language_, SAID)


def _choose(language_: str, weight: int) -> None:
    chosen = _book_language.get()
    if chosen is None or weight > chosen[1]:
        _book_language.set((language_, weight))


def _same_file(path, named: str) -> bool:
    try:
        return os.path.realpath(path) == named
    except (OSError, ValueError):
        return False


def named_workbook(argv) -> str | None:
    """The first workbook the command line names (``comptoir ledger revalue LEDGER --book INVOICING``: LEDGER)."""
    for word in argv:
        if isinstance(word, str) and not word.startswith("-") and word.lower().endswith(WORKBOOK_SUFFIXES):
            return os.path.realpath(word)
    return None


def command_started(argv=()):
    """Called by engine.cli around a command (``argv``: its command line, whose first workbook speaks for it):
    returns the tokens to put things back with :func:`command_ended`."""
    return _in_command.set(True), _book_language.set(None), _named_book.set(named_workbook(argv))


def command_ended(tokens) -> None:
    in_command, book, named = tokens
    _named_book.reset(named)
    _book_language.reset(book)
    _in_command.reset(in_command)
