"""``comptoir addin install``: write the config the Comptoir Excel add-in reads (interpreter, PYTHONPATH, UDFs);
``comptoir addin build OUT.xlam``: build the add-in itself from ``macros/`` (``addin/xlam.py``).

The add-in is xlwings' custom add-in with ``PROJECT_NAME = "comptoir"``; its VBA (``GetConfig``) reads a user
config file of ``"KEY","VALUE"`` lines (VBA's ``Write #`` format) at ``%USERPROFILE%\\.comptoir\\comptoir.conf`` on
Windows and ``~/Library/Containers/com.microsoft.Excel/Data/comptoir.conf`` on macOS (the Excel sandbox). Keys
already in the file are kept; ours are replaced. This module writes text only: it never imports xlwings.

VBA's ``Input #`` reads the file in the Windows ANSI code page, so on Windows the file is written the way xlwings'
``config create`` writes it there (``open(path, "w")``: the locale's ANSI code page), never UTF-8: a UTF-8
``C:\\Users\\Zoé`` reads back as ``ZoÃ©`` and the interpreter is not found. A path the code page cannot hold is
refused. On macOS xlwings (and Excel's VBA) use UTF-8.

``--xlam FILE`` also copies the add-in into Excel's per-user startup folder (XLSTART; what ``xlwings addin
install`` does), a trusted location: Excel opens it at start with its macros enabled, and the copy carries no
Mark of the Web (the Zone.Identifier stream of a downloaded file is not copied).

>>> render({"INTERPRETER_WIN": r"C:\\py\\python.exe", "UDF MODULES": "addin.udfs"})
'"INTERPRETER_WIN","C:\\\\py\\\\python.exe"\\r\\n"UDF MODULES","addin.udfs"\\r\\n'
"""
from __future__ import annotations

import locale
import os
import re
import shutil
import sys
import zipfile
from pathlib import Path, PureWindowsPath

from engine.errors import ComptoirError
from engine.i18n import tr

PROJECT = "comptoir"
UDF_MODULES = "addin.udfs"
_LINE = re.compile(r'^\s*"((?:[^"]|"")*)"\s*,\s*"((?:[^"]|"")*)"\s*$')


def register(subparsers) -> None:
    parser = subparsers.add_parser("addin", help="the Excel add-in (ribbon and formula functions)")
    sub = parser.add_subparsers(dest="addin_command", metavar="ACTION", required=True)
    p = sub.add_parser("install", help="write the add-in's config: this Python, this checkout, the UDF module")
    p.add_argument("--interpreter", default=sys.executable, help="the Python Excel starts (default: this one)")
    p.add_argument("--pythonpath", default=str(Path(__file__).resolve().parents[2]),
                   help="the folder holding engine/ and addin/ (default: this checkout)")
    p.add_argument("--platform", choices=["win", "mac"], default="mac" if sys.platform == "darwin" else "win",
                   help="whose Excel reads the config (default: this machine's)")
    p.add_argument("--config", type=Path, help="write this file instead of the per-user one")
    p.add_argument("--xlam", type=Path, help="also copy this comptoir.xlam into Excel's startup folder (XLSTART)")
    p.add_argument("--startup", type=Path, help="the startup folder to copy it to (default: this user's)")
    p.set_defaults(run=run_install)
    p = sub.add_parser("build", help="build comptoir.xlam from macros/ and xlwings' add-in template")
    p.add_argument("out", type=Path, metavar="OUT.xlam", help="the add-in file to write (replaced atomically)")
    p.add_argument("--template", type=Path, help="an xlwings quickstart add-in (default: the installed xlwings')")
    p.add_argument("--language", choices=("en", "fr", "de", "it"),
                   help="the ribbon's labels and tooltips (default: the system's language, LANG)")
    p.set_defaults(run=run_build)


def config_path(platform: str, home: Path | None = None) -> Path:
    """Where the add-in's VBA looks for the per-user config (xlwings ``GetConfigFilePath``)."""
    if platform == "mac":
        base = home or Path.home()
        return base / "Library" / "Containers" / "com.microsoft.Excel" / "Data" / f"{PROJECT}.conf"
    base = home or Path(os.environ.get("USERPROFILE") or Path.home())
    return base / f".{PROJECT}" / f"{PROJECT}.conf"


def startup_folder(platform: str, home: Path | None = None) -> Path:
    """Excel's per-user startup folder: a trusted location by default, so an add-in there runs its macros."""
    if platform == "mac":
        return ((home or Path.home()) / "Library" / "Group Containers" / "UBF8T346G9.Office" / "User Content.localized"
                / "Startup.localized" / "Excel")
    appdata = Path(os.environ["APPDATA"]) if home is None and os.environ.get("APPDATA") else \
        (home or Path.home()) / "AppData" / "Roaming"
    return appdata / "Microsoft" / "Excel" / "XLSTART"


def config_encoding(platform: str) -> str:
    """The code page the add-in's VBA reads the config in: the ANSI code page on Windows (cp1252 for a Windows
    in a Swiss language when written from another OS), UTF-8 on macOS."""
    if platform == "mac":
        return "utf-8"
    if sys.platform == "win32":
        return locale.getencoding()  # the ANSI code page even in Python's UTF-8 mode
    return "cp1252"


def settings(interpreter: str, pythonpath: str, platform: str) -> dict[str, str]:
    key = "INTERPRETER_MAC" if platform == "mac" else "INTERPRETER_WIN"
    if platform == "win" and PureWindowsPath(interpreter).name.lower() == "python.exe":
        # pythonw.exe runs RunPython without flashing a console window (what xlwings' own installer writes)
        interpreter = str(PureWindowsPath(interpreter).with_name("pythonw.exe"))
    config = {key: interpreter, "PYTHONPATH": pythonpath, "UDF MODULES": UDF_MODULES}
    if platform == "win":
        # RunPython then reuses the COM server's Python (xlwings BSD): a click no longer starts an interpreter
        config["USE UDF SERVER"] = "True"
    return config


def parse(text: str, where: str = "") -> dict[str, str]:
    """The keys of an existing config file; a line that is not ``"KEY","VALUE"`` is refused with its number."""
    found = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = _LINE.match(line)
        if not match:
            raise ComptoirError(tr('{where}: line {number} is not "KEY","VALUE": {line}', where=where, number=number,
                                   line=repr(line[:60])),
                                tr("fix or delete that line, then run comptoir addin install again"))
        found[match[1].replace('""', '"')] = match[2].replace('""', '"')
    return found


def render(config: dict[str, str]) -> str:
    """VBA ``Write #`` lines, CRLF as VBA writes them on both platforms."""
    return "".join(f'"{k.replace(chr(34), chr(34) * 2)}","{v.replace(chr(34), chr(34) * 2)}"\r\n'
                   for k, v in config.items())


def _decode(raw: bytes, encoding: str) -> str:
    """An existing config: UTF-8 when it is (what Comptoir wrote before), else the code page VBA reads."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode(encoding, errors="replace")


def install(path: Path, interpreter: str, pythonpath: str, platform: str) -> dict[str, str]:
    """Merge our settings into the config file at ``path``; returns the whole config written."""
    encoding = config_encoding(platform)
    existing = parse(_decode(path.read_bytes(), encoding), str(path)) if path.exists() else {}
    config = {**existing, **settings(interpreter, pythonpath, platform)}
    for key, value in config.items():
        try:
            value.encode(encoding)
        except UnicodeEncodeError as error:
            raise ComptoirError(tr("{path}: {key} {value} has {character}, which Excel's VBA cannot read (it reads "
                                   "this file in the Windows code page {encoding})", path=path, key=key,
                                   value=repr(value), character=repr(value[error.start]), encoding=encoding),
                                tr("put Python and the Comptoir folder in a path with only characters of that code "
                                   "page (e.g. C:\\comptoir)")) from None
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_bytes(render(config).encode(encoding))
    os.replace(temporary, path)
    return config


def install_xlam(xlam: Path, folder: Path) -> Path:
    """Copy the add-in into the startup folder (content only: no Mark of the Web), atomically."""
    if xlam.suffix.lower() != ".xlam" or not xlam.is_file():
        raise ComptoirError(tr("{xlam}: no such add-in file", xlam=xlam),
                            tr("build it first: comptoir addin build comptoir.xlam"))
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / xlam.name
    temporary = folder / f"~{xlam.name}.tmp"
    try:
        with xlam.open("rb") as source, temporary.open("wb") as copy:
            shutil.copyfileobj(source, copy)
        os.replace(temporary, target)
    except PermissionError:  # Windows keeps an open add-in locked: Excel is running with the old one loaded
        temporary.unlink(missing_ok=True)
        raise ComptoirError(tr("{target} is in use, so it cannot be replaced (Excel has it open)", target=target),
                            tr("close every Excel window, then run the command again")) from None
    return target


def run_install(args) -> int:
    if not (Path(args.pythonpath) / "addin" / "udfs.py").exists():
        raise ComptoirError(tr("{folder} holds no addin/udfs.py", folder=args.pythonpath),
                            tr("give --pythonpath the folder of the Comptoir checkout"))
    path = args.config or config_path(args.platform)
    config = install(path, args.interpreter, args.pythonpath, args.platform)
    print(tr("wrote {path}", path=path))
    for key, value in config.items():
        print(f"  {key} = {value}")
    if args.xlam:
        target = install_xlam(args.xlam, args.startup or startup_folder(args.platform))
        print(tr("copied the add-in to {target} (Excel's startup folder, trusted): restart Excel, the Comptoir tab "
                 "appears", target=target))
    else:
        print(tr("Next: comptoir addin install --xlam comptoir.xlam (copies it to Excel's startup folder); "
                 "see addin/README.md."))
    return 0


def run_build(args) -> int:
    if args.out.suffix.lower() != ".xlam":
        raise ComptoirError(tr("{out}: an add-in file must end in .xlam", out=args.out), tr("name it comptoir.xlam"))
    try:
        from addin import xlam  # reads VBA with oletools: a build-time need only
    except ImportError as error:
        raise ComptoirError(tr("building the add-in needs {module}", module=error.name),
                            tr("pip install oletools")) from error
    try:
        names = xlam.build(args.out, template=args.template, language=args.language)
    except (zipfile.BadZipFile, OSError) as error:   # a template that is not a zip, or holds no OLE VBA project
        raise ComptoirError(tr("{template}: not an xlwings add-in template ({error})",
                               template=args.template or xlam.template_path(), error=error),
                            tr("use quickstart_addin_ribbon.xlam of xlwings 0.37.8")) from error
    print(tr("wrote {out}: VBA modules {modules}; ribbon from macros/customUI.xml", out=args.out,
             modules=", ".join(names)))
    print(tr("Verified on Linux by olevba and LibreOffice only; see addin/README.md before shipping it."))
    return 0
