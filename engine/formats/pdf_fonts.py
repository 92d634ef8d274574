"""Which font a PDF uses: Helvetica (PDF core font) when the text is Latin-1, else the shipped Liberation Sans.

SIX IG QR-bill v2.3 §3.4 allows Arial, Frutiger, Helvetica and Liberation Sans. The core Helvetica needs no
embedding (small, fast PDFs) but only covers Latin-1; the QR-bill character set also has Latin Extended-A,
Ș ș Ț ț and €, so a document with such text embeds a TrueType font. That font ships with Comptoir
(engine/data/fonts: Liberation Sans 2.1.5, SIL OFL 1.1, files unmodified from Debian fonts-liberation2) so that a
PDF never depends on the machine's fonts. A user who wants the system Arial asks for it with the environment
variable COMPTOIR_PDF_FONT=arial.

>>> needs_unicode("Müller & Fils, 1'234.50 CHF")
False
>>> needs_unicode("Ștefan Dvořák, 20 €")
True
"""
from __future__ import annotations

import os
from pathlib import Path

from fpdf.fonts import CoreFont

from engine.errors import InvalidFormat

CORE = "helvetica"
UNICODE = "liberation"
SHIPPED = (Path(__file__).resolve().parent.parent / "data" / "fonts" / "LiberationSans-Regular.ttf",
           Path(__file__).resolve().parent.parent / "data" / "fonts" / "LiberationSans-Bold.ttf")
# Only on request (COMPTOIR_PDF_FONT=arial): Windows, then macOS 10.15+ (Supplemental), then older macOS.
ARIAL_CANDIDATES = (
    ("C:/Windows/Fonts/arial.ttf", "C:/Windows/Fonts/arialbd.ttf"),
    ("/System/Library/Fonts/Supplemental/Arial.ttf", "/System/Library/Fonts/Supplemental/Arial Bold.ttf"),
    ("/Library/Fonts/Arial.ttf", "/Library/Fonts/Arial Bold.ttf"),
)


def needs_unicode(*texts: str) -> bool:
    """True when some text has a character outside Latin-1 (what the core Helvetica can show)."""
    return any(ord(char) > 0xFF for text in texts for char in text)


def unicode_font_files() -> tuple[str, str]:
    """(regular, bold) TrueType files: the shipped Liberation Sans, or the system Arial when the user asks for it."""
    wanted = os.environ.get("COMPTOIR_PDF_FONT", "").strip().lower()
    if wanted in ("", "liberation", "liberation sans"):
        return str(SHIPPED[0]), str(SHIPPED[1])
    if wanted != "arial":
        raise InvalidFormat(f"COMPTOIR_PDF_FONT is {wanted!r}", "set it to arial (system Arial) or remove it "
                            "(the Liberation Sans shipped with Comptoir)")
    for regular, bold in ARIAL_CANDIDATES:
        if Path(regular).exists() and Path(bold).exists():
            return regular, bold
    raise InvalidFormat("COMPTOIR_PDF_FONT=arial but no Arial (regular and bold) is installed in "
                        + ", ".join(str(Path(r).parent) for r, _ in ARIAL_CANDIDATES),
                        "remove COMPTOIR_PDF_FONT to use the Liberation Sans shipped with Comptoir")


def choose(pdf, *texts: str) -> str:
    """Register (when needed) and return the font family that can show every text on ``pdf``."""
    if not needs_unicode(*texts):
        return CORE
    if UNICODE not in pdf.fonts:
        regular, bold = unicode_font_files()
        pdf.add_font(UNICODE, "", regular)
        pdf.add_font(UNICODE, "B", bold)
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
