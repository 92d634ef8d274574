"""The camt fast path: entries of a known shape are read straight from the file's text, and lxml parses the rest.

A 100,000-entry statement (ISO 20022 camt.05x, DOMAIN.md §6.1) is a handful of entry shapes repeated. The first
``<Ntry>`` of each shape is parsed by lxml and turned into a *template*: a regular expression that is the entry's
exact markup with every text and attribute value left open (``[^<]*``), capturing the ones
:mod:`engine.formats.camt.shape` reads. Every later entry the template matches whole is read from the captured
texts and replaced, in the text lxml then parses, by a placeholder ``<Ntry><?comptoir N?>...</Ntry>`` (N entries
in a row) that keeps their line count; lxml still parses the file's every other byte (headers, balances, entries
of other shapes) and meets the placeholders in order. So the file is parsed once, not twice, and the structure
of what lxml does not see is proven by the template: same tags, same attributes, texts without ``<``.

What lxml would check in the replaced text, the template checks: its texts hold no control character, no
U+FFFE/FFFF, no ``]]>``, and ``&`` only as one of the five predefined entities (an entry with a character
reference goes to lxml). The file must be valid UTF-8 without a lone carriage return (:func:`text_of`), and the
text lxml reads must have no comment, CDATA section or processing instruction after the root start, where a
``<Ntry>`` would be no entry; a file that fails is parsed by lxml alone (and refused by it when it is broken). A
text with ``&`` or CR is decoded as lxml does (:func:`_unescape`). The two roads give the same model, warnings
and refusals on every sample (``tests/formats/test_camt_scan.py``).

>>> text = '<Stmt><Ntry><Amt Ccy="CHF">1.50</Amt><CdtDbtInd>DBIT</CdtDbtInd></Ntry></Stmt>'
>>> carver = Carver(Reader("x.xml"))
>>> skeleton = carver.carve(text)
>>> skeleton
b'<Stmt><Ntry><?comptoir 1?></Ntry></Stmt>'
>>> [(e.amount, e.currency, e.direction) for e in carver.entries]
[(Decimal('1.50'), 'CHF', 'debit')]
"""
from __future__ import annotations

import re

from lxml import etree

from engine.formats.camt import shape
from engine.formats.camt import shape_read
from engine.formats.camt.reader import Reader

PLACEHOLDER = "<Ntry><?comptoir?>"
MAX_TEMPLATES = 64  # a bank writes a dozen shapes; past this, entries go to lxml
MAX_FAILED = 256  # shapes that cannot become a template (batches, charges...): past this, stop trying
MAX_SIZE = 128 * 1024 * 1024  # past this, the file streams through lxml (the fast path holds it, and its text)

_TOKEN = re.compile(r"<(/?)([^\s/>]+)((?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)(\s*/?)>")
_ATTRIBUTE = re.compile(r"(\s+([^\s=/>]+)\s*=\s*)(?:\"([^\"]*)\"|'([^']*)')")
# what a text between two tags may hold (XML 1.0 Char, CharData): no "<", no control character, no U+FFFE/FFFF,
# "&" only as a predefined entity, "]" but not "]]>"; an attribute value here holds no "&" at all
_NOT_IN_VALUE = "<&\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff"
_PLAIN = f"[^{_NOT_IN_VALUE}\\]]*+"
# plain characters, then any entity or lone "]" each followed by plain ones (possessive: no backtracking)
_RUN = f"{_PLAIN}(?:(?:&(?:amp|lt|gt|quot|apos);|\\](?!\\]>)){_PLAIN})*+"
_BLANKS = frozenset(" \t\r\n")
_TEXTS = re.compile(r">[^<]*<")  # an entry's markup without its texts: its shape, as far as plan() looks
_ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&apos;", "'"), ("&amp;", "&"))  # &amp; last


def text_of(data: bytes) -> str | None:
    """The file as text when the fast path may read it (valid UTF-8, no lone CR), else ``None``."""
    if len(data) > MAX_SIZE or b"\r" in data and data.count(b"\r") != data.count(b"\r\n"):
        return None  # lxml reads a lone CR as LF and counts lines by it: leave such a file to lxml
    try:
        return data.decode()
    except UnicodeDecodeError:
        return None


def _unescape(value: str | None) -> str | None:
    """A captured text as lxml gives it: predefined entities decoded, CR LF as LF."""
    if value:
        if "&" in value:
            for entity, char in _ENTITIES:
                value = value.replace(entity, char)
        if "\r" in value:
            value = value.replace("\r\n", "\n")
    return value


class Carver:
    """One file's templates; :meth:`carve` reads the entries it can and gives lxml the rest."""

    def __init__(self, reader: Reader):
        self.reader = reader
        # number of "<" in the entry → its templates (pattern, layout), most recently matched first: shapes
        # differ in their element count more often than not, so an entry is tried against few templates
        self.templates: dict[int, list[tuple]] = {}
        self.learned = 0
        self.failed = 0
        self.unreadable: set[str] = set()  # shapes plan() refused: entries of theirs go to lxml untried
        self.entries: list = []  # read here, in file order
        self.taken = 0  # how many of them lxml's placeholders took so far
        # an lxml parser serves one thread at a time: each run has its own
        self.parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                                      remove_comments=True, remove_pis=True)

    def carve(self, text: str, root_at: int = 0) -> bytes | None:
        """The text for lxml: ``text`` with the entries read here replaced by placeholders; ``None`` when the
        text lxml reads has a comment, CDATA section or processing instruction after the root start (a
        ``<Ntry>`` inside one is no entry: leave the whole file to lxml). Entries read here one after the other
        share one placeholder, ``<Ntry><?comptoir N?>...</Ntry>``: lxml then meets a few elements, not 100,000."""
        pieces: list[str] = []
        find, count, append = text.find, text.count, pieces.append
        decode = "&" in text or "\r" in text
        pos = counted = 0
        line = 1
        run = newlines = 0  # entries in the placeholder being made, and the line breaks they spanned

        def close() -> None:
            if run:
                append(f"{PLACEHOLDER[:-2]} {run}?>" + "\n" * newlines + "</Ntry>")

        while True:
            at = find("<Ntry>", pos)
            end = find("</Ntry>", at) if at >= 0 else -1
            if end < 0:
                break
            end += 7
            line += count("\n", counted, at)
            counted = at
            entry = self._entry(text, at, end, line, decode)
            kept = at if entry is not None else end  # an entry not read here: lxml reads it where it stands
            if find("<!", max(pos, root_at), kept) >= 0 or find("<?", max(pos, root_at), kept) >= 0:
                return None
            gap = text[pos:kept]
            if entry is not None and run and not gap.strip(" \t\r\n"):  # layout between two entries read here
                newlines += gap.count("\n")
            else:
                close()
                run = newlines = 0
                append(gap)
            if entry is not None:
                self.entries.append(entry)
                run, newlines = run + 1, newlines + count("\n", at, end)
            pos = end
        close()
        if find("<!", max(pos, root_at)) >= 0 or find("<?", max(pos, root_at)) >= 0:
            return None
        append(text[pos:])
        return "".join(pieces).encode()

    def take(self, placeholder) -> list:
        """The entries a placeholder element stands for, in file order."""
        start = self.taken
        self.taken += int(placeholder[0].text)
        return self.entries[start:self.taken]

    def _entry(self, text: str, at: int, end: int, line: int, decode: bool):
        tags = text.count("<", at, end)
        templates = self.templates.get(tags)
        if templates is None:
            templates = self.templates[tags] = []
        for index, (pattern, plan) in enumerate(templates):
            found = pattern.fullmatch(text, at, end)
            if found is not None:
                if index:
                    templates.insert(0, templates.pop(index))
                texts = found.groups()
                if decode and (text.find("&", at, end) >= 0 or text.find("\r", at, end) >= 0):
                    texts = tuple(map(_unescape, texts))
                return shape_read.read(texts + (None,), plan, self.reader, line)
        if self.learned >= MAX_TEMPLATES or self.failed >= MAX_FAILED:
            return None
        chunk = text[at:end]
        shape_of = _TEXTS.sub("><", chunk)
        if shape_of in self.unreadable:
            return None
        learned = self._learn(chunk)
        if learned is False:  # the shape itself is not this lane's: never try it again in this file
            self.unreadable.add(shape_of)
            self.failed += 1
            return None
        if learned is None or learned[0].fullmatch(text, at, end) is None:
            # not a shape this lane reads, or one whose texts it leaves to lxml (a character reference, an entity
            # in an attribute): the template would not even match the entry it was made from
            self.failed += 1
            return None
        templates.insert(0, learned)
        self.learned += 1
        return self._entry(text, at, end, line, decode)

    def _learn(self, chunk: str) -> tuple | bool | None:
        """(template, layout) for the shape of ``chunk``; ``False`` when plan() refuses its shape, ``None`` when
        the fast path cannot read this entry for another reason (its texts, a markup quirk)."""
        try:
            elements = list(etree.fromstring(chunk.encode(), self.parser).iter())
        except etree.XMLSyntaxError:
            return None
        if not all(isinstance(e.tag, str) for e in elements):
            return None
        where = shape.plan(elements)
        if where is None:
            return False
        wanted_texts, wanted_currencies = shape.needs(where)
        built = _template(chunk, [e.tag for e in elements], wanted_texts, wanted_currencies)
        if built is None:
            return None
        pattern, texts, currencies = built
        return pattern, shape.layout(where, texts, currencies)


def _template(chunk: str, tags: list, wanted_texts: set, wanted_currencies: set) -> tuple | None:
    """The regular expression of ``chunk``'s markup, and where its groups are (position → group index)."""
    parts: list[str] = []
    texts: dict = {}
    currencies: dict = {}
    groups = 0
    index = -1  # position of the element last opened
    text_of_index = None  # the element whose text the next run is
    pos = 0
    for token in _TOKEN.finditer(chunk):
        run = chunk[pos:token.start()]
        if "<" in run:
            return None  # markup the tokenizer does not know
        if text_of_index is not None and token.group(1):  # a leaf's text, between its start and end tags
            if text_of_index in wanted_texts:
                texts[text_of_index], groups = groups, groups + 1
                parts.append(f"({_RUN})")
            else:
                parts.append(_RUN)
        elif _BLANKS.issuperset(run):  # layout between tags: this file's indentation, as it is
            parts.append(re.escape(run))
        else:
            return None  # text beside child elements: no camt entry has it
        closing, name, attributes, end = token.groups()
        text_of_index = None
        if closing:
            parts.append(re.escape(token.group()))
        else:
            index += 1
            if index >= len(tags) or tags[index] != name:
                return None
            if end.endswith("/") and index in wanted_texts:
                return None  # an empty element reads as None in lxml, "" here: the other lane reads it
            parts.append(re.escape("<" + name))
            consumed = 0
            for attribute in _ATTRIBUTE.finditer(attributes):
                consumed += len(attribute.group())
                quote = '"' if attribute.group(3) is not None else "'"
                value = f"[^{quote}{_NOT_IN_VALUE}]*+"
                if attribute.group(2) == "Ccy" and index in wanted_currencies:
                    currencies[index], groups = groups, groups + 1
                    value = f"({value})"
                parts.append(re.escape(attribute.group(1) + quote) + value + quote)
            if consumed != len(attributes):
                return None
            parts.append(re.escape(end + ">"))
            text_of_index = None if end.endswith("/") else index
        pos = token.end()
    if pos != len(chunk) or index != len(tags) - 1:
        return None
    return re.compile("".join(parts)), texts, currencies
