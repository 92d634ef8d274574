"""The Q1 file of tests/vat_return/books.py byte for byte (STYLE §12: a golden file, rewritten only when asked:
``COMPTOIR_REGEN=1 pytest tests/vat_return/test_golden.py``, then the diff reviewed). Its amounts are
test_effective.py's hand calculation; the product version is fixed so a release does not change it."""
from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from engine.formats import ech0217
from engine.services import vat_return
from tests.vat_return.books import Q1, SUBSIDY, on_disk
from tests.vat_return.ech0217 import validated

GOLDEN = Path(__file__).parent / "golden" / "effective-2026-Q1.xml"


def test_the_quarters_file_byte_for_byte(tmp_path):
    ledger, invoicing = on_disk(tmp_path, Q1, [SUBSIDY])
    who = vat_return.filing(vat_return.Book.open(invoicing).settings)
    vat = vat_return.compute(vat_return.Book.open(ledger), who, *vat_return.period("2026-Q1"))
    data = ech0217.build(vat, uid=who.uid, name=who.name, generated=datetime(2026, 4, 10, 8, 30, tzinfo=UTC),
                         version="0.1.0")
    if os.environ.get("COMPTOIR_REGEN"):
        GOLDEN.write_bytes(data)
    validated(data)
    assert data == GOLDEN.read_bytes()
