"""The eMWST file: eCH-0217 v2.0.0 ``VATDeclaration``, the XML the ESTV portal (SuisseTax) takes for upload.

Element order is the schema's (every content model is an ``xs:sequence``): generalInformation, turnoverComputation,
one method element, payableTax, otherFlowsOfFunds. The method element is
- ``effectiveReportingMethod`` (grossOrNet 1 = net: the turnover per rate is without VAT), boxes 302 … 420;
- before 2025, ``netTaxRateMethod`` (net tax rate, TDFN) or ``flatTaxRateMethod`` (flat rates, with the activity
  named); for periods from 1 January 2025 both are ``simpleTaxRateMethod``, each rate carrying the five-digit
  activity code (activityID) the ESTV gave the business for it (eCH-0217 v2.0.0 ch. 4.4 and 5.3.11: only approved
  codes may be sent), so the command asks for it rather than inventing one.
Amounts are written with two decimals (amountType), rates as the books hold them (percentType: at most two).

>>> from decimal import Decimal as D
>>> rate_text(D("8.10")), rate_text(D("6.2")), amount_text(D("-12.5"))
('8.1', '6.2', '-12.50')
"""
from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from lxml import etree

from engine.domain.vat_return import VatReturn
from engine.errors import ComptoirError
from engine.i18n import tr
from engine.money import quantize
from engine.schema.terms import shown_header, shown_setting, shown_sheet

NAMESPACE = "http://www.ech.ch/xmlns/eCH-0217/2"
ECH0058 = "http://www.ech.ch/xmlns/eCH-0058/5"
ECH0108 = "http://www.ech.ch/xmlns/eCH-0108/7"
SIMPLE_FROM = date(2025, 1, 1)  # the simpleTaxRateMethod element replaces netTaxRateMethod / flatTaxRateMethod
SUBMISSION = {"initial": "1", "correction": "2", "annual": "3"}  # Ersteinreichung, Korrektur, Jahresabstimmung
BASIS = {"agreed": "1", "received": "2"}  # vereinbart / vereinnahmt
_DEDUCTION_ELEMENTS = (("220", "suppliesToForeignCountries"), ("221", "suppliesAbroad"),
                       ("225", "transferNotificationProcedure"), ("230", "suppliesExemptFromTax"),
                       ("235", "reductionOfConsideration"))
_INPUT_ELEMENTS = (("400", "inputTaxMaterialAndServices"), ("405", "inputTaxInvestments"),
                   ("410", "subsequentInputTaxDeduction"), ("415", "inputTaxCorrections"),
                   ("420", "inputTaxReductions"))


class ActivityCodeMissing(ComptoirError):
    """A net tax or flat rate without the ESTV's activity code (from 2025): only the user can give it."""


def amount_text(value: Decimal) -> str:
    return f"{quantize(value):f}"


def rate_text(rate: Decimal) -> str:
    if rate != rate.quantize(Decimal("0.01")) or not 0 <= rate <= 100:
        raise ComptoirError(tr("rate {rate}% cannot be declared", rate=rate),
                            tr("the form takes rates from 0 to 100 with at most two decimals: check {codes} {column} "
                               "or {settings} {key}", codes=shown_sheet("VatCodes"),
                               column=shown_header("Rate", "VatCodes"), settings=shown_sheet("Settings"),
                               key=shown_setting("TdfnRate")))
    return f"{rate.normalize():f}"


def method_element(vat: VatReturn) -> str:
    if vat.method == "effective":
        return "effectiveReportingMethod"
    if vat.start >= SIMPLE_FROM:
        return "simpleTaxRateMethod"
    return "netTaxRateMethod" if vat.method == "tdfn" else "flatTaxRateMethod"


def build(vat: VatReturn, *, uid: str, name: str, generated: datetime, basis: str = "agreed",
          submission: str = "initial", activities: dict | None = None, version: str = "") -> bytes:
    """The file's bytes. ``uid``: CHE + 9 digits; ``generated``: when (written in UTC); ``activities``: rate → the
    ESTV activity code (simpleTaxRateMethod) or a description (flatTaxRateMethod)."""
    generated = generated.astimezone(UTC).replace(microsecond=0)
    root = etree.Element(_q("VATDeclaration"), nsmap={"eCH-0217": NAMESPACE, "eCH-0058": ECH0058,
                                                      "eCH-0108": ECH0108})
    info = _sub(root, "generalInformation")
    for tag, text in (("uid", uid), ("organisationName", name),
                      ("generationTime", generated.strftime("%Y-%m-%dT%H:%M:%SZ")),
                      ("reportingPeriodFrom", vat.start.isoformat()), ("reportingPeriodTill", vat.end.isoformat()),
                      ("typeOfSubmission", SUBMISSION[submission]), ("formOfReporting", BASIS[basis]),
                      ("businessReferenceId", f"{uid}-{vat.start:%Y%m%d}-{vat.end:%Y%m%d}-{SUBMISSION[submission]}")):
        _sub(info, tag, text)
    application = _sub(info, "sendingApplication")
    for tag, text in (("manufacturer", "Comptoir"), ("product", "Comptoir"), ("productVersion", version or "0")):
        etree.SubElement(application, f"{{{ECH0058}}}{tag}").text = text
    turnover = _sub(root, "turnoverComputation")
    _sub(turnover, "totalConsideration", amount_text(vat.total))
    for box, tag in _DEDUCTION_ELEMENTS:
        if box in vat.deductions:
            _sub(turnover, tag, amount_text(vat.deductions[box]))
    if "280" in vat.deductions:
        various = _sub(turnover, "variousDeduction")
        _sub(various, "amountVariousDeduction", amount_text(vat.deductions["280"]))
        _sub(various, "descriptionVariousDeduction", "Divers (chiffre 280)")
    method = _sub(root, method_element(vat))
    if vat.method == "effective":
        _sub(method, "grossOrNet", "1")
    for line in vat.supplies:
        supplies = _sub(method, "suppliesPerTaxRate")
        if method.tag == _q("simpleTaxRateMethod"):
            _sub(supplies, "activityID", _activity_id(activities, line.rate))
        elif method.tag == _q("flatTaxRateMethod"):
            _sub(supplies, "activity", str((activities or {}).get(line.rate, ""))[:100])
        _sub(supplies, "taxRate", rate_text(line.rate))
        _sub(supplies, "turnover", amount_text(line.turnover))
    for line in vat.acquisitions:
        acquisition = _sub(method, "acquisitionTax")
        _sub(acquisition, "taxRate", rate_text(line.rate))
        _sub(acquisition, "turnover", amount_text(line.turnover))
    if vat.method == "effective":
        for box, tag in _INPUT_ELEMENTS:
            if box in vat.input_tax:
                _sub(method, tag, amount_text(vat.input_tax[box]))
    _sub(root, "payableTax", amount_text(vat.payable))
    if vat.flows:
        flows = _sub(root, "otherFlowsOfFunds")
        for box, tag in (("900", "subsidies"), ("910", "donations")):
            if box in vat.flows:
                _sub(flows, tag, amount_text(vat.flows[box]))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _activity_id(activities: dict | None, rate: Decimal) -> str:
    code = str((activities or {}).get(rate, "")).strip()
    if len(code) != 5:
        raise ActivityCodeMissing(
            f"the net tax rate {rate.normalize():f}% has no activity code" if not code else
            f"activity code {code!r} of the rate {rate.normalize():f}% is not five characters",
            f"since 2025 the return names, for each rate, the five-digit activity code (Tätigkeitscode) the ESTV "
            f"gave you (see your rates' decision, or «Abrechnungsmodalitäten» in the ESTV portal): "
            f"--activities \"{rate.normalize():f}=12345\"")
    return code


def _q(tag: str) -> str:
    return f"{{{NAMESPACE}}}{tag}"


def _sub(parent, tag: str, text: str | None = None):
    element = etree.SubElement(parent, _q(tag))
    if text is not None:
        element.text = text
    return element
