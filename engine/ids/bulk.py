"""Whole-column verdicts for IBANs (ISO 13616 + SWIFT registry) and QR references (IG QR-bill v2.3 Annex B) with numpy.

A range formula over 100,000 cells cannot afford a regex match and a big-integer division per cell. Here each
compacted value becomes a row of character codes, and the rules run column by column over all rows at once:
the registry layout of the country (one class per position: digit, letter, either), the check digits 02..98,
ISO 7064 MOD 97-10 by Horner's rule on the rearranged characters (letters count as two digits, 10..35), and the
recursive modulo 10 state machine of the QR reference. The verdicts are those of :func:`engine.ids.iban.explain`
and :func:`engine.ids.qrr.explain` (tests compare them on hostile inputs); these only say valid or not.

>>> ibans_valid(["CH9300762011623852957", "CH9300762011623852958", "CH009", "ch93"]).tolist()
[True, False, False, False]
>>> qrrs_valid(["210000000003139471430009017", "000000000000000000000000000"]).tolist()
[True, False]
"""
from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import numpy as np

from engine.ids.iban_registry import _fields, countries

_CHUNK = 1 << 15  # rows per pass: bounds the temporary arrays (~ 40 bytes per character)
_MOD10 = (0, 9, 4, 6, 8, 2, 7, 1, 3, 5)  # IG QR-bill v2.3 Annex B carry table
# _STEP[carry, digit] -> the carry after that digit.
_STEP = np.array([[_MOD10[(carry + d) % 10] for d in range(10)] for carry in range(10)], dtype=np.intp)


def _codes(numbers: Sequence[str], width: int) -> tuple[np.ndarray, np.ndarray]:
    """(rows × width character codes, zero padded; lengths). Longer strings are cut: callers test the length."""
    lengths = np.fromiter(map(len, numbers), dtype=np.int64, count=len(numbers))
    codes = np.array(numbers, dtype=f"<U{width}").view(np.uint32).reshape(len(numbers), width)
    return codes, lengths


@cache
def _iban_tables() -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """(country index by the codes of the first two characters, or -1; length per country; allowed character
    kinds per position per country, as bits: 1 digit, 2 letter, 4 padding after the end; width)."""
    specs = list(countries().values())
    width = max(spec.length for spec in specs)
    index = np.full((128, 128), -1, dtype=np.int64)
    lengths = np.zeros(len(specs), dtype=np.int64)
    allowed = np.full((len(specs), width), 4, dtype=np.uint8)
    bits = {"n": 1, "a": 2, "c": 3, "e": 0}  # 'e' (a space) never survives compacting: nothing fits
    for i, spec in enumerate(specs):
        index[ord(spec.code[0]), ord(spec.code[1])] = i
        lengths[i] = spec.length
        layout = [2, 2, 1, 1] + [bits[kind] for count, kind in _fields(spec.bban_spec) for _ in range(count)]
        allowed[i, :len(layout)] = layout
    return index, lengths, allowed, width


def _char_tables() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """By ASCII code (non-ASCII is mapped to 127, DEL, which nothing accepts): kind bits, MOD 97 value and the
    factor that value needs (100 for letters, 10..35; 10 for digits; 1 for the zero padding: no step at all)."""
    kind = np.zeros(128, dtype=np.uint8)
    value = np.zeros(128, dtype=np.int64)
    scale = np.ones(128, dtype=np.int64)
    for code in range(48, 58):
        kind[code], value[code], scale[code] = 1, code - 48, 10
    for code in range(65, 91):
        kind[code], value[code], scale[code] = 2, code - 55, 100
    kind[0] = 4
    return kind, value, scale


_KIND, _VALUE, _SCALE = _char_tables()


def ibans_valid(numbers: Sequence[str]) -> np.ndarray:
    """Validity of each compacted (upper-case, separator-free) IBAN, as ``iban.explain(n) == ""``."""
    out = np.zeros(len(numbers), dtype=bool)
    for start in range(0, len(numbers), _CHUNK):
        out[start:start + _CHUNK] = _ibans_chunk(numbers[start:start + _CHUNK])
    return out


def _ibans_chunk(numbers: Sequence[str]) -> np.ndarray:
    index, lengths, allowed, width = _iban_tables()
    codes, length = _codes(numbers, width)
    chars = np.minimum(codes, 127).astype(np.intp)
    country = index[chars[:, 0], chars[:, 1]]
    c = np.maximum(country, 0)
    ok = (country >= 0) & (length == lengths[c]) & ((_KIND[chars] & allowed[c]) != 0).all(axis=1)
    check = _VALUE[chars[:, 2]] * 10 + _VALUE[chars[:, 3]]
    ok &= (check >= 2) & (check <= 98)  # 00, 01 and 99 pass MOD 97-10 only by accident (ISO 13616)
    # MOD 97-10 of BBAN + country + check digits = (BBAN · 10^6 + the first four as digits) mod 97, the BBAN by
    # Horner's rule column by column (padding steps multiply by 1), reduced every 7 steps (stays below 2^63).
    columns = chars[:, 4:].T.copy()
    value, scale = _VALUE[columns], _SCALE[columns]
    remainder = np.zeros(len(numbers), dtype=np.int64)
    for k in range(width - 4):
        remainder = remainder * scale[k] + value[k]
        if k % 7 == 6:
            remainder %= 97
    head = ((_VALUE[chars[:, 0]] * 100 + _VALUE[chars[:, 1]]) * 100 + check)
    remainder = (remainder % 97 * 1_000_000 + head) % 97
    return ok & (remainder == 1)


def qrrs_valid(numbers: Sequence[str]) -> np.ndarray:
    """Validity of each separator-free QR reference, as ``qrr.explain(n) == ""`` (27 digits, not all zeros,
    recursive modulo 10 carry 0 after the check digit)."""
    out = np.zeros(len(numbers), dtype=bool)
    for start in range(0, len(numbers), _CHUNK):
        chunk = numbers[start:start + _CHUNK]
        if not len(chunk):
            continue
        codes, length = _codes(chunk, 28)                      # 28: a 28th character shows in the length
        digits = codes[:, :27].astype(np.intp) - 48
        ok = (length == 27) & ((digits >= 0) & (digits <= 9)).all(axis=1) & (digits != 0).any(axis=1)
        digits = np.where(ok[:, None], digits, 0)
        columns = digits.T.copy()
        carry = np.zeros(len(chunk), dtype=np.intp)
        for k in range(27):
            carry = _STEP[carry, columns[k]]
        out[start:start + _CHUNK] = ok & (carry == 0)
    return out
