"""Bulk identifier validation speed (issue 3, "Speed"): Comptoir's range functions vs python-stdnum in a loop.

Run: ``.venv/bin/python bench/ids.py [N]`` (N = number of values, default 1,000,000: half IBANs, half QR
references, about a third of each invalid). Prints the rates, the ratio (goal ≥ 3×) and that both give the same
verdicts wherever the standard and stdnum agree; then the range UDFs over 100,000 cells through xlwings'
call_udf. Each time is the best of 3 runs (the machine is shared).
"""
from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from stdnum import iban as stdnum_iban  # noqa: E402
from stdnum.ch import esr as stdnum_esr  # noqa: E402

from engine.ids import iban, qrr, validate_ibans, validate_qr_references  # noqa: E402
from engine.ids.checksum import mod10_recursive_check  # noqa: E402
from engine.ids.iban_registry import countries  # noqa: E402


_STDNUM_COUNTRIES = {line.split()[0] for line in
                     (Path(stdnum_iban.__file__).parent / "iban.dat").read_text().splitlines()
                     if line.strip() and not line.startswith("#") and not line.startswith(" ")}


def _sample_ibans(count: int, rng: random.Random) -> list[str]:
    specs = [spec for spec in countries().values() if not spec.aspirational]
    kinds = {"n": "0123456789", "a": "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "c": "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
    import re
    out = []
    for i in range(count):
        spec = rng.choice(specs) if i % 2 else specs[[s.code for s in specs].index("CH")]
        bban = "".join(rng.choice(kinds[k]) for n, k in re.findall(r"(\d+)!?([nac])", spec.bban_spec)
                       for _ in range(int(n)))
        number = iban.create(spec.code, bban)
        if i % 3 == 1:  # a typo: one digit changed (MOD 97-10 catches every single substitution)
            pos = rng.choice([j for j in range(2, len(number)) if number[j].isdigit()])
            number = number[:pos] + str((int(number[pos]) + 1) % 10) + number[pos + 1:]
        elif i % 6 == 2:  # the printed form
            number = " ".join(number[j:j + 4] for j in range(0, len(number), 4))
        out.append(number)
    return out


def _sample_qrrs(count: int, rng: random.Random) -> list[str]:
    out = []
    for i in range(count):
        payload = "".join(rng.choice("0123456789") for _ in range(26))
        number = payload + mod10_recursive_check(payload)
        if i % 3 == 1:
            number = number[:26] + str((int(number[26]) + 1) % 10)
        elif i % 6 == 2:
            number = number[:2] + "".join(" " + number[j:j + 5] for j in range(2, 27, 5))
        out.append(number)
    return out


def _rate(label: str, fn, values) -> tuple[float, list]:
    elapsed = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        result = fn(values)
        elapsed = min(elapsed, time.perf_counter() - start)
    print(f"  {label:<48} {len(values) / elapsed:>12,.0f} /s  ({elapsed:.2f} s)")
    return elapsed, result


def main() -> None:
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    rng = random.Random(3)
    ibans, qrrs = _sample_ibans(total // 2, rng), _sample_qrrs(total - total // 2, rng)
    print(f"{total:,} values: {len(ibans):,} IBANs ({sum(validate_ibans(ibans)):,} valid), "
          f"{len(qrrs):,} QR references")
    t_si, s_ibans = _rate("python-stdnum iban.is_valid loop", lambda v: [stdnum_iban.is_valid(x) for x in v], ibans)
    t_ci, c_ibans = _rate("comptoir validate_ibans", validate_ibans, ibans)
    t_sq, s_qrrs = _rate("python-stdnum ch.esr.is_valid loop", lambda v: [stdnum_esr.is_valid(x) for x in v], qrrs)
    t_cq, c_qrrs = _rate("comptoir validate_qr_references", validate_qr_references, qrrs)
    _rate("comptoir explain_ibans (reasons)", iban.explain_many, ibans)
    _rate("comptoir explain_qr_references (reasons)", qrr.explain_many, qrrs)
    ratio_iban, ratio_qrr = t_si / t_ci, t_sq / t_cq
    ratio_all = (t_si + t_sq) / (t_ci + t_cq)
    print(f"ratio vs stdnum: IBAN {ratio_iban:.1f}x, QR reference {ratio_qrr:.1f}x, "
          f"mixed 1M {ratio_all:.1f}x (goal >= 3x)")
    # stdnum also applies national check digits (BE, ES, FR, ...), which ISO 13616 does not: random BBANs fail
    # them. Without those checks the verdicts must be identical.
    national = sum(a != b for a, b in zip(s_ibans, c_ibans))
    # schwifty's registry also lists the territories (AX, GF, JE, NC...) and BR's letters that stdnum's older table
    # lacks: counted apart.
    plain = [(x, b) for x, b in zip(ibans, c_ibans) if stdnum_iban.is_valid(x, check_country=False) != b]
    unknown = sum(1 for x, _ in plain if x[:2] not in _STDNUM_COUNTRIES or x[:2] == "BR")
    print(f"IBAN verdicts differing from stdnum: {national:,} (its national checks); from stdnum without national "
          f"checks: {len(plain) - unknown} (+{unknown} in countries/formats its table lacks); "
          f"QR reference verdicts differing: {sum(a != b for a, b in zip(s_qrrs, c_qrrs))}")
    # The range formulas as Excel calls them: xlwings' call_udf and conversion (Windows modules stubbed).
    from tests.addin.xlwings_harness import ComRange, call
    cells = 100_000
    for label, udf, values, loop in (("IBAN", "CH_IBAN_CHECK", ibans[:cells], stdnum_iban.is_valid),
                                     ("QR reference", "CH_QRR_CHECK", qrrs[:cells], stdnum_esr.is_valid)):
        column = ComRange([[v] for v in values])
        t_udf = min(_timed(lambda: call(udf, column)) for _ in range(3))
        t_std = min(_timed(lambda: [loop(v) for v in values]) for _ in range(3))
        print(f"  ={udf}(A1:A{len(values)}) {len(values) / t_udf:>12,.0f} cells/s ({t_udf:.2f} s, incl. xlwings "
              f"conversion); stdnum loop {len(values) / t_std:,.0f}/s; ratio {t_std / t_udf:.1f}x (goal >= 3x)")


def _timed(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
