"""The fast QR mask choice against segno's own: same penalty scores (segno.encoder.evaluate_mask) on random and
crafted matrices, and the very same modules as segno.make on payloads of every version a QR-bill can reach; and
pdf_fonts.string_width against fpdf2's get_string_width."""
from __future__ import annotations

import random

import numpy as np
import pytest
import segno
from fpdf import FPDF
from segno import encoder as seg

from engine.formats import pdf_fonts, qr_matrix

ALPHABET = "abcdefghijklmnopqrstuvwxyzABCXYZ0123456789 äöüéàèçÄÖÜ€Ș-./:'\r\n"


def segno_scores(stack: np.ndarray) -> list[int]:
    return [seg.evaluate_mask(tuple(bytearray(row.tobytes()) for row in m), len(m), len(m)) for m in stack]


@pytest.mark.parametrize("n", [21, 25, 57, 117])
def test_penalties_equal_segno_on_random_matrices(n):
    rng = np.random.default_rng(n)
    stack = (rng.random((8, n, n)) < rng.uniform(0.2, 0.8, size=(8, 1, 1))).astype(np.uint8)
    assert qr_matrix.penalties(stack).tolist() == segno_scores(stack)


def test_penalties_equal_segno_where_finder_like_patterns_overlap():
    # 1011101 patterns 4 and 6 apart, with light margins: segno skips the second one after counting the first.
    n = 29
    lines = ["0000" + "10111011101" + "0000" + "0" * 10, "1011101011101" + "0000" + "1" * 12,
             "0000" + "1011101" + "0000" + "1011101011101" + "0", "1" * 4 + "0000" + "10111011101" + "0" * 10]
    stack = np.zeros((4, n, n), dtype=np.uint8)
    for k, line in enumerate(lines):
        row = np.frombuffer(line[:n].ljust(n, "0").encode(), dtype=np.uint8) - ord("0")
        stack[k, 3] = row
        stack[k, :, 7] = row  # the same in a column
    assert qr_matrix.penalties(stack).tolist() == segno_scores(stack)


def payloads():
    rng = random.Random(18004)
    for length in [1, 10, 40, 90, 150, 220, 300, 380, 470, 560, 650, 750, 850, 997]:
        for _ in range(4):
            yield "".join(rng.choice(ALPHABET) for _ in range(length))
    yield ("SPC\r\n0200\r\n1\r\nCH4431999123000889012\r\nS\r\nRobert Schneider AG\r\nRue du Lac\r\n1268\r\n2501\r\n"
           "Biel\r\nCH\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\n1949.75\r\nCHF\r\nS\r\nPia-Maria Rutschmann-Schnyder\r\n"
           "Grosse Marktgasse\r\n28\r\n9400\r\nRorschach\r\nCH\r\nQRR\r\n210000000003139471430009017\r\n"
           "Auftrag vom 15.06.2020\r\nEPD")


def test_modules_equal_segno_make_with_its_own_mask_choice():
    versions, masks = set(), set()
    for payload in payloads():
        theirs = segno.make(payload, error="m", boost_error=False, micro=False, encoding="utf-8")
        assert qr_matrix.modules(payload) == tuple(theirs.matrix), payload
        versions.add(theirs.version)
        masks.add(theirs.mask)
    assert len(versions) >= 12 and len(masks) >= 5  # small and large symbols (with version info), many masks


def test_string_width_equals_fpdf():
    pdf = FPDF(unit="mm")
    pdf.add_page()
    rng = random.Random(7)
    latin = "".join(chr(c) for c in range(32, 127)) + "äöüéàèçÄÖÜ«»°±µ·×÷'"
    for style, size in [("", 9), ("B", 8.5), ("", 10.5), ("B", 15)]:
        pdf.set_font("helvetica", style, size)
        for _ in range(200):
            text = "".join(rng.choice(latin) for _ in range(rng.randint(0, 40)))
            assert pdf_fonts.string_width(pdf, text) == pytest.approx(pdf.get_string_width(text), rel=1e-12)


def test_string_width_leaves_unicode_fonts_to_fpdf():
    pdf = FPDF(unit="mm")
    pdf.add_page()
    family = pdf_fonts.choose(pdf, "Ștefan")
    pdf.set_font(family, "", 10)
    assert pdf_fonts.string_width(pdf, "Ștefan Dvořák 20 €") == pdf.get_string_width("Ștefan Dvořák 20 €")
