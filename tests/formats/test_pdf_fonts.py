"""PDFs never depend on the machine's fonts: with every system font folder hidden, a document with € and ș still
renders, embeds the Liberation Sans shipped in engine/data/fonts, and its text reads back (PDFium) as typed."""
from __future__ import annotations

import builtins
import io
import os
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from engine.errors import InvalidFormat
from engine.formats import document_pdf, pdf_fonts
from tests.formats.test_document_pdf import sample_view

SYSTEM_FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "/Library/Fonts", "/System/Library/Fonts",
                    "C:/Windows/Fonts", os.path.expanduser("~/.fonts"), os.path.expanduser("~/Library/Fonts"))


@pytest.fixture
def no_system_fonts(monkeypatch):
    """Every system font folder is hidden: existence checks say no, opening a file in them fails."""
    def hidden(path) -> bool:
        return str(path).replace("\\", "/").startswith(SYSTEM_FONT_DIRS)
    real_open, real_exists, real_path_exists = builtins.open, os.path.exists, Path.exists
    seen = []

    def guarded_open(file, *args, **kwargs):
        if isinstance(file, (str, os.PathLike)) and hidden(file):
            seen.append(str(file))
            raise FileNotFoundError(file)
        return real_open(file, *args, **kwargs)
    monkeypatch.setattr(builtins, "open", guarded_open)
    monkeypatch.setattr(io, "open", guarded_open)
    monkeypatch.setattr(os.path, "exists", lambda p: not hidden(p) and real_exists(p))
    monkeypatch.setattr(Path, "exists", lambda self, **kw: not hidden(self) and real_path_exists(self, **kw))
    monkeypatch.delenv("COMPTOIR_PDF_FONT", raising=False)
    return seen


def test_a_document_with_euro_and_s_comma_renders_with_no_system_font(no_system_fonts):
    view = sample_view("fr", client_name="Ștefan Dvořák SRL, 20 €")
    pdf = document_pdf.render(view)
    document = pdfium.PdfDocument(pdf)
    text = document[0].get_textpage().get_text_range()
    assert "Ștefan Dvořák SRL, 20 €" in text
    assert b"LiberationSans" in pdf  # the embedded font's PostScript name (subset prefix before it)
    assert no_system_fonts == []  # nothing even tried a system font


def test_the_shipped_font_is_liberation_sans_2_under_the_ofl():
    regular, bold = pdf_fonts.unicode_font_files()
    assert Path(regular).name == "LiberationSans-Regular.ttf" and Path(bold).name == "LiberationSans-Bold.ttf"
    licence = (Path(regular).parent / "LICENSE").read_text()
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence
    from fpdf import FPDF
    pdf = FPDF()
    pdf.add_font("x", "", regular)
    font = pdf.fonts["x"]
    assert font.ttfont["name"].getDebugName(1) == "Liberation Sans"
    assert font.ttfont["head"].fontRevision >= 2  # 2.x is the OFL release; 1.x was GPL with a font exception
    cmap = font.ttfont.getBestCmap()
    assert all(ord(c) in cmap for c in "€ȘșȚțŐőĂăČčŁł")  # QR-bill character set beyond Latin-1


def test_system_arial_only_on_request(monkeypatch):
    monkeypatch.setenv("COMPTOIR_PDF_FONT", "arial")
    monkeypatch.setattr(pdf_fonts, "ARIAL_CANDIDATES", (("/nowhere/Arial.ttf", "/nowhere/Arial Bold.ttf"),))
    with pytest.raises(InvalidFormat, match="no Arial"):
        pdf_fonts.unicode_font_files()
    monkeypatch.setenv("COMPTOIR_PDF_FONT", "comic sans")
    with pytest.raises(InvalidFormat, match="COMPTOIR_PDF_FONT"):
        pdf_fonts.unicode_font_files()


def test_comptoir_demo_succeeds_with_no_system_font(no_system_fonts, tmp_path, capsys):
    from engine.cli import main
    assert main(["demo", str(tmp_path / "demo")]) in (0, None)
    assert "done:" in capsys.readouterr().out
    assert no_system_fonts == []
