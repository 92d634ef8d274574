"""``comptoir addin install`` writes the config file the add-in's VBA (xlwings GetConfigFromFile) reads."""
from __future__ import annotations

import re
from pathlib import Path

from engine.cli import main
from engine.commands import addin
from tests.conftest import ROOT

# VBA's `Input #` reads what `Write #` wrote: "KEY","VALUE" per line, quotes doubled inside values.
VBA_LINE = re.compile(r'^"((?:[^"]|"")*)","((?:[^"]|"")*)"$')


def read_like_vba(path: Path) -> dict:
    raw = path.read_bytes()
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    return {m[1]: m[2] for m in map(VBA_LINE.match, raw.decode().split("\r\n")[:-1])}


def test_install_writes_interpreter_pythonpath_and_udf_module(tmp_path, capsys):
    config = tmp_path / "comptoir.conf"
    status = main(["addin", "install", "--config", str(config), "--platform", "win",
                   "--interpreter", r"C:\Python311\python.exe"])
    assert status == 0
    values = read_like_vba(config)
    assert values == {"INTERPRETER_WIN": r"C:\Python311\pythonw.exe", "PYTHONPATH": str(ROOT),
                      "UDF MODULES": "addin.udfs"}
    assert str(config) in capsys.readouterr().out


def test_install_keeps_other_keys_and_replaces_ours(tmp_path):
    config = tmp_path / "comptoir.conf"
    config.write_bytes(b'"SHOW CONSOLE","True"\r\n"INTERPRETER_MAC","/old/python"\r\n')
    assert main(["addin", "install", "--config", str(config), "--platform", "mac", "--interpreter", "/new/py"]) == 0
    values = read_like_vba(config)
    assert values["SHOW CONSOLE"] == "True" and values["INTERPRETER_MAC"] == "/new/py"


def test_a_damaged_config_is_refused_with_its_line(tmp_path, capsys):
    config = tmp_path / "comptoir.conf"
    config.write_text('"A","1"\nnot a setting\n')
    assert main(["addin", "install", "--config", str(config)]) == 2
    assert "line 2" in capsys.readouterr().err
    assert config.read_text() == '"A","1"\nnot a setting\n'


def test_config_paths_are_where_the_vba_looks(tmp_path):
    assert addin.config_path("win", tmp_path) == tmp_path / ".comptoir" / "comptoir.conf"
    assert addin.config_path("mac", tmp_path) == (tmp_path / "Library" / "Containers" / "com.microsoft.Excel"
                                                 / "Data" / "comptoir.conf")


def test_a_wrong_pythonpath_is_refused(tmp_path, capsys):
    assert main(["addin", "install", "--config", str(tmp_path / "c.conf"), "--pythonpath", str(tmp_path)]) == 2
    assert "addin/udfs.py" in capsys.readouterr().err
