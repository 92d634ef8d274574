"""The validator has teeth: the official examples pass, and faults a careless writer would make are caught."""
from __future__ import annotations

import pytest
from lxml import etree

from tests.vat_return.ech0217 import FOLDER, schema

EXAMPLES = ("eCH-0217_V2.0.0_example_effectiveReportingMethod.xml", "eCH-0217_V2.0.0_example_netTaxRateMethod.xml")


@pytest.mark.parametrize("name", EXAMPLES)
def test_the_official_examples_validate(name):
    assert schema().validate(etree.parse(str(FOLDER / name))), schema().error_log


@pytest.mark.parametrize("fault, before, after", [
    ("a third decimal", "<eCH-0217:payableTax>1.12<", "<eCH-0217:payableTax>1.123<"),
    ("a UID one digit short", ">CHE123456789<", ">CHE12345678<"),
    ("a UID with its dashes", ">CHE123456789<", ">CHE-123.456.789<"),
    ("a submission type outside 1-3", "<eCH-0217:typeOfSubmission>1<", "<eCH-0217:typeOfSubmission>9<"),
    ("payableTax before the method", "<eCH-0217:effectiveReportingMethod>",
     "<eCH-0217:payableTax>1.12</eCH-0217:payableTax><eCH-0217:effectiveReportingMethod>"),
])
def test_faults_are_refused(fault, before, after):
    text = (FOLDER / EXAMPLES[0]).read_text(encoding="utf-8")
    broken = text.replace(before, after, 1)
    assert broken != text, f"the probe for {fault} changed nothing"
    assert not schema().validate(etree.fromstring(broken.encode())), fault


def test_the_simple_tax_rate_example_validates_too():
    assert schema().validate(etree.parse(str(FOLDER / "eCH-0217_V2.0.0_example_simpleTaxRateMethod.xml")))


def test_the_structure_check_refuses_an_element_out_of_the_examples_order():
    from tests.vat_return.ech0217 import follows_official_example
    root = etree.parse(str(FOLDER / EXAMPLES[0])).getroot()
    follows_official_example(root)  # the example itself
    info = root[0]
    info.insert(0, info[2])  # generationTime first: the schema would refuse it too, but this check does on its own
    with pytest.raises(AssertionError):
        follows_official_example(root)
