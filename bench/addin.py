"""Benchmark: how soon a ribbon click shows something, measured the way RunPython runs a button (issue 16).

Each button gets a fresh interpreter that has already imported xlwings (RunPython's bootstrap, or the COM server's
interpreter with USE UDF SERVER), then times ``import addin.ribbon`` (cold: nothing of Comptoir imported yet) and
the call ``addin.ribbon.<button>(book)`` up to its first status-bar message or message box, over the real
invoicing template (tests/addin/fake_excel.py answers in xlwings' shapes). The run stops at that first feedback:
what comes after is the command's own work, measured by the other benches.

    .venv/bin/python bench/addin.py            # goals: cold import <= 0.2 s, click -> first message <= 0.3 s
"""
from __future__ import annotations

import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

_PROBE = r'''
import json, shutil, sys, tempfile, time
from pathlib import Path
import xlwings  # already loaded in the interpreter RunPython uses
from tests.addin.fake_excel import FakeApp, FakeBook

class Feedback(BaseException):
    pass

marks = {}
def shown(*_):
    marks.setdefault("feedback", time.perf_counter())
    raise Feedback
FakeApp.__setattr__ = lambda self, key, value: shown() if key == "status_bar" and hasattr(self, "alerts") \
    else object.__setattr__(self, key, value)
FakeApp.alert = lambda self, *a, **k: shown()
folder = Path(tempfile.mkdtemp())
path = folder / "invoicing.xlsx"
shutil.copy(Path(sys.argv[2]) / "workbook_templates" / "invoicing.xlsx", path)
book = FakeBook.from_file(path)
assert not [m for m in sys.modules if m == "engine" or m.startswith(("engine.", "addin"))]
started = time.perf_counter()
import addin.ribbon
imported = time.perf_counter()
try:
    getattr(addin.ribbon, sys.argv[1])(book)
except Feedback:
    pass
shutil.rmtree(folder)
print(json.dumps({"import": imported - started, "feedback": marks.get("feedback", float("nan")) - imported}))
'''


def probe(function: str) -> dict:
    done = subprocess.run([sys.executable, "-c", _PROBE, function, str(ROOT)], capture_output=True, text=True,
                          cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": ""}, check=False)
    if done.returncode:
        raise SystemExit(f"{function}: {done.stderr[-800:]}")
    return json.loads(done.stdout.splitlines()[-1])


def main() -> None:
    from addin.ribbon import COMMANDS

    results = {command.function: probe(command.function) for command in COMMANDS}
    for function, result in results.items():
        print(f"{function:22} import {result['import'] * 1000:6.1f} ms   click -> first message "
              f"{result['feedback'] * 1000:6.2f} ms")
    imports = [r["import"] for r in results.values()]
    feedback = [r["feedback"] for r in results.values()]
    print(f"cold import of addin.ribbon: median {statistics.median(imports) * 1000:.1f} ms, "
          f"max {max(imports) * 1000:.1f} ms (goal <= 200 ms)")
    print(f"click -> first status-bar message: median {statistics.median(feedback) * 1000:.1f} ms, "
          f"max {max(feedback) * 1000:.2f} ms (goal <= 300 ms)")


if __name__ == "__main__":
    main()
