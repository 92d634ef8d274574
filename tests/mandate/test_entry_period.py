"""Entries carry their période d'imputation through the mandate (issue 17), on SQLite and PostgreSQL: the store's
schema step 2 adds the column; a local store made before it is brought up when opened, a shared one by its owner's
`comptoir mandate upgrade` (a subscriber is told to ask for it); batches published before keep their fingerprint."""
from __future__ import annotations

import hashlib
import json
import sqlite3

import psycopg
import pytest

from engine import mandate as mandates
from engine.cli import main
from engine.errors import ComptoirError
from engine.mandate import Batch
from tests.mandate.conftest import entry


def test_the_period_travels_and_a_batch_without_one_keeps_its_old_fingerprint(make_mandate):
    m = make_mandate()
    sent = Batch(batch_id="bank-B-1", source="ventes.xlsx", kind="sales",
                 entries=(entry(1, "1200.00", period="2024"), entry(2, "12.50")))
    mandates.publish_batch(m, sent)
    [got] = mandates.waiting_batches(m)
    assert [e.period for e in got.entries] == ["2024", ""] and got.entries == sent.entries
    old = Batch(batch_id="b0", source="s", entries=(entry(3, "5.00"),))
    e = old.entries[0]
    # the fingerprint as it was computed before entries had a period: 13 fields per entry
    rows = [["s", 0, "sales"], [str(e.date), e.voucher, e.debit, e.credit, str(e.amount), e.currency, e.vat_code,
                                str(e.vat_amount), e.analytic_code, e.label, e.group, e.reference, e.source_id]]
    assert old.digest() == hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode()).hexdigest()
    assert Batch(batch_id="b0", source="s", entries=(entry(3, "5.00", period="2024-Q1"),)).digest() != old.digest()


def _as_version_1(execute) -> None:
    """The store as Comptoir left it before the column: entries without period, schema version 1."""
    execute("ALTER TABLE {entries} DROP COLUMN period")
    execute("DELETE FROM {migrations} WHERE version = 2")


def test_a_local_store_made_before_the_column_is_upgraded_when_opened(tmp_path):
    folder = tmp_path / "books"
    local = mandates.create_local(folder, "Atelier", invoicing=["ventes.xlsx"], ledger="compta.xlsx")
    mandates.publish_batch(local, Batch(batch_id="b1", source="s", entries=(entry(1),)))
    local.close()
    with sqlite3.connect(folder / ".comptoir" / "mandate.sqlite") as raw:
        _as_version_1(lambda sql: raw.execute(sql.format(entries="entries", migrations="schema_migrations")))
    again = mandates.open_folder(folder)
    try:
        mandates.publish_batch(again, Batch(batch_id="b2", source="s", entries=(entry(2, period="2024-Q2"),)))
        assert [[e.period for e in b.entries] for b in mandates.waiting_batches(again)] == [[""], ["2024-Q2"]]
    finally:
        again.close()


@pytest.mark.postgres
def test_a_shared_store_is_upgraded_by_its_owner(tmp_path, capsys, request):
    server = request.getfixturevalue("pg")
    folder = tmp_path / "books"
    local = mandates.create_local(folder, "Atelier", invoicing=["ventes.xlsx"], ledger="compta.xlsx")
    mandates.publish(local, server.dsn)
    with psycopg.connect(server.dsn, autocommit=True) as raw:
        _as_version_1(lambda sql: raw.execute(sql.format(entries="comptoir.entries",
                                                         migrations="comptoir.schema_migrations")))
    with pytest.raises(ComptoirError, match="version 1, this Comptoir needs 2") as refused:
        mandates.open_folder(folder)
    assert "comptoir mandate upgrade" in refused.value.hint
    assert main(["mandate", "upgrade", "--server", server.dsn]) == 0
    assert "schema version 2" in capsys.readouterr().out
    assert main(["mandate", "upgrade", "--server", server.dsn]) == 0  # again: nothing to do
    shared = mandates.open_folder(folder)
    try:
        mandates.publish_batch(shared, Batch(batch_id="b1", source="s", entries=(entry(1, period="2024"),)))
        assert [e.period for e in mandates.waiting_batches(shared)[0].entries] == ["2024"]
    finally:
        shared.close()
