"""Test helpers for camt: where each sample lives, and an independent count of a file done with plain XPath."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from lxml import etree

from tests.conftest import SHARED_DATA, TEST_DATA

LOCAL = TEST_DATA / "camt"
# AGPL/GPL samples are read in place (tests/data/camt/PROVENANCE.md), MIT/Apache ones are copied
SHARED_FOLDERS = ("camt052", "camt053", "camt054")


def all_samples() -> list[Path]:
    """Every camt sample: the copied ones, plus the GPL/AGPL ones in ../shared/data when present."""
    copied = {p.name for p in LOCAL.glob("*.xml")}
    found = sorted(LOCAL.glob("*.xml"))
    for folder in SHARED_FOLDERS:
        for path in sorted((SHARED_DATA / folder).glob("*.xml")):
            if path.name not in copied:
                found.append(path)
    return found


def xpath_totals(path: Path) -> dict:
    """Entries per direction and their sums, counted with XPath over the raw file (not our parser)."""
    tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
    totals = {"CRDT": [0, Decimal(0)], "DBIT": [0, Decimal(0)]}
    for ntry in tree.xpath("//*[local-name()='Ntry']"):
        amount = ntry.xpath("string(*[local-name()='Amt'])")
        side = ntry.xpath("normalize-space(*[local-name()='CdtDbtInd'])")
        totals[side][0] += 1
        totals[side][1] += Decimal(amount.strip())
    return totals


def xpath_balance(path: Path, code: str) -> Decimal | None:
    """A balance of the first statement by type code, signed, via XPath."""
    tree = etree.parse(str(path))
    found = tree.xpath("//*[local-name()='Bal'][*[local-name()='Tp']//*[local-name()='Cd']=$c]", c=code)
    if not found:
        return None
    amount = Decimal(found[0].xpath("string(*[local-name()='Amt'])").strip())
    return -amount if found[0].xpath("normalize-space(*[local-name()='CdtDbtInd'])") == "DBIT" else amount
