"""Progress for long work: a bar on a terminal, Excel's status bar from the add-in, nothing in tests.

Engine services take a ``progress`` callable ``(done, total, label)``; the doors decide how to show it.
"""
from __future__ import annotations

import sys
import time
from typing import Callable, Protocol


class Progress(Protocol):
    def __call__(self, done: int, total: int, label: str) -> None: ...


def silent(done: int, total: int, label: str) -> None:
    """The default: show nothing."""


def terminal(stream=None, min_interval: float = 0.1) -> Callable[[int, int, str], None]:
    """A one-line bar redrawn at most every ``min_interval`` seconds, only when ``stream`` is a terminal."""
    stream = stream or sys.stderr  # looked up at call time: tests swap sys.stderr
    if not getattr(stream, "isatty", lambda: False)():
        return silent
    last = [0.0]

    def show(done: int, total: int, label: str) -> None:
        now = time.monotonic()
        if done < total and now - last[0] < min_interval:
            return
        last[0] = now
        width = 30
        filled = width * done // total if total else width
        stream.write(f"\r{label[:30]:<30} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        if done >= total:
            stream.write("\n")
        stream.flush()

    return show
