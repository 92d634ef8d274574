"""Which font a PDF uses: Helvetica (PDF core font) when the text is Latin-1, else Liberation Sans / Arial.

SIX IG QR-bill v2.3 §3.4 allows Arial, Frutiger, Helvetica and Liberation Sans. The core Helvetica needs no
embedding (small, fast PDFs) but only covers Latin-1; the QR-bill character set also has Latin Extended-A,
Ș ș Ț ț and €, so a document with such text embeds a TrueType font found on the machine.

>>> needs_unicode("Müller & Fils, 1'234.50 CHF")
False
>>> needs_unicode("Ștefan Dvořák, 20 €")
True
"""
from __future__ import annotations

from pathlib import Path

from fpdf.fonts import CoreFont

from engine.errors import InvalidFormat

CORE = "helvetica"
UNICODE = "liberation"
# Liberation Sans (Debian fonts-liberation, metric-compatible with Arial), then Arial on Windows/macOS.
_CANDIDATES = (
    ("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
     "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"),
    ("/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
     "/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf"),
    ("C:/Windows/Fonts/arial.ttf", "C:/Windows/Fonts/arialbd.ttf"),
    ("/Library/Fonts/Arial.ttf", "/Library/Fonts/Arial Bold.ttf"),
)


def needs_unicode(*texts: str) -> bool:
    """True when some text has a character outside Latin-1 (what the core Helvetica can show)."""
    return any(ord(char) > 0xFF for text in texts for char in text)


def unicode_font_files() -> tuple[str, str] | None:
    """(regular, bold) TrueType files of Liberation Sans or Arial, or None when neither is installed."""
    for regular, bold in _CANDIDATES:
        if Path(regular).exists() and Path(bold).exists():
            return regular, bold
    return None


def choose(pdf, *texts: str) -> str:
    """Register (when needed) and return the font family that can show every text on ``pdf``."""
    if not needs_unicode(*texts):
        return CORE
    files = unicode_font_files()
    if files is None:
        raise InvalidFormat("the document has characters beyond Latin-1 (e.g. ș, ő, €) and no Liberation Sans or "
                            "Arial font is installed", "install fonts-liberation, or retype those characters")
    if UNICODE not in pdf.fonts:
        pdf.add_font(UNICODE, "", files[0])
        pdf.add_font(UNICODE, "B", files[1])
    return UNICODE


def string_width(pdf, text: str) -> float:
    """``pdf.get_string_width(text)`` for the current font, read straight from a core font's width table.

    fpdf2 measures through its bidi/fragment machinery (~60 µs a call); an invoice measures ~200 strings while
    wrapping and fitting, which was a third of its render time. Same sum, same order: equal to fpdf2's result.
    """
    font = pdf.current_font
    if isinstance(font, CoreFont) and pdf.char_spacing == 0 and pdf.font_stretching == 100:
        try:
            return sum(map(font.cw.__getitem__, text)) * pdf.font_size_pt * 0.001 / pdf.k
        except KeyError:  # a character the core font cannot show: let fpdf2 measure (and complain)
            pass
    return pdf.get_string_width(text)


def wrap(pdf, text: str, width: float) -> list[str]:
    """``text`` broken into lines no wider than ``width`` in the current font (words, else characters)."""
    lines, current = [], ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if string_width(pdf, candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
        while string_width(pdf, current) > width and len(current) > 1:
            cut = len(current) - 1
            while cut > 1 and string_width(pdf, current[:cut]) > width:
                cut -= 1
            lines.append(current[:cut])
            current = current[cut:]
    lines.append(current)
    return lines


def fit(pdf, text: str, width: float, force_ellipsis: bool = False) -> str:
    """``text`` cut with " ..." so that it fits ``width`` (IG QR-bill §3.5.4 asks for "..." when cut)."""
    if string_width(pdf, text) <= width and not force_ellipsis:
        return text
    base = text[:-4] if force_ellipsis else text
    while base and string_width(pdf, base + " ...") > width:
        base = base[:-1]
    return base.rstrip() + " ..."
