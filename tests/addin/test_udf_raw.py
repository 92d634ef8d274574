"""The one-range formula functions take pywin32's values raw and answer rows (speed, issue 3): what Excel shows
must be what xlwings' default conversion gave, on cells of every kind Excel hands over (text, numbers as floats,
booleans, blanks, "", error cells as COM error codes, dates as COM times), on one cell, a column, a row, a block."""
from __future__ import annotations

import datetime as dt

import pytest

from tests.addin import default_twins
from tests.addin.xlwings_harness import ComRange, call

CELLS = ["CH9300762011623852957", "ch93 0076 2011 6238 5295 8", "CH44 3199 9123 0008 8901 2", "10-8060-7",
         "210000000003139471430009017", "21 00000 00003 13947 14300 09016", "RF18539007547034", "F-2026-0001",
         "1234.567", 12.345, 1949.75, 0.0, -3.0, True, False, None, "", "   ", "é", dt.datetime(2024, 3, 1, 12, 30),
         -2146826281, -2146826246, -2146826273, 42, "CH09 0900 0000 1000 8060 7", "LI21 0881 0000 2324 013A A"]


@pytest.mark.parametrize("name", sorted(default_twins.ANSWERS))
def test_raw_range_functions_show_what_the_default_conversion_showed(name):
    shapes = [ComRange([[c] for c in CELLS]), ComRange([CELLS]), ComRange([CELLS[:13], CELLS[13:]])]
    shapes += [ComRange(c) for c in CELLS]
    for argument in shapes:
        assert call(name, argument) == call(name, argument, module="tests.addin.default_twins"), argument.Value


def test_a_constant_typed_in_the_formula():
    assert call("CH_IBAN_CHECK", "CH9300762011623852957") == [[True]]
    assert call("CH_QRR_CHECK", (("210000000003139471430009017",), ("1",))) == [[True], [False]]
