"""The modules of a QR code (error correction M, UTF-8 bytes) with the data mask the penalty rules pick.

Standard: ISO/IEC 18004:2015 §7.8.2 (eight data mask patterns) and §7.8.3 (penalty scores N1–N4; the mask with
the lowest total wins, the first one on a tie), as the SIX IG QR-bill v2.3 §4 requires (error correction M).
segno encodes the payload (mode, codewords, placement) with mask 0; the eight candidates are then scored at once
with numpy (segno scores them one by one in pure Python: about 9 ms, half an invoice's render time) and the winner
replaces mask 0. The scores follow segno's reading of the rules exactly, so the code is the one segno would make.

>>> rows = modules("SPC\\r\\n0200\\r\\n1")
>>> len(rows), len(rows[0]), rows[0][:7]
(21, 21, bytearray(b'\\x01\\x01\\x01\\x01\\x01\\x01\\x01'))
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import segno
from segno import consts
from segno import encoder as seg

_PATTERN = np.array([1, 0, 1, 1, 1, 0, 1], dtype=np.uint8)  # N3: dark-light-dark×3-light-dark (1:1:3:1:1)


def modules(payload: str) -> tuple[bytearray, ...]:
    """Rows of the QR code of ``payload`` (1 = dark), identical to ``segno.make(payload, error="m", ...)``."""
    code = segno.make(payload, error="m", boost_error=False, micro=False, encoding="utf-8", mask=0)
    n = len(code.matrix)
    region, function, masks = _layout(n)
    final = np.frombuffer(b"".join(code.matrix), dtype=np.uint8).reshape(n, n).copy()
    data = final[region] ^ masks[0][region]           # the unmasked codeword bits
    # Scored before the format and version information go in (§7.8): those areas are light meanwhile.
    candidates = np.broadcast_to(function, (8, n, n)).copy()
    candidates[:, region] = data ^ masks[:, region]
    best = int(np.argmin(penalties(candidates)))
    final[region] = candidates[best][region]
    rows = tuple(bytearray(row.tobytes()) for row in final)
    if best:
        seg.add_format_info(rows, code.version, consts.ERROR_LEVEL_M, best)
    return rows


def penalties(stack: np.ndarray) -> np.ndarray:
    """Penalty N1 + N2 + N3 + N4 of each k×n×n candidate (1 = dark), as ``segno.encoder.evaluate_mask``."""
    k, n, _ = stack.shape
    lines = np.concatenate((stack, stack.transpose(0, 2, 1)), axis=1)   # rows, then columns: k×2n×n
    # N1: 3 + (length − 5) for each run of ≥ 5 same-coloured modules in a row or column.
    flat = lines.reshape(-1)
    starts = np.ones(flat.size, dtype=bool)
    starts[1:] = flat[1:] != flat[:-1]
    starts[::n] = True                                 # a run never spans two lines
    where = np.flatnonzero(starts)
    length = np.diff(np.append(where, flat.size))
    long = length >= 5
    n1 = np.bincount(where[long] // (2 * n * n), weights=length[long] - 2, minlength=k)
    # N2: 3 for each 2×2 block of one colour (overlapping blocks count each).
    same = (stack[:, :-1, :-1] == stack[:, :-1, 1:]) & (stack[:, :-1, :-1] == stack[:, 1:, :-1]) \
        & (stack[:, :-1, :-1] == stack[:, 1:, 1:])
    n2 = 3 * same.sum(axis=(1, 2))
    n3 = 40 * _finder_like(lines, n)
    # N4: 10 per 5 % of deviation of the dark share from 50 %, with segno's float arithmetic.
    dark = stack.sum(axis=(1, 2), dtype=np.int64)
    n4 = np.array([10 * int(abs(float(d) / n ** 2 * 100 - 50) / 5) for d in dark])
    return n1.astype(np.int64) + n2 + n3 + n4


def _finder_like(lines: np.ndarray, n: int) -> np.ndarray:
    """N3 count per candidate: 1011101 with four light modules before or after it (outside the symbol is light)."""
    k, m, _ = lines.shape
    dark = np.zeros((k, m, n + 8), dtype=bool)
    dark[:, :, 4:-4] = lines
    light = ~dark
    at = [dark[..., s:s + n - 6] if bit else light[..., s:s + n - 6] for s, bit in enumerate(_PATTERN, start=4)]
    match = at[0] & at[1] & at[2] & at[3] & at[4] & at[5] & at[6]        # pattern starting at each module
    before = light[..., 0:n - 6] & light[..., 1:n - 5] & light[..., 2:n - 4] & light[..., 3:n - 3]
    after = light[..., 11:n + 5] & light[..., 12:n + 6] & light[..., 13:n + 7] & light[..., 14:n + 8]
    counted = match & (before | after)
    total = counted.sum(axis=(1, 2))
    # segno resumes its search 7 modules after a counted pattern, so a pattern overlapping it (4 or 6 on) is
    # not looked at; replay its scan on the rare lines where that happens.
    clash = (counted[..., :-4] & match[..., 4:]).any(axis=-1) | (counted[..., :-6] & match[..., 6:]).any(axis=-1)
    for c, line in zip(*np.nonzero(clash)):
        total[c] += _scan(match[c, line], counted[c, line]) - counted[c, line].sum()
    return total


def _scan(match: np.ndarray, counted: np.ndarray) -> int:
    """Count patterns as segno's ``n3_pattern_occurrences`` does: after a counted one, go on 7 further, else 4."""
    total, start = 0, 0
    for idx in np.flatnonzero(match):
        if idx < start:
            continue
        if counted[idx]:
            total, start = total + 1, idx + 7
        else:
            start = idx + 4
    return total


@lru_cache(maxsize=None)
def _layout(n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(data region, function modules with blank format/version areas, the 8 mask patterns) of an n×n symbol,
    built by segno's own routines so that the region is exactly what its masks apply to."""
    blank = seg.make_matrix(n, n)
    seg.add_finder_patterns(blank, n, n)
    seg.add_alignment_patterns(blank, n, n)
    function = np.frombuffer(b"".join(blank), dtype=np.uint8).reshape(n, n)
    region = function > 1
    i, j = np.indices((n, n))
    masks = np.array([(i + j) % 2 == 0, i % 2 == 0, j % 3 == 0, (i + j) % 3 == 0, (i // 2 + j // 3) % 2 == 0,
                      (i * j) % 2 + (i * j) % 3 == 0, ((i * j) % 2 + (i * j) % 3) % 2 == 0,
                      ((i + j) % 2 + (i * j) % 3) % 2 == 0], dtype=np.uint8)
    for array in (region, function, masks):
        array.flags.writeable = False
    return region, function, masks
