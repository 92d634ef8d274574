"""Code run in child processes by the concurrency and two-machine tests (spawned, so each has its own connections)."""
from __future__ import annotations

import time

from engine import mandate as mandates
from tests.mandate.conftest import batch


def publish_many(folder: str, prefix: str, batches: int, per_batch: int, pause: float = 0.0) -> list[str]:
    """One publisher (one invoicing book) posting ``batches`` sessions as fast as it can."""
    ids = []
    with mandates.open_folder(folder) as m:
        for i in range(batches):
            ids.append(mandates.publish_batch(m, batch(f"{prefix}-{i}", count=per_batch, start=i * per_batch),
                                              publisher=f"{prefix}@test").batch_id)
            if pause:
                time.sleep(pause)
    return ids


def pull_until(folder: str, stop_file: str, results) -> None:
    """A ledger pulling in a loop until the stop file exists and nothing waits; reports what it applied."""
    import os
    with mandates.open_folder(folder) as m:
        while True:
            stopping = os.path.exists(stop_file)
            with mandates.pull(m) as pulled:
                applied = [(b.batch_id, b.action, len(b.entries)) for b in pulled]
            results.put(applied)  # only after the acknowledgement committed
            if stopping and not applied:
                return
            time.sleep(0.01)
