"""The eCH-0217 v2.0.0 schema (tests/data/ech0217, see its PROVENANCE.md) and reading a written file back."""
from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from lxml import etree

FOLDER = Path(__file__).resolve().parents[1] / "data" / "ech0217"
NS = {"e": "http://www.ech.ch/xmlns/eCH-0217/2", "s": "http://www.ech.ch/xmlns/eCH-0058/5"}


@lru_cache(maxsize=1)
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(FOLDER / "eCH-0217-2-0-0.xsd")))


def validated(data: bytes) -> etree._Element:
    """The document, once the schema accepts it (the assertion names every error otherwise)."""
    root = etree.fromstring(data)
    assert schema().validate(root), "\n".join(str(e) for e in schema().error_log)
    return root


def amount(root, path: str) -> Decimal | None:
    found = root.xpath(path, namespaces=NS)
    return Decimal(found[0].text) if found else None


def per_rate(root, method: str, element: str = "suppliesPerTaxRate") -> dict:
    """{rate: turnover} of a method element's per-rate lines."""
    return {Decimal(s.findtext("e:taxRate", namespaces=NS)): Decimal(s.findtext("e:turnover", namespaces=NS))
            for s in root.xpath(f"e:{method}/e:{element}", namespaces=NS)}
