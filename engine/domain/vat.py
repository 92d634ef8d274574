"""Swiss VAT (MWSTG): the rate of a code on the performance date, and the tax in a net or gross amount.

The rate depends on the date of the supply, not of the invoice (ESTV): every code keeps its old, current and
future rates with validity dates (DOMAIN.md §4). Tax is quantized to 0.01 half-up.

>>> rates = VatRates([VatRate(code="TVA", rate=Decimal("7.7"), valid_from=date(2018, 1, 1), valid_to=date(2023, 12, 31)),
...                   VatRate(code="TVA", rate=Decimal("8.1"), valid_from=date(2024, 1, 1))])
>>> rates.rate("TVA", date(2023, 12, 31)).rate, rates.rate("tva", date(2024, 1, 1)).rate
(Decimal('7.7'), Decimal('8.1'))
>>> vat_of_net(Decimal("1000.00"), Decimal("8.1")), vat_of_gross(Decimal("1081.00"), Decimal("8.1"))
(Decimal('81.00'), Decimal('81.00'))
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Iterable

from engine.errors import BusinessRuleError
from engine.i18n import tr
from engine.schema.terms import shown_sheet
from engine.money import quantize

HUNDRED = Decimal(100)
ACQUISITION_BOXES = ("381", "382", "383")  # Bezugsteuer / impôt sur les acquisitions (ESTV form)


@dataclass(frozen=True, slots=True, kw_only=True)
class VatRate:
    code: str
    rate: Decimal  # percent
    valid_from: date
    valid_to: date | None = None
    account: str = ""
    kind: str = "output"
    return_box: str = ""
    label: str = ""

    @property
    def acquisition(self) -> bool:
        """Acquisition tax (reverse charge, MWSTG art. 45): an output code whose ReturnBox is 381–383. On a received
        invoice it is no tax paid to the supplier: the company owes it and, when deductible, deducts it."""
        return self.kind == "output" and (self.return_box or "") in ACQUISITION_BOXES


class VatRates:
    """All rates of all codes, looked up by code and date."""

    def __init__(self, rates: Iterable[VatRate]):
        self._by_code: dict[str, list[VatRate]] = {}
        for rate in rates:
            self._by_code.setdefault(rate.code.upper(), []).append(rate)
        for entries in self._by_code.values():
            entries.sort(key=lambda r: r.valid_from)

    @classmethod
    def from_records(cls, records) -> "VatRates":
        """From VatCodes sheet records (engine.schema.ledger.VAT_CODES)."""
        return cls(VatRate(code=r.code, rate=r.rate, valid_from=r.valid_from, valid_to=r.valid_to,
                           account=r.account or "", kind=r.kind or "output", return_box=r.return_box or "",
                           label=r.label or "")
                   for r in records if r.code and r.rate is not None and r.valid_from is not None)

    def codes(self) -> list[str]:
        return sorted(self._by_code)

    def __contains__(self, code: str) -> bool:
        return bool(code) and code.upper() in self._by_code

    def rate(self, code: str, on: date) -> VatRate:
        entries = self._by_code.get((code or "").upper())
        if not entries:
            raise BusinessRuleError(tr('unknown VAT code "{code}"', code=code),
                                    tr("use a code of the {sheet} sheet", sheet=shown_sheet("VatCodes")))
        for entry in reversed(entries):
            if entry.valid_from <= on and (entry.valid_to is None or on <= entry.valid_to):
                return entry
        raise BusinessRuleError(tr('VAT code "{code}" has no rate valid on {date}', code=code, date=f"{on:%d.%m.%Y}"),
                                tr("add a rate row with the right validity dates to {sheet}",
                                   sheet=shown_sheet("VatCodes")))


def vat_of_net(net: Decimal, rate: Decimal) -> Decimal:
    """Tax on a net amount."""
    return quantize(net * rate / HUNDRED)


def vat_of_gross(gross: Decimal, rate: Decimal) -> Decimal:
    """Tax contained in a gross amount: gross × r / (100 + r)."""
    return quantize(gross * rate / (HUNDRED + rate))
