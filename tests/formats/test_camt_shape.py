"""The fast lane (engine.formats.camt_shape) against the element-by-element reader (camt_entry): same model, same
warnings, on every camt sample and on a generated statement (where the fast lane reads nearly every entry)."""
from __future__ import annotations

import io

import pytest

from bench.camt_gen import generate, qr_reference
from engine.errors import ComptoirError
from engine.formats import camt, camt_shape
from tests.formats.camt_support import all_samples


def _both(data: bytes, monkeypatch) -> tuple:
    def read(lane_on: bool):
        with monkeypatch.context() as patch:
            if not lane_on:
                patch.setattr(camt, "read_known_shape", lambda element, reader: None)
            try:
                document = camt.parse(data, source="f.xml")
            except ComptoirError as error:
                return ("refused", str(error))
            return document.statements, document.warnings, document.message_id, document.created
    return read(True), read(False)


@pytest.mark.parametrize("path", all_samples(), ids=lambda p: p.name)
def test_samples_read_alike(path, monkeypatch):
    fast, reference = _both(path.read_bytes(), monkeypatch)
    assert fast == reference


def test_generated_statement_read_alike_and_mostly_by_the_fast_lane(monkeypatch):
    out = io.BytesIO()
    generate(out, entries=400, invoices=[(qr_reference(n), f"{n}.05") for n in range(1, 121)])
    calls = {"read": 0}
    original = camt_shape._read

    def counting(*args):
        calls["read"] += 1
        return original(*args)
    monkeypatch.setattr(camt_shape, "_read", counting)
    fast, reference = _both(out.getvalue(), monkeypatch)
    assert fast == reference
    assert len(fast[0][0].entries) == 400
    assert calls["read"] > 300  # the generator's shapes are the fast lane's (charges entries take the other lane)
