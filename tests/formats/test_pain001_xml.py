"""The template writer against lxml: its bytes are what lxml serialises for the same tree, markup in texts stays
text, and the files validate against the SIX schema (the official XSD is the oracle)."""
from __future__ import annotations

from datetime import date, datetime

from lxml import etree

from engine.formats import pain001
from engine.formats.pain001.model import DebitAccount, PostalAddress, Transfer, group_transfers
from tests.conftest import shared_file

DEBIT = DebitAccount(name="Muster AG", iban="CH72 8000 5000 0888 7776 6", bic="RAIFCH22005")
TRICKY = 'Dupont & Fils <SA> "Genève"'


def _order(**changes) -> pain001.PaymentOrder:
    transfers = [
        Transfer(end_to_end_id="E-1", instruction_id="1", amount="3949.75", currency="CHF", creditor_name=TRICKY,
                 creditor_account="CH44 3199 9123 0008 8901 2", reference_type="QRR",
                 reference="210000000003139471430009017", message="a > b & c",
                 creditor_address=PostalAddress(street="Rue du Lac", building="12", postcode="2501", town="Biel",
                                                country="CH")),
        Transfer(end_to_end_id="E-2", amount="100", currency="EUR", creditor_name="Müller GmbH",
                 creditor_account="DE62 0076 2011 0623 8529 57", message="Rechnung 7",
                 creditor_address=PostalAddress(town="Berlin", country="DE", lines=("Hauptstrasse 1", "10115"))),
        Transfer(end_to_end_id="E-3", amount="15000", currency="JPY", creditor_name="Tanaka KK",
                 creditor_account="12345678", creditor_bic="MHCBJPJT", charge_bearer="DEBT",
                 creditor_address=PostalAddress(town="Tokyo", country="JP")),
    ]
    payments = [(DEBIT, date(2026, 3, 2), t) for t in transfers]
    fields = dict(message_id="M-1", created=datetime(2026, 3, 1, 8), initiating_party="Muster & Co AG",
                  groups=group_transfers(payments, message_id="M-1"), software_version="1.0")
    return pain001.PaymentOrder(**{**fields, **changes})


def test_bytes_are_lxml_serialisation_of_the_same_tree():
    xml = pain001.build(_order())
    tree = etree.fromstring(xml)
    assert etree.tostring(tree, xml_declaration=True, encoding="UTF-8", pretty_print=True) == xml
    assert tree.findtext(".//{*}Cdtr/{*}Nm") == TRICKY  # markup characters came back as text
    assert tree.findtext(".//{*}Strd/{*}AddtlRmtInf") == "a > b & c"


def test_round_trip_and_schema():
    order = _order()
    xml = pain001.build(order)
    assert pain001.parse(xml) == order
    xsd = shared_file("xsd/pain.001.001.09.ch.03.xsd")
    schema = etree.XMLSchema(etree.parse(str(xsd)))
    assert schema.validate(etree.fromstring(xml)), schema.error_log.last_error


def test_account_number_outside_the_character_set_is_refused_before_any_xml():
    bad = Transfer(end_to_end_id="E-9", amount="1", currency="USD", creditor_name="X", creditor_account="12\x0134",
                   creditor_bic="MHCBJPJT", creditor_address=PostalAddress(town="Tokyo", country="JP"))
    order = _order(groups=group_transfers([(DEBIT, date(2026, 3, 2), bad)], message_id="M-1"))
    problems = [p.message for p in pain001.validate_business_rules(order) if p.severity == "error"]
    assert any("CdtrAcct/Othr/Id" in m and "U+0001" in m for m in problems)
