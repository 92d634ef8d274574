"""How long `comptoir --help` takes against `comptoir id --help` (issue 21, item 9): fresh interpreters, median of
N runs. Usage: python bench/cli_help.py [N]"""
from __future__ import annotations

import statistics
import subprocess
import sys
import time


def median_seconds(args: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "engine.cli", *args], capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


if __name__ == "__main__":
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    for args in (["--help"], ["id", "--help"], ["post", "--help"]):
        print(f"comptoir {' '.join(args):14} {median_seconds(args, runs):.3f} s (median of {runs})")
