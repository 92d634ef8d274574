"""Range formula functions over 100,000 cells, through xlwings' own call_udf and conversion (as Excel calls them),
against python-stdnum called cell by cell in a loop, measured in the same run.

    .venv/bin/python bench/udfs.py [CELLS]
"""
from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from stdnum import iban as std_iban  # noqa: E402
from stdnum.ch import esr  # noqa: E402

from engine.ids import iban, qrr  # noqa: E402
from tests.addin.xlwings_harness import ComRange, call  # noqa: E402


def sample_ibans(count: int, rng: random.Random) -> list:
    out = []
    for _ in range(count):
        number = iban.create("CH", f"{rng.randrange(100000):05d}{rng.randrange(10**12):012d}")
        if rng.random() < 0.3:  # a typo in 30 % of them
            number = number[:-1] + str((int(number[-1]) + 1) % 10)
        out.append(" ".join(number[i:i + 4] for i in range(0, len(number), 4)) if rng.random() < 0.5 else number)
    return out


def sample_qrrs(count: int, rng: random.Random) -> list:
    out = []
    for _ in range(count):
        reference = qrr.create(str(rng.randrange(1, 10**20)))
        out.append(reference if rng.random() < 0.7 else reference[:-1] + str((int(reference[-1]) + 3) % 10))
    return out


def timed(function, repeat: int = 3) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def main(cells: int) -> None:
    rng = random.Random(20260101)
    for label, udf, values, stdnum_check in (
            ("IBAN", "CH_IBAN_CHECK", sample_ibans(cells, rng), std_iban.is_valid),
            ("QR reference", "CH_QRR_CHECK", sample_qrrs(cells, rng), esr.is_valid)):
        column = ComRange([[v] for v in values])
        udf_time, result = timed(lambda: call(udf, column))
        std_time, expected = timed(lambda: [stdnum_check(v) for v in values])
        agree = sum(r[0] == e for r, e in zip(result, expected))
        print(f"{label}: ={udf}(A1:A{cells}) {cells / udf_time:,.0f} cells/s ({udf_time * 1000:.0f} ms, "
              f"whole call incl. xlwings conversion); python-stdnum loop {cells / std_time:,.0f}/s; "
              f"ratio {std_time / udf_time:.1f}x; verdicts agree with stdnum on {agree}/{cells}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
