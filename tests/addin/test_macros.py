"""The ribbon XML, the VBA and the Python commands agree: every onAction names a VBA sub, every sub only calls
RunPython with a function that exists in addin/ribbon.py, and every command has a button."""
from __future__ import annotations

import re

from lxml import etree

from addin import ribbon
from tests.conftest import ROOT

MACROS = ROOT / "macros"
CUSTOM_UI = "{http://schemas.microsoft.com/office/2006/01/customui}"
SUB = re.compile(r"^(?:Public\s+)?Sub\s+(\w+)\s*\(([^)]*)\)\s*$(.*?)^End Sub", re.M | re.S | re.I)


def vba():
    text = (MACROS / "Comptoir.bas").read_text("utf-8")
    module = re.search(r'^Attribute VB_Name = "(\w+)"', text, re.M)[1]
    return module, {m[1]: (m[2], m[3]) for m in SUB.finditer(text)}


def buttons():
    tree = etree.parse(str(MACROS / "customUI.xml"))
    assert tree.getroot().tag == f"{CUSTOM_UI}customUI"
    tabs = tree.findall(f".//{CUSTOM_UI}tab")
    assert [t.get("label") for t in tabs] == ["Comptoir"]
    return tree.findall(f".//{CUSTOM_UI}button")


def test_every_on_action_names_a_vba_sub_taking_the_ribbon_control():
    module, subs = vba()
    found = buttons()
    assert found
    ids = [b.get("id") for b in found]
    assert len(ids) == len(set(ids))
    for button in found:
        target_module, _, sub = button.get("onAction").partition(".")
        assert target_module == module, button.get("onAction")
        assert sub in subs, f"{button.get('label')}: no VBA sub {sub}"
        assert re.fullmatch(r"\s*control\s+As\s+IRibbonControl\s*", subs[sub][0], re.I)


def test_every_vba_sub_only_runs_an_existing_python_command():
    _, subs = vba()
    for name, (_, body) in subs.items():
        lines = [line.strip() for line in body.strip().splitlines() if line.strip() and not line.strip().startswith("'")]
        assert len(lines) == 1, f"{name} must only call RunPython"
        call = re.fullmatch(r'RunPython "import addin\.ribbon; addin\.ribbon\.(\w+)\(\)"', lines[0])
        assert call, lines[0]
        assert callable(getattr(ribbon, call[1], None)), f"{name}: addin.ribbon.{call[1]} does not exist"


def test_every_command_has_its_button_and_sub():
    _, subs = vba()
    actions = {b.get("onAction").split(".")[1]: b.get("label") for b in buttons()}
    for command in ribbon.COMMANDS:
        assert actions.get(command.vba_sub) == command.label
        assert f"addin.ribbon.{command.function}()" in subs[command.vba_sub][1]
    assert len(actions) == len(ribbon.COMMANDS)


def test_the_later_issues_buttons_are_there():
    labels = {b.get("label") for b in buttons()}
    for wanted in ("New document", "Print / PDF", "Record payment", "Post", "Import bank files", "Reconcile",
                   "Payment file", "Reports", "Mandate status"):
        assert wanted in labels


OFFICE_LISTS = ROOT / "tests" / "data" / "office"  # Microsoft's published control identifiers (PROVENANCE.md there)


def published(name: str) -> set[str]:
    return set((OFFICE_LISTS / name).read_text().split())


def test_every_image_is_a_published_image_mso():
    """Each ``imageMso`` is a control name in Microsoft's lists; preferably Excel's own, the rest Access's or
    Outlook's (icons are shared across Office). A name in none of them shows no icon."""
    images = set(re.findall(r'imageMso="(\w+)"', (ROOT / "macros" / "customUI.xml").read_text()))
    office = published("excel-m365.txt") | published("access-m365.txt") | published("outlook-explorer-m365.txt")
    assert len(images) >= 15 and images <= office, images - office


def test_the_icons_of_excel_commands_exist_in_excel_2016_too():
    """Excel 2016/2019 users (no Microsoft 365): an Excel control's icon the ribbon uses is in Excel 2016's list."""
    images = set(re.findall(r'imageMso="(\w+)"', (ROOT / "macros" / "customUI.xml").read_text()))
    excel_365 = images & published("excel-m365.txt")
    assert excel_365 and excel_365 <= published("excel-2016.txt"), excel_365 - published("excel-2016.txt")
