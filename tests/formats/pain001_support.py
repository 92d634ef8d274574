"""Shared by the pain.001 tests: the SIX schema (loaded once per session), IG example orders, an unchecked build."""
from __future__ import annotations

from contextlib import contextmanager
from datetime import date, datetime
from functools import lru_cache
from unittest import mock

from lxml import etree

from engine.formats import pain001
from engine.formats.pain001.model import DebitAccount, PaymentOrder, PostalAddress, Transfer, group_transfers
from tests.conftest import shared_file


@lru_cache(maxsize=1)
def _schema(path: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(path))


def schema() -> etree.XMLSchema:
    """SIX pain.001.001.09.ch.03.xsd, read from ../shared/data (no licence stated: not copied), once."""
    return _schema(str(shared_file("xsd", "pain.001.001.09.ch.03.xsd")))


def xsd_errors(xml: bytes) -> list[str]:
    s = schema()
    return [] if s.validate(etree.fromstring(xml)) else [str(e) for e in s.error_log]


@contextmanager
def rules_off():
    """Build without the business rules, to show what the schema alone lets through."""
    with mock.patch.object(pain001, "validate_business_rules", lambda order: []):
        yield


# IG Credit Transfer v2.2 §5.1/§5.2 examples (Muster AG, Seldwyla): the values are the IG's own.
MUSTER = DebitAccount(name="MUSTER AG", iban="CH72 8000 5000 0888 7776 6", bic="RAIFCH22005")
QR_BILL = Transfer(instruction_id="INSTRID-01-01", end_to_end_id="ENDTOENDID-QRR", amount="3949.75", currency="CHF",
                   creditor_name="Robert Scheider AG", creditor_account="CH44 3199 9123 0008 8901 2",
                   creditor_address=PostalAddress(street="Rue du Lac", building="1268", postcode="2501", town="Biel",
                                                  country="CH"),
                   reference_type="QRR", reference="210000000003139471430009017", message="Auftrag vom 10.02.2023")
SCOR_EUR = Transfer(instruction_id="INSTRID-02-01", end_to_end_id="ENDTOENDID-SCOR", amount="199.95", currency="EUR",
                    creditor_name="Peter Haller", creditor_account="CH48 2196 6000 0096 1338 8",
                    creditor_address=PostalAddress(street="Rosenauweg", building="4", postcode="8036", town="Zürich",
                                                   country="CH"),
                    reference_type="SCOR", reference="RF18539007547034")
USD_HOME = Transfer(instruction_id="INSTRID-01-01", end_to_end_id="ENDTOENDID-001", amount="3949.75", currency="USD",
                    creditor_name="Peter Haller", creditor_account="CH50 2197 7000 0043 3134 6",
                    creditor_address=PostalAddress(street="Rosenauweg", building="4", postcode="8036", town="Zürich",
                                                   country="CH"),
                    reference_type="SCOR", reference="RF4220210323103704APG0018")
SEPA_DE = Transfer(instruction_id="INSTRID-02-02", end_to_end_id="ENDTOENDID-003", amount="3421.00", currency="EUR",
                   creditor_name="Peter Haller", creditor_account="DE62 0076 2011 0623 8529 57",
                   creditor_bic="UBSWDEFF",
                   creditor_address=PostalAddress(street="Rosenauweg", building="4", postcode="8036", town="Zürich",
                                                  country="CH"),
                   reference_type="SCOR", reference="RF712348231")
UNSTRUCTURED = Transfer(instruction_id="INSTRID-02-03", end_to_end_id="ENDTOENDID-002", amount="8479.25",
                        currency="CHF", creditor_name="Robert Scheider SA", creditor_account="CH42 2198 8000 0095 2286 5",
                        creditor_address=PostalAddress(street="Rue de la gare", building="24", postcode="2501",
                                                       town="Biel", country="CH"),
                        message="Rechnung Nr. 408")
ALL = (QR_BILL, SCOR_EUR, USD_HOME, SEPA_DE, UNSTRUCTURED)


def order_of(*transfers: Transfer, when: date = date(2023, 2, 22), message_id: str = "MSG-2023-02-15",
             debit: DebitAccount = MUSTER) -> PaymentOrder:
    return PaymentOrder(message_id=message_id, created=datetime(2023, 2, 15, 9, 30), initiating_party="MUSTER AG",
                        groups=group_transfers([(debit, when, t) for t in transfers], message_id=message_id))
