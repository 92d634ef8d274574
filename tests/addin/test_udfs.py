"""Formula functions through xlwings' own call_udf and conversion (Windows modules stubbed; xlwings_harness).

Oracles: third-party vectors (SwissQRBill / qrbill, tests/data/addin), python-stdnum, schwifty's bank registry,
and ESTV rates worked out by hand. Shapes are the ones Excel hands over: scalar for one cell, tuples of rows for
a range, None for empty cells, floats for numbers, the COM "missing" marker for an omitted argument.
"""
from __future__ import annotations

import csv
import datetime as dt
import doctest
import re
from decimal import ROUND_HALF_UP, Decimal

import pytest
from stdnum import iban as std_iban
from stdnum import iso11649
from stdnum.ch import esr

from tests.addin.xlwings_harness import MISSING, ComRange, call, udf_module, vba_signatures
from tests.conftest import TEST_DATA

DATA = TEST_DATA / "addin"
# Documented policy differences with SwissQRBill (engine/ids): we accept dashes people type in an IBAN, and keep
# the QR-bill standard's 27 digits where qrbill-py pads shorter references.
POLICY = {"SE64-1200-0000-0121-7014-5230", "18 78583"}


def vectors(name: str, kind: str) -> list[dict]:
    lines = [line for line in (DATA / name).read_text("utf-8").splitlines() if line and not line.startswith("#")]
    return [row for row in csv.DictReader(lines, delimiter="\t") if row["kind"] == kind and row["input"] not in POLICY]


def column(values) -> ComRange:
    return ComRange([[v] for v in values])


def flat(result) -> list:
    return [cell for row in result for cell in row]


def test_every_function_is_in_the_comptoir_category_with_help():
    module = udf_module()
    functions = [getattr(module, name) for name in dir(module) if hasattr(getattr(module, name), "__xlfunc__")]
    assert len(functions) >= 15
    for function in functions:
        info = function.__xlfunc__
        assert info["name"].startswith("CH_"), info["name"]
        assert info["category"] == "Comptoir"
        assert info["ret"]["doc"] == function.__doc__ and len(function.__doc__) > 20
        for arg in info["args"]:
            assert not arg["doc"].startswith("Positional argument"), (info["name"], arg["name"])


def test_vba_wrappers_show_optional_arguments():
    vba = vba_signatures()
    assert "Function CH_VAT_AMOUNT(amount, vat_code, on_date, Optional amount_is, Optional vat_codes)" in vba
    assert "Function CH_QRR_CREATE(customer, document, Optional prefix)" in vba
    assert re.search(r'CH_IBAN_CHECK = XLPy\.CallUDF\("addin\.udfs", "CH_IBAN_CHECK", Array\(iban\)', vba)


def test_iban_check_matches_swissqrbill_vectors_on_one_cell_and_on_a_column():
    rows = vectors("iban_vectors_swissqrbill.tsv", "validate")
    expected = [row["expected"] == "valid" for row in rows]
    singles = [call("CH_IBAN_CHECK", ComRange(row["input"])) for row in rows]
    assert singles == [[[e]] for e in expected]
    assert flat(call("CH_IBAN_CHECK", column([r["input"] for r in rows]))) == expected
    reasons = flat(call("CH_IBAN_REASON", column([r["input"] for r in rows])))
    assert [reason == "" for reason in reasons] == expected


def test_iban_format_matches_swissqrbill_and_stdnum():
    rows = vectors("iban_vectors_swissqrbill.tsv", "format")
    result = call("CH_IBAN_FORMAT", ComRange([[r["input"] for r in rows]]))  # a row of cells
    assert result == [[r["expected_output_or_error"] for r in rows]]
    assert result[0] == [std_iban.format(r["input"]) for r in rows]


def test_blank_cells_stay_blank_and_a_2d_block_keeps_its_shape():
    block = ComRange([["CH9300762011623852957", None], ["", "CH9300762011623852958"]])
    assert call("CH_IBAN_CHECK", block) == [[True, ""], ["", False]]
    assert call("CH_IBAN_CHECK", ComRange(None)) == [[""]]


def test_bank_name_and_bic_come_from_the_bank_registry():
    schwifty = pytest.importorskip("schwifty")
    qr_iban = str(schwifty.IBAN.generate("CH", bank_code="30000", account_code="000012345678"))
    ibans = ["CH09 0900 0000 1000 8060 7", qr_iban]
    names = flat(call("CH_BANK_NAME", column(ibans)))
    bics = flat(call("CH_BIC", column(ibans)))
    for number, name, bic in zip(ibans, names, bics):
        other = schwifty.IBAN(number)
        assert name == other.bank_name
        assert bic == str(other.bic)
    assert flat(call("CH_IBAN_IS_QR", column(ibans))) == [False, True]
    # IID 31999 (SwissQRBill's example QR-IBAN) is listed by no bank: said so, not left blank.
    assert schwifty.IBAN("CH4431999123000889012").bank_name is None
    assert call("CH_BANK_NAME", "CH4431999123000889012")[0][0].startswith("unknown bank")


def test_ccp_to_iban_is_the_postfinance_iban():
    # PostFinance's own postal account 10-8060-7 is CH09 0900 0000 1000 8060 7 (printed on its slips).
    assert call("CH_CCP_TO_IBAN", ComRange("10-8060-7")) == [["CH09 0900 0000 1000 8060 7"]]
    answer = call("CH_CCP_TO_IBAN", ComRange("10-8060-8"))[0][0]
    assert answer.startswith("invalid:") and "check digit" in answer


def test_qr_reference_create_from_numbers_typed_as_numbers():
    # Excel hands 4711 as 4711.0: the reference must hold the digits 4711, not "4711.0".
    result = call("CH_QRR_CREATE", column([4711.0, 4712.0, None]), column([20240012.0, 5.0, 7.0]), MISSING)
    references = flat(result)
    assert references[2] == ""
    for reference, customer, document in zip(references, (4711, 4712), (20240012, 5)):
        assert esr.is_valid(reference) and len(reference) == 27
        assert reference[:10] == f"{customer:010d}" and int(reference[10:26]) == document
    with_prefix = call("CH_QRR_CREATE", 1.0, 2.0, "12")[0][0]
    assert with_prefix.startswith("12") and esr.is_valid(with_prefix)


def test_qr_reference_check_and_format_match_library_vectors():
    rows = vectors("qrr_vectors_libs.tsv", "validate")
    checks = flat(call("CH_QRR_CHECK", column([r["input"] for r in rows])))
    assert checks == [r["expected"] == "valid" for r in rows]
    for row in vectors("qrr_vectors_libs.tsv", "format"):
        assert call("CH_QRR_FORMAT", row["input"]) == [[row["expected_output_or_error"]]]
        assert call("CH_QRR_FORMAT", row["input"])[0][0] == esr.format(row["input"])


def test_creditor_reference_create_and_check_match_library_vectors():
    rows = vectors("scor_vectors_libs.tsv", "validate")
    assert flat(call("CH_SCOR_CHECK", column([r["input"] for r in rows]))) == [r["expected"] == "valid" for r in rows]
    created = flat(call("CH_SCOR_CREATE", column(["539007547034", "F-2026-0001".replace("-", ""), 1234.0])))
    assert created[0] == "RF18539007547034"  # ISO 11649's own example
    assert all(iso11649.is_valid(reference) for reference in created)
    assert created[2].endswith("1234")


def test_round_chf_rounds_to_five_cents_half_up():
    amounts = [1059.38, 1059.37, 0.025, 10.0, 1234.575]
    expected = [float((Decimal(repr(a)) * 20).quantize(Decimal(1), ROUND_HALF_UP) / 20) for a in amounts]
    assert flat(call("CH_ROUND_CHF", column(amounts))) == expected == [1059.4, 1059.35, 0.05, 10.0, 1234.6]
    assert call("CH_ROUND_CHF", "abc")[0][0].startswith("invalid:")


def test_vat_amount_uses_the_rate_of_the_supply_date():
    # ESTV: standard rate 7.7 % until 31.12.2023, 8.1 % from 1.1.2024; reduced 2.5 % / 2.6 %.
    amounts = column([1081.0, 1077.0, 1000.0, None])
    dates = column([dt.datetime(2024, 3, 1), dt.datetime(2023, 12, 31), 45352.0, dt.datetime(2024, 1, 1)])
    assert flat(call("CH_VAT_AMOUNT", amounts, "TVA", dates, MISSING, MISSING)) == [81.0, 77.0, 74.93, ""]  # 1000 × 8.1 / 108.1 (serial 45352 = 1.3.2024)
    net = call("CH_VAT_AMOUNT", ComRange([[100.0, 200.0]]), ComRange([["TVA", "TVARED"]]), "2024-06-30", "net",
               MISSING)
    assert net == [[8.1, 5.2]]
    unknown = call("CH_VAT_AMOUNT", 100.0, "NOPE", "01.01.2024", MISSING, MISSING)[0][0]
    assert unknown.startswith("invalid:") and "NOPE" in unknown


def test_vat_amount_reads_a_vat_codes_table_given_as_a_range():
    table = ComRange([["Code", "Rate", "ValidFrom", "ValidTo"], ["X", 10.0, dt.datetime(2020, 1, 1), None]])
    assert call("CH_VAT_AMOUNT", 110.0, "X", dt.datetime(2024, 1, 1), "gross", table) == [[10.0]]


def test_ranges_of_different_sizes_are_refused_with_a_reason():
    from engine.errors import ComptoirError
    with pytest.raises(ComptoirError, match="different sizes"):
        call("CH_VAT_AMOUNT", column([1.0, 2.0]), column(["TVA", "TVA", "TVA"]), "2024-01-01", MISSING, MISSING)


def test_document_total_by_number():
    documents = ComRange([["Number", "Stage", "ClientId", "Date", "TotalGross", "TotalPayable", "Balance"],
                          ["F-2026-0001", "F", 1.0, dt.datetime(2026, 1, 5), 1081.0, 1081.0, 81.0],
                          ["F-2026-0002", "F", 2.0, dt.datetime(2026, 1, 6), 540.47, 540.45, None]])
    numbers = column(["F-2026-0002", "f-2026-0001", None, "F-2026-0099"])
    totals = flat(call("CH_DOC_TOTAL", numbers, documents, MISSING))
    assert totals[:3] == [540.45, 1081.0, ""]
    assert totals[3].startswith("invalid:") and "F-2026-0099" in totals[3]
    assert call("CH_DOC_TOTAL", "F-2026-0001", documents, "balance") == [[81.0]]


@pytest.mark.parametrize("name", ["addin.ranges", "addin.excel_source"])
def test_doctests(name):
    import importlib
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted and not result.failed
