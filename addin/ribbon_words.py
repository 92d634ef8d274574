"""The ribbon in the bookkeeper's language (issue 18): ``macros/customUI.xml`` is written in English; the add-in
build puts each label through the message catalogue (``msgctxt "ribbon"``) and gives each button its tooltip
(``screentip``: the label, ``supertip``: ``msgctxt "ribbon-tip"`` by the button's id), in one language.

Excel draws a ribbon from static XML (a label that changes with the book would need a VBA callback per control),
so the language is chosen when the add-in is built: ``comptoir addin build OUT.xlam --language de``.

>>> xml = b'<button id="btnPost" label="Post" size="large" onAction="Comptoir.Post" />'
>>> localized(xml, "de").decode()
'<button id="btnPost" label="Buchen" screentip="Buchen" supertip="Bucht alles noch nicht Gebuchte bis zu einem \
Datum in die Buchhaltung, als ein Buchungslauf" size="large" onAction="Comptoir.Post" />'
"""
from __future__ import annotations

import re
from xml.sax.saxutils import escape, unescape

from engine import i18n

_LABELLED = re.compile(r'<(\w+) id="([^"]+)" label="([^"]*)"')
_ATTR = {'"': "&quot;"}


def localized(custom_ui: bytes, language: str) -> bytes:
    """``custom_ui`` with its labels in ``language`` and a tooltip on every button (in English too)."""
    catalogue = i18n.catalogue(language)

    def words(match) -> str:
        tag, control, label = match[1], match[2], unescape(match[3], {"&quot;": '"'})
        said = escape(catalogue.pgettext("ribbon", label), _ATTR)
        out = f'<{tag} id="{control}" label="{said}"'
        if tag == "button":
            tip = catalogue.pgettext("ribbon-tip", control)
            out += f' screentip="{said}"' + (f' supertip="{escape(tip, _ATTR)}"' if tip != control else "")
        return out

    return _LABELLED.sub(words, custom_ui.decode("utf-8")).encode("utf-8")


def untranslated(custom_ui: bytes) -> list[str]:
    """The labels and buttons the catalogue has no words for (a test keeps this empty)."""
    entries = i18n.parse_po(i18n.po_text("en"))
    missing = []
    for tag, control, label in _LABELLED.findall(custom_ui.decode("utf-8")):
        if ("ribbon", unescape(label, {"&quot;": '"'})) not in entries:
            missing.append(f"label {label!r}")
        if tag == "button" and ("ribbon-tip", control) not in entries:
            missing.append(f"tooltip of {control}")
    return missing
