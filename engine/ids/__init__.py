"""Swiss payment and business identifiers, stdnum-style: one module per identifier, the same verbs everywhere.

Modules: :mod:`~engine.ids.iban` (ISO 13616 + SWIFT registry, QR-IBAN), :mod:`~engine.ids.bank` (SIX bank master),
:mod:`~engine.ids.ccp` (PostFinance postal account), :mod:`~engine.ids.qrr` (QR reference),
:mod:`~engine.ids.scor` (ISO 11649 creditor reference), :mod:`~engine.ids.uid` (UID / VAT number),
:mod:`~engine.ids.postcode` (postcode → localities), :mod:`~engine.ids.reference` (account/reference rules of
the QR-bill), :mod:`~engine.ids.verdict` (one verdict per value, for the CLI and range formulas).

Verbs: ``compact``, ``explain`` (the reason, '' when valid), ``is_valid``, ``validate`` (raises
:class:`~engine.errors.InvalidFormat`), ``format``, ``create``; ``explain_many`` / ``is_valid_many`` take a whole
range at once. The bulk names below are what range formulas call.

>>> validate_ibans(["CH93 0076 2011 6238 5295 7", "CH93 0076 2011 6238 5295 8"])
[True, False]
>>> validate_qr_references(["21 00000 00003 13947 14300 09017"])
[True]
"""
from __future__ import annotations

from engine.ids import iban, qrr, scor

validate_ibans = iban.is_valid_many
explain_ibans = iban.explain_many
validate_qr_references = qrr.is_valid_many
explain_qr_references = qrr.explain_many
validate_creditor_references = scor.is_valid_many
explain_creditor_references = scor.explain_many
