"""Time budget of the robustness suite (issue 10: CI runs tests/robustness/ in ≤ 5 minutes in total).

Fuzz tests draw ``FUZZ_EXAMPLES`` inputs per target (set ``COMPTOIR_FUZZ_EXAMPLES`` to run longer by hand;
``bench/fuzz.py`` runs the coverage-guided session). Derandomized, so a CI failure replays on any machine.
"""
from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

FUZZ_SCALE = float(os.environ.get("COMPTOIR_FUZZ_SCALE", "1"))

settings.register_profile(
    "robustness", deadline=None, derandomize=True, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])


def fuzz_settings(examples: int):
    """The settings of one fuzz test: ``examples`` inputs in CI, scaled by COMPTOIR_FUZZ_SCALE."""
    return settings(settings.get_profile("robustness"), max_examples=max(1, int(examples * FUZZ_SCALE)))
