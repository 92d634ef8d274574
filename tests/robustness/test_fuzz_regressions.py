"""Every crashing input the fuzzers found (tests/robustness/regressions/<target>/*.bin) now reads or is refused
with a ComptoirError. Each file names the bug it caught; the fix is listed in regressions/README.md."""
from __future__ import annotations

import pytest

from tests.robustness.regressions.targets import TARGETS, regressions, run

CASES = [(name, path) for name in TARGETS for path in regressions(name)]


@pytest.mark.parametrize(("target", "path"), CASES, ids=[f"{n}/{p.stem}" for n, p in CASES])
def test_kept_crash_input_is_handled(target, path):
    run(target, path.read_bytes())


def test_the_crashes_found_are_kept():
    assert len(CASES) >= 4
