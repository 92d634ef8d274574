"""Oracle for tests/addin/test_udf_raw.py: each one-range formula function of addin.udfs, computed with the same
engine answers but taking and giving values through xlwings' *default* conversion (``ndim=2``: every cell cleaned
on the way in and prepared on the way out), as those functions did before they moved to the ``raw`` converter.
Imported by xlwings' call_udf through the harness (the decorators must be the real ones)."""
from __future__ import annotations

import xlwings as xw

from addin import udfs
from addin.ranges import flatten, is_blank, reshape
from engine.ids import ccp, qrr, scor
from engine.ids import iban as ibans
from engine.money import round_chf


def _default(values, answers):
    cells, shape = flatten(values)
    filled = [i for i, v in enumerate(cells) if not is_blank(v)]
    results = answers([cells[i] for i in filled]) if filled else []
    out = [""] * len(cells)
    for index, result in zip(filled, results):
        out[index] = result
    return reshape(out, shape)


def _twin(answers):
    @xw.func
    @xw.arg("values", ndim=2)
    def twin(values):
        return _default(values, answers)
    return twin


ANSWERS = {
    "CH_IBAN_CHECK": ibans.is_valid_many,
    "CH_IBAN_REASON": ibans.explain_many,
    "CH_IBAN_FORMAT": lambda values: udfs._each(values, ibans.format),
    "CH_IBAN_IS_QR": lambda values: [ibans.is_qr_iban(v) for v in values],
    "CH_BANK_NAME": lambda values: udfs._bank_field(values, "name"),
    "CH_BIC": lambda values: udfs._bank_field(values, "bic"),
    "CH_CCP_TO_IBAN": lambda values: udfs._each(values, lambda v: ibans.format(ccp.to_iban(v))),
    "CH_QRR_CHECK": qrr.is_valid_many,
    "CH_QRR_FORMAT": lambda values: udfs._each(values, qrr.format),
    "CH_SCOR_CREATE": lambda values: udfs._each(values, scor.create),
    "CH_SCOR_CHECK": scor.is_valid_many,
    "CH_ROUND_CHF": lambda values: udfs._each(values, lambda v: float(round_chf(udfs._amount(v)))),
}
for _name, _answers in ANSWERS.items():
    globals()[_name] = _twin(_answers)
