"""Writing a book so a failure loses nothing: a temporary file beside the target, fsync, verify, replace.

The replaced version is kept as a backup (a hard link, so keeping it costs no copy) in ``.comptoir/backups``
beside the book. A book Excel has open (its ``~$`` owner file exists) is never written, and two headless runs on one
book take turns through a lock file.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from filelock import FileLock, Timeout

from engine.errors import BookError, BookLocked, Source
from engine.i18n import tr
from engine.store.xlsx_zip import verify

KEEP_BACKUPS = 5


def excel_owner_files(path: Path) -> list[Path]:
    """Excel's owner file: ``~$`` + name, or ``~$`` replacing the first two letters of long names; LibreOffice's
    ``.~lock.NAME#`` (audit of issue 18: a book open in LibreOffice was rewritten under it)."""
    names = {f"~${path.name}", f"~${path.name[2:]}", f".~lock.{path.name}#"}
    return sorted(path.with_name(name) for name in names if path.with_name(name).exists())


def refuse_if_open_in_excel(path: Path) -> None:
    owners = excel_owner_files(path)
    if owners:
        suite = "LibreOffice" if owners[0].name.startswith(".~lock.") else "Excel"
        raise BookLocked(tr("{book} is open in {suite} ({owner} exists)", book=path.name, suite=suite,
                            owner=owners[0].name),
                         tr("close it in Excel, or run the command from the Comptoir ribbon inside Excel")
                         if suite == "Excel" else tr("close it in {suite}", suite=suite),
                         Source(str(path)))  # the book to close: the office's report names it (audit of #20)


@contextmanager
def exclusive(path: Path, timeout: float = 30.0) -> Iterator[None]:
    """Hold the book's lock for a whole read-change-write run; its lock file is gone once the run ends (none is
    left beside the book). The file is removed while still held, so a run waiting on it finds it gone and locks
    the one on disk instead (the inode check below): two runs never hold the book at once."""
    lock_path = path.with_name(f".{path.name}.comptoir-lock")
    deadline = time.monotonic() + timeout
    while True:
        held: dict = {}
        lock = FileLock(str(lock_path), on_acquired=lambda fd: held.update(inode=os.fstat(fd).st_ino))
        try:
            lock.acquire(timeout=max(0.0, deadline - time.monotonic()))
        except Timeout:
            raise BookLocked(tr("{book} is being changed by another Comptoir run", book=path.name),
                             tr("wait for it to finish (waited {seconds} s) and try again",
                                seconds=f"{timeout:.0f}")) from None
        except OSError as error:  # a read-only or full folder cannot hold the lock file
            raise BookError(tr("{book} cannot be locked for writing: {error}", book=path.name,
                               error=error.strerror or error),
                            tr("nothing was changed; check that the folder is writable and has space")) from None
        try:
            current = os.stat(lock_path).st_ino
        except OSError:
            current = None
        if held.get("inode") is None or current == held["inode"]:
            break
        lock.release()  # the run before removed the file this lock was taken on: take the one on disk
    try:
        yield
    finally:
        try:
            lock_path.unlink()
        except OSError:  # Windows removes it on release; a read-only folder keeps it, harmlessly
            pass
        lock.release()


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def backup(path: Path) -> Path:
    """Keep the current version of ``path`` before it is replaced; prune old ones."""
    folder = path.parent / ".comptoir" / "backups"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{path.stem}.{stamp}{path.suffix}"
    try:
        os.link(path, target)
    except OSError:
        shutil.copy2(path, target)
    olds = sorted(folder.glob(f"{path.stem}.*{path.suffix}"))
    for old in olds[:-KEEP_BACKUPS]:
        old.unlink(missing_ok=True)
    return target


class Staged:
    """A book's new version written beside it (``.name.PID.tmp``), verified, not in place yet: :meth:`commit`
    puts it in place (keeping the old one as a backup), :meth:`abort` drops it, :meth:`undo` puts the old one back
    after a commit (when a save of several books fails half-way)."""

    def __init__(self, path: Path, temporary: Path, keep_backup: bool):
        self.path, self.temporary, self.keep_backup = path, temporary, keep_backup
        self.backup: Path | None = None
        self.existed = True

    def commit(self) -> None:
        self.existed = self.path.exists()
        try:
            if self.existed:
                shutil.copymode(self.path, self.temporary)
                if self.keep_backup:
                    self.backup = backup(self.path)
            os.replace(self.temporary, self.path)
            _fsync_folder(self.path.parent)
        except OSError as error:
            raise BookError(tr("{book} could not be written: {error}", book=self.path.name,
                               error=error.strerror or error),
                            tr("nothing was changed; check the disk space and that the folder is writable")) from None
        finally:
            self.temporary.unlink(missing_ok=True)

    def abort(self) -> None:
        self.temporary.unlink(missing_ok=True)

    def undo(self) -> None:
        """The version before :meth:`commit` back in place, the same atomic way (copied from its backup)."""
        if not self.existed:
            self.path.unlink(missing_ok=True)  # there was none
            return
        if self.backup is None:
            raise OSError(f"no backup of {self.path.name} was kept")
        shutil.copy2(self.backup, self.temporary)
        os.replace(self.temporary, self.path)
        _fsync_folder(self.path.parent)


def stage(path: Path, write: Callable[[object], None], keep_backup: bool = True) -> Staged:
    """Call ``write(file)`` on a temporary file beside ``path`` and make sure it is whole (fsync, zip check)."""
    path = Path(path)
    refuse_if_open_in_excel(path)
    # Checked by mode, not os.access: root may write anything, but a book marked read-only stays as it is.
    if path.exists() and not path.stat().st_mode & 0o222:
        raise BookError(tr("{book} is read-only", book=path.name),
                        tr("nothing was changed; clear its read-only flag to save it"))
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        verify(temporary)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise BookError(tr("{book} could not be written: {error}", book=path.name, error=error.strerror or error),
                        tr("nothing was changed; check the disk space and that the folder is writable")) from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return Staged(path, temporary, keep_backup)


def replace_atomically(path: Path, write: Callable[[object], None], keep_backup: bool = True) -> None:
    """Call ``write(file)`` on a temporary file beside ``path``, then put it in place in one step."""
    stage(path, write, keep_backup).commit()
