"""Formula functions: ``=CH_IBAN_CHECK(A2)`` on one cell or ``=CH_IBAN_CHECK(A2:A10001)`` on a whole column.

Every function is named ``CH_...`` (type ``=CH_`` and Excel lists them all), sits in the "Comptoir" category of the
function wizard with a description and argument help, and takes a cell or a range: a range is flattened, handed
to the engine's bulk function once, and answered in the same shape (no per-cell call into Excel or the engine's
single-value path). Blank input cells give blank answers, so one formula can cover rows not yet filled. A value
that cannot be answered gives its reason as text in that cell; a wrong call (ranges of different sizes) shows the
error in every cell, as Excel shows a UDF's error.

Import in Excel: the add-in's ``UDF MODULES`` setting is ``addin.udfs`` (``comptoir addin install`` writes it).
"""
from __future__ import annotations

import datetime as dt
from functools import cache

import xlwings as xw

from addin.ranges import broadcast, flatten, is_blank, raw_cells, reshape, rows_of
from engine.domain.vat import VatRates, vat_of_gross, vat_of_net
from engine.errors import ComptoirError
from engine.ids import bank, ccp, qrr, scor
from engine.ids import iban as ibans
from engine.ids.reasons import said
from engine.money import round_chf, to_decimal
from engine.schema import INVOICING
from engine.store.cells import CellError, read_cell
from engine.store.loader import load_table

CATEGORY = "Comptoir"
_RANGE = dict(ndim=2)  # always a list of rows: one cell, a column, a row and a block look alike
# One-range functions over whole columns: pywin32's values as they come, answers as rows (addin/ranges.py).
_RAW = dict(convert="raw")
_TOTALS = {"payable": "total_payable", "gross": "total_gross", "net": "total_net", "vat": "total_vat",
           "balance": "balance", "paid": "paid"}


def _each(values: list, answer) -> list:
    """``answer(value)`` for the non-blank cells; a refused value gives its reason as text."""
    out = []
    for value in values:
        if is_blank(value):
            out.append("")
            continue
        try:
            out.append(answer(value))
        except ComptoirError as error:
            out.append(f"invalid: {error}")
    return out


def _over(values: object, answers) -> list[list]:
    """A bulk engine function over the range's non-blank cells, blanks kept blank, as rows in the caller's shape
    (``values`` as xlwings' raw converter hands it)."""
    cells, shape = raw_cells(values)
    if None not in cells and "" not in cells:  # list scans in C: a full column skips the bookkeeping below
        return rows_of(list(answers(cells)), shape)
    filled = [i for i, v in enumerate(cells) if not is_blank(v)]
    results = answers([cells[i] for i in filled]) if filled else []
    out = [""] * len(cells)
    for index, result in zip(filled, results):
        out[index] = result
    return rows_of(out, shape)


@xw.func(category=CATEGORY)
@xw.ret(**_RAW)
@xw.arg("iban", doc="The IBAN, or a range of IBANs, as typed (spaces and lower case allowed)", **_RAW)
def CH_IBAN_CHECK(iban):  # noqa: N802 - Excel's function name
    """TRUE when the IBAN is valid (ISO 13616 length, format and check digits), FALSE otherwise."""
    return _over(iban, ibans.is_valid_many)


@xw.func(category=CATEGORY)
@xw.ret(**_RAW)
@xw.arg("iban", doc="The IBAN, or a range of IBANs", **_RAW)
def CH_IBAN_REASON(iban):  # noqa: N802
    """Why the IBAN is invalid (length for the country, format, check digits); empty when it is valid."""
    return _over(iban, lambda values: [said(reason) for reason in ibans.explain_many(values)])  # system's language


@xw.func(category=CATEGORY)
@xw.ret(**_RAW)
@xw.arg("iban", doc="The IBAN, or a range of IBANs", **_RAW)
def CH_IBAN_FORMAT(iban):  # noqa: N802
    """The IBAN printed in groups of four (CH93 0076 2011 6238 5295 7)."""
    return _over(iban, lambda values: _each(values, ibans.format))


@xw.func(category=CATEGORY)
@xw.ret(**_RAW)
@xw.arg("iban", doc="The IBAN, or a range of IBANs", **_RAW)
def CH_IBAN_IS_QR(iban):  # noqa: N802
    """TRUE when the IBAN is a Swiss/Liechtenstein QR-IBAN (institution id 30000-31999)."""
    return _over(iban, lambda values: [ibans.is_qr_iban(v) for v in values])


def _bank_field(values: list, field: str) -> list:
    def answer(value):
        found = bank.bank_for_iid(ibans.iid(value), ibans.compact(value)[:2])
        return getattr(found, field) if found else "unknown bank (not in the SIX bank master)"
    return _each(values, answer)


@xw.func(category=CATEGORY)
@xw.ret(**_RAW)
@xw.arg("iban", doc="A Swiss or Liechtenstein IBAN, or a range of them", **_RAW)
def CH_BANK_NAME(iban):  # noqa: N802
    """The name of the bank of a CH/LI IBAN, from the SIX bank master."""
    return _over(iban, lambda values: _bank_field(values, "name"))


@xw.func(category=CATEGORY)
@xw.ret(**_RAW)
@xw.arg("iban", doc="A Swiss or Liechtenstein IBAN, or a range of them", **_RAW)
def CH_BIC(iban):  # noqa: N802
    """The BIC (SWIFT code) of the bank of a CH/LI IBAN, from the SIX bank master."""
    return _over(iban, lambda values: _bank_field(values, "bic"))


@xw.func(category=CATEGORY)
@xw.ret(**_RAW)
@xw.arg("account", doc="PostFinance postal account as printed, e.g. 10-8060-7 (or a range)", **_RAW)
def CH_CCP_TO_IBAN(account):  # noqa: N802
    """The IBAN of a PostFinance postal account (CCP), in groups of four."""
    return _over(account, lambda values: _each(values, lambda v: ibans.format(ccp.to_iban(v))))


@xw.func(category=CATEGORY)
@xw.arg("customer", doc="Customer number (digits, at most 10), or a range", **_RANGE)
@xw.arg("document", doc="Document number (digits), or a range of the same size", **_RANGE)
@xw.arg("prefix", doc="Optional: the digits your bank asks for at the start (Settings QRReferencePrefix)")
def CH_QRR_CREATE(customer, document, prefix=""):  # noqa: N802
    """A 27-digit QR reference: prefix + customer (10 digits) + document number + check digit."""
    shape, (customers, documents) = broadcast(customer, document)
    head = "" if is_blank(prefix) else prefix

    def one(pair):
        return qrr.create_for(customer=pair[0], document=pair[1], prefix=head)
    pairs = [(c, d) if not (is_blank(c) or is_blank(d)) else None for c, d in zip(customers, documents)]
    return reshape(_each(pairs, one), shape)


@xw.func(category=CATEGORY)
@xw.ret(**_RAW)
@xw.arg("reference", doc="QR reference (27 digits, spaces allowed), or a range", **_RAW)
def CH_QRR_CHECK(reference):  # noqa: N802
    """TRUE when the QR reference has 27 digits and a right check digit (IG QR-bill Annex B)."""
    return _over(reference, qrr.is_valid_many)


@xw.func(category=CATEGORY)
@xw.ret(**_RAW)
@xw.arg("reference", doc="QR reference (27 digits), or a range", **_RAW)
def CH_QRR_FORMAT(reference):  # noqa: N802
    """The QR reference printed as on the slip: 21 00000 00003 13947 14300 09017."""
    return _over(reference, lambda values: _each(values, qrr.format))


@xw.func(category=CATEGORY)
@xw.ret(**_RAW)
@xw.arg("body", doc="Your reference (1-21 letters or digits, e.g. the invoice number), or a range", **_RAW)
def CH_SCOR_CREATE(body):  # noqa: N802
    """The ISO 11649 creditor reference (RF + check digits + your reference)."""
    return _over(body, lambda values: _each(values, scor.create))


@xw.func(category=CATEGORY)
@xw.ret(**_RAW)
@xw.arg("reference", doc="Creditor reference RF..., or a range", **_RAW)
def CH_SCOR_CHECK(reference):  # noqa: N802
    """TRUE when the creditor reference (ISO 11649) is valid."""
    return _over(reference, scor.is_valid_many)


def _amount(value) -> object:
    try:
        return to_decimal(value)
    except ComptoirError as error:
        raise ComptoirError(f"{error}", "type an amount, e.g. 1234.50") from None


@xw.func(category=CATEGORY)
@xw.ret(**_RAW)
@xw.arg("amount", doc="An amount in CHF, or a range", **_RAW)
def CH_ROUND_CHF(amount):  # noqa: N802
    """The amount rounded to 0.05 CHF (the smallest coin), half up."""
    return _over(amount, lambda values: _each(values, lambda v: float(round_chf(_amount(v)))))


@cache
def _builtin_rates() -> VatRates:
    from engine.templates import seed_rows  # the rates a new book starts with (engine/data/vat_codes.tsv)
    columns = INVOICING.sheet("VatCodes").columns
    rows = [[c.header for c in columns]] + [[r.get(c.header) or None for c in columns] for r in seed_rows("vat_codes.tsv")]
    return _rates_of(rows)


def _rates_of(rows: list[list]) -> VatRates:
    table, problems = load_table(rows, INVOICING.sheet("VatCodes"), "VatCodes")
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise ComptoirError(f"the VAT code table has problems: {errors[0]}", "fix the VatCodes sheet")
    return VatRates.from_records(table.records)


def _date(value) -> dt.date:
    try:
        return read_cell("date", value)
    except CellError as error:
        raise ComptoirError(error.message, error.hint) from None


@xw.func(category=CATEGORY)
@xw.arg("amount", doc="The amount (or a range of amounts) the VAT is in or on", **_RANGE)
@xw.arg("vat_code", doc="VAT code, e.g. TVA, TVARED, IPM (or a range of the same size)", **_RANGE)
@xw.arg("on_date", doc="Date of the supply: the rate valid that day applies (or a range)", **_RANGE)
@xw.arg("amount_is", doc='Optional: "gross" (VAT included, default) or "net" (VAT on top)')
@xw.arg("vat_codes", doc="Optional: the VatCodes table with its header (default: the Swiss rates built in)", **_RANGE)
def CH_VAT_AMOUNT(amount, vat_code, on_date, amount_is="gross", vat_codes=None):  # noqa: N802
    """The VAT contained in a gross amount, or due on a net amount, at the rate of the code on the date."""
    kind = str(amount_is or "gross").strip().lower()
    if kind not in ("gross", "net"):
        raise ComptoirError(f'amount_is is "{amount_is}"', 'use "gross" or "net"')
    rates = _builtin_rates() if vat_codes is None or flatten(vat_codes)[1] == (1, 1) else _rates_of(vat_codes)
    of = vat_of_gross if kind == "gross" else vat_of_net
    shape, (amounts, codes, dates) = broadcast(amount, vat_code, on_date)

    def one(row):
        value, code, when = row
        return float(of(_amount(value), rates.rate(str(code), _date(when)).rate))
    rows = [None if is_blank(a) or is_blank(c) or is_blank(d) else (a, c, d) for a, c, d in zip(amounts, codes, dates)]
    return reshape(_each(rows, one), shape)


@xw.func(category=CATEGORY)
@xw.ret(**_RAW)
@xw.arg("number", doc="Document number, e.g. F-2026-0001 (or a range)", **_RAW)
@xw.arg("documents", doc="The Documents table with its header, e.g. tblDocuments[#All]", **_RANGE)
@xw.arg("what", doc='Optional: "payable" (default), "gross", "net", "vat", "paid" or "balance"')
def CH_DOC_TOTAL(number, documents, what="payable"):  # noqa: N802
    """A document's total (payable by default) looked up by its number in the Documents table."""
    field = _TOTALS.get(str(what or "payable").strip().lower())
    if field is None:
        raise ComptoirError(f'what is "{what}"', "use one of " + ", ".join(_TOTALS))
    table, _ = load_table(_rows(documents), INVOICING.sheet("Documents"), "Documents")
    totals = {str(r.number).strip().upper(): getattr(r, field) for r in table.records if r.number}

    def one(value):
        key = read_cell("text", value).upper()
        if key not in totals:
            raise ComptoirError(f'no document "{key}" in the table', "check the number")
        total = totals[key]
        return "" if total is None else float(total)
    return _over(number, lambda values: _each(values, one))


def _rows(value) -> list[list]:
    cells, (rows, cols) = flatten(value)
    return [cells[i * cols:(i + 1) * cols] for i in range(rows)]
