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
                      "UDF MODULES": "addin.udfs", "USE UDF SERVER": "True"}
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


def test_a_non_ascii_windows_path_is_written_in_the_ansi_code_page_vba_reads(tmp_path, monkeypatch):
    """VBA's `Input #` decodes the file in the ANSI code page (cp1252 on a Swiss Windows), as xlwings' own
    `config create` writes it (open(path, "w"): the locale's code page). é is one byte 0xE9 there; UTF-8's two bytes
    C3 A9 would read back as "Ã©" and Excel would not find pythonw.exe."""
    monkeypatch.setattr(addin.sys, "platform", "linux")  # written from another OS: the Swiss default, cp1252
    config = tmp_path / "comptoir.conf"
    interpreter = "C:\\Users\\Zoé Müller\\comptoir\\.venv\\Scripts\\python.exe"
    assert main(["addin", "install", "--config", str(config), "--platform", "win", "--interpreter", interpreter]) == 0
    raw = config.read_bytes()
    assert b"Zo\xe9 M\xfcller" in raw and b"\xc3" not in raw
    values = {m[1]: m[2] for m in map(VBA_LINE.match, raw.decode("cp1252").split("\r\n")[:-1])}
    assert values["INTERPRETER_WIN"] == "C:\\Users\\Zoé Müller\\comptoir\\.venv\\Scripts\\pythonw.exe"


def test_a_utf8_config_written_before_is_read_and_rewritten_in_the_code_page(tmp_path):
    config = tmp_path / "comptoir.conf"
    config.write_bytes('"SHOW CONSOLE","True"\r\n"LOG","C:\\Users\\Zoé\\log.txt"\r\n'.encode("utf-8"))
    assert main(["addin", "install", "--config", str(config), "--platform", "win", "--interpreter", "C:\\py.exe"]) == 0
    assert b'"LOG","C:\\Users\\Zo\xe9\\log.txt"\r\n' in config.read_bytes()


def test_a_path_the_code_page_cannot_hold_is_refused_and_the_file_left_alone(tmp_path, capsys):
    config = tmp_path / "comptoir.conf"
    config.write_bytes(b'"A","1"\r\n')
    interpreter = "C:\\Users\\Ștefan\\.venv\\Scripts\\python.exe"  # Ș is not in cp1252
    assert main(["addin", "install", "--config", str(config), "--platform", "win", "--interpreter", interpreter]) == 2
    err = capsys.readouterr().err
    assert "INTERPRETER_WIN" in err and "'Ș'" in err and "cp1252" in err
    assert config.read_bytes() == b'"A","1"\r\n'


def test_mac_config_is_utf8_as_xlwings_writes_it(tmp_path):
    config = tmp_path / "comptoir.conf"
    assert main(["addin", "install", "--config", str(config), "--platform", "mac", "--interpreter", "/Users/zoé/py"]) == 0
    assert '"INTERPRETER_MAC","/Users/zoé/py"\r\n'.encode("utf-8") in config.read_bytes()


def test_xlam_is_copied_into_excels_startup_folder(tmp_path, capsys):
    """XLSTART is a trusted location: the add-in's VBA runs without the Trust Center blocking it."""
    built = tmp_path / "dist" / "comptoir.xlam"
    built.parent.mkdir()
    built.write_bytes(b"PK\x03\x04 an add-in")
    startup = tmp_path / "XLSTART"
    assert main(["addin", "install", "--config", str(tmp_path / "c.conf"), "--xlam", str(built),
                 "--startup", str(startup)]) == 0
    assert (startup / "comptoir.xlam").read_bytes() == b"PK\x03\x04 an add-in"
    assert [p.name for p in startup.iterdir()] == ["comptoir.xlam"]
    assert "XLSTART" in capsys.readouterr().out


def test_default_startup_folders_are_excels(tmp_path, monkeypatch):
    monkeypatch.delenv("APPDATA", raising=False)
    assert addin.startup_folder("win", tmp_path) == tmp_path / "AppData" / "Roaming" / "Microsoft" / "Excel" / "XLSTART"
    assert addin.startup_folder("mac", tmp_path) == (tmp_path / "Library" / "Group Containers" / "UBF8T346G9.Office"
                                                     / "User Content.localized" / "Startup.localized" / "Excel")


def test_a_missing_xlam_is_refused(tmp_path, capsys):
    assert main(["addin", "install", "--config", str(tmp_path / "c.conf"), "--xlam", str(tmp_path / "no.xlam"),
                 "--startup", str(tmp_path / "s")]) == 2
    assert "comptoir addin build" in capsys.readouterr().err
