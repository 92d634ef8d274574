"""A received invoice detailed by article and quantity (Crésus Facturation manual §3.8.6): the article gives the
expense account, the purchase price (without VAT, as the Articles prices are) and the VAT code of the purchase.

The Articles sheet has one VatCode, the sales code (TVA 8.1 %, TVARED 2.6 %…); buying the same article bears the
input tax of the same rate on materials and goods (IPM 8.1 %, IPMRED 2.6 %: return box 400, DOMAIN §4). An article
whose VatCode is already an input-tax code keeps it; a code of rate 0 (exempt, excluded) gives no input tax.

>>> from datetime import date
>>> from decimal import Decimal as D
>>> from engine.domain.vat import VatRate, VatRates
>>> day = date(2024, 1, 1)
>>> rates = VatRates([VatRate(code="TVA", rate=D("8.1"), valid_from=day),
...                   VatRate(code="TVARED", rate=D("2.6"), valid_from=day),
...                   VatRate(code="IPM", rate=D("8.1"), valid_from=day, kind="input_materials"),
...                   VatRate(code="IPMRED", rate=D("2.6"), valid_from=day, kind="input_materials"),
...                   VatRate(code="EXCLU", rate=D("0"), valid_from=day, kind="excluded")])
>>> [purchase_vat_code(c, rates, date(2026, 3, 5)) for c in ("TVA", "TVARED", "IPMRED", "EXCLU", "")]
['IPM', 'IPMRED', 'IPMRED', '', '']
>>> line_net(D("3"), D("12.35"))
Decimal('37.05')
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from engine.domain.vat import VatRates
from engine.errors import BusinessRuleError
from engine.i18n import tr
from engine.schema.terms import shown_header, shown_sheet
from engine.money import ZERO, quantize

INPUT_GOODS = "input_materials"


def purchase_vat_code(code: str, rates: VatRates, on: date) -> str:
    """The input-tax code for buying an article whose Articles VatCode is ``code``, on ``on``."""
    if not code:
        return ""
    rate = rates.rate(code, on)
    if rate.kind.startswith("input"):
        return rate.code
    if rate.rate == ZERO:
        return ""
    for candidate in rates.codes():
        try:
            found = rates.rate(candidate, on)
        except BusinessRuleError:
            continue  # a code with no rate on that day
        if found.kind == INPUT_GOODS and found.rate == rate.rate:
            return found.code
    percent = format(rate.rate.normalize(), "f")  # 3.8, not the sheet's 3.8000
    raise BusinessRuleError(tr('no input-tax code on goods has the rate {percent} % of "{code}" on {date}',
                               percent=percent, code=code, date=f"{on:%d.%m.%Y}"),
                            tr("give the article an input-tax code in {sheet} {column}, or enter the line as "
                               "ACCOUNT:VAT:AMOUNT", sheet=shown_sheet("Articles"),
                               column=shown_header("VatCode", "Articles")))


def line_net(quantity: Decimal, unit_price: Decimal) -> Decimal:
    """A line's amount without VAT: quantity × purchase price, to the cent (half-up, as every money amount)."""
    return quantize(quantity * unit_price)
