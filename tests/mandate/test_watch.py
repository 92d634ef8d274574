"""Being told that batches wait: LISTEN/NOTIFY on PostgreSQL, polling on SQLite — within a second either way."""
from __future__ import annotations

import threading
import time

from engine import mandate as mandates
from engine.mandate import open_folder
from tests.mandate.conftest import batch


def test_watch_reacts_within_a_second(make_mandate):
    m = make_mandate()
    publisher = open_folder(m.folder)  # another connection, as another book would have
    sent = []

    def later():
        time.sleep(0.4)
        sent.append(time.monotonic())
        mandates.publish_batch(publisher, batch("late-1"), publisher="anna@pc-1")

    thread = threading.Thread(target=later)
    thread.start()
    seen = []
    reported = mandates.watch(m, lambda s: seen.append((time.monotonic(), s)) or True, timeout=10)
    thread.join()
    assert reported == 1
    arrived, found = seen[0]
    assert [(b.batch_id, b.publisher) for b in found.waiting] == [("late-1", "anna@pc-1")]
    assert arrived - sent[0] < 1.0
    publisher.close()


def test_watch_without_changes_returns_at_its_timeout(make_mandate):
    m = make_mandate()
    started = time.monotonic()
    assert mandates.watch(m, lambda s: True, timeout=0.6) == 0
    assert 0.5 < time.monotonic() - started < 2.0
