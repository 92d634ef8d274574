"""The one reader of a date option: every command takes ISO (2026-12-31) and Swiss (31.12.2026) dates alike."""
from __future__ import annotations

import argparse
import datetime as dt

SHAPES = ("%Y-%m-%d", "%d.%m.%Y")


def date_option(text: str) -> dt.date:
    """A date typed on the command line, either way round.

    >>> date_option("31.12.2026"), date_option("2026-12-31")
    (datetime.date(2026, 12, 31), datetime.date(2026, 12, 31))
    """
    for shape in SHAPES:
        try:
            return dt.datetime.strptime(text.strip(), shape).date()
        except ValueError:
            pass
    raise argparse.ArgumentTypeError(f'"{text}" is not a date: write it as 2026-03-31 or 31.03.2026')
