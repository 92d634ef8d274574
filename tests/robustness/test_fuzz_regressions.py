"""Every crashing input the fuzzers found (tests/robustness/regressions/<target>/*.bin) now reads or is refused
with a ComptoirError. Each file names the bug it caught; the fix is listed in regressions/README.md."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.robustness.regressions.targets import TARGETS, regressions, run

CASES = [(name, path) for name in TARGETS for path in regressions(name)]


@pytest.mark.parametrize(("target", "path"), CASES, ids=[f"{n}/{p.stem}" for n, p in CASES])
def test_kept_crash_input_is_handled(target, path):
    run(target, path.read_bytes())


def test_the_crashes_found_are_kept():
    assert len(CASES) >= 4


@pytest.mark.parametrize("path", [p for p in regressions("camt") if p.name.startswith("oom-")], ids=lambda p: p.stem)
def test_inputs_libfuzzer_ran_out_of_memory_on_are_refused_in_bounded_memory(path):
    """libFuzzer's 4 GiB limit was hit during a session on these (memory grown over millions of inputs); alone each
    must be refused (not well-formed) with a few MiB, not the hundreds a runaway read would take."""
    import tracemalloc

    tracemalloc.start()
    try:
        run("camt", path.read_bytes())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20 * 2**20


def test_the_fuzz_script_keeps_libfuzzer_artefacts_out_of_the_checkout(monkeypatch, tmp_path):
    """bench/fuzz.py runs each worker in a temporary folder and points -artifact_prefix there (oom-* files were
    once committed at the top of the repository)."""
    import importlib.util
    import subprocess

    from tests.conftest import ROOT
    spec = importlib.util.spec_from_file_location("fuzz_script", ROOT / "bench" / "fuzz.py")
    fuzz = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fuzz)
    calls = []

    def fake_run(args, **kwargs):
        calls.append((args, kwargs))
        return subprocess.CompletedProcess(args, 0, stdout="", stderr="Done 10 runs in 1 second(s)")
    monkeypatch.setattr(fuzz.subprocess, "run", fake_run)
    assert fuzz.session("qr_payload", 1, tmp_path)[0] == 10
    (args, kwargs), = calls
    assert Path(kwargs["cwd"]).resolve() != ROOT.resolve() and ROOT.resolve() not in Path(kwargs["cwd"]).resolve().parents
    assert args[args.index("--artefacts") + 1] == str(tmp_path / "qr_payload")
