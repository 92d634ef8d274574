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
    """The document, once the schema accepts it (the assertion names every error otherwise) and its elements
    follow the official example of its method."""
    root = etree.fromstring(data)
    assert schema().validate(root), "\n".join(str(e) for e in schema().error_log)
    method = root[2].tag.split("}")[1]
    if method in EXAMPLES:
        follows_official_example(root)
    return root


def amount(root, path: str) -> Decimal | None:
    found = root.xpath(path, namespaces=NS)
    return Decimal(found[0].text) if found else None


def per_rate(root, method: str, element: str = "suppliesPerTaxRate") -> dict:
    """{rate: turnover} of a method element's per-rate lines."""
    return {Decimal(s.findtext("e:taxRate", namespaces=NS)): Decimal(s.findtext("e:turnover", namespaces=NS))
            for s in root.xpath(f"e:{method}/e:{element}", namespaces=NS)}


EXAMPLES = {"effectiveReportingMethod": "eCH-0217_V2.0.0_example_effectiveReportingMethod.xml",
            "netTaxRateMethod": "eCH-0217_V2.0.0_example_netTaxRateMethod.xml",
            "simpleTaxRateMethod": "eCH-0217_V2.0.0_example_simpleTaxRateMethod.xml"}


def _children(element, prefix: str = "", out: dict | None = None) -> dict:
    """path → the tags of its children in order, a repeated one once (suppliesPerTaxRate, …)."""
    out = {} if out is None else out
    path = f"{prefix}/{element.tag}"
    tags = [c.tag for c in element if isinstance(c.tag, str)]
    out.setdefault(path, [t for i, t in enumerate(tags) if i == 0 or tags[i - 1] != t])
    for child in element:
        if isinstance(child.tag, str):
            _children(child, path, out)
    return out


def follows_official_example(root) -> None:
    """Every element of ``root`` is one the ESTV's example of the same method has, its children in the example's
    order (a repeated element may repeat): the structure check beside the schema's."""
    method = root[2].tag.split("}")[1]
    official = _children(etree.parse(str(FOLDER / EXAMPLES[method])).getroot())
    for path, tags in _children(root).items():
        assert path in official, f"{path} is not in the official {method} example"
        expected = iter(official[path])
        for tag in tags:  # a subsequence: optional elements left out, none added or moved
            assert any(tag == e for e in expected), f"{path}: {tag} is not where the official {method} example has it"
