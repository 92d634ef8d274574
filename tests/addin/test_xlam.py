"""``comptoir addin build``: the .xlam written on Linux, proven by readers that are not ours.

Oracles: the [MS-OVBA] §3.2 compression examples (byte for byte), oletools' decompressor and its strict dir-stream
parser (``VBA_Project(relaxed=False)``), olefile for the compound file, olevba for the module sources, the template
as olevba reads it, and LibreOffice's own VBA import (its Basic library lists our modules). Excel is not run here.
"""
from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import olefile
import pytest
from hypothesis import given, settings, strategies as st
from oletools.olevba import VBA_Parser, VBA_Project, decompress_stream

from addin import xlam
from addin.ribbon_words import localized
from engine.i18n import system_language
from engine.cli import main
from engine.commands import addin as addin_command
from engine.errors import InvalidFormat
from tests.conftest import ROOT
from tests.store.office import SOFFICE, needs_soffice

MACROS = ROOT / "macros"
BAS = (MACROS / "Comptoir.bas").read_bytes().decode("cp1252")
EXPECTED_MODULES = ["ThisWorkbook", "Dictionary", "Sheet2", "xlwings", "Comptoir", "xlwings_udfs"]
RED, BLACK = 0, 1                                       # [MS-CFB] §2.6.1 Color Flag


def unpack(data: bytes) -> bytes:
    return bytes(decompress_stream(bytearray(data)))


def macros(path: Path) -> dict[str, str]:
    """Module name → source, as olevba reads them from a workbook."""
    return {name.rsplit(".", 1)[0]: code for _, _, name, code in VBA_Parser(str(path)).extract_macros()}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("xlam") / "comptoir.xlam"
    assert main(["addin", "build", str(out)]) == 0
    return out


# [MS-OVBA] §3.2.1 "No Compression" and §3.2.2 "Normal Compression" examples, as printed in the specification
SPEC_EXAMPLES = [
    (b"abcdefghijklmnopqrstuv.",
     "01 19 b0 00 61 62 63 64 65 66 67 68 00 69 6a 6b 6c 6d 6e 6f 70 00 71 72 73 74 75 76 2e"),
    (b"#aaabcdefaaaaghijaaaaaklaaamnopqaaaaaaaaaaaarstuvwxyzaaa",
     "01 2f b0 00 23 61 61 61 62 63 64 65 82 66 00 70 61 67 68 69 6a 01 38 08 61 6b 6c 00 30 6d 6e 6f 70 06 71 02 70"
     " 04 10 72 73 74 75 76 10 77 78 79 7a 00 3c"),
]


@pytest.mark.parametrize("plain, packed", SPEC_EXAMPLES)
def test_compression_reproduces_the_spec_examples(plain, packed):
    assert xlam.compress(plain) == bytes.fromhex(packed)
    assert unpack(bytes.fromhex(packed)) == plain        # the vector itself, read by oletools


@settings(max_examples=60, deadline=None)
@given(st.one_of(st.binary(max_size=9000),
                 st.lists(st.sampled_from([b"a", b"End Sub\r\n", b"RunPython ", b"\x00", b"xyz"]), max_size=2500)
                 .map(b"".join)))
def test_compression_round_trips_through_oletools(data):
    assert unpack(xlam.compress(data)) == data


def test_compression_of_the_template_sources_round_trips():
    for code in macros(xlam.template_path()).values():
        source = code.encode("cp1252")
        assert unpack(xlam.compress(source)) == source


def _black_height(entries, sid) -> int:
    if sid == olefile.NOSTREAM:
        return 1
    entry = entries[sid]
    left, right = _black_height(entries, entry.sid_left), _black_height(entries, entry.sid_right)
    assert left == right, f"{entry.name}: unequal black heights"
    if entry.color == RED:
        children = (entry.sid_left, entry.sid_right)
        assert all(entries[c].color == BLACK for c in children if c != olefile.NOSTREAM), f"{entry.name}: red-red"
    return left + (entry.color == BLACK)


@pytest.mark.parametrize("count", [1, 2, 3, 4, 7, 12, 33])
def test_compound_file_reads_back_with_olefile(count):
    sizes = [0, 1, 63, 64, 65, 4095, 4096, 4097, 70000]
    streams = {f"S/stream{i}": bytes([i % 251]) * sizes[i % len(sizes)] for i in range(count)}
    streams["TOP"] = b"top-level"
    ole = olefile.OleFileIO(io.BytesIO(xlam.render_cfb(streams)))
    assert sorted("/".join(p) for p in ole.listdir()) == sorted(streams)
    for path, data in streams.items():
        assert ole.openstream(path).read() == data
    entries = ole.direntries
    storages = (olefile.STGTY_ROOT, olefile.STGTY_STORAGE)
    for storage in (e for e in entries if e is not None and e.entry_type in storages):
        assert entries[storage.sid_child].color == BLACK
        _black_height(entries, storage.sid_child)


def test_modules_read_back_by_olevba_equal_the_sources(built):
    ours, template = macros(built), macros(xlam.template_path())
    assert list(ours) == EXPECTED_MODULES
    assert ours["Comptoir"] == BAS
    for name in ("ThisWorkbook", "Dictionary", "Sheet2"):
        assert ours[name] == template[name]
    changed = [(a, b) for a, b in zip(template["xlwings"].splitlines(), ours["xlwings"].splitlines()) if a != b]
    assert changed == [('Public Const PROJECT_NAME As String = "myaddin"',
                        'Public Const PROJECT_NAME As String = "comptoir"')]
    assert len(template["xlwings"]) + 1 == len(ours["xlwings"])
    assert "RibbonMyAddin" in template and "RibbonMyAddin" not in ours


def test_config_file_name_agrees_with_comptoir_addin_install(built):
    code = macros(built)["xlwings"]
    # xlwings' GetConfigFilePath: %USERPROFILE%\.PROJECT_NAME\PROJECT_NAME.conf (Windows), .../Data/PROJECT_NAME.conf
    assert 'Environ("USERPROFILE") & "\\." & PROJECT_NAME & "\\" & PROJECT_NAME & ".conf"' in code
    name = re.search(r'Public Const PROJECT_NAME As String = "(\w+)"', code)[1]
    assert name == addin_command.PROJECT
    assert addin_command.config_path("win", Path("/home/u")).parts[-2:] == (f".{name}", f"{name}.conf")
    assert addin_command.config_path("mac", Path("/home/u")).name == f"{name}.conf"
    # the sample config sheet the VBA looks for when enabled: "_" + PROJECT_NAME + ".conf" (xlwings GetConfig)
    import zipfile
    sheets = re.findall(rb'<sheet name="([^"]+)"', zipfile.ZipFile(built).read("xl/workbook.xml"))
    assert f"_{name}.conf".encode() in sheets and b"_myaddin.conf" not in sheets


def test_vba_project_is_source_only_and_parses_strictly(built):
    with zipfile.ZipFile(built) as package:
        ole = olefile.OleFileIO(io.BytesIO(package.read("xl/vbaProject.bin")))
    assert ole.openstream("VBA/_VBA_PROJECT").read()[:4] == b"\xcc\x61\xff\xff"      # §2.3.4.1, no cache
    assert ole.get_size("VBA/_VBA_PROJECT") == 7
    project = VBA_Project(ole, "", "PROJECT", "VBA/dir", relaxed=False)             # raises on a bad record
    project.parse_project_stream()
    list(project.parse_modules())
    assert [m.name for m in project.modules] == EXPECTED_MODULES
    assert all(m.textoffset == 0 for m in project.modules)
    assert project.module_ext["comptoir"] == "bas" and project.module_ext["xlwings"] == "bas"
    text = ole.openstream("PROJECT").read().decode("cp1252")
    assert "Module=Comptoir\r\n" in text and "RibbonMyAddin" not in text
    assert ole.openstream("PROJECTwm").read().count(b"\x00\x00") >= len(EXPECTED_MODULES)


def test_package_is_valid_with_our_ribbon(built):
    with zipfile.ZipFile(built) as package, zipfile.ZipFile(xlam.template_path()) as template:
        assert package.testzip() is None
        assert package.namelist() == template.namelist()
        for name in package.namelist():
            if name not in ("xl/vbaProject.bin", "customUI/customUI.xml"):
                theirs = template.read(name)
                if name == "xl/workbook.xml":  # the sample config sheet named after our project, nothing else
                    theirs = theirs.replace(b'name="_myaddin.conf"', b'name="_comptoir.conf"')
                assert package.read(name) == theirs, name
        # the ribbon of macros/, its labels and tooltips in the system's language (issue 18)
        assert package.read("customUI/customUI.xml") == \
            localized((MACROS / "customUI.xml").read_bytes(), system_language())
        types = ElementTree.fromstring(package.read("[Content_Types].xml"))
        rels = ElementTree.fromstring(package.read("_rels/.rels"))
    overrides = {e.get("PartName"): e.get("ContentType") for e in types if e.tag.endswith("Override")}
    defaults = {e.get("Extension"): e.get("ContentType") for e in types if e.tag.endswith("Default")}
    assert overrides["/xl/vbaProject.bin"] == "application/vnd.ms-office.vbaProject"
    assert overrides["/xl/workbook.xml"] == "application/vnd.ms-excel.addin.macroEnabled.main+xml"
    assert "/customUI/customUI.xml" in overrides or defaults["xml"] == "application/xml"
    ribbon = [r for r in rels if r.get("Target") == "customUI/customUI.xml"]
    assert ribbon and ribbon[0].get("Type").endswith("/relationships/ui/extensibility")


def test_build_is_reproducible_and_atomic(built, tmp_path):
    again = tmp_path / "comptoir.xlam"
    xlam.build(again)
    assert again.read_bytes() == built.read_bytes()
    bad = tmp_path / "macros"
    bad.mkdir()
    (bad / "Comptoir.bas").write_text("Sub X()\r\nEnd Sub\r\n")
    (bad / "customUI.xml").write_bytes((MACROS / "customUI.xml").read_bytes())
    with pytest.raises(InvalidFormat, match=r"Comptoir\.bas: line 1 is not Attribute VB_Name"):
        xlam.build(again, macros=bad)
    assert again.read_bytes() == built.read_bytes()          # the old add-in is untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["comptoir.xlam", "macros"]


def test_bad_macros_are_refused_with_where_and_how(tmp_path):
    bas = tmp_path / "Comptoir.bas"
    bas.write_text('Attribute VB_Name = "Comptoir"\nSub A()\n    MsgBox "\u20ac \u0101"\nEnd Sub\n', encoding="utf-8")
    with pytest.raises(InvalidFormat, match=r"line 3 has a character Windows-1252 lacks: 'ā'"):
        xlam.read_module(bas)
    bas.write_text('Attribute VB_Name = "Comptoir"\nSub A()\n    MsgBox "\u20ac"\nEnd Sub', encoding="utf-8")
    assert xlam.read_module(bas)[1] == 'Attribute VB_Name = "Comptoir"\r\nSub A()\r\n    MsgBox "€"\r\nEnd Sub\r\n' \
        .encode("cp1252")
    ui = tmp_path / "customUI.xml"
    ui.write_text('<customUI xmlns="http://schemas.microsoft.com/office/2006/01/customui">\n<ribbon>\n</customUI>')
    with pytest.raises(InvalidFormat, match=r"customUI\.xml: line 3, column \d+: mismatched tag"):
        xlam.read_custom_ui(ui)
    ui.write_text("<customUI/>")
    with pytest.raises(InvalidFormat, match="the root is customUI"):
        xlam.read_custom_ui(ui)


def test_cli_refuses_a_non_xlam_name_and_a_missing_template(tmp_path, capsys):
    assert main(["addin", "build", str(tmp_path / "comptoir.xlsm")]) == 2
    assert main(["addin", "build", str(tmp_path / "c.xlam"), "--template", str(tmp_path / "none.xlam")]) == 2
    (tmp_path / "junk.xlam").write_text("not a zip")
    assert main(["addin", "build", str(tmp_path / "c.xlam"), "--template", str(tmp_path / "junk.xlam")]) == 2
    err = capsys.readouterr().err
    assert "must end in .xlam" in err and "none.xlam: no such add-in template" in err
    assert "junk.xlam: not an xlwings add-in template" in err and not (tmp_path / "c.xlam").exists()


@needs_soffice
@pytest.mark.libreoffice
def test_libreoffice_opens_it_and_imports_our_vba_modules(built, tmp_path):
    """LibreOffice's own reader (oox VbaProject) turns the VBA project into a Basic library on load."""
    # the converter exits 0 even when loading failed, so the output is checked; .xlam needs its filter named
    result = subprocess.run([SOFFICE, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/lo",
                             "--infilter=Calc MS Excel 2007 VBA XML", "--convert-to", "ods", "--outdir",
                             str(tmp_path), str(built)], capture_output=True, text=True, timeout=120)
    ods = tmp_path / "comptoir.ods"
    assert ods.exists(), f"LibreOffice could not open the add-in: {result.stdout} {result.stderr}"
    with zipfile.ZipFile(ods) as converted:
        library = ElementTree.fromstring(converted.read(f"Basic/{xlam.VBA_PROJECT_NAME}/script-lb.xml"))
        names = sorted(e.get("{http://openoffice.org/2000/library}name") for e in library)
        comptoir = ElementTree.fromstring(converted.read(f"Basic/{xlam.VBA_PROJECT_NAME}/Comptoir.xml")).text
        xlwings = ElementTree.fromstring(converted.read(f"Basic/{xlam.VBA_PROJECT_NAME}/xlwings.xml")).text
        assert b"table:table " in converted.read("content.xml")
    assert names == sorted(EXPECTED_MODULES)
    lines = comptoir.rstrip("\n").split("\n")
    assert lines[:2] == ["Rem Attribute VBA_ModuleType=VBAModule", "Option VBASupport 1"]
    assert lines[2:] == [line for line in BAS.rstrip("\r\n").split("\r\n") if not line.startswith("Attribute ")]
    assert 'Public Const PROJECT_NAME As String = "comptoir"' in xlwings


def test_the_built_vba_declares_every_udf_as_xlwings_import_functions_would(built):
    """The CH_ functions work the first time Excel opens the add-in: its xlwings_udfs module (read back by olevba)
    is what xlwings' own generate_vba_wrapper writes for addin.udfs (run through the test harness's stubs, not the
    build's), and every public CH_ function of addin/udfs.py is declared with its parameters in order."""
    import inspect

    from addin import udfs as udf_source
    from tests.addin.xlwings_harness import vba_signatures
    code = macros(built)["xlwings_udfs"].replace("\r\n", "\n")
    assert code.startswith('Attribute VB_Name = "xlwings_udfs"\n')
    assert code.endswith(vba_signatures().replace("\r\n", "\n"))
    names = sorted(n for n in dir(udf_source) if n.startswith("CH_") and callable(getattr(udf_source, n)))
    assert len(names) >= 15
    for name in names:
        parameters = inspect.signature(inspect.unwrap(getattr(udf_source, name))).parameters.values()
        declared = ", ".join(("Optional " if p.default is not p.empty else "") + p.name for p in parameters)
        assert f"Function {name}({declared})\n" in code, name
        # the call goes through the add-in's own XLPy with the add-in's workbook (ActiveWorkbook for an .xlam)
        assert f'{name} = XLPy.CallUDF("addin.udfs", "{name}", Array(' in code
    assert code.count("\nFunction CH_") == len(names)
