"""Every third-party module the engine and the add-in import is a declared runtime dependency (the demo once
failed on a fresh install because a module came only with the test extras)."""
from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions

from tests.conftest import ROOT


def _imported_top_modules(folders=("engine", "addin")) -> set[str]:
    names = set()
    for folder in folders:
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names |= {alias.name.split(".")[0] for alias in node.names}
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - {"engine", "addin", "tests", "bench", "__future__"}


def _declared(extra: str | None = None) -> set[str]:
    """Distributions installed by ``pip install comptoir`` (or ``comptoir[extra]``, following comptoir[other])."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    specs = list(project["dependencies"])
    pending = [extra] if extra else []
    while pending:
        for spec in project["optional-dependencies"][pending.pop()]:
            if spec.startswith("comptoir["):
                pending.append(spec[len("comptoir["):spec.index("]")])
            else:
                specs.append(spec)
    return {re.split(r"[\[<>=!~; ]", spec, maxsplit=1)[0].lower().replace("_", "-") for spec in specs}


def test_runtime_imports_are_declared_dependencies():
    owners = packages_distributions()
    # Windows-only modules the add-in imports where Excel runs (xlwings brings them there).
    windows_only = {"pythoncom", "pywintypes", "win32com"}
    missing = {}
    for module in _imported_top_modules() - windows_only:
        distributions = {d.lower().replace("_", "-") for d in owners.get(module, [module])}
        if not distributions & _declared():
            missing[module] = sorted(distributions)
    assert missing == {}, f"imported but not in [project] dependencies: {missing}"


def test_benchmark_imports_are_in_the_bench_extra():
    """bench/documents.py once needed cairosvg, which nothing installed; bench/fuzz.py needs the fuzz extra."""
    owners = packages_distributions()
    missing = {}
    local = {path.stem for folder in ("bench", "tests") for path in (ROOT / folder).rglob("*.py")}  # on sys.path
    for module in _imported_top_modules(("bench",)) - local - {"atheris"}:
        distributions = {d.lower().replace("_", "-") for d in owners.get(module, [module])}
        if not distributions & _declared("bench"):
            missing[module] = sorted(distributions)
    assert missing == {}, f"imported by bench/ but not in the bench extra: {missing}"
    assert "atheris" in _declared("fuzz")
