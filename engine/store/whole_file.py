"""A file handed to someone else (a payment order for the bank, a VAT return for the ESTV) is written whole or not
at all: a temporary file beside the target, fsynced, then put in place in one step."""
from __future__ import annotations

import os
from pathlib import Path

from engine.errors import ComptoirError
from engine.i18n import tr


def write_whole(path: Path, data: bytes, what: str) -> None:
    """Write ``data`` to ``path``; ``what`` names the file in the error ("the payment file")."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise ComptoirError(tr("{path}: cannot write {what} ({error})", path=path, what=what, error=error.strerror),
                            tr("check the folder")) from None
