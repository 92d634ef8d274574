"""The door of the camt parser: what a file must look like before any XML parser touches it.

Bank files come from outside, so a file is refused (``InvalidFormat`` naming the file and the reason) when it is
empty, not UTF-8 (ISO 20022 XML messages are UTF-8), carries a DOCTYPE or entity declaration (entity expansion
"billion laughs", external entities reading local files: camt never needs a DTD), or has a root other than a
camt.052/053/054 ``Document``. The checks run on the first bytes only; the rest streams through untouched.

>>> head = b'<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.04"><BkToCstmrStmt>'
>>> prolog = read_prolog(head, "x.xml")
>>> prolog.message, prolog.kind, prolog.head[:30]
('camt.053.001.04', 'statement', b'<?xml version="1.0"?><Document')
>>> read_prolog(b'<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>', "evil.xml")
Traceback (most recent call last):
engine.errors.InvalidFormat: evil.xml: the file declares a DOCTYPE or entities, which camt files never do; refused as unsafe — ask the bank for the original export
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import BinaryIO

from engine.errors import InvalidFormat, Source
from engine.i18n import tr
from engine.formats.camt.model import KINDS

HEAD_SIZE = 64 * 1024  # the XML declaration, comments and the root start tag must fit in here
CAMT_NAMESPACE = re.compile(r"urn:iso:std:iso:20022:tech:xsd:(camt\.05[234])\.001\.(\d\d)")
TESTED_VERSIONS = frozenset({"02", "03", "04", "06", "08"})
# root message element per message type
MESSAGE_ELEMENTS = {"053": "BkToCstmrStmt", "052": "BkToCstmrAcctRpt", "054": "BkToCstmrDbtCdtNtfctn"}
STATEMENT_ELEMENTS = {"053": "Stmt", "052": "Rpt", "054": "Ntfctn"}

_DECLARATION = re.compile(rb"<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")
_ROOT = re.compile(rb"<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)((?:\s+[^>]*?)?)/?>")
_NS_ATTR = re.compile(rb"""\s(xmlns(?::([\w.-]+))?)\s*=\s*(["'])(.*?)\3""", re.S)
_UNSAFE = re.compile(rb"<!(DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)", re.I)


@dataclass(frozen=True, slots=True, kw_only=True)
class Prolog:
    """What the first bytes told: the message (``camt.053.001.08``), its kind, and the head to parse."""

    message: str
    kind: str
    namespace: str
    prefixed: bool  # elements written ``<ns:Ntry>`` instead of a default namespace
    head: bytes  # the first bytes, default namespace removed so element tags read as bare local names
    statement_tag: str
    root_at: int = 0  # offset of the root element's "<" in ``head``


def _refuse(source: str, message: str, hint: str) -> InvalidFormat:
    return InvalidFormat(message, hint, Source(source) if source else None)


def read_prolog(head: bytes, source: str) -> Prolog:
    """Check the first bytes of a camt file; refuse what is empty, not UTF-8, unsafe or not camt."""
    if not head.strip():
        raise _refuse(source, tr("the file is empty"), tr("download the statement again from the e-banking"))
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00<", b"<\x00")):
        raise _refuse(source, tr("the file is UTF-16 encoded; camt files must be UTF-8 (ISO 20022)"),
                      tr("export the statement again as ISO 20022 XML"))
    declared = _DECLARATION.search(head[:200])
    if declared and declared.group(1).lower() not in (b"utf-8", b"utf8"):
        raise _refuse(source, tr('the file declares encoding "{encoding}"; camt files must be UTF-8 (ISO 20022)',
                                 encoding=declared.group(1).decode()),
                      tr("export the statement again as ISO 20022 XML"))
    position = _root_start(head)
    if _UNSAFE.search(head, 0, position if position >= 0 else len(head)):
        raise _refuse(source, tr("the file declares a DOCTYPE or entities, which camt files never do; refused as "
                                 "unsafe"), tr("ask the bank for the original export"))
    if position < 0:
        raise _refuse(source, tr("no XML element in the first {size} KiB: this is not a camt file",
                                 size=HEAD_SIZE // 1024), tr("choose a camt.053, camt.054 or camt.052 XML file"))
    root = _ROOT.match(head, position)
    if not root:
        raise _refuse(source, tr("the first element is not readable XML: this is not a camt file"),
                      tr("choose a camt.053, camt.054 or camt.052 XML file"))
    prefix, name = (root.group(1) or b"")[:-1].decode(), root.group(2).decode()
    bound = [(m.group(2).decode() if m.group(2) else "", m) for m in _NS_ATTR.finditer(root.group(3))]
    declarations = dict(bound)
    if len(declarations) != len(bound):  # not well-formed; and removing one below would hide it from the parser
        raise _refuse(source, tr("the root element declares the same namespace twice: the file is not well-formed "
                                 "XML"), tr("download the statement again; nothing of it was imported"))
    binding = declarations.get(prefix)
    namespace = binding.group(4).decode("utf-8", "replace").strip() if binding else ""
    found = CAMT_NAMESPACE.fullmatch(namespace)
    if name != "Document" or not found:
        what = (tr('the root element is <{name}> in namespace "{namespace}", not a camt.052/053/054 Document: this '
                   "is not a camt file", name=name, namespace=namespace) if namespace else
                tr("the root element is <{name}> without namespace, not a camt.052/053/054 Document: this is not a "
                   "camt file", name=name))
        raise _refuse(source, what, tr("choose a camt.053 (statement), camt.054 (notification) or camt.052 (report) "
                                       "XML file"))
    message = f"{found.group(1)}.001.{found.group(2)}"
    number = found.group(1)[-3:]
    if not prefix:
        # Drop the default namespace so lxml hands tags as short local names ("Ntry", not "{urn:...}Ntry"):
        # building the long names was a third of the parse time. The namespace was checked just above.
        attrs_at = root.start(3)
        cut_from, cut_to = attrs_at + binding.start(), attrs_at + binding.end()
        head = head[:cut_from] + b" " * (cut_to - cut_from) + head[cut_to:]
    return Prolog(message=message, kind=KINDS[number], namespace=namespace, prefixed=bool(prefix), head=head,
                  statement_tag=STATEMENT_ELEMENTS[number], root_at=position)


def _root_start(head: bytes) -> int:
    """Offset of the root element's ``<``, skipping the declaration, comments and processing instructions."""
    at = 0
    while True:
        at = head.find(b"<", at)
        if at < 0 or at + 1 >= len(head):
            return -1
        following = head[at + 1:at + 4]
        if following.startswith(b"?"):
            at = head.find(b"?>", at)
        elif following.startswith(b"!--"):
            at = head.find(b"-->", at)
        elif following.startswith(b"!"):
            at = head.find(b">", at)  # a DOCTYPE: found again by the unsafe check, refused there
        else:
            return at
        if at < 0:
            return -1


class HeadThenRest:
    """A read-only stream: the (rewritten) head, then the rest of the original stream."""

    def __init__(self, head: bytes, rest: BinaryIO):
        self._head, self._rest = head, rest

    def read(self, size: int = -1) -> bytes:
        if self._head:
            chunk = self._head if size < 0 else self._head[:size]
            self._head = self._head[len(chunk):]
            return chunk
        return self._rest.read() if size < 0 else self._rest.read(size)


def explain_syntax_error(error: Exception, source: str) -> InvalidFormat:
    """A libxml2 syntax error as a message a bookkeeper can act on."""
    text = str(getattr(error, "msg", "") or error)
    line = getattr(error, "lineno", None) or (getattr(error, "position", None) or (None,))[0]
    log = getattr(error, "error_log", None)
    first = log[0] if log else None  # the parser's first complaint (the caller cleared lxml's log before parsing)
    if first is not None and "Entity" in first.message:
        # libxml2 goes on after an undefined entity and iterparse then raises a later, misleading error
        text, line = first.message.strip(), first.line
    where = Source(source, row=line) if (source or line) else None
    lowered = text.lower()
    if "depth" in lowered:
        return InvalidFormat(tr("elements are nested deeper than any camt file goes; refused as unsafe"),
                             tr("ask the bank for the original export"), where)
    if "utf-8" in lowered or "encoding" in lowered or "char" in lowered and "range" in lowered:
        return InvalidFormat(tr("the file is not valid UTF-8 text ({text})", text=text),
                             tr("camt files must be UTF-8: export the statement again"), where)
    if "premature end" in lowered or "end of data" in lowered or "not found" in lowered or "document is empty" in lowered:
        return InvalidFormat(tr("the file ends before its XML is complete; it looks cut off ({text})", text=text),
                             tr("download the statement again; nothing of it was imported"), where)
    if "entity" in lowered:
        return InvalidFormat(tr("the file uses undeclared or unsafe entities ({text}); refused", text=text),
                             tr("ask the bank for the original export"), where)
    return InvalidFormat(tr("the file is not well-formed XML ({text})", text=text),
                         tr("download the statement again; nothing of it was imported"), where)
