"""Where the demo is built: an empty folder, or — asked for with ``--force`` — one whose earlier demo is removed first.
A second ``comptoir demo DIR`` replaced both books with empty ones and then stopped on the mandate already there;
now nothing is touched unless the user said so."""
from __future__ import annotations

import shutil
from pathlib import Path

from engine.errors import ComptoirError
from engine.i18n import tr

# what a demo run writes in its folder (engine/demo/*): nothing else is ever removed
OUTPUTS = ("invoicing.xlsx", "ledger.xlsx", ".comptoir", "bank", "payments", "documents", "dashboard.pdf",
           "dashboard.png", "debtors.pdf", "ledger-2027.xlsx", "statements-2026.pdf",  # the last two: year_end.py
           "vat")


def prepare(folder: Path, force: bool, language: str | None = None) -> list[str]:
    """Refuse a folder holding books or a demo (naming what is there, in the demo's ``language``), or with ``force``
    remove the demo's own outputs; returns what was removed."""
    found = [name for name in OUTPUTS if (folder / name).exists()]
    if not found:
        return []
    if not force:
        raise ComptoirError(tr("{folder} already holds {files}: the demo would replace them", language,
                               folder=folder, files=", ".join(found)),
                            tr("choose an empty folder, or add --force to start the demo over there (its books, "
                               "mandate and files are removed first; nothing else)", language))
    for name in found:
        target = folder / name
        if target.is_dir():
            shutil.rmtree(target)
        else:
            target.unlink()
    return found
