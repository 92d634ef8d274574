"""A longer coverage-guided fuzzing session (issue 10), run by hand: atheris (libFuzzer) on each target of
``tests/robustness/regressions/targets.py``, seeded with the real samples, one subprocess per target.

    .venv/bin/python bench/fuzz.py                 # 60 s per target
    .venv/bin/python bench/fuzz.py --seconds 600 camt xlsx

Prints the inputs tried per target and each distinct crash (exception type + place). A crash is any exception
other than a ComptoirError; its input is written to ``tests/robustness/regressions/<target>/`` as ``new-*.bin``
so the replay test keeps it once the bug is fixed. libFuzzer's own artefacts (``crash-*``, ``oom-*``, ``timeout-*``)
go to a temporary folder printed at the end, never into the checkout: an ``oom-`` file is a session's memory
limit, to be replayed alone (``targets.run``) before it is kept under ``tests/robustness/regressions/<target>/``
with a name saying what it is. Needs ``pip install atheris`` (falls back to nothing).
"""
from __future__ import annotations

import argparse
import hashlib
import os
import re
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def worker(name: str, seconds: int, corpus: Path, artefacts: Path) -> None:
    import atheris

    with atheris.instrument_imports(include=["engine"]):
        from engine.errors import ComptoirError
        from tests.robustness.regressions import targets
    target = targets.TARGETS[name]
    seen: set[str] = set()
    out = targets.HERE / name

    def one_input(data: bytes) -> None:
        try:
            target(data)
        except ComptoirError:
            pass
        except RecursionError:
            raise
        except Exception as error:  # noqa: BLE001 - every other exception is the bug we look for
            frame = traceback.extract_tb(error.__traceback__)[-1]
            key = f"{type(error).__name__} at {Path(frame.filename).name}:{frame.lineno}"
            if key not in seen:
                seen.add(key)
                out.mkdir(exist_ok=True)
                path = out / f"new-{hashlib.sha1(data).hexdigest()[:12]}.bin"
                path.write_bytes(data)
                print(f"CRASH {name}: {key}: {str(error)[:120]} -> {path.relative_to(ROOT)}", flush=True)

    sys.setrecursionlimit(5000)
    atheris.Setup([sys.argv[0], f"-max_total_time={seconds}", "-rss_limit_mb=4096", "-timeout=20",
                   "-max_len=200000", f"-artifact_prefix={artefacts}{os.sep}", str(corpus)], one_input)
    atheris.Fuzz()


def session(name: str, seconds: int, artefacts: Path) -> tuple[int, list[str]]:
    from tests.robustness.regressions import targets

    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder)
        for index, seed in enumerate(targets.seeds(name)):
            (corpus / f"seed{index}").write_bytes(seed)
        started = time.perf_counter()
        (artefacts / name).mkdir(exist_ok=True)
        # cwd is the temporary folder too: whatever libFuzzer writes by default lands there, not in the checkout.
        done = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--worker", name,
                               "--seconds", str(seconds), "--artefacts", str(artefacts / name), str(corpus)],
                              capture_output=True, text=True, cwd=folder, env={**os.environ, "PYTHONPATH": str(ROOT)})
        elapsed = time.perf_counter() - started
    runs = re.findall(r"Done (\d+) runs", done.stderr) or re.findall(r"#(\d+)\s", done.stderr)
    crashes = [line for line in done.stdout.splitlines() if line.startswith("CRASH")]
    if done.returncode and not runs:
        crashes.append(f"worker failed ({done.returncode}): {done.stderr[-600:]}")
    count = int(runs[-1]) if runs else 0
    print(f"{name:11} {count:>9,} inputs in {elapsed:5.0f} s ({count / max(elapsed, 1e-9):,.0f}/s), "
          f"{len(crashes)} crash(es)", flush=True)
    for line in crashes:
        print("   ", line)
    return count, crashes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("targets", nargs="*")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--worker")
    parser.add_argument("--artefacts", type=Path)
    args, rest = parser.parse_known_args()
    if args.worker:
        worker(args.worker, args.seconds, Path(rest[0]) if rest else Path(args.targets[0]), args.artefacts)
        return
    try:
        import atheris  # noqa: F401
    except ImportError:
        sys.exit("atheris is not installed: .venv/bin/pip install atheris (the CI fuzzing uses hypothesis)")
    from tests.robustness.regressions import targets

    names = args.targets or list(targets.TARGETS)
    artefacts = Path(tempfile.mkdtemp(prefix="comptoir-fuzz-"))
    total = 0
    found = 0
    for name in names:
        count, crashes = session(name, args.seconds, artefacts)
        total, found = total + count, found + len(crashes)
    print(f"total      {total:>9,} inputs, {found} distinct crash(es); {args.seconds} s per target")
    kept = sorted(path for path in artefacts.rglob("*") if path.is_file())
    print(f"libFuzzer artefacts: {len(kept)} in {artefacts}" + "".join(f"\n    {path}" for path in kept))


if __name__ == "__main__":
    main()
