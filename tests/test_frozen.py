"""engine.frozen builds the same records by either road: the twin class, or the slots' descriptors (the road a
class takes when its layout does not allow switching an instance's class)."""
from __future__ import annotations

from dataclasses import FrozenInstanceError, dataclass

import pytest

from engine import frozen


@pytest.mark.parametrize("twin", [True, False], ids=["twin", "descriptors"])
def test_both_roads_build_equal_frozen_records(twin, monkeypatch):
    @dataclass(frozen=True, slots=True, kw_only=True)
    class Line:
        account: str
        amount: int = 0
        label: str = ""

    if not twin:
        monkeypatch.setitem(frozen._TWINS, Line, None)
    built = frozen.builder(Line, ("account", "amount", "label"))(("3200", 5, "x"))
    made = frozen.maker(Line)("3200", amount=5, label="x")
    copied = frozen.replacer(Line, ("account", "amount", "label"), ("label",))(made, "y")
    assert built == made == Line(account="3200", amount=5, label="x") and type(built) is Line
    assert copied == Line(account="3200", amount=5, label="y")
    with pytest.raises(FrozenInstanceError):
        built.amount = 6
