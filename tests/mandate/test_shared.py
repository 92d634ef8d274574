"""A shared mandate on a real PostgreSQL server: tickets, two machines, access enforced by the database, faults."""
from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

import psycopg
import pytest

from engine import mandate as mandates
from engine.mandate import MandateError, Reference, ticket as tickets
from engine.errors import InvalidFormat
from tests.mandate.conftest import batch

pytestmark = pytest.mark.postgres
ROOT = Path(__file__).resolve().parents[2]


def shared(pg, folder: Path, name: str = "Dupont SA") -> tuple[str, mandates.Mandate]:
    local = mandates.create_local(folder, name, invoicing=["ventes.xlsx"], ledger="compta.xlsx")
    ticket = mandates.publish(local, pg.dsn)
    return ticket, mandates.open_folder(folder)


def run_python(code: str, *args: str) -> str:
    done = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_two_machines_two_folders_with_a_ticket(pg, tmp_path):
    ledger_folder, invoicing_folder = tmp_path / "machine-a", tmp_path / "machine-b"
    ticket, ledger = shared(pg, ledger_folder)
    mandates.publish_reference(ledger, Reference(accounts=({"number": "3200", "name": "Ventes"},)))
    # Machine B: another process subscribes with nothing but the ticket, through the command line.
    cli = subprocess.run([sys.executable, "-m", "engine.cli", "mandate", "subscribe", "-", "--folder",
                          str(invoicing_folder), "--invoicing", "ventes.xlsx"], input=ticket + "\n", cwd=ROOT,
                         capture_output=True, text=True, timeout=60)
    assert cli.returncode == 0, cli.stderr
    assert "subscribed to mandate 'Dupont SA'" in cli.stdout
    link = (invoicing_folder / ".comptoir" / "mandate.json").read_text()
    secret = tickets.parse(ticket).secret
    assert secret not in link and json.loads(link)["invoicing"] == ["ventes.xlsx"]
    assert (invoicing_folder / ".comptoir" / "ticket").stat().st_mode & 0o077 == 0  # private to its user

    arrivals = []
    watcher = threading.Thread(target=mandates.watch, daemon=True, args=(
        ledger, lambda s: arrivals.append((time.time(), [b.batch_id for b in s.waiting])) or True, 30))
    watcher.start()
    time.sleep(0.3)  # let the watcher LISTEN before machine B publishes
    out = run_python(
        "import sys, time, json\n"
        "from engine import mandate as M\n"
        "from tests.mandate.conftest import batch\n"
        "with M.open_folder(sys.argv[1]) as m:\n"
        "    sent = time.time()\n"
        "    M.publish_batch(m, batch('sales-2025-001', count=50), publisher='marc@machine-b')\n"
        "    print(json.dumps({'sent': sent, 'accounts': M.reference(m).accounts}))\n",
        str(invoicing_folder))
    report = json.loads(out)
    watcher.join(10)
    assert report["accounts"] == [{"number": "3200", "name": "Ventes"}]  # reference data reached machine B
    assert arrivals and arrivals[0][1] == ["sales-2025-001"]
    assert arrivals[0][0] - report["sent"] < 1.0  # the notification reached the ledger within a second
    with mandates.pull(ledger) as pulled:
        assert [(b.batch_id, b.publisher, len(b.entries)) for b in pulled] == \
            [("sales-2025-001", "marc@machine-b", 50)]
    assert mandates.status(ledger).counts == {"imported": 1}
    ledger.close()


def test_a_wrong_secret_gets_a_clear_error_and_no_data(pg, tmp_path):
    ticket, m = shared(pg, tmp_path / "a")
    mandates.publish_batch(m, batch("b1"))
    forged = tickets.build(replace(tickets.parse(ticket), secret="not-the-secret-at-all"))
    with pytest.raises(MandateError, match="refused this mandate's secret") as caught:
        mandates.subscribe(forged, tmp_path / "b")
    assert "ask the mandate owner for a new ticket" in str(caught.value)
    assert not (tmp_path / "b" / ".comptoir" / "mandate.json").exists()
    m.close()


def test_a_revoked_secret_is_refused_even_for_an_open_session(pg, tmp_path):
    ticket, owner_side = shared(pg, tmp_path / "a")
    other = mandates.subscribe(ticket, tmp_path / "b")
    mandates.publish_batch(other, batch("b1"))
    fresh = mandates.revoke(pg.dsn, owner_side.mandate_id)
    with pytest.raises(MandateError, match="refused this mandate's secret"):
        mandates.waiting_batches(other)  # its session was closed; reconnecting with the old secret fails
    with pytest.raises(MandateError, match="refused"):
        mandates.open_ticket(ticket)
    with mandates.open_ticket(fresh) as again:
        assert [b.batch_id for b in mandates.waiting_batches(again)] == ["b1"]
    assert mandates.revoke(pg.dsn, owner_side.mandate_id, reissue=False) is None
    with pytest.raises(MandateError, match="refused"):
        mandates.open_ticket(fresh)
    other.close()
    owner_side.close()


def test_one_mandates_secret_opens_nothing_of_another_even_in_raw_sql(pg, tmp_path):
    ticket_x, x = shared(pg, tmp_path / "x", "X")
    ticket_y, y = shared(pg, tmp_path / "y", "Y")
    mandates.publish_batch(x, batch("bx", count=2))
    mandates.publish_batch(y, batch("by", count=5))
    tx, ty = tickets.parse(ticket_x), tickets.parse(ticket_y)
    # Bypass our client entirely: plain psycopg, logged in with X's secret.
    with psycopg.connect(host=tx.host, port=tx.port, dbname=tx.dbname, user=tx.role, password=tx.secret,
                         autocommit=True) as raw:
        assert raw.execute("SELECT count(*) FROM comptoir.entries").fetchone()[0] == 2
        assert raw.execute("SELECT count(*) FROM comptoir.batches WHERE mandate_id = %s",
                           (y.mandate_id,)).fetchone()[0] == 0
        assert raw.execute("SELECT count(*) FROM comptoir.mandates").fetchone()[0] == 1
        assert raw.execute("UPDATE comptoir.batches SET status = 'removed' WHERE mandate_id = %s",
                           (y.mandate_id,)).rowcount == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            raw.execute("INSERT INTO comptoir.reference VALUES (%s, 'accounts', '[]', now())", (y.mandate_id,))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            raw.execute("DELETE FROM comptoir.batches")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            raw.execute(f'SET ROLE "{ty.role}"')
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            raw.execute("CREATE ROLE intruder LOGIN PASSWORD 'x'")
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(host=ty.host, port=ty.port, dbname=ty.dbname, user=ty.role, password=tx.secret)
    assert [len(b.entries) for b in mandates.waiting_batches(y)] == [5]  # Y untouched
    x.close()
    y.close()


def test_a_damaged_or_hostile_ticket_is_refused_before_any_connection():
    hostile = tickets.build(tickets.Ticket(mandate_id="'; DROP TABLE comptoir.entries; --", host="127.0.0.1",
                                           secret="x" * 40))
    with pytest.raises(InvalidFormat, match="is not 32 hexadecimal digits"):
        mandates.open_ticket(hostile)
    with pytest.raises(InvalidFormat, match="not a Comptoir ticket"):
        mandates.open_ticket("https://example.org/?t=1")


def test_an_unreachable_server_is_a_clear_error(tmp_path):
    dead = tickets.build(tickets.Ticket(mandate_id="ab" * 16, host="127.0.0.1", port=1, secret="x" * 40))
    started = time.monotonic()
    with pytest.raises(MandateError, match="connection to the mandate store failed") as caught:
        mandates.open_ticket(dead)
    assert "check that the server runs" in str(caught.value)
    assert time.monotonic() - started < 10


def test_server_killed_mid_publish_leaves_all_or_nothing_and_retry_is_safe(pg, tmp_path):
    if pg.kill is None:
        pytest.skip("the server comes from COMPTOIR_TEST_PG_DSN: this test must own it to kill it")
    _, m = shared(pg, tmp_path / "a")
    mandates.publish_batch(m, batch("before", count=3))
    big = batch("big", count=20_000)
    outcome = []

    def publish():
        try:
            mandates.publish_batch(m, big)
            outcome.append("done")
        except MandateError as error:
            outcome.append(error)

    worker = threading.Thread(target=publish)
    worker.start()
    role = f"cm_{m.mandate_id}"
    with psycopg.connect(pg.dsn, autocommit=True) as watcher:  # wait until the publisher is inside its transaction
        for _ in range(2000):
            inside = watcher.execute("SELECT 1 FROM pg_stat_activity WHERE usename = %s AND xact_start IS NOT NULL "
                                     "AND query ILIKE 'INSERT INTO comptoir.entries%%'", (role,)).fetchone()
            if inside:
                break
            time.sleep(0.005)
    assert inside, "the publisher never reached its entries insert"
    pg.kill()
    worker.join(60)
    pg.boot()
    assert outcome and isinstance(outcome[0], MandateError), outcome
    assert "retry" in str(outcome[0])
    with psycopg.connect(pg.dsn) as raw:
        stored = raw.execute("SELECT batch_id, count(*) FROM comptoir.entries WHERE mandate_id = %s "
                             "GROUP BY batch_id ORDER BY 1", (m.mandate_id,)).fetchall()
    assert stored == [("before", 3)]  # the killed publish left nothing
    mandates.publish_batch(m, big)  # the retry completes
    mandates.publish_batch(m, big)  # and retrying again changes nothing
    waiting = mandates.waiting_batches(m)
    assert [(b.batch_id, len(b.entries)) for b in waiting] == [("before", 3), ("big", 20_000)]
    assert [e.seq for b in waiting for e in b.entries] == list(range(1, 20_004))
    m.close()
