"""xlwings' own UDF machinery on Linux (DESIGN.md "Facts measured"): the Windows-only modules are stubbed, the real
``xlwings.udfs`` decorators build the ``__xlfunc__`` metadata, and the real ``xlwings.udfs.call_udf`` converts the
arguments and the result, as the COM server does when Excel calls a formula.

What Excel would hand over is imitated as pywin32 hands it: a range argument is a COM Range whose ``Value`` is a
scalar for one cell and a tuple of row tuples otherwise, empty cells are None, numbers floats; an omitted optional
argument is pythoncom's "missing" marker. The data cleaning of the Windows engine (``_clean_value_data_element``,
``Engine.clean_value_data`` / ``prepare_xl_data_element``) is compiled from xlwings' own ``_xlwindows.py`` source,
so the conversion is the one Excel users get, not a rewrite of it. xlwings is pinned: these are internals.
"""
from __future__ import annotations

import ast
import datetime as dt
import importlib
import sys
import types
from pathlib import Path

MISSING = -2147352572  # what COM passes for an omitted optional argument (udfs.call_udf tests this value)
_WINDOWS_NAMES = ("cell_errors", "_com_time_to_datetime", "_clean_value_data_element")


class ComRange:
    """A COM Range as pywin32 presents it: ``Value`` is a scalar for one cell, a tuple of row tuples otherwise."""

    def __init__(self, rows):
        rows = [list(r) for r in rows] if isinstance(rows, (list, tuple)) else [[rows]]
        self.rows = rows
        self.Value = rows[0][0] if len(rows) == 1 and len(rows[0]) == 1 else tuple(tuple(r) for r in rows)


def _windows_cleaning(namespace: dict) -> type:
    """The Windows engine's cleaning functions, compiled from xlwings/_xlwindows.py (which imports win32 DLLs)."""
    import xlwings
    source = (Path(xlwings.__file__).parent / "_xlwindows.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    keep = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name in _WINDOWS_NAMES:
            keep.append(node)
        elif isinstance(node, ast.Assign) and any(getattr(t, "id", "") in _WINDOWS_NAMES for t in node.targets):
            keep.append(node)
        elif isinstance(node, ast.ClassDef) and node.name == "Engine":
            methods = [n for n in node.body if isinstance(n, ast.FunctionDef)
                       and n.name in ("name", "type", "prepare_xl_data_element", "clean_value_data")]
            keep.append(ast.ClassDef(name="Engine", bases=[], keywords=[], body=methods, decorator_list=node.decorator_list))
    module = ast.Module(body=keep, type_ignores=[])
    exec(compile(ast.fix_missing_locations(module), "xlwings/_xlwindows.py (excerpt)", "exec"), namespace)
    return namespace["Engine"]


def _stub_modules() -> types.ModuleType:
    pythoncom = types.ModuleType("pythoncom")
    pythoncom.CoInitialize = lambda: None
    pywintypes = types.ModuleType("pywintypes")
    pywintypes.com_error = type("com_error", (Exception,), {})
    pywintypes.TimeType = dt.datetime  # pywin32's time type is a datetime subclass
    pywintypes.IID = str
    win32com = types.ModuleType("win32com")
    client = types.ModuleType("win32com.client")
    client.Dispatch = lambda obj: obj
    win32com.client = client
    com_server = types.ModuleType("xlwings.com_server")
    com_server.loop = None  # only async UDFs use the COM server's loop; ours are synchronous

    try:
        import numpy as np
    except ImportError:  # pragma: no cover
        np = None
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover
        pd = None
    namespace = {"dt": dt, "np": np, "pd": pd, "time_types": (dt.date, dt.datetime),
                 # Excel gets dates as COM times; the naive datetime is what pywin32 converts.
                 "_datetime_to_com_time": lambda value: value if isinstance(value, dt.datetime)
                 else dt.datetime(value.year, value.month, value.day)}
    engine_class = _windows_cleaning(namespace)

    windows = types.ModuleType("xlwings._xlwindows")
    windows.BOOK_CALLER = None
    windows.engine = engine_class()

    class RangeImpl:
        """Just enough of xlwings._xlwindows.Range for call_udf: raw_value and the way to the engine."""

        max_cells_per_read = None
        max_cells_per_write = None

        def __init__(self, xl=None):
            self.xl = xl
            app = types.SimpleNamespace(engine=windows.engine, pid=0)
            self.sheet = types.SimpleNamespace(book=types.SimpleNamespace(app=app))

        @property
        def raw_value(self):
            return self.xl.Value if self.xl is not None else None

    windows.Range = RangeImpl
    windows.is_range_instance = lambda value: isinstance(value, ComRange)
    sys.modules.update({"pythoncom": pythoncom, "pywintypes": pywintypes, "win32com": win32com,
                        "win32com.client": client, "xlwings._xlwindows": windows,
                        "xlwings.com_server": com_server})
    return windows


def install():
    """Stub Windows, register the Windows cleaning as the "excel" engine, make ``xw.func`` & co. real."""
    import xlwings as xw
    if "xlwings.udfs" not in sys.modules:
        windows = _stub_modules()
        import xlwings._xlwindows  # noqa: F401 - the stub, so attribute access on the package works
        xw._xlwindows = windows
        from xlwings import udfs
        if "excel" not in [engine.name for engine in xw.engines]:
            xw.engines.add(xw.Engine(impl=windows.engine))
        xw.func, xw.arg, xw.ret, xw.sub = udfs.xlfunc, udfs.xlarg, udfs.xlret, udfs.xlsub
    return sys.modules["xlwings.udfs"]


def udf_module(name: str = "addin.udfs"):
    """The UDF module imported with the real decorators (reimported once if it was imported without them)."""
    udfs = install()
    module = sys.modules.get(name)
    if module is None or not any(hasattr(getattr(module, a), "__xlfunc__") for a in dir(module)):
        sys.modules.pop(name, None)
        module = importlib.import_module(name)
    udfs.udf_modules.pop(name, None)
    return module


def call(func_name: str, *args, module: str = "addin.udfs"):
    """What Excel shows for ``=FUNC(args)``: xlwings.udfs.call_udf with COM-shaped arguments.

    Pass :class:`ComRange` for range references, plain values for constants typed in the formula, MISSING for an
    omitted optional argument. Returns the value the COM server hands back to Excel (a list of rows)."""
    udfs = install()
    udf_module(module)
    return udfs.call_udf(module, func_name, tuple(args), None, caller=None)


def vba_signatures(module_name: str = "addin.udfs") -> str:
    """The VBA wrapper xlwings generates for Excel (what the function wizard is given)."""
    import io

    udfs = install()
    module = udf_module(module_name)
    out = io.StringIO()
    udfs.generate_vba_wrapper(module_name, module, out, types.SimpleNamespace(Name="comptoir.xlam"))
    return out.getvalue()
